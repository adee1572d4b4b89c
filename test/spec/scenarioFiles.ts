// Loads built-in scenarios for the spec tests, failing loudly on a scenario that does not resolve.
import { join } from 'node:path'
import type { Scenario } from '../../spec/config/types.js'
import { kafkaModel } from '../../spec/kafka.js'
import { paramsOf, type Params } from '../../spec/params.js'
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
