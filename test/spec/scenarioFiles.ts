// Loads built-in scenarios for the spec tests, failing loudly on a scenario that does not resolve.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Scenario } from '../../spec/config/types.js'
import type { CheckResult } from '../../checker/index.js'
import { actionLabel, type Action, type State } from '../../spec/index.js'
import { kafkaModel } from '../../spec/kafka.js'
import { paramsOf, type Params } from '../../spec/params.js'
import { searched } from '../searches.js'
import { BUILT_IN_SCENARIOS_DIR } from '../../spec/scenarios/index.js'
import { formatIssue, loadScenarioFile } from '../../src/input/index.js'

export function builtIn(name: string): Scenario {
  const loaded = loadScenarioFile(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`))
  if (!loaded.ok) throw new Error(formatIssue(loaded.issue))
  return loaded.scenario
}

/** A built-in scenario's parameters, with `changes` applied to its scenario first. */
export function paramsFor(name: string, changes: (scenario: Scenario) => Scenario = s => s): Params {
  return paramsOf(changes(builtIn(name)))
}

export const modelFor = (name: string, changes?: (scenario: Scenario) => Scenario) =>
  kafkaModel(paramsFor(name, changes))

type Result = CheckResult<State, Action>

/**
 * A built-in scenario searched to its own depth bound, with `changes` applied to it first; searched once per test
 * run (test/searches.ts), however many tests ask.
 */
export function run(name: string, changes: (scenario: Scenario) => Scenario = s => s): Result {
  const scenario = builtIn(name)
  return searched(changes(scenario), scenario.bound.depth)
}

/** A property's verdict in a search result. */
export const verdict = (result: Result, property: string) =>
  result.properties.find(p => p.property === property)?.verdict

/** The shortest counterexample of `property` as action labels (ProducerSend(m1), ...); throws if it held. */
export function shortest(result: Result, property: string): string[] {
  const violation = result.status === 'violated' ? result.violations.find(v => v.property === property) : undefined
  if (violation === undefined || violation.kind === 'sometimes')
    throw new Error(`expected ${property} to be violated, but it was not`)
  return violation.trace.slice(1).map(step => actionLabel(step.action!))
}

/** The names of the built-in scenarios that are searched (Event Hubs refuses its own configuration), sorted. */
export const searchableBuiltIns = (): string[] =>
  readdirSync(BUILT_IN_SCENARIOS_DIR)
    .filter(file => file.endsWith('.yaml') && file !== 'event-hubs-preset.yaml')
    .map(file => file.replace(/\.yaml$/, ''))
    .sort()
