// What a benchmark's parent and its compiled child process (bench/run.ts) share: how the child is started and what
// it answers. Kept apart from bench/compiled.ts, so that the compiled runner does not carry the compiler.
import { execFileSync } from 'node:child_process'
import type { Stats } from '../checker/index.js'

/** What bench/run.ts prints for one benchmark: the search's statistics, its verdict and the process's peak RSS. */
export type BenchmarkFigures = Omit<Stats, 'actionCounts' | 'queueBytesPerState'> & {
  readonly status: string
  /** Worker threads offered for wide levels (1: the main thread alone); `workerThreads` says how many took any. */
  readonly workers: number
  /** Absent from the JSON when states were queued as objects. */
  readonly queueBytesPerState?: number
  readonly peakRssBytes: number
  /** The child process from start to exit, measured by its parent. */
  readonly wallSeconds: number
}

/** The flag a compiled child is started with, before the benchmark's name. */
export const CHILD = '--child'

/** Runs one benchmark in a fresh process of the compiled runner; returns its figures. */
export function runBenchmark(runner: string, name: string, workers?: number): BenchmarkFigures {
  const start = process.hrtime.bigint()
  const env = workers === undefined ? process.env : { ...process.env, KAFKACHECK_WORKERS: String(workers) }
  const output = execFileSync(process.execPath, [runner, CHILD, name], { encoding: 'utf8', env })
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9
  return { ...(JSON.parse(output.trim().split('\n').at(-1)!) as Omit<BenchmarkFigures, 'wallSeconds'>), wallSeconds }
}

/** With `--help` or `-h` among the arguments, prints `usage` and ends the process (exit 0). */
export function helpOption(args: readonly string[], usage: string): void {
  if (!args.includes('--help') && !args.includes('-h')) return
  console.log(usage)
  process.exit(0)
}

/** Most times one measurement may be repeated: 50 runs of TwoPhase-8 already take a few minutes. */
const MAX_RUNS = 50

/**
 * `--runs N` among a bench command's arguments, and the arguments without it: each measurement is taken N times
 * (default 1), in rounds over everything measured, so that a slow spell of a shared machine falls on all alike.
 * Anything else after `--runs` ends the process with a line saying what is allowed (exit 2).
 */
export function runsOption(args: readonly string[]): { readonly runs: number; readonly rest: string[] } {
  const at = args.indexOf('--runs')
  if (at < 0) return { runs: 1, rest: [...args] }
  const value = args[at + 1]
  const runs = Number(value)
  if (value === undefined || !Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) {
    console.error(`--runs takes a whole number from 1 to ${MAX_RUNS}, got ${value === undefined ? 'nothing' : value}`)
    process.exit(2)
  }
  return { runs, rest: args.filter((_, i) => i !== at && i !== at + 1) }
}

/** The median and the extremes of repeated measurements, and how many there were. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: number
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length }
}

/** "2.61" for one run, "2.61 (2.55–2.90)" for several: the median, then the lowest and highest. */
export function formatSpread({ median, min, max, runs }: Spread, digits = 2): string {
  return runs === 1
    ? median.toFixed(digits)
    : `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`
}

/** The run whose search took the median time (the lower of two middle ones): the figures a row shows. */
export function medianRun(runs: readonly BenchmarkFigures[]): BenchmarkFigures {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds)
  return sorted[(sorted.length - 1) >> 1]!
}
