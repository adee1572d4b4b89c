// Exhaustive breadth-first search. States are expanded level by level, so the first time a property fails the
// path to that state is a shortest counterexample. Every visited state is an 8-byte fingerprint slot in memory and a
// 12-byte record in the trace log on disk (checker/store.ts); the levels still to expand are queued as the words of
// their encoding where those read back (Fingerprinter.decode), else as objects (checker/frontier.ts).

import { getHeapStatistics } from 'node:v8'
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js'
import { Fingerprinter } from './fingerprint.js'
import { ENTRY_HEADER, ObjectLevel, PackedLevel, type Entry, type Level } from './frontier.js'
import type { ActionLike, CheckOptions, CheckResult, Model, Progress, StopReason, Trace, Violation } from './model.js'
import { DEADLOCK, PropertyBook } from './properties.js'
import { NEW, NO_PARENT, StateStore } from './store.js'
import { pathOf, replayPath, traceEndOf, traceTo } from './trace.js'
import { CANDIDATE, QUIESCENT, STEP, type OwnResult, type PartResult } from './expandPart.js'
import { WorkerPool } from './pool.js'
import { ActionCounter } from './actionCounter.js'

/** How many states are expanded between looks at the clock. */
const TICK = 256
/** Beyond this, a level of the frontier goes to disk unless `frontierSpillBytes` says otherwise. */
export const DEFAULT_FRONTIER_SPILL_BYTES = 512 * 1024 * 1024
/** Past this share of V8's heap limit the process is about to die of it: the search stops as at the memory limit. */
const HEAP_CEILING = 0.85
const MEMORY_CHECK_MS = 100
/** Levels smaller than this are not worth the round trip to worker threads. */
const DEFAULT_PARALLEL_ABOVE = 32768
/**
 * What a state costs on its way through worker threads, over what expanding it on the main thread costs: packing it
 * into a part, its candidates' events, the second pass that inserts them and the main thread's pass that numbers them.
 * With W threads, threads pay only when a state takes the main thread longer than this divided by W - 1. Measured on
 * two cores: TwoPhase-8 took 2.1-2.2 s on two threads against 1.8-2.3 s on one (five alternated pairs), while the
 * Kafka spec's large searches won by up to 30%. The figure compared is the fastest chunk (TIMED_CHUNK) of the levels
 * before: about 1.1 µs a state on TwoPhase-8, 5-7 µs on the Kafka spec's large searches.
 */
const THREAD_OVERHEAD_MICROS = 4
/**
 * The main thread times what a state costs it on chunks of this many states, and the search keeps the fastest chunk:
 * code still warming up, a pause to collect garbage or grow the table, or another process taking the core, only ever
 * make a chunk slower (whole levels, timed the same way, came out at 2-6 µs on TwoPhase-8, by chance).
 */
const TIMED_CHUNK = 1024
/** States each worker expands in one round of a level: about a fifth of a second's work, once warm. */
const ROUND_PER_WORKER = 16384
/**
 * The first round's share per worker, doubled each round up to ROUND_PER_WORKER: a worker's code starts cold (its first
 * states take it 30-60 µs each where a warm thread takes 6-10), and a full first round would hold the progress line,
 * the limits and the checkpoints for a second or more.
 */
const FIRST_ROUND_PER_WORKER = 1024
/** Parts per worker thread in a round. */
const PARTS_PER_WORKER = 4

/** Searches started in this process: each search's number tells its parts from another's in a shared pool. */
let searches = 0

/**
 * Explores every state of `model` reachable within the bounds, breadth first, and reports each property's verdict with
 * a shortest counterexample for every violated one.
 */
export function check<S, A extends ActionLike>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  let started = performance.now()
  const maxDepth = options.maxDepth ?? Infinity
  const maxStates = options.maxStates ?? Infinity
  const progressInterval = (options.progressIntervalSeconds ?? 1) * 1000
  const deadline = options.timeLimitSeconds === undefined ? Infinity : started + options.timeLimitSeconds * 1000
  const heapLimit = getHeapStatistics().heap_size_limit * HEAP_CEILING
  const fingerprint = new Fingerprinter(model)
  const book = new PropertyBook(model, options.deadlock ?? false)
  const actionCounts = new ActionCounter()
  const { decode } = model
  if ((options.checkpoint !== undefined || options.resume !== undefined) && decode === undefined)
    throw new Error(
      'checkpoints need a model with its own encode and decode: the plain encoding numbers strings per process, so ' +
        'its words cannot be saved',
    )
  // Without its own encode a model is fingerprinted with strings interned per Fingerprinter: the words a worker or
  // a later process writes would not be the ones this search stored.
  if (decode !== undefined && model.encode === undefined) throw new Error('a model with decode needs its own encode')
  const spillAboveBytes = options.frontierSpillBytes ?? DEFAULT_FRONTIER_SPILL_BYTES
  // Queued as words where they read back (Fingerprinter.decode), else as objects.
  const frontierDecode = fingerprint.decode
  const newLevel = (): Level<S> =>
    frontierDecode === undefined
      ? new ObjectLevel<S>()
      : new PackedLevel<S>({ decode: frontierDecode, spillAboveBytes })
  const frontierStats = { pushed: 0, words: 0, peak: 0, spilledBytes: 0 }
  const workers = options.workers ?? 1
  if (workers > 1 && (decode === undefined || options.modelSource === undefined))
    throw new Error('worker threads need a model with decode and options.modelSource to build it from')
  const parallelAbove = options.parallelAbove ?? DEFAULT_PARALLEL_ABOVE
  /** The fewest microseconds a state took the main thread, over the chunks of TIMED_CHUNK states timed so far. */
  let microsPerState: number | undefined
  /** Whether worker threads pay for this model, settled at the first level large enough for them to take. */
  let threadsPay: boolean | undefined
  /** Worker threads that expanded levels: 0 when every level stayed on the main thread. */
  let workerThreads = 0
  let pool: WorkerPool | undefined
  /** Set when a resumed search starts in the middle of a level. */
  let midLevel = false
  /** States of the current level already expanded by worker threads. */
  let expandedInLevel = 0
  /** Rounds handed to worker threads so far, in this search. */
  let roundsDone = 0
  const search = searches++

  let store = StateStore.create()
  let transitions = 0
  let depth = 0
  let stoppedBy: StopReason | undefined
  let lastProgress = started
  let lastMemoryCheck = started
  let lastMemoryBytes = 0
  let lastCheckpoint = started
  let cutByDepth = false
  let cutByConstraint = false
  let current = newLevel()
  let next = newLevel()

  const report = (
    kind: Exclude<Violation<S, A>['kind'], 'sometimes'>,
    properties: readonly string[],
    trace: () => Trace<S, A>,
  ) => {
    const shared = trace()
    for (const property of properties) book.violations.push({ kind, property, trace: shared })
    if (options.stopOnFirstViolation) stoppedBy ??= 'firstViolation'
  }
  /** The path to a state a property of this kind failed on, ending on the state it was checked on. */
  const pathTo = (id: number, kind: 'invariant' | 'quiescence' | 'deadlock') => () =>
    traceTo(model, store, fingerprint, id, traceEndOf(kind))
  /** Checks a newly stored state; returns false when the search must stop. */
  const visit = (state: S, id: number): boolean => {
    const failing = book.failingInvariants(state)
    if (failing) report('invariant', failing, pathTo(id, 'invariant'))
    book.observe(state)
    if (store.size >= maxStates) stoppedBy ??= 'maxStates'
    // With checkpoints the search stops between two expansions (a few states past maxStates), so that its last
    // checkpoint is a consistent cut to resume from.
    return stoppedBy === undefined || (stoppedBy === 'maxStates' && options.checkpoint !== undefined)
  }
  /** Queues a state on the next level, with its number in the store and its encoding (`words[0, count)`). */
  const enqueue = (state: S, id: number, words: Int32Array, count: number) => {
    next.push(state, id, words, count)
    frontierStats.pushed++
    frontierStats.words += count + ENTRY_HEADER
  }
  /** Queues the state just fingerprinted. */
  const enqueueFingerprinted = (state: S, id: number) => enqueue(state, id, fingerprint.words, fingerprint.wordCount)
  /** Moves on to the next level: frees the one expanded, which may have spilled to disk. */
  const nextLevel = () => {
    if (next.length > 0) depth++
    frontierStats.spilledBytes += current.spilledBytes
    current.dispose()
    ;[current, next] = [next, newLevel()]
  }
  /**
   * Whether to expand large levels on worker threads: always when `parallelAbove` is given, otherwise when a state
   * costs the main thread enough for the threads to pay (THREAD_OVERHEAD_MICROS), as far as the levels timed so far
   * tell. `settle`: the answer stands for the rest of the search (the threads are about to take a level).
   */
  const parallelPays = (settle: boolean): boolean => {
    const pays =
      threadsPay ??
      (options.parallelAbove !== undefined ||
        microsPerState === undefined ||
        microsPerState * (workers - 1) >= THREAD_OVERHEAD_MICROS)
    if (settle) threadsPay = pays
    return pays
  }
  /** The worker threads, started on first use. */
  const threads = (): WorkerPool => (pool ??= options.pool ?? new WorkerPool(workers))
  const elapsed = (now: number) => (now - started) / 1000
  const checkpoint = (): Checkpoint => ({
    identity: options.checkpoint?.identity ?? '',
    depth,
    transitions,
    seconds: elapsed(performance.now()),
    actionCounts: actionCounts.toRecord(),
    cutByDepth,
    cutByConstraint,
    frontier: { ...frontierStats },
    decided: book.decided(),
    violations: book.violations.flatMap(v =>
      v.kind === 'sometimes' ? [] : [{ kind: v.kind, property: v.property, path: pathOf(model, fingerprint, v.trace) }],
    ),
    store: store.snapshot(),
    current: current.remainingParts(),
    next: next.remainingParts(),
  })
  /** Looks at the clock between two expansions: progress, the time and memory limits, a periodic checkpoint. */
  const tick = (queue: number, consistent = true) => {
    const now = performance.now()
    if (now >= deadline) stoppedBy ??= 'timeLimit'
    // Ten times a second, not once per progress line: a search can allocate a gigabyte in a second. (Reading the
    // resident size costs ~20 µs; on every tick it took 3% of TwoPhase's search.)
    if (now - lastMemoryCheck >= MEMORY_CHECK_MS || lastMemoryBytes === 0) {
      lastMemoryCheck = now
      lastMemoryBytes = process.memoryUsage.rss()
      const overLimit = options.maxMemoryBytes !== undefined && lastMemoryBytes > options.maxMemoryBytes
      if (overLimit || getHeapStatistics().used_heap_size > heapLimit) stoppedBy ??= 'memoryLimit'
    }
    const memoryBytes = lastMemoryBytes
    if (now - lastProgress >= progressInterval) {
      lastProgress = now
      const seconds = elapsed(now)
      const progress: Progress = {
        distinctStates: store.size,
        transitions,
        depth,
        queue,
        seconds,
        statesPerSecond: store.size / seconds,
        memoryBytes,
        workerThreads,
      }
      options.onProgress?.(progress)
    }
    const every = (options.checkpoint?.everySeconds ?? 60) * 1000
    const limited = stoppedBy === 'timeLimit' || stoppedBy === 'memoryLimit' || stoppedBy === 'maxStates'
    if (options.checkpoint !== undefined && consistent && (limited || now - lastCheckpoint >= every)) {
      saveCheckpoint(options.checkpoint.dir, checkpoint())
      lastCheckpoint = performance.now()
    }
  }

  /**
   * Expands one round of the current level on worker threads, in two passes (checker/expandPart.ts): the threads
   * expand its parts, then insert the candidates each part found into the table regions they own. The main thread
   * then goes through the parts' findings in level order, numbering the new states and checking what was found, and
   * stops where the sequential search would.
   */
  const expandInParallel = () => {
    const workerPool = threads()
    workerThreads = workerPool.size
    store.share() // the threads insert into it
    const round = roundsDone++
    const perWorker = options.roundPerWorker ?? Math.min(ROUND_PER_WORKER, FIRST_ROUND_PER_WORKER * 2 ** round)
    const words = (current as PackedLevel<S>).takeEntries(perWorker * workers)
    const offsets: number[] = []
    for (let at = 0; at < words.length; at += ENTRY_HEADER + words[at + 1]!) offsets.push(at)
    offsets.push(words.length)
    const entries = offsets.length - 1
    const open = book.open()
    // More parts than threads, handed out as threads come free, so that one slow part does not idle the others.
    const parts = Math.max(1, Math.min(entries, workerPool.size * PARTS_PER_WORKER))
    const bases = Array.from({ length: parts + 1 }, (_, p) => Math.floor((entries * p) / parts))
    const stateAt = (entry: number): S => decode!(words, { at: offsets[entry]! + ENTRY_HEADER }) as S
    const idOf = (entry: number) => words[offsets[entry]!]! >>> 0
    const names = (all: readonly string[], events: Int32Array, at: number, count: number) =>
      Array.from(events.subarray(at, at + count), id => all[id]!)
    const results: PartResult[] = []
    workerPool.runInOrder<PartResult>(
      parts,
      p => ({
        kind: 'expand',
        source: options.modelSource!,
        table: store.table,
        search,
        position: round + p / parts,
        words: words.slice(offsets[bases[p]!]!, offsets[bases[p + 1]!]!),
        open,
        atMaxDepth: depth >= maxDepth,
      }),
      (result, p) => {
        results[p] = result
        return true
      },
    )
    // Each thread owns some regions of the table and inserts what falls in them; a full region stops its thread, and
    // once the table has grown every thread goes on where it stopped.
    const candidates = results.map(({ fingerprints, verdicts }) => ({ fingerprints, verdicts }))
    for (let full = true; full;) {
      full = false
      const owners = workerPool.size
      workerPool.runInOrder<OwnResult>(
        owners,
        owner => ({ kind: 'own', table: store.table, owner, owners, parts: candidates }),
        result => {
          store.addStored(result.stored)
          full ||= result.full
          return true
        },
      )
      if (full) store.grow()
    }
    /** Goes through one part's events, in order; false once a bound or violation stops the search. */
    const merge = ({ events, fingerprints, verdicts }: PartResult, part: number): boolean => {
      const base = bases[part]!
      let candidate = 0
      for (let at = 0; at < events.length;) {
        const entry = base + events[at + 1]!
        switch (events[at]) {
          case CANDIDATE: {
            const count = events[at + 2]!
            const failuresAt = at + 3 + count
            const failures = events[failuresAt]!
            const reachedAt = failuresAt + 1 + failures
            const reached = events[reachedAt]!
            const c = candidate++
            if (verdicts[c] === NEW) {
              const id = store.number(fingerprints[2 * c]!, fingerprints[2 * c + 1]!, idOf(entry))
              enqueue(undefined as S, id, events.subarray(at + 3), count)
              if (failures > 0) {
                const failing = book.takeFailing('invariant', names(open.invariants, events, failuresAt + 1, failures))
                if (failing) report('invariant', failing, pathTo(id, 'invariant'))
              }
              if (reached > 0) book.reach(names(open.sometimes, events, reachedAt + 1, reached))
              if (store.size >= maxStates) stoppedBy ??= 'maxStates'
            }
            at = reachedAt + 1 + reached
            break
          }
          case STEP: {
            const index = events[at + 2]!
            const failures = events[at + 3]!
            const failing = book.takeFailing('step', names(open.steps, events, at + 4, failures))
            if (failing) {
              const parent = idOf(entry)
              const before = stateAt(entry)
              const action = [...model.actions(before)][index]!
              const after = model.next(before, action)
              report('step', failing, () => [
                ...traceTo(model, store, fingerprint, parent, 'expanded'),
                { action, state: after },
              ])
            }
            at += 4 + failures
            break
          }
          case QUIESCENT: {
            const failures = events[at + 2]!
            const failing = book.takeFailing('quiescence', names(open.quiescence, events, at + 3, failures))
            if (failing) report('quiescence', failing, pathTo(idOf(entry), 'quiescence'))
            if (events[at + 3 + failures] === 1 && book.firstDeadlock())
              report('deadlock', [DEADLOCK], pathTo(idOf(entry), 'deadlock'))
            at += 4 + failures
            break
          }
          default:
            throw new Error(`unknown event ${events[at]} from a worker thread`)
        }
        // The threads stored the states of the rest of the round too; the search ends here, and its last checkpoint
        // is taken before the round (`tick`, below, takes none now), so the table is never read again.
        if (stoppedBy !== undefined) return false
      }
      return true
    }
    let completed = true
    for (let p = 0; p < parts && completed; p++) {
      const result = results[p]!
      transitions += result.transitions
      for (const [type, count] of Object.entries(result.actionCounts)) actionCounts.add(type, count)
      cutByDepth ||= result.cutByDepth
      cutByConstraint ||= result.cutByConstraint
      completed = merge(result, p)
    }
    expandedInLevel += entries
    tick(current.length - expandedInLevel + next.length, completed)
  }

  /** The first level: the initial states, or the levels a checkpoint saved. */
  const start = () => {
    if (options.resume !== undefined) {
      const saved = loadCheckpoint(options.resume.dir, options.resume.identity ?? '')
      store.dispose()
      store = StateStore.restore(saved.store)
      depth = saved.depth
      transitions = saved.transitions
      started -= saved.seconds * 1000
      actionCounts.restore(saved.actionCounts)
      cutByDepth = saved.cutByDepth
      cutByConstraint = saved.cutByConstraint
      Object.assign(frontierStats, saved.frontier)
      book.restoreDecided(saved.decided)
      for (const v of saved.violations)
        book.violations.push({
          kind: v.kind,
          property: v.property,
          trace: replayPath(model, fingerprint, v.path, traceEndOf(v.kind)),
        })
      for (const words of saved.current) (current as PackedLevel<S>).pushWords(words)
      for (const words of saved.next) (next as PackedLevel<S>).pushWords(words)
      // Taken after a level's last round: the next level is the one to go on with.
      if (current.length === 0 && next.length > 0) nextLevel()
      else midLevel = true
    } else {
      for (const state of model.init()) {
        fingerprint.of(state)
        const id = store.insert(fingerprint.hi, fingerprint.lo, NO_PARENT)
        if (id < 0) continue
        enqueueFingerprinted(state, id)
        if (!visit(state, id)) break
      }
      ;[current, next] = [next, current]
    }
  }

  /**
   * Expands one state of the current level; false when the search must stop at once. A function of its own, not the
   * body of `explore`'s loop: `explore` is entered once and runs compiled on the stack, where V8 inlined less into it.
   * Split out, TwoPhase-8's search ran 1.2G fewer instructions of 24.3G.
   */
  const expandState = (state: S, id: number): boolean => {
    if (model.constraint && !model.constraint(state)) {
      cutByConstraint = true
      return true
    }
    let enabled = 0
    // Whether the depth limit kept this state's successors unexplored: it is then not quiescent, only unexpanded.
    let cut = false
    for (const action of model.actions(state)) {
      if (depth >= maxDepth) {
        cut = cutByDepth = true
        break
      }
      enabled++
      const successor = model.next(state, action)
      transitions++
      actionCounts.count(action.type)
      if (book.checksSteps) {
        const failing = book.failingSteps(state, action, successor)
        if (failing) {
          report('step', failing, () => [
            ...traceTo(model, store, fingerprint, id, 'expanded'),
            { action, state: successor },
          ])
          // Stopping at the first violation stops here, before the successor is stored, as in parallel.
          if (stoppedBy !== undefined) return false
        }
      }
      if (successor === state) continue // a stuttering step: `next` says nothing changed
      fingerprint.of(successor)
      const newId = store.insert(fingerprint.hi, fingerprint.lo, id)
      if (newId < 0) continue
      enqueueFingerprinted(successor, newId)
      if (!visit(successor, newId)) return false
    }
    if (enabled === 0 && !cut) {
      const failing = book.failingAtQuiescence(state)
      if (failing) report('quiescence', failing, pathTo(id, 'quiescence'))
      if (book.firstDeadlock()) report('deadlock', [DEADLOCK], pathTo(id, 'deadlock'))
    }
    return true
  }

  /** Expands level after level until none is left or a bound stops the search. */
  const explore = () => {
    const entry: Entry = { id: 0 }
    search: while (current.length > 0 && stoppedBy === undefined) {
      // The peak is taken where levels start; a search resumed mid-level took this one's before the checkpoint.
      if (!midLevel) frontierStats.peak = Math.max(frontierStats.peak, current.length + next.length)
      midLevel = false
      // Threads take a moment to load the model: start them about a level early, at half the threshold. A search whose
      // levels stay below that (every built-in scenario) never pays for their start.
      const wide = current.length >= parallelAbove
      const parallel = workers > 1 && current.length >= parallelAbove / 2 && parallelPays(wide)
      if (parallel) threads()
      // Started a level early, on what fewer levels told, threads that turn out not to pay are let go.
      else if (threadsPay === false && pool !== undefined && pool !== options.pool) {
        pool.close()
        pool = undefined
      }
      if (parallel && wide) {
        // In rounds, each merged before the next starts: a state a round found is known to the next one's lookups,
        // as it would be to the sequential search, and progress, limits and checkpoints are looked at in between.
        expandedInLevel = 0
        while (expandedInLevel < current.length && stoppedBy === undefined) expandInParallel()
        if (stoppedBy !== undefined) break search
        nextLevel()
        continue
      }
      let chunkStarted = performance.now()
      for (let expanded = 0; ; expanded++) {
        if (expanded > 0 && expanded % TIMED_CHUNK === 0) {
          const now = performance.now()
          microsPerState = Math.min(((now - chunkStarted) * 1000) / TIMED_CHUNK, microsPerState ?? Infinity)
          chunkStarted = now
        }
        const state = current.next(entry)
        if (state === undefined) break
        const { id } = entry
        if (!expandState(state, id)) break search
        if (expanded % TICK === 0 || stoppedBy !== undefined) tick(current.length - expanded + next.length)
        if (stoppedBy !== undefined) break search
      }
      nextLevel()
    }
  }
  try {
    start()
    explore()
  } finally {
    if (pool !== options.pool) pool?.close()
    frontierStats.spilledBytes += current.spilledBytes + next.spilledBytes
    current.dispose()
    next.dispose()
    store.dispose()
  }
  if (cutByDepth) stoppedBy ??= 'maxDepth'
  if (cutByConstraint) stoppedBy ??= 'constraint'
  if (stoppedBy !== 'firstViolation') book.closeSometimes()

  const seconds = elapsed(performance.now())
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
      peakQueue: frontierStats.peak,
      queueBytesPerState:
        frontierDecode === undefined || frontierStats.pushed === 0
          ? undefined
          : (frontierStats.words * 4) / frontierStats.pushed,
      spilledBytes: frontierStats.spilledBytes,
      workerThreads,
      actionCounts: actionCounts.toRecord(),
      neverFired: (model.actionTypes ?? []).filter(type => actionCounts.of(type) === 0),
    },
    properties: book.verdicts(),
  }
  return book.violations.length === 0
    ? { status: 'holds', ...outcome }
    : { status: 'violated', violations: book.violations, ...outcome }
}
