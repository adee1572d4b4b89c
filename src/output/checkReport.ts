// The text report of `kafkacheck check`, in the order a person reads it: which scenario, the configuration that was
// checked, one line per property with its verdict (and expectation), a summary, then each counterexample step by step.
import { formatIssue } from '../input/index.js'
import { explainUnreached } from '../report/index.js'
import type { ScenarioRun } from '../run/checkScenario.js'
import { passes } from '../run/expectations.js'
import type { LoadedScenario } from '../run/load.js'
import { formatEffectiveConfig } from './effectiveConfig.js'
import { plural } from './format.js'
import { textTable } from './table.js'
import { boundReached, expectationText, searchSummary, verdictText } from './verdicts.js'

export function scenarioHeader(loaded: LoadedScenario): string[] {
  const { raw } = loaded
  const name = loaded.status === 'valid' ? loaded.scenario.name : raw.name
  const description = loaded.status === 'valid' ? loaded.scenario.description : raw.description
  return [`Scenario ${name} (${raw.origin.file})`, ...(description === '' ? [] : [`  ${description}`]), '']
}

/** The configuration, or Kafka's refusal of it; `verbose` lists every key read from another spelling. */
export function configurationSection(loaded: LoadedScenario, verbose = false): string[] {
  if (loaded.status === 'rejected') return ['Kafka refuses this configuration:', `  ${formatIssue(loaded.issue)}`, '']
  return [...formatEffectiveConfig(loaded.scenario, loaded.warnings, verbose), '']
}

/** The most useful file to open for a counterexample: the SVG diagram, else the HTML explorer, else anything. */
export function mainDiagram(files: readonly string[] | undefined): string | undefined {
  if (files === undefined) return undefined
  return (
    ['.svg', '.html', '.dot'].map(ext => files.find(file => file.endsWith(ext))).find(f => f !== undefined) ?? files[0]
  )
}

export function propertySection(run: ScenarioRun, diagrams: ReadonlyMap<string, readonly string[]>): string[] {
  const search = run.status === 'checked' ? run.search : undefined
  const hasExpectations = run.properties.some(p => p.expected !== undefined)
  const rows = run.properties.map(p => {
    const verdict = verdictText(p, search, mainDiagram(diagrams.get(p.name)))
    return hasExpectations ? [p.name, verdict, expectationText(p)] : [p.name, verdict]
  })
  const unreached = run.properties.flatMap(p => {
    const why = p.verdict === 'unreached' && run.status === 'checked' ? explainUnreached(p.name, run.params) : undefined
    return why === undefined ? [] : [`  ${p.name} is never reached: ${why}`]
  })
  return [
    `Properties${search === undefined ? '' : ` (${searchSummary(search)})`}`,
    ...textTable(rows, '  '),
    ...(unreached.length === 0 ? [] : ['', ...unreached]),
    '',
  ]
}

const properties = (n: number) => plural(n, 'property', 'properties')

/** One line that says whether the run passed, naming what did not, and whether "holds" was only within a bound. */
export function summaryLine(run: ScenarioRun): string {
  const failing = run.properties.filter(p => !passes(p.verdict, p.expected))
  const withExpectation = run.properties.some(p => p.expected !== undefined)
  const bounded =
    run.status === 'checked' && !run.search.exhaustive ? ` (search ${boundReached(run.search)}, not exhaustive)` : ''
  if (failing.length === 0)
    return `All ${properties(run.properties.length)} ${withExpectation ? 'as the scenario expects' : 'hold'}${bounded}.`
  const names = failing.map(p => p.name).join(', ')
  const what = withExpectation ? 'not as the scenario expects' : failing.length === 1 ? 'does not hold' : 'do not hold'
  return `${properties(failing.length)} ${what}${bounded}: ${names}`
}
