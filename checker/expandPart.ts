// What a worker thread does with its part of a level: expand each state in order exactly as the sequential search
// would, and write down, in that order, what the main thread needs to merge the parts as if one thread had done
// them all (check.ts, expandInParallel). The worker never inserts into the visited-state store: it only looks up
// states already published there, drops repeats within its own part, and leaves the rest as candidates. So every
// decision that depends on the order of discovery — which copy of a state is new, which counterexample is the
// shortest and first — is taken by the main thread, in sequential order, and the distinct states and traces do not
// depend on the number of workers.
import { ActionCounter } from './actionCounter.js'
import { Fingerprinter } from './fingerprint.js'
import type { ActionLike, Model } from './model.js'
import type { OpenProperties } from './properties.js'
import { ENTRY_HEADER } from './frontier.js'
import { FingerprintSet, findPublished, RecentFingerprints } from './store.js'

/** Event tags. Each event starts with its tag and the index of the expanded state within the part. */
export const CANDIDATE = 1 // [tag, entry, hi, lo, count, ...words, failures, ...ids, reached, ...ids]
export const STEP = 2 // [tag, entry, action, failures, ...ids]
export const QUIESCENT = 3 // [tag, entry, failures, ...ids, deadlock 0|1]

export interface PartTask {
  /** Packed entries [id, count, ...words] of the part's states, in level order. */
  readonly words: Int32Array
  /** The visited-state store's fingerprints (a view of its SharedArrayBuffer). */
  readonly table: Uint32Array
  readonly open: OpenProperties
  /** The level is at the depth limit: its states are checked but not expanded. */
  readonly atMaxDepth: boolean
}

export interface PartResult {
  readonly events: Int32Array
  readonly transitions: number
  readonly actionCounts: Readonly<Record<string, number>>
  readonly cutByDepth: boolean
  readonly cutByConstraint: boolean
}

const NONE: readonly never[] = []

/** A growable list of 32-bit words, from 16 KB: a part of a few states writes a few dozen. */
class Words {
  array = new Int32Array(1 << 12)
  length = 0
  push(word: number): void {
    if (this.length === this.array.length) this.grow(1)
    this.array[this.length++] = word
  }
  pushAll(words: Int32Array, count: number): void {
    if (this.length + count > this.array.length) this.grow(count)
    this.array.set(words.subarray(0, count), this.length)
    this.length += count
  }
  private grow(needed: number): void {
    const array = new Int32Array(Math.max(this.array.length * 2, this.length + needed))
    array.set(this.array)
    this.array = array
  }
}

/** A model with what expanding its parts reuses: one Fingerprinter for all of them (its encoder warms up once). */
export interface Expander<S, A extends ActionLike> {
  readonly model: Model<S, A>
  readonly fingerprint: Fingerprinter<S, A>
}

export const expanderOf = <S, A extends ActionLike>(model: Model<S, A>): Expander<S, A> => ({
  model,
  fingerprint: new Fingerprinter(model),
})

export function expandPart<S, A extends ActionLike>(
  { model, fingerprint }: Expander<S, A>,
  task: PartTask,
  /** Bumped once per state expanded: the main thread's sign that this thread is alive. */
  heartbeat?: Int32Array,
): PartResult {
  const decode = model.decode!
  const seenHere = new FingerprintSet()
  // Remembers what is published or seen here; most repeats end in it, before the shared table's cache misses.
  const recent = new RecentFingerprints(task.words.length)
  const events = new Words()
  const counts = new ActionCounter()
  const { words, table, open } = task
  // Each worker reports a property's first failure only: the main thread keeps the first of all parts.
  let invariants = open.invariants.map(name => [name, model.invariants[name]!] as const)
  let steps = open.steps.map(name => [name, model.stepInvariants![name]!] as const)
  let quiescence = open.quiescence.map(name => [name, model.atQuiescence![name]!] as const)
  let sometimes = open.sometimes.map(name => [name, model.sometimes![name]!] as const)
  const ids = <T>(all: readonly string[], failing: readonly (readonly [string, T])[]) =>
    failing.map(([name]) => all.indexOf(name))
  let deadlock = open.deadlock
  let transitions = 0
  let cutByDepth = false
  let cutByConstraint = false
  const cursor = { at: 0 }

  for (let entry = 0; cursor.at < words.length; entry++) {
    const from = cursor.at
    const count = words[from + 1]!
    cursor.at += ENTRY_HEADER // the entry's number and word count; its words follow
    const state = decode(words, cursor)
    if (cursor.at !== from + ENTRY_HEADER + count)
      throw new Error(`decode read ${cursor.at - from - ENTRY_HEADER} words of a ${count}-word state`)
    if (heartbeat !== undefined) Atomics.add(heartbeat, 0, 1)
    if (model.constraint && !model.constraint(state)) {
      cutByConstraint = true
      continue
    }
    let enabled = 0
    let cut = false
    for (const action of model.actions(state)) {
      if (task.atMaxDepth) {
        cut = cutByDepth = true
        break
      }
      // Its position among the enabled actions: how the main thread finds it again for a step counterexample.
      const index = enabled++
      const successor = model.next(state, action)
      transitions++
      counts.count(action.type)
      if (steps.length > 0 && !steps.every(([, holds]) => holds(state, action, successor))) {
        const failing = steps.filter(([, holds]) => !holds(state, action, successor))
        events.push(STEP)
        events.push(entry)
        events.push(index)
        events.push(failing.length)
        for (const id of ids(open.steps, failing)) events.push(id)
        steps = steps.filter(step => !failing.includes(step))
      }
      if (successor === state) continue
      fingerprint.of(successor)
      const { hi, lo } = fingerprint
      if (recent.has(hi, lo)) continue
      recent.add(hi, lo)
      if (findPublished(table, hi, lo)) continue
      if (seenHere.full) seenHere.grow()
      if (seenHere.insert(hi, lo) < 0) continue
      events.push(CANDIDATE)
      events.push(entry)
      events.push(hi | 0)
      events.push(lo | 0)
      events.push(fingerprint.wordCount)
      events.pushAll(fingerprint.words, fingerprint.wordCount)
      // Predicates are evaluated once each; the lists are rebuilt only on the rare failure or first reach.
      const failing: readonly (typeof invariants)[number][] = invariants.every(([, holds]) => holds(successor))
        ? NONE
        : invariants.filter(([, holds]) => !holds(successor))
      events.push(failing.length)
      if (failing !== NONE) {
        for (const id of ids(open.invariants, failing)) events.push(id)
        invariants = invariants.filter(invariant => !failing.includes(invariant))
      }
      const reached: readonly (typeof sometimes)[number][] = sometimes.some(([, holds]) => holds(successor))
        ? sometimes.filter(([, holds]) => holds(successor))
        : NONE
      events.push(reached.length)
      if (reached !== NONE) {
        for (const id of ids(open.sometimes, reached)) events.push(id)
        sometimes = sometimes.filter(property => !reached.includes(property))
      }
    }
    if (enabled === 0 && !cut) {
      const failing = quiescence.filter(([, holds]) => !holds(state))
      if (failing.length > 0 || deadlock) {
        events.push(QUIESCENT)
        events.push(entry)
        events.push(failing.length)
        for (const id of ids(open.quiescence, failing)) events.push(id)
        events.push(deadlock ? 1 : 0)
        quiescence = quiescence.filter(property => !failing.includes(property))
        deadlock = false
      }
    }
  }
  return {
    events: events.array.slice(0, events.length),
    transitions,
    actionCounts: counts.toRecord(),
    cutByDepth,
    cutByConstraint,
  }
}
