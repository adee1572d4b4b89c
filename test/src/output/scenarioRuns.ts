// Scenario runs made in-process from YAML text, for the output modules' tests.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { prepareScenario, runScenario, type ScenarioRun, type SearchLimits } from '../../../src/run/checkScenario.js'
import { loadScenario } from '../../../src/run/load.js'
import { workspace } from '../cli/kafkacheck.js'

export function runOf(name: string, yaml: string, limits: SearchLimits = {}): ScenarioRun {
  const file = join(workspace(), `${name}.yaml`)
  writeFileSync(file, yaml)
  return runScenario(prepareScenario(loadScenario(file, process.cwd())), limits)
}
