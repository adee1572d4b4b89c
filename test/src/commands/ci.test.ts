import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CiDocument } from '../../../src/output/json.js'
import { ciDocumentProblems } from '../../../src/output/jsonShape.js'
import { kafkacheck, SCENARIOS, withExpect, workspace } from '../cli/kafkacheck.js'

const AS_EXPECTED = {
  'scenarios/durable.yaml': withExpect(SCENARIOS.durable, { NoLossOfAcked: 'holds', NoDuplicateInLog: 'holds' }),
  'scenarios/duplicate.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'violated', NoLossOfAcked: 'holds' }),
  'scenarios/refused.yaml': withExpect(SCENARIOS.refused, { NoLossOfAcked: 'rejected' }),
  'scenarios/no-expectations.yaml': SCENARIOS.duplicate,
}

/** Cut at depth 1, nothing gets acknowledged: a `sometimes` property stays unreached, against `holds`. */
const UNREACHED = withExpect(SCENARIOS.durable.replace('bound: { messages: 1 }', 'bound: { messages: 1, depth: 1 }'), {
  NoLossOfAcked: 'holds',
  RecordAcknowledged: 'holds',
})

describe('kafkacheck ci', () => {
  it('exits 0 when every expected verdict is met, and skips scenarios without expectations', async () => {
    const dir = workspace(AS_EXPECTED)
    const { code, stdout } = await kafkacheck(['ci', 'scenarios'], dir)
    expect(stdout).toMatch(/^scenario +property +expected +got\n/)
    expect(stdout).toMatch(
      /duplicate +NoLossOfAcked +holds +holds +✓\n +NoDuplicateInLog +violated +violated +✓\ndurable /,
    )
    expect(stdout).toMatch(/refused +NoLossOfAcked +rejected +rejected +✓/)
    expect(stdout).toContain('Skipped (no expect block): no-expectations')
    expect(stdout).toContain('3 scenarios, 5 expected verdicts: all as expected.')
    expect(code).toBe(0)
  })

  it('exits 1 on a difference, says "unreached", and writes JUnit XML with the difference as a failure', async () => {
    const dir = workspace({ ...AS_EXPECTED, 'scenarios/unreached.yaml': UNREACHED })
    const { code, stdout } = await kafkacheck(['ci', 'scenarios', '--junit', 'junit.xml'], dir)
    expect(stdout).toMatch(
      /unreached +NoLossOfAcked +holds +holds +✓\n +RecordAcknowledged +holds +violated \(unreached\) +✗ differs\n/,
    )
    expect(stdout).toContain('1 difference:\n  unreached: RecordAcknowledged expected holds, got violated (unreached)')
    expect(code).toBe(1)

    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8')
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kafkacheck ci" tests="7" failures="1"/,
    )
    expect(xml.match(/<testsuite /g)).toHaveLength(4)
    expect(xml.match(/<testcase /g)).toHaveLength(7)
    expect(xml).toMatch(
      /<testsuite name="unreached" tests="2" failures="1" errors="0" time="[\d.]+" file="scenarios\/unreached.yaml">/,
    )
    expect(xml).toContain(
      '<testcase classname="unreached" name="RecordAcknowledged" time="0">\n' +
        '      <failure message="expected holds, got violated (unreached)" type="verdict">',
    )
    expect(xml).toContain('<testcase classname="duplicate" name="NoDuplicateInLog" time="0"/>')
  })

  it('says in the JUnit failure which line the violation needs, then explains the counterexample', async () => {
    const dir = workspace({ 'scenarios/wrong.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'holds' }) })
    const { code, stdout } = await kafkacheck(['ci', 'scenarios', '--junit', 'junit.xml'], dir)
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8')
    // The scenario's producer line 5 is `producer: { acks: all, enable.idempotence: false }`.
    const message =
      'expected holds, got violated; needs enable.idempotence=false (scenarios/wrong.yaml:5; with ' +
      'enable.idempotence=true it holds); one lost response is enough'
    expect(xml).toContain(`<failure message="${message}" type="verdict">${message}\nNoDuplicateInLog is violated: `)
    expect(stdout).toContain(`1 difference:\n  wrong: NoDuplicateInLog ${message}\n`)
    expect(code).toBe(1)
  })

  it('blames only a verdict that differs, in the JSON too, and not at all with --no-blame', async () => {
    const dir = workspace({
      'scenarios/wrong.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'holds' }),
      'scenarios/expected.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'violated' }),
    })
    const blamed = JSON.parse((await kafkacheck(['ci', 'scenarios', '--json'], dir)).stdout) as CiDocument
    expect(ciDocumentProblems(blamed)).toEqual([])
    const duplicate = (scenario: number) =>
      blamed.scenarios[scenario]!.properties.find(p => p.name === 'NoDuplicateInLog')!
    expect(duplicate(0).blame).toBeUndefined() // expected: violated, and it is
    expect(duplicate(1).blame?.summary).toMatch(/^needs enable\.idempotence=false \(scenarios\/wrong\.yaml:5; /)
    expect(
      duplicate(1)
        .blame?.settings.filter(s => s.needed)
        .map(s => [s.setting, s.source, s.safe]),
    ).toEqual([['enable.idempotence', 'scenarios/wrong.yaml:5', 'true']])
    expect(duplicate(1).blame?.faults).toEqual({
      budgets: { 'lost-response': 1 },
      openBelow: null,
      text: 'one lost response is enough',
    })

    const { code, stdout } = await kafkacheck(['ci', 'scenarios', '--junit', 'junit.xml', '--no-blame'], dir)
    expect(stdout).toContain('  wrong: NoDuplicateInLog expected holds, got violated\n')
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain(
      '<failure message="expected holds, got violated" type="verdict">',
    )
    expect(code).toBe(1)
  })

  it('prints one JSON document with every scenario in the documented shape', async () => {
    const dir = workspace({ ...AS_EXPECTED, 'scenarios/unreached.yaml': UNREACHED })
    const { code, stdout } = await kafkacheck(['ci', 'scenarios', '--json'], dir)
    const document: unknown = JSON.parse(stdout)
    expect(ciDocumentProblems(document)).toEqual([])
    const ci = document as CiDocument
    expect(ci).toMatchObject({ command: 'ci', folder: 'scenarios', ok: false, differences: 1 })
    expect(ci.skipped).toEqual([{ scenario: 'no-expectations', source: join('scenarios', 'no-expectations.yaml') }])
    expect(ci.scenarios.map(s => [s.scenario, s.status, s.ok])).toEqual([
      ['duplicate', 'checked', true],
      ['durable', 'checked', true],
      ['refused', 'rejected', true],
      ['unreached', 'checked', false],
    ])
    const unreached = ci.scenarios[3]!.properties.find(p => p.name === 'RecordAcknowledged')
    expect(unreached).toMatchObject({ kind: 'sometimes', verdict: 'unreached', expected: 'holds', matches: false })
    expect(code).toBe(1)
  })
})
