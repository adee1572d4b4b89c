// Every step of a counterexample, described and diffed once: the text trace, the JSON output and the explorer all
// read the same list.

import { StateSchema } from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { describeStart, describeStep } from './describe.js'
import { diffStates, type Change } from './diff.js'
import { formatValue, variablePath } from './variables.js'

/** One step of a counterexample for people and tools: what happened, and every variable it changed. */
export interface StepReport {
  /** 0 for the initial state, then the step number. */
  readonly index: number
  readonly text: string
  /** `shown` is the change as people read it ("[m1] → [m1, m2]"); `before` and `after` are the raw values. */
  readonly changes: readonly { path: string; before: unknown; after: unknown; shown: string }[]
}

/** Each step's sentence and raw changes; the initial state (index 0) has no changes. */
export function stepsOf(
  c: Counterexample,
): { readonly index: number; readonly text: string; readonly changes: readonly Change[] }[] {
  return c.trace.map((step, index) => {
    const previous = c.trace[index - 1]
    if (previous === undefined || step.action === undefined)
      return { index, text: describeStart(c.params, step.state), changes: [] }
    return {
      index,
      text: describeStep(c.params, previous.state, step.action, step.state).text,
      changes: diffStates(previous.state, step.state, StateSchema),
    }
  })
}

/** Every step with its changes under readable paths, raw and as shown to people, for JSON and simulation output. */
export function describeSteps(c: Counterexample): readonly StepReport[] {
  return stepsOf(c).map(({ index, text, changes }) => ({
    index,
    text,
    changes: changes.map(change => ({
      path: variablePath(c.params, change.path),
      before: change.before,
      after: change.after,
      shown: `${formatValue(change.path, change.before)} → ${formatValue(change.path, change.after)}`,
    })),
  }))
}
