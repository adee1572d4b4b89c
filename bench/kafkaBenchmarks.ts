// The Kafka scenarios `npm run bench` measures (bench/models.ts names them): a built-in scenario or one of
// bench/scenarios/, with its bounds changed where a benchmark says so.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionLike, Model } from '../checker/index.js'
import { kafkaModel, kafkaModelSource } from '../spec/kafka.js'
import type { Scenario } from '../spec/config/types.js'
import { paramsOf } from '../spec/params.js'
import { BUILT_IN_SCENARIOS_DIR } from '../spec/scenarios/index.js'
import { formatIssue, loadScenarioFile } from '../src/input/index.js'
import type { Benchmark } from './models.js'

/** bench/scenarios/ in the sources, also when this module runs compiled (bench/compiled.ts). */
const BENCH_SCENARIOS_DIR = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './scenarios/' : '../../../bench/scenarios/', import.meta.url),
)

/** A built-in scenario, with `changes` to its bounds. */
export function scenario(
  name: string,
  changes: Partial<Scenario['bound']> = {},
  dir = BUILT_IN_SCENARIOS_DIR,
): Benchmark {
  const loaded = loadScenarioFile(join(dir, `${name}.yaml`))
  if (!loaded.ok) throw new Error(formatIssue(loaded.issue))
  const s = loaded.scenario
  const bound = { ...s.bound, ...changes }
  const params = paramsOf({ ...s, bound })
  return {
    model: () => kafkaModel(params) as Model<unknown, ActionLike>,
    maxDepth: bound.depth,
    source: kafkaModelSource(params),
  }
}

/** A scenario of bench/scenarios/ (too large for the test suite's built-in ones), with `changes` to its bounds. */
export const benchScenario = (name: string, changes: Partial<Scenario['bound']> = {}): Benchmark =>
  scenario(name, changes, BENCH_SCENARIOS_DIR)
