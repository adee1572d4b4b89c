// The fixed models `npm run bench` measures, by name: the engine's yardstick (TwoPhase, as TLC, SPIN and
// Stateright report it) and Kafka scenarios, including one consumer scenario at growing message counts.
import { withGenericEncoding, type ActionLike, type Model, type ModelSource } from '../checker/index.js'
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

/**
 * The Kafka benchmarks' module, loaded only by a child that runs one: a TwoPhase child, timed whole against SPIN's
 * pan, does not load the spec (about 60 ms).
 */
const kafka = () => import('./kafkaBenchmarks.js')

export const benchmarks: Record<string, () => Promise<Benchmark>> = {
  '2pc-7': async () => twoPhase(7),
  '2pc-8': async () => twoPhase(8),
  // What a new spec starts with: plain objects and no `encode`, fingerprinted by the engine's generic encoding.
  '2pc-7 generic': async () => ({ model: () => withGenericEncoding(twoPhaseCommit(7)) as Model<unknown, ActionLike> }),
  // The same, written as a newcomer transcribes the TLA+: records keyed by name, sets of strings and of records.
  '2pc-7 plain': async () => ({ model: () => twoPhasePlain(7) as Model<unknown, ActionLike> }),
  'acks-all-rf3-minisr2': async () => (await kafka()).scenario('acks-all-rf3-minisr2'),
  // The same through the generic encoding (`--encoding generic`): plain Kafka states queued in the plain encoding.
  'acks-all-rf3-minisr2 generic': async () => {
    const { model, maxDepth } = (await kafka()).scenario('acks-all-rf3-minisr2')
    return { model: () => withGenericEncoding(model()), ...(maxDepth === undefined ? {} : { maxDepth }) }
  },
  'producer-3msg-crash': async () => (await kafka()).benchScenario('producer-3msg-crash'),
  'producer-3msg-crash retries=2': async () => (await kafka()).benchScenario('producer-3msg-crash', { retries: 2 }),
  'txn-producer-crash': async () => (await kafka()).benchScenario('txn-producer-crash'),
  'eos-pipeline': async () => (await kafka()).benchScenario('eos-pipeline'),
  'commit-after-process-crash m=2': async () => (await kafka()).scenario('commit-after-process-crash', { messages: 2 }),
  'commit-after-process-crash m=3': async () => (await kafka()).scenario('commit-after-process-crash', { messages: 3 }),
  'commit-after-process-crash m=4': async () => (await kafka()).scenario('commit-after-process-crash', { messages: 4 }),
}
