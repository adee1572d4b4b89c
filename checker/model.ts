// The contract between a specification and the engine. Everything a model supplies must be pure and
// deterministic: fingerprints, pinned state counts and replayed traces rely on it.

import type { WorkerPool } from './pool.js'

/** Every action is a tagged record; the tag names the step in traces, statistics and diagrams. */
export interface ActionLike {
  readonly type: string
}

/** Receives the canonical content of a state; two states are the same state exactly when they encode the same. */
export interface Encoder {
  /** A 32-bit integer (bits beyond 32 are dropped); the fast path. */
  int(value: number): void
  bool(value: boolean): void
  /** Any finite or non-finite number, integral or not. */
  number(value: number): void
  str(value: string): void
  /** Any plain data (numbers, strings, booleans, null, undefined, arrays, plain objects), key order ignored. */
  value(value: unknown): void
}

/** A property checked in a state. */
export type StatePredicate<S> = (state: S) => boolean
/** A property checked on every transition: the state before, the action taken and the state after. */
export type StepPredicate<S, A> = (before: S, action: A, after: S) => boolean

/** A finite transition system with the properties it must satisfy. */
export interface Model<S, A extends ActionLike> {
  /** Initial states, in a fixed order. */
  init(): readonly S[]
  /** The actions enabled in `state`, in a fixed order. An empty result means the state is quiescent. */
  actions(state: S): Iterable<A>
  /** The successor of `state` under `action`; must not modify `state`. */
  next(state: S, action: A): S
  /** Must hold in every reachable state. */
  readonly invariants: Readonly<Record<string, StatePredicate<S>>>
  /** Must hold on every transition (TLA+'s action properties, e.g. "the high watermark never decreases"). */
  readonly stepInvariants?: Readonly<Record<string, StepPredicate<S, A>>>
  /** Must hold in every reachable state where no action is enabled: how end-to-end guarantees are checked in a bounded model. */
  readonly atQuiescence?: Readonly<Record<string, StatePredicate<S>>>
  /** Must hold in at least one reachable state; one that never does is reported, because it usually means a vacuous spec. */
  readonly sometimes?: Readonly<Record<string, StatePredicate<S>>>
  /**
   * A bound of the model (TLA+'s state constraint): a state for which this is false is checked but not expanded, and
   * a search that met one is reported as cut by it (`stoppedBy: 'constraint'`), never as exhaustive.
   */
  constraint?(state: S): boolean
  /** What the constraint bounds, in words, for reports ("bound.retries=1"). */
  readonly constraintName?: string
  /**
   * Writes the canonical content of `state`. Without it the engine encodes states as plain data (plain objects, also
   * without a prototype, arrays, strings, numbers, booleans, null, undefined; a Map, a Set, a Date or a class
   * instance is refused), key order ignored, and queues them as those words: `actions` and `next` then receive an
   * equal copy of the state (PlainEncoding.decode: each key set's keys in the order first met, -0 as 0, holes as
   * undefined), none of its objects one `next` returned. With `symmetry`, the objects themselves are queued.
   */
  encode?(state: S, encoder: Encoder): void
  /**
   * Reads back a state from the words `encode` wrote (through `Encoder.int` only). With it the search queues states
   * as those words, a few hundred bytes each instead of their objects, spills the queue to disk beyond a threshold,
   * and can write checkpoints.
   */
  decode?(words: ArrayLike<number>, cursor: { at: number }): S
  /** The canonical representative of `state`'s symmetry class; states with equal representatives count once. */
  symmetry?(state: S): S
  /** Every action type the model can produce, so that statistics can list the ones that never fired. */
  readonly actionTypes?: readonly string[]
  /** One line for an action in traces. */
  describe?(action: A): string
}

/** Why a search did not explore every reachable state: a bound of the search, or the model's own constraint. */
export type StopReason = 'maxDepth' | 'maxStates' | 'timeLimit' | 'memoryLimit' | 'firstViolation' | 'constraint'

export interface CheckOptions {
  /** Do not expand states at this depth (the initial states are at depth 0). */
  readonly maxDepth?: number
  /**
   * Stop once this many distinct states are stored. With `checkpoint`, the main thread first finishes the state it
   * is expanding and writes a checkpoint there; on worker threads the last checkpoint stays the last whole round's.
   */
  readonly maxStates?: number
  /** Stop after this many seconds of this run (a resumed search starts counting again). */
  readonly timeLimitSeconds?: number
  /** Stop when the process's resident memory exceeds this many bytes. */
  readonly maxMemoryBytes?: number
  /** Report a state with no enabled action as a deadlock (off by default: Kafka models quiesce by design). */
  readonly deadlock?: boolean
  /** Stop at the first violation instead of looking for a shortest counterexample of every property. */
  readonly stopOnFirstViolation?: boolean
  /** Called every `progressIntervalSeconds` (default 1) while the search runs. */
  readonly onProgress?: (progress: Progress) => void
  /** Also how often the memory limit is checked. */
  readonly progressIntervalSeconds?: number
  /** Beyond this many bytes, a packed level of the frontier goes to a temporary file (default 512 MiB). */
  readonly frontierSpillBytes?: number
  /** Write a checkpoint to `dir` every `everySeconds` (default 60) and when a time, memory or state limit stops the search. */
  readonly checkpoint?: CheckpointOptions
  /**
   * Expand large levels on this many worker threads (default 1: none), when a state costs enough for them to pay
   * (`parallelAbove`). Needs `modelSource` and a model with `decode`. Distinct states, verdicts and counterexamples
   * are the same for every number of workers; a search stopped early (by `maxStates`) may have counted a few more
   * transitions on workers, which expanded whole parts.
   */
  readonly workers?: number
  readonly modelSource?: ModelSource
  /** Worker threads to use instead of starting `workers` new ones (and closing them at the end). */
  readonly pool?: WorkerPool
  /**
   * Levels with fewer states than this are expanded on the main thread. Given, larger levels go to the worker threads
   * whatever they cost; by default (32768) they do only when a state takes the main thread long enough for the
   * threads to pay (check.ts, THREAD_OVERHEAD_MICROS).
   */
  readonly parallelAbove?: number
  /** States each worker expands per round of a level (default 16384); tests make rounds small to have many. */
  readonly roundPerWorker?: number
  /** Go on from the checkpoint in this directory instead of starting afresh. */
  readonly resume?: { readonly dir: string; readonly identity?: string }
}

/**
 * Where a worker thread finds the model: a module (a file: URL) exporting a function that builds it from `args`
 * (structured-cloneable data). Worker threads cannot be handed the model object itself.
 */
export interface ModelSource {
  readonly module: string
  readonly export: string
  readonly args: readonly unknown[]
}

export interface CheckpointOptions {
  readonly dir: string
  readonly everySeconds?: number
  /** What the checkpoint is of (the configuration checked): a resume with another identity is refused. */
  readonly identity?: string
}

export interface Progress {
  readonly distinctStates: number
  readonly transitions: number
  readonly depth: number
  readonly queue: number
  readonly seconds: number
  readonly statesPerSecond: number
  readonly memoryBytes: number
  /** Worker threads that have expanded levels so far: 0 while every level has stayed on the main thread. */
  readonly workerThreads: number
}

export interface Stats {
  readonly distinctStates: number
  readonly transitions: number
  /** The deepest level of the breadth-first search that was reached. */
  readonly depth: number
  readonly seconds: number
  readonly statesPerSecond: number
  /** Bytes of the visited set in memory (the fingerprint table) divided by the distinct states it holds. */
  readonly bytesPerState: number
  /** The most states queued at once (the level being expanded and the next one). */
  readonly peakQueue: number
  /** Bytes a queued state takes in a packed frontier, on average; undefined when states are queued as objects. */
  readonly queueBytesPerState: number | undefined
  /** Bytes of frontier written to temporary files because they exceeded `frontierSpillBytes`. */
  readonly spilledBytes: number
  /**
   * Worker threads that expanded levels: 0 when every level stayed on the main thread, because the levels were small
   * or because a state expanded faster there than a thread's round trip costs.
   */
  readonly workerThreads: number
  /** How many transitions each action type produced. */
  readonly actionCounts: Readonly<Record<string, number>>
  /** Action types in `Model.actionTypes` that never fired: usually a spec bug or a bound too tight. */
  readonly neverFired: readonly string[]
}

/** One step of a trace: the action that led here (none for the initial state) and the state it produced. */
export interface Step<S, A> {
  readonly action: A | undefined
  readonly state: S
}
export type Trace<S, A> = readonly Step<S, A>[]

export type PropertyKind = 'invariant' | 'step' | 'quiescence' | 'sometimes' | 'deadlock'

/** A property that failed, with its shortest counterexample (a `sometimes` that never held has none). */
export type Violation<S, A> =
  | {
      readonly kind: 'invariant' | 'step' | 'quiescence' | 'deadlock'
      readonly property: string
      readonly trace: Trace<S, A>
    }
  | { readonly kind: 'sometimes'; readonly property: string }

export interface PropertyVerdict {
  readonly property: string
  readonly kind: PropertyKind
  /** `unreached`: a `sometimes` property that held in no explored state. */
  readonly verdict: 'holds' | 'violated' | 'unreached'
}

interface Outcome {
  /** False when a bound (of the search, or the model's constraint) left reachable states unexplored. */
  readonly exhaustive: boolean
  readonly stoppedBy: StopReason | undefined
  readonly stats: Stats
  readonly properties: readonly PropertyVerdict[]
}

export type CheckResult<S, A> =
  | (Outcome & { readonly status: 'holds' })
  | (Outcome & { readonly status: 'violated'; readonly violations: readonly Violation<S, A>[] })

/** The same model fingerprinted by the engine's generic encoding of plain data instead of its own `encode`: slower, and a cross-check of that encoder (equal state counts). */
export function withGenericEncoding<S, A extends ActionLike>(model: Model<S, A>): Model<S, A> {
  // Its decode reads the model's own encoding, so it goes too: the frontier then queues the plain encoding's words
  // (or, with symmetry, the objects).
  const { encode: _encode, decode: _decode, ...generic } = model
  return generic
}
