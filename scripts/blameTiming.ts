// What blame costs on the built-in scenarios: `kafkacheck check <name> --quiet` for each, with --no-blame and with
// blame, in turn, and the seconds each took. In-process by default (the search and the reports alone, the strict
// figure); with --binary each run is its own `node bin/kafkacheck.js` process, as a user or a CI job runs it.
// Run: npx tsx scripts/blameTiming.ts [--binary] [name...]   (default: every built-in scenario)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runKafkacheck } from '../src/cli.js'
import { builtInScenarioFiles, scenarioName } from '../src/run/scenarioSource.js'

const cwd = process.cwd()
const args = process.argv.slice(2)
const binary = args.includes('--binary')
const given = args.filter(arg => arg !== '--binary')
const names = given.length > 0 ? given : builtInScenarioFiles(cwd).map(scenarioName)
const out = mkdtempSync(join(tmpdir(), 'kafkacheck-blame-timing-'))

async function seconds(checkArgs: readonly string[]): Promise<number> {
  const argv = ['check', ...checkArgs, '--quiet', '--out', out]
  const started = performance.now()
  if (binary) {
    try {
      execFileSync(process.execPath, [join(cwd, 'bin', 'kafkacheck.js'), ...argv], { cwd, stdio: 'ignore' })
    } catch (error) {
      // Exit 1 is a violation, as many built-in scenarios expect; anything else is a failure of the run.
      if ((error as { status?: number }).status !== 1) throw error
    }
  } else {
    const { code, stderr } = await runKafkacheck(argv, cwd)
    if (code > 1) throw new Error(`kafkacheck ${argv.join(' ')}: exit ${code}: ${stderr}`)
  }
  return (performance.now() - started) / 1000
}

let without = 0
let withBlame = 0
console.log(binary ? 'one process per run' : 'in-process')
console.log('scenario'.padEnd(46), 'no blame'.padStart(9), 'blame'.padStart(9), 'ratio'.padStart(6))
for (const name of names) {
  const plain = await seconds([name, '--no-blame'])
  const blamed = await seconds([name])
  without += plain
  withBlame += blamed
  const ratio = (blamed / plain).toFixed(2)
  console.log(name.padEnd(46), plain.toFixed(2).padStart(9), blamed.toFixed(2).padStart(9), ratio.padStart(6))
}
console.log('total'.padEnd(46), without.toFixed(1).padStart(9), withBlame.toFixed(1).padStart(9))
console.log(
  `blame adds ${(((withBlame - without) / without) * 100).toFixed(0)}% to check over ${names.length} scenarios`,
)
rmSync(out, { recursive: true, force: true })
