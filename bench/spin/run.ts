// `npm run bench:spin [-- N] [--runs R]`: SPIN and the engine on TwoPhase with N resource managers (default 8), side
// by side; with --runs, each R times in rounds (SPIN, then the engine's rows), and each cell the median and range.
// SPIN checks the Promela model of bench/spin/twoPhasePromela.ts, compiled as a plain exhaustive safety search
// (no partial-order reduction, which a single process gains nothing from anyway); the engine runs `bench/run.ts
// 2pc-N` compiled (bench/compiled.ts) in a fresh child process, on one thread and on every core, timed whole (Node's
// start-up included). All must store the same number of states, or this fails. Without spin on PATH it prints the
// engine's rows alone.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatSpread, helpOption, runBenchmark, runsOption, spreadOf } from '../child.js'
import { compiledRunner } from '../compiled.js'
import { benchmarks } from '../models.js'
import { twoPhasePromela } from './twoPhasePromela.js'

interface Row {
  readonly tool: string
  /** For the engine: worker threads offered, and how many took a level in this run (0: the main thread alone). */
  readonly threads?: { readonly offered: number; readonly used: number }
  readonly states: number
  /** The whole process, measured here. */
  readonly wallSeconds: number
  /** The search alone, as the tool reports it. */
  readonly searchSeconds: number
  readonly compileSeconds?: number
}

const known = Object.keys(benchmarks)
  .filter(name => /^2pc-\d+$/.test(name))
  .map(name => name.slice('2pc-'.length))
const args = process.argv.slice(2)
helpOption(
  args,
  [
    'npm run bench:spin [-- N] [--runs R]',
    `  SPIN and kafkacheck side by side on TwoPhase with N resource managers (${known.join(' or ')}, default 8):`,
    "  SPIN's compile and search, the engine on one thread and with every core offered, and from start to verdict.",
    '  --runs R   every measurement R times (1-50), in rounds; the median, with the lowest and highest',
    '  Without spin and gcc on PATH it runs the engine alone (apt-get install spin gcc).',
  ].join('\n'),
)
const { runs, rest } = runsOption(args)
const argument = rest[0] ?? '8'
const resourceManagers = Number(argument)
const benchmark = `2pc-${argument}`
if (rest.length > 1 || !known.includes(argument)) {
  console.error(`N must be ${known.join(' or ')}, got ${rest.join(' ')}`)
  process.exit(2)
}

/** Runs `run` and returns its result with the wall-clock seconds it took. */
function timed<T>(run: () => T): [T, number] {
  const start = process.hrtime.bigint()
  const result = run()
  return [result, Number(process.hrtime.bigint() - start) / 1e9]
}

/** Whether `command` starts at all (the flag only keeps it from doing anything else). */
function onPath(command: string, flag: string): boolean {
  return spawnSync(command, [flag], { stdio: 'ignore' }).error === undefined
}

/** The engine on one thread, and on one worker thread per core as the CLI runs by default. */
function kafkacheck(runner: string): Row[] {
  return [...new Set([1, availableParallelism()])].map(workers => {
    const figures = runBenchmark(runner, benchmark, workers)
    return {
      tool: workers === 1 ? 'kafkacheck, one thread' : `kafkacheck, ${workers} worker threads offered`,
      threads: { offered: workers, used: figures.workerThreads },
      states: figures.distinctStates,
      wallSeconds: figures.wallSeconds,
      searchSeconds: figures.seconds,
    }
  })
}

function spin(): Row {
  const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-spin-'))
  try {
    writeFileSync(join(dir, 'twoPhase.pml'), twoPhasePromela(resourceManagers))
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir, encoding: 'utf8' })
    const [, compileSeconds] = timed(() => {
      run('spin', ['-a', 'twoPhase.pml'])
      run('gcc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-o', 'pan', 'pan.c'])
    })
    const [output, wallSeconds] = timed(() => run('./pan', ['-m1000000', '-w24']))
    const figure = (pattern: RegExp) => {
      const found = pattern.exec(output)?.[1]
      if (found === undefined) throw new Error(`pan's output has no match for ${pattern}:\n${output}`)
      return Number(found)
    }
    if (figure(/errors: (\d+)/) !== 0) throw new Error(`SPIN found a violation of TCConsistent:\n${output}`)
    return {
      tool: `SPIN ${/Spin Version ([\d.]+)/.exec(output)?.[1] ?? ''}`.trim(),
      states: figure(/(\d+) states, stored/),
      wallSeconds,
      searchSeconds: figure(/pan: elapsed time ([\d.e+-]+) seconds/),
      compileSeconds,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const missing = (
  [
    ['spin', '-V'],
    ['gcc', '--version'],
  ] as const
)
  .filter(([command, flag]) => !onPath(command, flag))
  .map(([command]) => command)
if (missing.length > 0)
  console.log(`${missing.join(' and ')} not on PATH, so kafkacheck runs alone; install with: apt-get install spin gcc`)
/** Offered threads, the search may keep every level on the main thread: the label says in how many runs it did. */
function label(tool: string, all: readonly Row[]): string {
  const threads = all[0]!.threads
  if (threads === undefined || threads.offered === 1) return tool
  const used = all.filter(row => row.threads!.used > 0).length
  if (used === 0) return `${tool}, none used`
  return `${tool}, used${used === all.length ? '' : ` in ${used} of ${all.length} runs`}`
}

const runner = await compiledRunner()
/** Each tool's runs, in the order of the table; every round runs them all once. */
const runsByTool = new Map<string, Row[]>()
for (let round = 0; round < runs; round++)
  for (const row of [...(missing.length === 0 ? [spin()] : []), ...kafkacheck(runner)]) {
    if (!runsByTool.has(row.tool)) runsByTool.set(row.tool, [])
    runsByTool.get(row.tool)!.push(row)
  }
const rows = [...runsByTool.values()].flat()
const spread = (values: readonly number[]) => formatSpread(spreadOf(values))

const columns = ['tool', 'distinct states', 'wall seconds', 'search seconds', 'compile seconds']
console.log(
  `\nTwoPhase, ${resourceManagers} resource managers${runs === 1 ? '' : `, median of ${runs} runs (range)`}\n`,
)
console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`)
for (const [tool, all] of runsByTool) {
  const compile = all.flatMap(row => (row.compileSeconds === undefined ? [] : [row.compileSeconds]))
  const cells = [
    label(tool, all),
    all[0]!.states.toLocaleString('en'),
    spread(all.map(row => row.wallSeconds)),
    spread(all.map(row => row.searchSeconds)),
    compile.length === 0 ? '–' : spread(compile),
  ]
  console.log(`| ${cells.join(' | ')} |`)
}
// What a user waits for, start to verdict: SPIN's compile and search against the engine's whole process as the CLI
// runs it (every core offered).
const spinRuns = [...runsByTool.values()].find(all => all[0]!.compileSeconds !== undefined)
const [byDefaultTool, byDefault] = [...runsByTool].at(-1)!
const byDefaultLabel = label(byDefaultTool, byDefault).replace('kafkacheck, ', '')
if (spinRuns !== undefined)
  console.log(
    `\nStart to verdict: SPIN ${spread(spinRuns.map(row => row.compileSeconds! + row.wallSeconds))} s (compile and ` +
      `search), kafkacheck ${spread(byDefault.map(row => row.wallSeconds))} s (${byDefaultLabel}).`,
  )

const counts = new Set(rows.map(row => row.states))
if (counts.size > 1) {
  console.error(`The state counts differ: ${rows.map(row => `${row.tool} ${row.states}`).join(', ')}`)
  process.exit(1)
}
