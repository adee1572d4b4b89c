// `npm run bench`: the engine's figures on fixed models. Each model runs in a fresh child process, so one
// model's garbage does not slow the next. Speed is measured here, never asserted in a test.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import { check } from '../checker/index.js'
import { benchmarks } from './models.js'

// As in bin/kafkacheck.js: a larger young generation, since most successors die at once (they were seen before).
v8.setFlagsFromString('--min-semi-space-size=64')
v8.setFlagsFromString('--max-semi-space-size=64')

const only = process.argv[2]
if (only !== undefined) {
  const benchmark = benchmarks[only]?.()
  if (benchmark === undefined)
    throw new Error(`unknown benchmark ${only}; known: ${Object.keys(benchmarks).join(', ')}`)
  // One thread, as the CLI by default; KAFKACHECK_WORKERS=2 measures worker threads (the whole process is timed).
  const workers = Number(process.env.KAFKACHECK_WORKERS ?? 1)
  const { stats, status } = check(benchmark.model(), {
    ...(benchmark.maxDepth === undefined ? {} : { maxDepth: benchmark.maxDepth }),
    ...(benchmark.source === undefined ? {} : { workers, modelSource: benchmark.source }),
  })
  const peakRssBytes = process.resourceUsage().maxRSS * 1024
  console.log(JSON.stringify({ status, ...stats, actionCounts: undefined, peakRssBytes }))
} else {
  const columns = [
    'model',
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
  const self = fileURLToPath(import.meta.url)
  for (const name of Object.keys(benchmarks)) {
    const output = execFileSync(process.execPath, [...process.execArgv, self, name], { encoding: 'utf8' })
    const stats = JSON.parse(output.trim().split('\n').at(-1)!)
    const row = [
      name,
      stats.status,
      stats.distinctStates.toLocaleString('en'),
      stats.transitions.toLocaleString('en'),
      stats.depth,
      stats.seconds.toFixed(2),
      Math.round(stats.statesPerSecond).toLocaleString('en'),
      stats.bytesPerState.toFixed(1),
      stats.queueBytesPerState === undefined ? 'objects' : stats.queueBytesPerState.toFixed(0),
      stats.peakQueue.toLocaleString('en'),
      `${Math.round(stats.peakRssBytes / 2 ** 20)} MB`,
    ]
    console.log(`| ${row.join(' | ')} |`)
  }
}
