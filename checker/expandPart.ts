// What a worker thread does with its part of a level. A round of a level takes two passes (check.ts,
// expandInParallel). First each part is expanded exactly as the sequential search would, in order, and what the main
// thread needs is written down in that order: each successor that is not a repeat within the part becomes a
// candidate, with its fingerprint. Then each thread takes the table regions it owns (store.ts, `insertOwned`) and
// inserts the candidates that fall in them, part after part, in level order: the first copy of a state in the order
// the sequential search would have found it is the one stored. So every decision that depends on the order of
// discovery — which copy of a state is new, which counterexample is the shortest and first — comes out as in the
// sequential search, and the distinct states and traces do not depend on the number of workers.
import { ActionCounter } from './actionCounter.js'
import { Fingerprinter } from './fingerprint.js'
import type { ActionLike, Model } from './model.js'
import type { OpenProperties } from './properties.js'
import { ENTRY_HEADER } from './frontier.js'
import { findIn, insertOwned, layoutOf, RecentFingerprints, type FingerprintTable } from './store.js'

/** Event tags. Each event starts with its tag and the index of the expanded state within the part. */
export const CANDIDATE = 1 // [tag, entry, count, ...words, failures, ...ids, reached, ...ids]
export const STEP = 2 // [tag, entry, action, failures, ...ids]
export const QUIESCENT = 3 // [tag, entry, failures, ...ids, deadlock 0|1]

export interface PartTask {
  /** Packed entries [id, count, ...words] of the part's states, in level order. */
  readonly words: Int32Array
  /** The visited states' fingerprints, which no thread changes while parts are expanded. */
  readonly table: FingerprintTable
  /** Which search the part is of: a pool serves many. */
  readonly search: number
  /** Grows with the part's place in its search's level order (round, then part). */
  readonly position: number
  readonly open: OpenProperties
  /** The level is at the depth limit: its states are checked but not expanded. */
  readonly atMaxDepth: boolean
}

export interface PartResult {
  /** In SharedArrayBuffers, which every thread inserting candidates reads. */
  readonly events: Int32Array
  /** Candidate c's fingerprint is at [2c] (high half) and [2c + 1]. */
  readonly fingerprints: Uint32Array
  /** Candidate c's verdict (store.ts: UNDECIDED, NEW, SEEN), written by the thread that inserts it. */
  readonly verdicts: Uint8Array
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
    // A loop, not set(subarray): a state is a few dozen words, and the subarray cost more than the copy.
    const { array } = this
    for (let i = 0; i < count; i++) array[this.length + i] = words[i]!
    this.length += count
  }
  private grow(needed: number): void {
    const array = new Int32Array(Math.max(this.array.length * 2, this.length + needed))
    array.set(this.array)
    this.array = array
  }
}

/**
 * A model with what expanding its parts reuses: one Fingerprinter for all of them (its encoder warms up once), and the
 * fingerprints of the candidates of the parts this thread expanded before, as long as they are of one search and came
 * in level order. Each of those is stored, or an earlier copy of it in level order is, so a repeat of one is no
 * candidate. (The pool hands a round's parts out in order, so a thread's parts come in order.)
 */
export interface Expander<S, A extends ActionLike> {
  readonly model: Model<S, A>
  readonly fingerprint: Fingerprinter<S, A>
  seen: { recent: RecentFingerprints; search: number; position: number }
}

export const expanderOf = <S, A extends ActionLike>(model: Model<S, A>): Expander<S, A> => ({
  model,
  fingerprint: new Fingerprinter(model),
  seen: { recent: new RecentFingerprints(), search: -1, position: -1 },
})

export function expandPart<S, A extends ActionLike>(
  expander: Expander<S, A>,
  task: PartTask,
  /** Bumped once per state expanded: the main thread's sign that this thread is alive. */
  heartbeat?: Int32Array,
): PartResult {
  const { model, fingerprint, seen } = expander
  const decode = model.decode!
  if (task.search !== seen.search || task.position <= seen.position)
    expander.seen = { recent: new RecentFingerprints(), search: task.search, position: task.position }
  else seen.position = task.position
  // Most repeats end in it, before the table's cache misses.
  const { recent } = expander.seen
  const events = new Words()
  const fingerprints = new Words()
  const counts = new ActionCounter()
  const { words, open } = task
  const table = task.table.fingerprints
  const { mask, regionShift } = layoutOf(task.table)
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
      // A repeat of a candidate before it: that one is stored, or a copy found earlier still.
      if (recent.has(hi, lo)) continue
      recent.add(hi, lo)
      // Stored in an earlier round: no thread changes the table while parts are expanded.
      if (findIn(table, mask, regionShift, hi, lo) >= 0) continue
      fingerprints.push(hi | 0)
      fingerprints.push(lo | 0)
      events.push(CANDIDATE)
      events.push(entry)
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
    events: shared(events),
    fingerprints: new Uint32Array(shared(fingerprints).buffer),
    verdicts: new Uint8Array(new SharedArrayBuffer(fingerprints.length / 2)),
    transitions,
    actionCounts: counts.toRecord(),
    cutByDepth,
    cutByConstraint,
  }
}

/** A copy of the words in a SharedArrayBuffer. */
function shared(words: Words): Int32Array {
  const array = new Int32Array(new SharedArrayBuffer(4 * words.length))
  array.set(words.array.subarray(0, words.length))
  return array
}

/** Inserting the candidates of a round's parts whose table region thread `owner` of `owners` owns (`insertOwned`). */
export interface OwnTask {
  readonly table: FingerprintTable
  readonly owner: number
  readonly owners: number
  readonly parts: readonly Pick<PartResult, 'fingerprints' | 'verdicts'>[]
}

export type OwnResult = ReturnType<typeof insertOwned>

export const insertCandidates = (task: OwnTask): OwnResult =>
  insertOwned(task.table, task.owner, task.owners, task.parts)
