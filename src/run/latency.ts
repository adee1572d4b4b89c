// The latency side of `kafkacheck matrix`: network hops from send() to the producer's first acknowledgement, found by
// the checker's cost search over the scenario's model with the spec's weights (spec/latency.ts): the fewest on a run
// without faults, and the fewest the scenario's faults can hold the producer to when they strike where they hurt most.
import { costToGoal, type CostBounds } from '../../checker/index.js'
import { produceLatency } from '../../spec/index.js'
import type { PreparedScenario } from './checkScenario.js'

/**
 * States the latency search may build. The runs it needs end at the first acknowledgement, so its graphs are small
 * (under 50,000 states for every built-in scenario); a larger one is cut and reported as a lower bound.
 */
export const LATENCY_MAX_STATES = 100_000

export type Latency =
  | {
      readonly status: 'measured'
      /** Hops on the shortest run without faults (Infinity: no such run acknowledges anything). */
      readonly shortest: CostBounds
      /** Hops the scenario's faults can force before an acknowledgement (Infinity: they can prevent every one). */
      readonly worst: CostBounds
      /** One shortest run without faults, as its actions. */
      readonly shortestRun: readonly string[]
      readonly states: number
      /** What cut the search, in words; the bounds are then not exact. */
      readonly cutBy: string | undefined
    }
  | { readonly status: 'not-measured'; readonly reason: string }

/** Hops to the first acknowledgement in one configuration; `maxStates` caps the search below LATENCY_MAX_STATES. */
export function measureLatency(prepared: PreparedScenario, maxStates = LATENCY_MAX_STATES): Latency {
  if (prepared.status === 'rejected') return { status: 'not-measured', reason: 'Kafka refuses the configuration' }
  const { model, params } = prepared
  const measure = produceLatency(params)
  if (measure === undefined)
    return { status: 'not-measured', reason: 'the pipeline starts with its input already written and acknowledged' }
  const budget = Math.min(maxStates, LATENCY_MAX_STATES)
  const result = costToGoal(model, { ...measure, maxStates: budget })
  const describe = model.describe ?? ((action: { type: string }) => action.type)
  return {
    status: 'measured',
    shortest: result.unhindered,
    worst: result.forced,
    shortestRun: (result.cheapestRun ?? []).slice(1).map(step => describe(step.action!)),
    states: result.states,
    cutBy:
      result.stoppedBy === 'maxStates'
        ? `a budget of ${budget.toLocaleString('en')} states`
        : result.stoppedBy === 'constraint'
          ? (model.constraintName ?? "the model's bound")
          : undefined,
  }
}
