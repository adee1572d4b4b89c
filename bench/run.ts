// `npm run bench`: the engine's figures on fixed models. Each model runs in a fresh child process, so one model's
// garbage does not slow the next, and that process runs this file compiled (bench/compiled.ts), as the product
// runs. Speed is measured here, never asserted in a test.
//   npm run bench              every model, one markdown row each
//   npm run bench -- 2pc-8     one model, its figures as JSON (wallSeconds: the whole child process)
//   npm run bench -- --runs 5  every measurement five times, in rounds: the median run's figures, and the range
import { availableParallelism } from 'node:os'
import v8 from 'node:v8'
import { check } from '../checker/index.js'
import {
  CHILD,
  formatSpread,
  helpOption,
  medianRun,
  runBenchmark,
  runsOption,
  spreadOf,
  type BenchmarkFigures,
} from './child.js'
import { benchmarks } from './models.js'

const args = process.argv.slice(2)
if (args[0] === CHILD) {
  await child(args[1]!)
} else {
  helpOption(
    args,
    [
      'npm run bench [-- NAME] [-- --runs N]',
      '  Runs the engine on fixed models, each in a fresh process running the compiled code.',
      '  Without NAME, every model, one markdown row each; with NAME, that model, its figures as one line of JSON.',
      '  --runs N   every measurement N times (1-50), in rounds; the median run, with the lowest and highest seconds',
      '  KAFKACHECK_WORKERS=1 measures one thread alone (default: one worker thread per core offered).',
      `  NAME: ${Object.keys(benchmarks).join(', ')}`,
    ].join('\n'),
  )
  const { runs, rest } = runsOption(args)
  const [name] = rest
  if (rest.length > 1 || (name !== undefined && !(name in benchmarks))) {
    console.error(`unknown benchmark ${rest.join(' ')}; known: ${Object.keys(benchmarks).join(', ')}`)
    process.exit(2)
  }
  const { compiledRunner } = await import('./compiled.js')
  const runner = await compiledRunner()
  const names = name === undefined ? Object.keys(benchmarks) : [name]
  const measured = measure(runner, names, runs)
  if (name !== undefined) console.log(JSON.stringify(summary(measured.get(name)!)))
  else printTable(measured, runs)
}

/** The compiled child: one search, its figures as one line of JSON. */
async function child(name: string): Promise<void> {
  // As in bin/kafkacheck.js: a larger young generation, since most successors die at once (they were seen before).
  v8.setFlagsFromString('--min-semi-space-size=64')
  v8.setFlagsFromString('--max-semi-space-size=64')
  const benchmark = await benchmarks[name]!()
  // One worker thread per core, as the CLI by default; KAFKACHECK_WORKERS=1 measures one thread alone. A model
  // without a source for worker threads (the generic and plain TwoPhase) is searched on one.
  const workers = benchmark.source === undefined ? 1 : Number(process.env.KAFKACHECK_WORKERS ?? availableParallelism())
  const { stats, status } = check(benchmark.model(), {
    ...(benchmark.maxDepth === undefined ? {} : { maxDepth: benchmark.maxDepth }),
    ...(benchmark.source === undefined ? {} : { workers, modelSource: benchmark.source }),
  })
  const peakRssBytes = process.resourceUsage().maxRSS * 1024
  console.log(JSON.stringify({ status, workers, ...stats, actionCounts: undefined, peakRssBytes }))
}

/** Each benchmark `runs` times, in rounds over all of them; a count that changes between runs is a bug, and ends it. */
function measure(runner: string, names: readonly string[], runs: number): Map<string, BenchmarkFigures[]> {
  const measured = new Map(names.map(name => [name, [] as BenchmarkFigures[]]))
  for (let round = 0; round < runs; round++)
    for (const name of names) {
      const figures = runBenchmark(runner, name)
      const first = measured.get(name)![0]
      if (first !== undefined && first.distinctStates !== figures.distinctStates) {
        console.error(
          `${name}: ${first.distinctStates} distinct states in one run, ${figures.distinctStates} in another`,
        )
        process.exit(1)
      }
      measured.get(name)!.push(figures)
    }
  return measured
}

/** The median run's figures, with how many runs there were and the range of their times. */
function summary(runs: readonly BenchmarkFigures[]) {
  const seconds = spreadOf(runs.map(run => run.seconds))
  const wall = spreadOf(runs.map(run => run.wallSeconds))
  return {
    ...medianRun(runs),
    runs: runs.length,
    secondsRange: [seconds.min, seconds.max],
    wallSecondsRange: [wall.min, wall.max],
  }
}

/** Every benchmark, one markdown row each: the median run's figures, and with several runs the range of seconds. */
function printTable(measured: ReadonlyMap<string, readonly BenchmarkFigures[]>, runs: number): void {
  const columns = [
    'model',
    'workers',
    'threads used',
    'verdict',
    'distinct states',
    'transitions',
    'depth',
    runs === 1 ? 'seconds' : `seconds, median of ${runs} (range)`,
    'states/s',
    'bytes/state',
    'queue bytes/state',
    'peak queue',
    'peak RSS',
  ]
  console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`)
  for (const [name, all] of measured) {
    const figures = medianRun(all)
    const row = [
      name,
      figures.workers,
      // The search keeps a level on the main thread where a state expands faster than a thread's round trip costs.
      figures.workerThreads === 0 ? 'main' : figures.workerThreads,
      figures.status,
      figures.distinctStates.toLocaleString('en'),
      figures.transitions.toLocaleString('en'),
      figures.depth,
      formatSpread(spreadOf(all.map(run => run.seconds))),
      Math.round(figures.statesPerSecond).toLocaleString('en'),
      figures.bytesPerState.toFixed(1),
      figures.queueBytesPerState === undefined ? 'objects' : figures.queueBytesPerState.toFixed(0),
      figures.peakQueue.toLocaleString('en'),
      `${Math.round(figures.peakRssBytes / 2 ** 20)} MB`,
    ]
    console.log(`| ${row.join(' | ')} |`)
  }
}
