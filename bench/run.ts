// `npm run bench`: the engine's figures on fixed models. Each model runs in a fresh child process, so one model's
// garbage does not slow the next, and that process runs this file compiled (bench/compiled.ts), as the product
// runs. Speed is measured here, never asserted in a test.
//   npm run bench              every model, one markdown row each
//   npm run bench -- 2pc-8     one model, its figures as JSON (wallSeconds: the whole child process)
import { availableParallelism } from 'node:os'
import v8 from 'node:v8'
import { check } from '../checker/index.js'
import { CHILD, runBenchmark } from './child.js'
import { benchmarks } from './models.js'

const [first, second] = process.argv.slice(2)
if (first === CHILD) {
  // As in bin/kafkacheck.js: a larger young generation, since most successors die at once (they were seen before).
  v8.setFlagsFromString('--min-semi-space-size=64')
  v8.setFlagsFromString('--max-semi-space-size=64')
  const benchmark = benchmarks[second!]!()
  // One worker thread per core, as the CLI by default; KAFKACHECK_WORKERS=1 measures one thread alone. A model
  // without a source for worker threads (the generic and plain TwoPhase) is searched on one.
  const workers = benchmark.source === undefined ? 1 : Number(process.env.KAFKACHECK_WORKERS ?? availableParallelism())
  const { stats, status } = check(benchmark.model(), {
    ...(benchmark.maxDepth === undefined ? {} : { maxDepth: benchmark.maxDepth }),
    ...(benchmark.source === undefined ? {} : { workers, modelSource: benchmark.source }),
  })
  const peakRssBytes = process.resourceUsage().maxRSS * 1024
  console.log(JSON.stringify({ status, workers, ...stats, actionCounts: undefined, peakRssBytes }))
} else {
  if (first !== undefined && !(first in benchmarks)) {
    console.error(`unknown benchmark ${first}; known: ${Object.keys(benchmarks).join(', ')}`)
    process.exit(2)
  }
  const { compiledRunner } = await import('./compiled.js')
  const runner = await compiledRunner()
  if (first !== undefined) console.log(JSON.stringify(runBenchmark(runner, first)))
  else printTable(runner)
}

/** Every benchmark, one markdown row each. */
function printTable(runner: string): void {
  const columns = [
    'model',
    'workers',
    'threads used',
    'verdict',
    'distinct states',
    'transitions',
    'depth',
    'seconds',
    'states/s',
    'bytes/state',
    'queue bytes/state',
    'peak queue',
    'peak RSS',
  ]
  console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`)
  for (const name of Object.keys(benchmarks)) {
    const figures = runBenchmark(runner, name)
    const row = [
      name,
      figures.workers,
      // The search keeps a level on the main thread where a state expands faster than a thread's round trip costs.
      figures.workerThreads === 0 ? 'main' : figures.workerThreads,
      figures.status,
      figures.distinctStates.toLocaleString('en'),
      figures.transitions.toLocaleString('en'),
      figures.depth,
      figures.seconds.toFixed(2),
      Math.round(figures.statesPerSecond).toLocaleString('en'),
      figures.bytesPerState.toFixed(1),
      figures.queueBytesPerState === undefined ? 'objects' : figures.queueBytesPerState.toFixed(0),
      figures.peakQueue.toLocaleString('en'),
      `${Math.round(figures.peakRssBytes / 2 ** 20)} MB`,
    ]
    console.log(`| ${row.join(' | ')} |`)
  }
}
