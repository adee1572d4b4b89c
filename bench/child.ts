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
