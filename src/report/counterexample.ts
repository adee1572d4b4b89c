// What every report is made from: one violated property of one scenario, and the shortest run that violates it.

import type { Trace } from '../../checker/index.js'
import type { Scenario } from '../../spec/config/types.js'
import type { Action, State } from '../../spec/kafka.js'
import type { Params } from '../../spec/params.js'

export interface Counterexample {
  readonly scenario: Scenario
  readonly params: Params
  readonly property: string
  readonly kind: 'invariant' | 'step' | 'quiescence' | 'deadlock'
  readonly trace: Trace<State, Action>
}

/** One step of a counterexample for people and tools: what happened, and every variable it changed. */
export interface StepReport {
  /** 0 for the initial state, then the step number. */
  readonly index: number
  readonly text: string
  /** `shown` is the change as people read it ("[m1] → [m1, m2]"); `before` and `after` are the raw values. */
  readonly changes: readonly { path: string; before: unknown; after: unknown; shown: string }[]
}
