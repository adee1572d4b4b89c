// How long the kafkacheck binary takes to start: each command line below is run RUNS times (default 5) as a user
// runs it, `node bin/kafkacheck.js ...`, and the best and the median wall time printed. The best is the figure to
// compare on a shared machine; the median shows how noisy it was. `KAFKACHECK_RUN=src` or `=dist` picks the path.
//   node scripts/startup.mjs [runs]
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const BINARY = fileURLToPath(new URL('../bin/kafkacheck.js', import.meta.url))
const COMMANDS = [['--version'], ['list'], ['check', 'acks1-leader-crash', '--quiet']]
const runs = Number(process.argv[2] ?? 5)

console.log(`KAFKACHECK_RUN=${process.env.KAFKACHECK_RUN ?? '(unset)'}, load average ${loadavg()[0]?.toFixed(2)}`)
for (const args of COMMANDS) {
  const times = /** @type {number[]} */ ([])
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    const { status } = spawnSync(process.execPath, [BINARY, ...args], { stdio: 'ignore' })
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
    if (status !== 0 && status !== 1) throw new Error(`kafkacheck ${args.join(' ')} exited ${status}`)
  }
  times.sort((a, b) => a - b)
  const ms = (/** @type {number | undefined} */ t) => `${Math.round(t ?? NaN)} ms`
  console.log(`${`kafkacheck ${args.join(' ')}`.padEnd(45)} best ${ms(times[0])}, median ${ms(times[runs >> 1])}`)
}
