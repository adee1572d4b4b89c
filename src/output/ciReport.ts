// The text report of `kafkacheck ci`: one row per scenario and property with the expected and the actual verdict,
// differences marked, then one summary line.
import type { ScenarioRun } from '../run/checkScenario.js'
import { meetsExpectation } from '../run/expectations.js'
import { nameOf } from '../run/load.js'
import { plural } from './format.js'
import { textTable } from './table.js'
import { gotText } from './verdicts.js'

/** Expected properties whose verdict differs, as "scenario: property expected x, got y". */
export function differences(runs: readonly ScenarioRun[]): string[] {
  return runs.flatMap(run =>
    run.properties.flatMap(p =>
      p.expected === undefined || meetsExpectation(p.verdict, p.expected)
        ? []
        : [`${nameOf(run.loaded)}: ${p.name} expected ${p.expected}, got ${gotText(p)}`],
    ),
  )
}

/** The expected properties only: they are the regression tests; the JSON document has every verdict. */
export function ciTable(runs: readonly ScenarioRun[]): string[] {
  const rows = [['scenario', 'property', 'expected', 'got', '']]
  for (const run of runs)
    run.properties.forEach(p => {
      if (p.expected === undefined) return
      const first = rows.every(row => row[0] !== nameOf(run.loaded))
      const mark = meetsExpectation(p.verdict, p.expected) ? '✓' : '✗ differs'
      rows.push([first ? nameOf(run.loaded) : '', p.name, p.expected, gotText(p), mark])
    })
  return textTable(rows)
}

export function ciSummary(runs: readonly ScenarioRun[], skipped: readonly string[]): string[] {
  const expectations = runs.reduce((n, run) => n + run.properties.filter(p => p.expected !== undefined).length, 0)
  const differing = differences(runs)
  const checked = `${plural(runs.length, 'scenario')}, ${plural(expectations, 'expected verdict')}`
  return [
    ...(skipped.length === 0 ? [] : [`Skipped (no expect block): ${skipped.join(', ')}`]),
    differing.length === 0 ? `${checked}: all as expected.` : `${checked}: ${plural(differing.length, 'difference')}:`,
    ...differing.map(line => `  ${line}`),
  ]
}
