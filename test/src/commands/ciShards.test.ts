import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_SCENARIOS_DIR } from '../../../spec/index.js'
import type { CiDocument } from '../../../src/output/json.js'
import { ciDocumentProblems } from '../../../src/output/jsonShape.js'
import { kafkacheck, SCENARIOS, withExpect, workspace } from '../cli/kafkacheck.js'

/** Quick built-in scenarios: violations with counterexamples, properties that hold, and a refused configuration. */
const BUILT_IN = ['acks0-fire-and-forget', 'acks1-leader-crash', 'event-hubs-preset', 'retries-without-idempotence']

/** The built-in ones, one whose expectation is wrong (a difference to carry through), one without an expect block. */
function folder(): string {
  const dir = workspace({
    'scenarios/wrong.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'holds' }),
    'scenarios/no-expectations.yaml': SCENARIOS.durable,
  })
  for (const name of BUILT_IN)
    copyFileSync(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`), join(dir, 'scenarios', `${name}.yaml`))
  return dir
}

/** What differs between two runs of the same checks: how long they took. */
const withoutTimings = (document: CiDocument) =>
  JSON.parse(JSON.stringify(document, (key, value: unknown) => (key === 'seconds' ? 0 : value))) as CiDocument
const junitWithoutTimings = (xml: string) => xml.replace(/ time="[\d.]+"/g, ' time="T"')

/** `ci` on each of `count` shards, each saving its --json report and its --junit file. */
async function shards(dir: string, count: number) {
  const runs = []
  for (let k = 1; k <= count; k++) {
    const run = await kafkacheck(['ci', 'scenarios', '--shard', `${k}/${count}`, '--json', '--junit', `s${k}.xml`], dir)
    writeFileSync(join(dir, `s${k}.json`), run.stdout)
    runs.push({ ...run, document: JSON.parse(run.stdout) as CiDocument })
  }
  return runs
}

const reports = (count: number, extension: string) => Array.from({ length: count }, (_, i) => `s${i + 1}.${extension}`)

describe('kafkacheck ci on several runners', () => {
  it('merges the shards into what one unsharded run reports: table, JSON, JUnit and exit code', async () => {
    const dir = folder()
    const table = await kafkacheck(['ci', 'scenarios', '--junit', 'whole.xml'], dir)
    const json = await kafkacheck(['ci', 'scenarios', '--json'], dir)
    expect(table.code).toBe(1)
    expect(table.stdout).toContain('wrong: NoDuplicateInLog expected holds, got violated')
    const whole = JSON.parse(json.stdout) as CiDocument
    expect(whole.shard).toBeUndefined()

    const sharded = await shards(dir, 3)
    expect(sharded.map(shard => shard.document.shard)).toEqual([1, 2, 3].map(index => ({ index, count: 3 })))
    for (const shard of sharded) expect(ciDocumentProblems(shard.document)).toEqual([])

    const mergedTable = await kafkacheck(['ci', '--merge', ...reports(3, 'json'), '--junit', 'merged.xml'], dir)
    expect(mergedTable).toEqual({ code: 1, stdout: table.stdout, stderr: '' })
    const wholeJunit = junitWithoutTimings(readFileSync(join(dir, 'whole.xml'), 'utf8'))
    expect(junitWithoutTimings(readFileSync(join(dir, 'merged.xml'), 'utf8'))).toBe(wholeJunit)

    // The shards in another order on the command line make the same report.
    const mergedJson = await kafkacheck(['ci', '--merge', 's3.json', 's1.json', 's2.json', '--json'], dir)
    expect(mergedJson.code).toBe(1)
    const merged = JSON.parse(mergedJson.stdout) as CiDocument
    expect(ciDocumentProblems(merged)).toEqual([])
    expect(withoutTimings(merged)).toEqual(withoutTimings(whole))

    const mergedJunit = await kafkacheck(['ci', '--merge', ...reports(3, 'xml'), '--junit', 'from-junit.xml'], dir)
    expect(mergedJunit.code).toBe(1)
    expect(junitWithoutTimings(readFileSync(join(dir, 'from-junit.xml'), 'utf8'))).toBe(wholeJunit)
    // JUnit does not say a passing testcase's verdict, so the table is not there; the summary is, but for the
    // skipped scenarios, which JUnit does not list.
    const lines = table.stdout.split('\n')
    const summary = lines.slice(lines.findIndex(line => /^\d+ scenarios, /.test(line))).join('\n')
    expect(summary).toMatch(/^5 scenarios, 26 expected verdicts: 1 difference:\n {2}wrong: /)
    expect(mergedJunit.stdout).toBe(summary)
  })

  it('deals the scenarios with an expect block out round-robin in file-name order, each to one shard, and a shard may have none', async () => {
    const dir = folder()
    const sharded = await shards(dir, 6)
    expect(sharded.map(shard => shard.document.scenarios.map(s => s.scenario))).toEqual([
      ['acks0-fire-and-forget'],
      ['acks1-leader-crash'],
      ['event-hubs-preset'],
      ['retries-without-idempotence'],
      ['wrong'],
      [],
    ])
    expect(sharded.map(shard => shard.code)).toEqual([0, 0, 0, 0, 1, 0])
    const two = await shards(dir, 2)
    expect(two.map(shard => shard.document.scenarios.map(s => s.scenario))).toEqual([
      ['acks0-fire-and-forget', 'event-hubs-preset', 'wrong'],
      ['acks1-leader-crash', 'retries-without-idempotence'],
    ])
    // Every shard lists the files it skipped: they are the folder's, not the shard's.
    for (const shard of sharded) expect(shard.document.skipped.map(s => s.scenario)).toEqual(['no-expectations'])
    const text = await kafkacheck(['ci', 'scenarios', '--shard', '6/6', '--junit', 'empty.xml'], dir)
    expect(text.stdout).toContain('Shard 6 of 6.\nSkipped (no expect block): no-expectations\n0 scenarios')
    const xml = readFileSync(join(dir, 'empty.xml'), 'utf8')
    expect(xml).toContain('<testsuites name="kafkacheck ci (shard 6 of 6)" tests="0" failures="0" errors="0"')
    expect(text.code).toBe(0)
  })

  it('refuses a merge with a shard missing unless --allow-partial, which says what is missing', async () => {
    const dir = folder()
    await shards(dir, 3)
    const refused = await kafkacheck(['ci', '--merge', 's1.json', 's3.json'], dir)
    expect(refused).toMatchObject({ code: 2, stdout: '' })
    expect(refused.stderr).toContain('missing shard 2 of 3')

    const partial = await kafkacheck(['ci', '--merge', 's1.json', 's3.json', '--allow-partial'], dir)
    expect(partial.stdout).toContain('Missing shards (--allow-partial): 2; their scenarios are not in this report.')
    expect(partial.code).toBe(0) // the scenario that differs is in shard 2
    const json = await kafkacheck(['ci', '--merge', 's1.json', 's3.json', '--allow-partial', '--json'], dir)
    const merged = JSON.parse(json.stdout) as CiDocument
    expect(merged.missingShards).toEqual([2])
    expect(merged.scenarios.map(s => s.scenario)).toEqual([
      'acks0-fire-and-forget',
      'event-hubs-preset',
      'retries-without-idempotence',
    ])
    // A partial merge is not a shard's report: merging it again would hide what is missing.
    writeFileSync(join(dir, 'partial.json'), json.stdout)
    const again = await kafkacheck(['ci', '--merge', 'partial.json'], dir)
    expect(again.stderr).toBe("kafkacheck: partial.json: a partial merge; merge the shards' own reports\n")
  })

  it('describes sharding and merging under --help, with examples', async () => {
    const { stdout, code } = await kafkacheck(['ci', '--help'])
    expect(stdout).toContain('--shard K/N')
    expect(stdout).toContain('--merge')
    expect(stdout).toContain('--allow-partial')
    expect(stdout).toContain('round-robin')
    expect(stdout).toContain('kafkacheck ci scenarios/ --shard 2/3 --json > shard-2.json')
    expect(stdout).toContain('kafkacheck ci --merge shard-1.json shard-2.json shard-3.json')
    expect(code).toBe(0)
  })
})
