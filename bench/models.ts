// The fixed models `npm run bench` measures, by name: the engine's yardstick (TwoPhase, as TLC, SPIN and
// Stateright report it) and Kafka scenarios, including one consumer scenario at growing message counts.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { withGenericEncoding, type ActionLike, type Model, type ModelSource } from '../checker/index.js'
import { kafkaModel, kafkaModelSource } from '../spec/kafka.js'
import type { Scenario } from '../spec/config/types.js'
import { paramsOf } from '../spec/params.js'
import { BUILT_IN_SCENARIOS_DIR } from '../spec/scenarios/index.js'
import { formatIssue, loadScenarioFile } from '../src/input/index.js'
import { twoPhaseCommit } from './twoPhaseCommit.js'
import { twoPhasePlain } from './twoPhasePlain.js'

export interface Benchmark {
  readonly model: () => Model<unknown, ActionLike>
  readonly maxDepth?: number
  /** Where worker threads build the model; without it the model is searched on one thread. */
  readonly source?: ModelSource
}

/** Whether this module runs compiled, from node_modules/.cache/kafkacheck-bench/ (bench/compiled.ts). */
const COMPILED = !import.meta.url.endsWith('.ts')

const twoPhase = (resourceManagers: number): Benchmark => ({
  model: () => twoPhaseCommit(resourceManagers) as Model<unknown, ActionLike>,
  source: {
    // Compiled, the model is a module of its own beside the runner.
    module: new URL(COMPILED ? './twoPhaseCommit.mjs' : './twoPhaseCommit.ts', import.meta.url).href,
    export: 'twoPhaseCommit',
    args: [resourceManagers],
  },
})

/** bench/scenarios/ in the sources, also when this module runs compiled. */
const BENCH_SCENARIOS_DIR = fileURLToPath(
  new URL(COMPILED ? '../../../bench/scenarios/' : './scenarios/', import.meta.url),
)

function scenario(name: string, changes: Partial<Scenario['bound']> = {}, dir = BUILT_IN_SCENARIOS_DIR): Benchmark {
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

export const benchmarks: Record<string, () => Benchmark> = {
  '2pc-7': () => twoPhase(7),
  '2pc-8': () => twoPhase(8),
  // What a new spec starts with: plain objects and no `encode`, fingerprinted by the engine's generic encoding.
  '2pc-7 generic': () => ({ model: () => withGenericEncoding(twoPhaseCommit(7)) as Model<unknown, ActionLike> }),
  // The same, written as a newcomer transcribes the TLA+: records keyed by name, sets of strings and of records.
  '2pc-7 plain': () => ({ model: () => twoPhasePlain(7) as Model<unknown, ActionLike> }),
  'acks-all-rf3-minisr2': () => scenario('acks-all-rf3-minisr2'),
  // The same through the generic encoding (`--encoding generic`): plain Kafka states queued in the plain encoding.
  'acks-all-rf3-minisr2 generic': () => {
    const { model, maxDepth } = scenario('acks-all-rf3-minisr2')
    return { model: () => withGenericEncoding(model()), ...(maxDepth === undefined ? {} : { maxDepth }) }
  },
  'producer-3msg-crash': () => scenario('producer-3msg-crash', {}, BENCH_SCENARIOS_DIR),
  'producer-3msg-crash retries=2': () => scenario('producer-3msg-crash', { retries: 2 }, BENCH_SCENARIOS_DIR),
  'txn-producer-crash': () => scenario('txn-producer-crash', {}, BENCH_SCENARIOS_DIR),
  'eos-pipeline': () => scenario('eos-pipeline', {}, BENCH_SCENARIOS_DIR),
  'commit-after-process-crash m=2': () => scenario('commit-after-process-crash', { messages: 2 }),
  'commit-after-process-crash m=3': () => scenario('commit-after-process-crash', { messages: 3 }),
  'commit-after-process-crash m=4': () => scenario('commit-after-process-crash', { messages: 4 }),
}
