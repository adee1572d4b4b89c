// What every report is made from: one violated property of one scenario, and the shortest run that violates it.

import type { Trace } from '../../checker/index.js'
import type { Action, Params, Scenario, State } from '../../spec/index.js'

export interface Counterexample {
  readonly scenario: Scenario
  readonly params: Params
  readonly property: string
  readonly kind: 'invariant' | 'step' | 'quiescence' | 'deadlock'
  readonly trace: Trace<State, Action>
}
