// Every step of a counterexample, described and diffed once: the text trace, the JSON output, the sequence diagram,
// the explorer and the state graph all read the same list, computed once per counterexample.

import { StateSchema } from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { diffStates, type Change } from './diff.js'
import type { StepFacts } from './facts.js'
import { serdeOf } from './factsErrors.js'
import { startFacts, stepFacts } from './stepFacts.js'
import { formatValue, variablePath } from './variables.js'
import { wordsOf } from './words.js'

/** One step of a counterexample: what happened as facts and in words, and every variable it changed. */
export interface Step {
  /** 0 for the initial state, then the step number. */
  readonly index: number
  /** The step's facts; the initial state's are where the trace starts. */
  readonly facts: StepFacts
  readonly text: string
  /** The raw changes; the initial state has none. */
  readonly changes: readonly Change[]
}

/** One step for people and tools: what happened, and every variable it changed. */
export interface StepReport {
  readonly index: number
  readonly text: string
  /** `shown` is the change as people read it ("[m1] → [m1, m2]"); `before` and `after` are the raw values. */
  readonly changes: readonly { path: string; before: unknown; after: unknown; shown: string }[]
}

// Every report of a counterexample reads its steps; they are worked out the first time one asks.
const described = new WeakMap<Counterexample, readonly Step[]>()

/** Each step's facts, sentence and raw changes, computed once per counterexample. */
export function stepsOf(c: Counterexample): readonly Step[] {
  const known = described.get(c)
  if (known !== undefined) return known
  const serde = serdeOf(c.scenario, c.params)
  const steps = c.trace.map(({ action, state }, index): Step => {
    const previous = c.trace[index - 1]
    const facts =
      previous === undefined || action === undefined
        ? [startFacts(c.params, state)]
        : stepFacts(c.params, previous.state, action, state, serde)
    const changes = previous === undefined ? [] : diffStates(previous.state, state, StateSchema)
    return { index, facts, text: wordsOf(facts), changes }
  })
  described.set(c, steps)
  return steps
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
      shown: `${formatValue(c.params, change.path, change.before)} → ${formatValue(c.params, change.path, change.after)}`,
    })),
  }))
}
