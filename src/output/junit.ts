// `kafkacheck ci --junit FILE`: JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters). One
// testsuite per scenario, one testcase per expected property; a verdict that differs is a failure whose message
// gives expected and got and, for a violation, the configuration lines it needs (blame), and whose body explains the
// counterexample. It is made from the scenarios' JSON documents,
// so that `ci --merge` writes from the shards' saved `--json` reports what one unsharded run would.
import type { PropertyDocument, ScenarioDocument } from './json.js'
import { differenceMessage } from './verdicts.js'

/** XML 1.0 text: the five escapes, and no control characters XML cannot hold. */
export const xml = (text: string) =>
  text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')

const seconds = (scenario: ScenarioDocument) => (scenario.stats?.seconds ?? 0).toFixed(3)

interface Testcase {
  readonly xml: string
  readonly failed: boolean
}

/** Why a verdict differs: the counterexample explained, Kafka's refusal, or the verdict itself. */
function failureBody(scenario: ScenarioDocument, property: PropertyDocument): string {
  if (property.explanation !== undefined) return property.explanation
  if (scenario.rejection !== null) return scenario.rejection.message
  if (property.verdict === 'unreached') return `no explored state satisfies ${property.name}`
  return `${property.name} ${property.verdict}`
}

function testcases(scenario: ScenarioDocument): Testcase[] {
  const suite = scenario.scenario
  return scenario.properties.flatMap((property): Testcase[] => {
    if (property.expected === undefined) return []
    const open = `    <testcase classname="${xml(suite)}" name="${xml(property.name)}" time="0"`
    if (property.matches === true) return [{ xml: `${open}/>`, failed: false }]
    const message = differenceMessage(property)
    const body = failureBody(scenario, property)
    const failure = `      <failure message="${xml(message)}" type="verdict">${xml(`${message}\n${body}`)}</failure>`
    return [{ xml: [`${open}>`, failure, '    </testcase>'].join('\n'), failed: true }]
  })
}

/** One `<testsuite>` element, indented as in the whole report. */
export function junitSuite(scenario: ScenarioDocument): { readonly xml: string; tests: number; failures: number } {
  const cases = testcases(scenario)
  const failures = cases.filter(c => c.failed).length
  const attributes =
    `name="${xml(scenario.scenario)}" tests="${cases.length}" failures="${failures}" errors="0" ` +
    `time="${seconds(scenario)}" file="${xml(scenario.source)}"`
  return {
    xml: [`  <testsuite ${attributes}>`, ...cases.map(c => c.xml), '  </testsuite>'].join('\n'),
    tests: cases.length,
    failures,
  }
}

/** The `name` of `<testsuites>`: a shard says which it is, so that `ci --merge` can tell whether all are there. */
export const junitReportName = (shard?: { readonly index: number; readonly count: number }): string =>
  shard === undefined ? 'kafkacheck ci' : `kafkacheck ci (shard ${shard.index} of ${shard.count})`

/** The whole report from its suites; `time` is the sum of theirs as printed. */
export function junitReport(
  name: string,
  suites: readonly { readonly xml: string; readonly tests: number; readonly failures: number; readonly time: string }[],
): string {
  const tests = suites.reduce((n, suite) => n + suite.tests, 0)
  const failures = suites.reduce((n, suite) => n + suite.failures, 0)
  const time = suites.reduce((n, suite) => n + Number(suite.time), 0)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(name)}" tests="${tests}" failures="${failures}" errors="0" time="${time.toFixed(3)}">`,
    ...suites.map(suite => suite.xml),
    '</testsuites>',
    '',
  ].join('\n')
}

export const junitXml = (
  scenarios: readonly ScenarioDocument[],
  shard?: { readonly index: number; readonly count: number },
): string =>
  junitReport(
    junitReportName(shard),
    scenarios.map(scenario => ({ ...junitSuite(scenario), time: seconds(scenario) })),
  )
