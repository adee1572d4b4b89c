// `kafkacheck ci --junit FILE`: JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters). One
// testsuite per scenario, one testcase per expected property; a verdict that differs is a failure whose message
// gives expected and got, and whose body explains the counterexample.
import { explainViolation } from '../report/index.js'
import type { ScenarioRun } from '../run/checkScenario.js'
import { meetsExpectation } from '../run/expectations.js'
import { nameOf } from '../run/load.js'
import { formatIssue } from '../input/index.js'
import { gotText } from './verdicts.js'

/** XML 1.0 text: the five escapes, and no control characters XML cannot hold. */
const xml = (text: string) =>
  text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')

const seconds = (run: ScenarioRun) => (run.status === 'checked' ? run.search.stats.seconds : 0).toFixed(3)

interface Testcase {
  readonly xml: string
  readonly failed: boolean
}

function testcases(run: ScenarioRun): Testcase[] {
  const suite = nameOf(run.loaded)
  return run.properties.flatMap((outcome): Testcase[] => {
    if (outcome.expected === undefined) return []
    const open = `    <testcase classname="${xml(suite)}" name="${xml(outcome.name)}" time="0"`
    if (meetsExpectation(outcome.verdict, outcome.expected)) return [{ xml: `${open}/>`, failed: false }]
    const message = `expected ${outcome.expected}, got ${gotText(outcome)}`
    const body =
      outcome.counterexample !== undefined
        ? explainViolation(outcome.counterexample)
        : run.status === 'rejected'
          ? formatIssue(run.loaded.issue)
          : outcome.verdict === 'unreached'
            ? `no explored state satisfies ${outcome.name}`
            : `${outcome.name} ${outcome.verdict}`
    const failure = `      <failure message="${xml(message)}" type="verdict">${xml(`${message}\n${body}`)}</failure>`
    return [{ xml: [`${open}>`, failure, '    </testcase>'].join('\n'), failed: true }]
  })
}

export function junitXml(runs: readonly ScenarioRun[]): string {
  let tests = 0
  let failures = 0
  let time = 0
  const suites = runs.map(run => {
    const cases = testcases(run)
    const failed = cases.filter(c => c.failed).length
    tests += cases.length
    failures += failed
    time += Number(seconds(run))
    const attributes =
      `name="${xml(nameOf(run.loaded))}" tests="${cases.length}" failures="${failed}" errors="0" ` +
      `time="${seconds(run)}" file="${xml(run.loaded.raw.origin.file)}"`
    return [`  <testsuite ${attributes}>`, ...cases.map(c => c.xml), '  </testsuite>'].join('\n')
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kafkacheck ci" tests="${tests}" failures="${failures}" errors="0" time="${time.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
