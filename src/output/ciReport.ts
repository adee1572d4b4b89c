// The text report of `kafkacheck ci`: one row per scenario and property with the expected and the actual verdict,
// differences marked, then one summary line. It is made from the scenarios' JSON documents, not from the runs, so that
// `ci --merge` prints from the shards' saved `--json` reports exactly what one unsharded run prints.
import type { ScenarioDocument } from './json.js'
import { plural } from './format.js'
import { textTable } from './table.js'
import { differenceMessage, gotText } from './verdicts.js'

/** Expected properties whose verdict differs, as "scenario: property expected x, got y". */
export function differences(scenarios: readonly ScenarioDocument[]): string[] {
  return scenarios.flatMap(scenario =>
    scenario.properties.flatMap(p =>
      p.expected === undefined || p.matches === true ? [] : [`${scenario.scenario}: ${p.name} ${differenceMessage(p)}`],
    ),
  )
}

/** The expected properties only: they are the regression tests; the JSON document has every verdict. */
export function ciTable(scenarios: readonly ScenarioDocument[]): string[] {
  const rows = [['scenario', 'property', 'expected', 'got', '']]
  for (const scenario of scenarios)
    scenario.properties.forEach(p => {
      if (p.expected === undefined) return
      const first = rows.every(row => row[0] !== scenario.scenario)
      const mark = p.matches === true ? '✓' : '✗ differs'
      rows.push([first ? scenario.scenario : '', p.name, p.expected, gotText(p), mark])
    })
  return textTable(rows)
}

/** What the summary counts; `ci --merge` of JUnit reports has these without the scenarios' documents. */
export interface CiCounts {
  readonly scenarios: number
  readonly expectations: number
  readonly differences: readonly string[]
}

export const ciCounts = (scenarios: readonly ScenarioDocument[]): CiCounts => ({
  scenarios: scenarios.length,
  expectations: scenarios.reduce((n, s) => n + s.properties.filter(p => p.expected !== undefined).length, 0),
  differences: differences(scenarios),
})

export function ciSummary(counts: CiCounts, skipped: readonly string[]): string[] {
  const checked = `${plural(counts.scenarios, 'scenario')}, ${plural(counts.expectations, 'expected verdict')}`
  const differing = counts.differences
  return [
    ...(skipped.length === 0 ? [] : [`Skipped (no expect block): ${skipped.join(', ')}`]),
    differing.length === 0 ? `${checked}: all as expected.` : `${checked}: ${plural(differing.length, 'difference')}:`,
    ...differing.map(line => `  ${line}`),
  ]
}
