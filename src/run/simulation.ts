// `kafkacheck simulate`: one seeded random run of a scenario, and the properties it broke along the way. The walk
// and the property checks use the same seed, so they see the same run; the same seed always gives the same run.
import { randomWalk, simulate, type PropertyKind, type Trace } from '../../checker/index.js'
import type { Action, State } from '../../spec/index.js'
import type { PreparedScenario } from './checkScenario.js'

export interface ViolatedProperty {
  readonly property: string
  readonly kind: Exclude<PropertyKind, 'sometimes'>
  /** The step at which it first failed. */
  readonly step: number
}

export interface SimulationRun {
  readonly seed: number
  readonly maxSteps: number
  readonly trace: Trace<State, Action>
  /** True when the run ended because no action was enabled, rather than at `maxSteps`. */
  readonly quiescent: boolean
  readonly violated: readonly ViolatedProperty[]
  /** `sometimes` properties that held in no state of the run. */
  readonly unreached: readonly string[]
}

export function simulateScenario(
  { model }: Extract<PreparedScenario, { status: 'valid' }>,
  seed: number,
  maxSteps: number,
): SimulationRun {
  const trace = randomWalk(model, seed, maxSteps)
  const result = simulate(model, { seed, steps: maxSteps, runs: 1 })
  const violated: ViolatedProperty[] = []
  const unreached: string[] = []
  for (const violation of result.status === 'violated' ? result.violations : [])
    if (violation.kind === 'sometimes') unreached.push(violation.property)
    else violated.push({ property: violation.property, kind: violation.kind, step: violation.trace.length - 1 })
  const last = trace[trace.length - 1]
  const quiescent = last !== undefined && [...model.actions(last.state)].length === 0
  return { seed, maxSteps, trace, quiescent, violated, unreached }
}
