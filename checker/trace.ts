// Counterexamples are not stored during the search: the store keeps only a parent slot and an action index per
// state. A trace is rebuilt by walking parents back to an initial state and replaying the actions forward,
// checking each fingerprint on the way, so every step carries the real action and state objects.

import type { Fingerprinter } from './fingerprint.js'
import type { ActionLike, Model, Step, Trace } from './model.js'
import { ACTION_UNKNOWN, NO_PARENT, type StateStore } from './store.js'

export function traceTo<S, A extends ActionLike>(
  model: Model<S, A>,
  store: StateStore,
  fingerprint: Fingerprinter<S, A>,
  slot: number,
): Trace<S, A> {
  const chain: number[] = []
  for (let at = slot; at !== NO_PARENT; at = store.parentOf(at)) chain.push(at)
  chain.reverse()

  const matches = (state: S, at: number) => {
    fingerprint.of(state)
    return store.sameFingerprint(at, fingerprint.hi, fingerprint.lo)
  }
  const first = model.init().find(state => matches(state, chain[0]!))
  if (first === undefined) throw new Error(nonDeterminism('no initial state has the stored fingerprint'))
  const steps: Step<S, A>[] = [{ action: undefined, state: first }]

  let state: S = first
  for (const at of chain.slice(1)) {
    const enabled = [...model.actions(state)]
    const index = store.actionIndexOf(at)
    const candidates = index === ACTION_UNKNOWN ? enabled : enabled.slice(index, index + 1)
    let found: Step<S, A> | undefined
    for (const action of candidates) {
      const successor = model.next(state, action)
      if (matches(successor, at)) {
        found = { action, state: successor }
        break
      }
    }
    if (found === undefined) throw new Error(nonDeterminism(`replaying step ${steps.length} reached another state`))
    steps.push(found)
    state = found.state
  }
  return steps
}

const nonDeterminism = (what: string) =>
  `trace replay failed: ${what}. The model's init, actions or next is not deterministic ` +
  '(a Map/Set iterated in varying order, Math.random, Date.now, or a mutated state?)'
