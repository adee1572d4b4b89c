// `npm run bench:spin [-- N]`: SPIN and the engine on TwoPhase with N resource managers (default 8), side by side.
// SPIN checks the Promela model of bench/spin/twoPhasePromela.ts, compiled as a plain exhaustive safety search
// (no partial-order reduction, which a single process gains nothing from anyway); the engine runs `bench/run.ts
// 2pc-N` compiled (bench/compiled.ts) in a fresh child process, on one thread and on every core, timed whole (Node's
// start-up included). All must store the same number of states, or this fails. Without spin on PATH it prints the
// engine's rows alone.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBenchmark } from '../child.js'
import { compiledRunner } from '../compiled.js'
import { benchmarks } from '../models.js'
import { twoPhasePromela } from './twoPhasePromela.js'

interface Row {
  readonly tool: string
  readonly states: number
  /** The whole process, measured here. */
  readonly wallSeconds: number
  /** The search alone, as the tool reports it. */
  readonly searchSeconds: number
  readonly compileSeconds?: number
}

const argument = process.argv[2] ?? '8'
const resourceManagers = Number(argument)
const benchmark = `2pc-${resourceManagers}`
if (!(benchmark in benchmarks)) {
  const known = Object.keys(benchmarks).filter(name => /^2pc-\d+$/.test(name))
  console.error(
    `bench/run.ts has no ${benchmark}; N may be ${known.map(name => name.slice('2pc-'.length)).join(' or ')}`,
  )
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
    // Offered threads, the search may keep every level on the main thread: it says so.
    const threads =
      workers === 1
        ? 'one thread'
        : figures.workerThreads === 0
          ? `${workers} worker threads offered, none used`
          : `${figures.workerThreads} worker threads`
    return {
      tool: `kafkacheck, ${threads}`,
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
const rows = [...(missing.length === 0 ? [spin()] : []), ...kafkacheck(await compiledRunner())]

const columns = ['tool', 'distinct states', 'wall seconds', 'search seconds', 'compile seconds']
console.log(`\nTwoPhase, ${resourceManagers} resource managers\n`)
console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`)
for (const row of rows) {
  const cells = [
    row.tool,
    row.states.toLocaleString('en'),
    row.wallSeconds.toFixed(2),
    row.searchSeconds.toFixed(2),
    row.compileSeconds === undefined ? '–' : row.compileSeconds.toFixed(2),
  ]
  console.log(`| ${cells.join(' | ')} |`)
}
// What a user waits for, start to verdict: SPIN's compile and search against the engine's whole process as the CLI
// runs it (every core offered).
const spinRow = rows.find(row => row.compileSeconds !== undefined)
const byDefault = rows.at(-1)!
if (spinRow !== undefined)
  console.log(
    `\nStart to verdict: SPIN ${(spinRow.compileSeconds! + spinRow.wallSeconds).toFixed(2)} s (compile and search), ` +
      `kafkacheck ${byDefault.wallSeconds.toFixed(2)} s (${byDefault.tool.replace('kafkacheck, ', '')}).`,
  )

const counts = new Set(rows.map(row => row.states))
if (counts.size > 1) {
  console.error(`The state counts differ: ${rows.map(row => `${row.tool} ${row.states}`).join(', ')}`)
  process.exit(1)
}
