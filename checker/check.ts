// Exhaustive breadth-first search. States are expanded level by level, so the first time a property fails the
// path to that state is a shortest counterexample. Only the current and the next level are held as objects; every
// visited state is a 13-byte slot in the StateStore.

import { Fingerprinter } from './fingerprint.js'
import type { ActionLike, CheckOptions, CheckResult, Model, Progress, StopReason, Trace, Violation } from './model.js'
import { DEADLOCK, PropertyBook } from './properties.js'
import { NO_PARENT, StateStore } from './store.js'
import { traceTo } from './trace.js'

/** How many states are expanded between looks at the clock. */
const TICK = 256

/**
 * Explores every state of `model` reachable within the bounds, breadth first, and reports each property's verdict with
 * a shortest counterexample for every violated one.
 */
export function check<S, A extends ActionLike>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const started = performance.now()
  const maxDepth = options.maxDepth ?? Infinity
  const maxStates = options.maxStates ?? Infinity
  const progressInterval = (options.progressIntervalSeconds ?? 1) * 1000
  const deadline = options.timeLimitSeconds === undefined ? Infinity : started + options.timeLimitSeconds * 1000
  const store = new StateStore()
  const fingerprint = new Fingerprinter(model)
  const book = new PropertyBook(model, options.deadlock ?? false)
  const actionCounts = new ActionCounter()
  let transitions = 0
  let depth = 0
  let stoppedBy: StopReason | undefined
  let lastProgress = started

  let frontier: (S | undefined)[] = []
  let frontierSlots: number[] = []
  let nextLevel: S[] = []
  let nextSlots: number[] = []

  const report = (
    kind: Exclude<Violation<S, A>['kind'], 'sometimes'>,
    properties: readonly string[],
    trace: () => Trace<S, A>,
  ) => {
    const shared = trace()
    for (const property of properties) book.violations.push({ kind, property, trace: shared })
    if (options.stopOnFirstViolation) stoppedBy ??= 'firstViolation'
  }
  const pathTo = (slot: number) => () => traceTo(model, store, fingerprint, slot)
  /** Checks a newly stored state; returns false when the search must stop. */
  const visit = (state: S, slot: number): boolean => {
    const failing = book.failingInvariants(state)
    if (failing) report('invariant', failing, pathTo(slot))
    book.observe(state)
    if (store.size >= maxStates) stoppedBy ??= 'maxStates'
    return stoppedBy === undefined
  }
  /** Grows the store, remapping the slots held by the frontier; returns the old-slot -> new-slot map. */
  const makeRoom = (): Uint32Array => {
    const moved = store.grow()
    for (let i = 0; i < frontierSlots.length; i++) frontierSlots[i] = moved[frontierSlots[i]!]!
    for (let i = 0; i < nextSlots.length; i++) nextSlots[i] = moved[nextSlots[i]!]!
    return moved
  }
  const tick = (queue: number) => {
    const now = performance.now()
    if (now >= deadline) stoppedBy ??= 'timeLimit'
    if (now - lastProgress < progressInterval) return
    lastProgress = now
    const memoryBytes = process.memoryUsage.rss()
    if (options.maxMemoryBytes !== undefined && memoryBytes > options.maxMemoryBytes) stoppedBy ??= 'memoryLimit'
    const seconds = (now - started) / 1000
    const progress: Progress = {
      distinctStates: store.size,
      transitions,
      depth,
      queue,
      seconds,
      statesPerSecond: store.size / seconds,
      memoryBytes,
    }
    options.onProgress?.(progress)
  }

  for (const state of model.init()) {
    fingerprint.of(state)
    if (store.full) makeRoom()
    const slot = store.insert(fingerprint.hi, fingerprint.lo, NO_PARENT, 0)
    if (slot < 0) continue
    frontier.push(state)
    frontierSlots.push(slot)
    if (!visit(state, slot)) break
  }

  let cutByDepth = false
  let cutByConstraint = false
  search: while (frontier.length > 0 && stoppedBy === undefined) {
    for (let i = 0; i < frontier.length; i++) {
      const state = frontier[i]!
      frontier[i] = undefined // let the expanded state be collected
      let slot = frontierSlots[i]!
      if (model.constraint && !model.constraint(state)) {
        cutByConstraint = true
        continue
      }
      let index = 0
      // Whether the depth limit kept this state's successors unexplored: it is then not quiescent, only unexpanded.
      let cut = false
      for (const action of model.actions(state)) {
        if (depth >= maxDepth) {
          cut = cutByDepth = true
          break
        }
        const successor = model.next(state, action)
        transitions++
        actionCounts.count(action.type)
        if (book.checksSteps) {
          const failing = book.failingSteps(state, action, successor)
          const parent = slot
          if (failing)
            report('step', failing, () => [...traceTo(model, store, fingerprint, parent), { action, state: successor }])
        }
        if (successor === state) {
          index++ // a stuttering step: `next` says nothing changed
          continue
        }
        fingerprint.of(successor)
        if (store.full) slot = makeRoom()[slot]!
        const newSlot = store.insert(fingerprint.hi, fingerprint.lo, slot, index++)
        if (newSlot < 0) continue
        nextLevel.push(successor)
        nextSlots.push(newSlot)
        if (!visit(successor, newSlot)) break search
      }
      if (index === 0 && !cut) {
        const failing = book.failingAtQuiescence(state)
        if (failing) report('quiescence', failing, pathTo(slot))
        if (book.firstDeadlock()) report('deadlock', [DEADLOCK], pathTo(slot))
      }
      if (i % TICK === 0) tick(frontier.length - i + nextLevel.length)
      if (stoppedBy !== undefined) break search
    }
    if (nextLevel.length > 0) depth++
    frontier = nextLevel
    frontierSlots = nextSlots
    nextLevel = []
    nextSlots = []
  }
  if (cutByDepth) stoppedBy ??= 'maxDepth'
  if (cutByConstraint) stoppedBy ??= 'constraint'
  if (stoppedBy !== 'firstViolation') book.closeSometimes()

  const seconds = (performance.now() - started) / 1000
  const outcome = {
    exhaustive: stoppedBy === undefined,
    stoppedBy,
    stats: {
      distinctStates: store.size,
      transitions,
      depth,
      seconds,
      statesPerSecond: seconds > 0 ? store.size / seconds : store.size,
      bytesPerState: store.size > 0 ? store.bytes / store.size : 0,
      actionCounts: actionCounts.toRecord(),
      neverFired: (model.actionTypes ?? []).filter(type => actionCounts.of(type) === 0),
    },
    properties: book.verdicts(),
  }
  return book.violations.length === 0
    ? { status: 'holds', ...outcome }
    : { status: 'violated', violations: book.violations, ...outcome }
}

/**
 * Transitions per action type. Action types are few and their tags are interned strings, so a scan comparing
 * by identity beats a hash lookup on the hot path (measured: a keyed object cost a third of 2PC's search time).
 */
class ActionCounter {
  private readonly types: string[] = []
  private readonly counts: number[] = []

  count(type: string): void {
    const { types } = this
    for (let i = 0; i < types.length; i++) {
      if (types[i] === type) {
        this.counts[i]!++
        return
      }
    }
    types.push(type)
    this.counts.push(1)
  }

  of(type: string): number {
    const index = this.types.indexOf(type)
    return index < 0 ? 0 : this.counts[index]!
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.types.map((type, i) => [type, this.counts[i]!]))
  }
}
