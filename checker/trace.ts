// Counterexamples are not stored during the search: the store's trace log keeps only each state's fingerprint and
// its parent's number. A trace is rebuilt by walking parents back to an initial state and replaying the actions
// forward, matching each logged fingerprint on the way, so every step carries the real action and state objects.
// Where the search expanded states read back from their words (the model's own decode, or the engine's plain
// encoding), the replay expands the same copies: the actions it tries are the ones the search tried.

import type { Fingerprinter } from './fingerprint.js'
import type { ActionLike, Model, Step, Trace } from './model.js'
import { NO_PARENT, type StateStore } from './store.js'

/**
 * The path to state `id`. Its last state is the one a property was checked on: `reached`, the state as `next` (or
 * `init`) returned it, which invariants are checked on; `expanded`, the copy the search expanded, which a step
 * invariant's action was taken from and quiescence was judged on.
 */
export function traceTo<S, A extends ActionLike>(
  model: Model<S, A>,
  store: StateStore,
  fingerprint: Fingerprinter<S, A>,
  id: number,
  end: 'reached' | 'expanded',
): Trace<S, A> {
  const chain: number[] = []
  for (let at = id; at !== NO_PARENT; at = store.parentOf(at)) chain.push(at)
  chain.reverse()

  const matches = (state: S, at: number) => {
    fingerprint.of(state)
    return store.sameFingerprint(at, fingerprint.hi, fingerprint.lo)
  }
  const decode = model.decode ?? fingerprint.decode
  /** The state as the search expanded it, read back from the words `matches` just wrote. */
  const expanded = (state: S): S => (decode === undefined ? state : decode(fingerprint.words, { at: 0 }))
  const last = chain.length - 1
  const initial = model.init().find(state => matches(state, chain[0]!))
  if (initial === undefined) throw new Error(nonDeterminism('no initial state has the stored fingerprint'))
  let state = expanded(initial)
  const steps: Step<S, A>[] = [{ action: undefined, state: last === 0 && end === 'reached' ? initial : state }]

  for (let i = 1; i <= last; i++) {
    let found: Step<S, A> | undefined
    // The first action reaching the stored state is the one the search took: it records the first to reach it.
    for (const action of model.actions(state)) {
      const successor = model.next(state, action)
      if (matches(successor, chain[i]!)) {
        state = expanded(successor)
        found = { action, state: i === last && end === 'reached' ? successor : state }
        break
      }
    }
    if (found === undefined) throw new Error(nonDeterminism(`replaying step ${steps.length} reached another state`))
    steps.push(found)
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

/**
 * The trace a `pathOf` path stands for, taken as `traceTo` takes it: through the copies the search expanded (its
 * action indices count the actions enabled there), ending on the state as `end` says.
 */
export function replayPath<S, A extends ActionLike>(
  model: Model<S, A>,
  fingerprint: Fingerprinter<S, A>,
  path: readonly number[],
  end: 'reached' | 'expanded',
): Trace<S, A> {
  const decode = model.decode ?? fingerprint.decode
  const expanded = (state: S): S => {
    if (decode === undefined) return state
    fingerprint.of(state)
    return decode(fingerprint.words, { at: 0 })
  }
  const last = path.length - 1
  const initial = model.init()[path[0]!]
  if (initial === undefined) throw new Error(nonDeterminism('a saved trace starts at no initial state'))
  let state = expanded(initial)
  const steps: Step<S, A>[] = [{ action: undefined, state: last === 0 && end === 'reached' ? initial : state }]
  for (let i = 1; i <= last; i++) {
    const action = [...model.actions(state)][path[i]!]
    if (action === undefined) throw new Error(nonDeterminism('a saved trace takes an action that is not enabled'))
    const successor = model.next(state, action)
    state = expanded(successor)
    steps.push({ action, state: i === last && end === 'reached' ? successor : state })
  }
  return steps
}
