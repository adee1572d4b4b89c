import { describe, expect, it } from 'vitest'
import { ciScenarioDocument } from '../../../src/output/json.js'
import { junitXml } from '../../../src/output/junit.js'
import { SCENARIOS, withExpect } from '../cli/kafkacheck.js'
import { runOf } from './scenarioRuns.js'

describe('JUnit XML', () => {
  it('has one testsuite per scenario and one testcase per expected property', () => {
    const matching = runOf(
      'matching',
      withExpect(SCENARIOS.durable, { NoLossOfAcked: 'holds', NoDuplicateInLog: 'holds' }),
    )
    const refused = runOf('refused', withExpect(SCENARIOS.refused, { NoLossOfAcked: 'holds' }))
    const xml = junitXml([matching, refused].map(run => ciScenarioDocument(run)))
    expect(xml).toMatch(/<testsuites name="kafkacheck ci" tests="3" failures="1" errors="0" time="[\d.]+">/)
    expect(xml).toMatch(
      /<testsuite name="matching" tests="2" failures="0" errors="0" time="[\d.]+" file="[^"]+matching\.yaml">/,
    )
    expect(xml).toContain('<testcase classname="refused" name="NoLossOfAcked" time="0">')
    expect(xml).toContain(
      '<failure message="expected holds, got rejected" type="verdict">expected holds, got rejected\n',
    )
    expect(xml).toContain('is rejected by the Kafka')
    expect(xml.endsWith('</testsuites>\n')).toBe(true)
  })

  it('escapes what XML cannot hold as text', () => {
    const xml = junitXml([
      ciScenarioDocument(runOf('a&b<"c">', withExpect(SCENARIOS.durable, { NoDuplicateInLog: 'violated' }))),
    ])
    expect(xml).toContain('<testsuite name="a&amp;b&lt;&quot;c&quot;&gt;"')
  })
})
