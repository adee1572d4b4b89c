// Counterexamples are not stored during the search: the store's trace log keeps only each state's fingerprint and
// its parent's number. A trace is rebuilt by walking parents back to an initial state and replaying the actions
// forward, matching each logged fingerprint on the way, so every step carries the model's own action and state
// objects. Where the search expanded states read back from their words (the model's own decode, or the engine's plain
// encoding), the replay expands the same copies: the actions it tries are the ones the search tried.

import type { Fingerprinter } from './fingerprint.js'
import type { ActionLike, Model, Step, Trace } from './model.js'
import { NO_PARENT, type StateStore } from './store.js'

/** Which state a trace ends on: `reached`, as `next` (or `init`) returned it; `expanded`, the copy the search expanded. */
export type TraceEnd = 'reached' | 'expanded'

/**
 * The end of a violation's trace: the state its property was checked on. Invariants are checked on a state as
 * reached, as is a step invariant's last state; quiescence and deadlock on the state as expanded (no action enabled).
 */
export const traceEndOf = (kind: 'invariant' | 'step' | 'quiescence' | 'deadlock'): TraceEnd =>
  kind === 'invariant' || kind === 'step' ? 'reached' : 'expanded'

/**
 * The path to state `id`, ending as `end` says (traceEndOf); a step invariant's trace is the path to the state its
 * action was taken from (`expanded`) and that step.
 */
export function traceTo<S, A extends ActionLike>(
  model: Model<S, A>,
  store: StateStore,
  fingerprint: Fingerprinter<S, A>,
  id: number,
  end: TraceEnd,
): Trace<S, A> {
  const chain: number[] = []
  for (let at = id; at !== NO_PARENT; at = store.parentOf(at)) chain.push(at)
  chain.reverse()

  const matches = (state: S, at: number) => {
    fingerprint.of(state)
    return store.sameFingerprint(at, fingerprint.hi, fingerprint.lo)
  }
  const initial = model.init().find(state => matches(state, chain[0]!))
  if (initial === undefined) throw new Error(nonDeterminism('no initial state has the stored fingerprint'))
  return walk(fingerprint, initial, chain.length - 1, end, (state, step) => {
    // The first action reaching the stored state is the one the search took: it records the first to reach it.
    for (const action of model.actions(state)) {
      const successor = model.next(state, action)
      if (matches(successor, chain[step]!)) return { action, successor }
    }
    throw new Error(nonDeterminism(`replaying step ${step} reached another state`))
  })
}

/**
 * Walks `length` steps from `initial`, each taken by `take` from the state as the search expanded it (read back from
 * its words where the search queued words: Fingerprinter.decode), so that the actions tried are the ones the search
 * tried; shows every state as expanded, the last as `end` says.
 */
function walk<S, A extends ActionLike>(
  fingerprint: Fingerprinter<S, A>,
  initial: S,
  length: number,
  end: TraceEnd,
  take: (state: S, step: number) => { action: A; successor: S },
): Trace<S, A> {
  const { decode } = fingerprint
  const expanded = (state: S): S => {
    if (decode === undefined) return state
    fingerprint.of(state)
    return decode(fingerprint.words, { at: 0 })
  }
  const shown = (reached: S, copy: S, step: number) => (step === length && end === 'reached' ? reached : copy)
  let state = expanded(initial)
  const steps: Step<S, A>[] = [{ action: undefined, state: shown(initial, state, 0) }]
  for (let step = 1; step <= length; step++) {
    const { action, successor } = take(state, step)
    state = expanded(successor)
    steps.push({ action, state: shown(successor, state, step) })
  }
  return steps
}

const nonDeterminism = (what: string) =>
  `trace replay failed: ${what}. The model's init, actions or next is not deterministic ` +
  '(a Map/Set iterated in varying order, Math.random, Date.now, or a mutated state?)'

/** A trace as numbers: its initial state's index in `init()`, then each action's index among those enabled. */
export function pathOf<S, A extends ActionLike>(
  model: Model<S, A>,
  fingerprint: Fingerprinter<S, A>,
  trace: Trace<S, A>,
): number[] {
  const same = (a: S, b: S) => {
    fingerprint.of(a)
    const { hi, lo } = fingerprint
    fingerprint.of(b)
    return hi === fingerprint.hi && lo === fingerprint.lo
  }
  const path = [model.init().findIndex(state => same(state, trace[0]!.state))]
  for (let i = 1; i < trace.length; i++) {
    const before = trace[i - 1]!.state
    const { action: taken, state: after } = trace[i]!
    const enabled = [...model.actions(before)]
    // The action itself, not just any reaching the same state: a step invariant's counterexample ends with the one
    // action that breaks it. Actions are data, so equal text is the same action.
    const text = JSON.stringify(taken)
    path.push(enabled.findIndex(action => JSON.stringify(action) === text && same(model.next(before, action), after)))
  }
  if (path.includes(-1)) throw new Error(nonDeterminism('a trace step is not one the model takes'))
  return path
}

/** The trace a `pathOf` path stands for, walked as `traceTo` walks it (its action indices count the copies' actions). */
export function replayPath<S, A extends ActionLike>(
  model: Model<S, A>,
  fingerprint: Fingerprinter<S, A>,
  path: readonly number[],
  end: TraceEnd,
): Trace<S, A> {
  const initial = model.init()[path[0]!]
  if (initial === undefined) throw new Error(nonDeterminism('a saved trace starts at no initial state'))
  return walk(fingerprint, initial, path.length - 1, end, (state, step) => {
    const action = [...model.actions(state)][path[step]!]
    if (action === undefined) throw new Error(nonDeterminism('a saved trace takes an action that is not enabled'))
    return { action, successor: model.next(state, action) }
  })
}
