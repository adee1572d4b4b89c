// One scenario through the checker: its parameters and model are built and its expectations validated first
// (`prepareScenario`, cheap, so that every input problem is found before any search runs and before anything is
// written), then the search runs and each property gets its verdict, expectation and shortest counterexample.
import { createHash } from 'node:crypto'
import { availableParallelism, totalmem } from 'node:os'
import {
  check,
  CheckpointError,
  DEFAULT_FRONTIER_SPILL_BYTES,
  checkResumable,
  type Model,
  type PropertyKind,
  type Progress,
  type Stats,
  type StopReason,
  withGenericEncoding,
} from '../../checker/index.js'
import {
  type ExpectedVerdict,
  kafkaModel,
  kafkaModelSource,
  type Action,
  type State,
  paramsOf,
  type Params,
} from '../../spec/index.js'
import type { Counterexample } from './counterexample.js'
import { InputError } from './exit.js'
import { checkExpectedNames, propertyNames, type Verdict } from './expectations.js'
import { expectationsOf, type LoadedScenario, type RejectedScenario, type ValidScenario } from './load.js'

/** Search bounds from the command line; each one not given comes from the scenario's `bound` block. */
export interface SearchLimits {
  readonly maxStates?: number | undefined
  readonly maxDepth?: number | undefined
  readonly timeLimitSeconds?: number | undefined
  readonly stopOnFirstViolation?: boolean | undefined
  /** Default: `defaultMemoryLimit()`. */
  readonly maxMemoryBytes?: number | undefined
  /** Absolute paths of the checkpoint folder to write, and of one to resume from. */
  readonly checkpointDir?: string | undefined
  readonly resumeDir?: string | undefined
  /** Worker threads for large levels; default `DEFAULT_WORKERS`. The generic encoding always searches on one. */
  readonly workers?: number | undefined
  /** Levels of at least this many states go to the worker threads, whatever a state costs (CheckOptions). */
  readonly parallelAbove?: number | undefined
}

/**
 * Every core. Measured on this 2-core machine with the compiled CLI (issue 11's notes), two threads took 13.0–14.9 s
 * where one took 16.7–16.9 s for txn-producer-crash and 5.7–6.2 s against 6.5–6.6 s for producer-3msg-crash. A
 * search whose levels stay under 16,384 states never starts them; one whose levels reach that but not 32,768, or
 * whose states are too quick to pay for them (checker/check.ts, THREAD_OVERHEAD_MICROS), may start them without using
 * them (their start, ~0.1 s compiled, is lost).
 */
export const DEFAULT_WORKERS = availableParallelism()

/** Resident memory at which a search stops with what it found, rather than let the machine swap or kill it. */
export const defaultMemoryLimit = (): number => Math.floor(totalmem() * 0.6)

export interface PropertyOutcome {
  readonly name: string
  /** Null for a refused configuration: no model was built. */
  readonly kind: PropertyKind | null
  readonly verdict: Verdict
  readonly expected: ExpectedVerdict | undefined
  /** The shortest counterexample, for a violated property (an unreached `sometimes` has none). */
  readonly counterexample: Counterexample | undefined
}

/** How far the search went, and the bounds it ran under. */
export interface Search {
  readonly exhaustive: boolean
  readonly stoppedBy: StopReason | undefined
  readonly stats: Stats
  readonly maxDepth: number
  readonly maxStates: number
  readonly timeLimitSeconds: number | undefined
  readonly maxMemoryBytes: number
  /** Worker threads the search could use (levels too small for them stay on the main thread). */
  readonly workers: number
  readonly encoding: EncodingChoice
  /** The model's own bound, in words, for a search it cut (`stoppedBy: 'constraint'`). */
  readonly constraint: string | undefined
}

export type ScenarioRun =
  | {
      readonly status: 'checked'
      readonly loaded: ValidScenario
      readonly params: Params
      readonly search: Search
      readonly properties: readonly PropertyOutcome[]
    }
  | { readonly status: 'rejected'; readonly loaded: RejectedScenario; readonly properties: readonly PropertyOutcome[] }

export type PreparedScenario =
  | {
      readonly status: 'valid'
      readonly loaded: ValidScenario
      readonly params: Params
      readonly model: Model<State, Action>
      readonly encoding: EncodingChoice
    }
  | { readonly status: 'rejected'; readonly loaded: RejectedScenario }

/**
 * How states are fingerprinted: `packed`, the codec derived from the state schema; or `generic`, the engine's
 * encoding of plain data, slower, a diagnostic cross-check that both count the same states.
 */
export const ENCODINGS = ['packed', 'generic'] as const
export type EncodingChoice = (typeof ENCODINGS)[number]

/** Builds the model and validates the expectations against its properties; throws InputError. */
export function prepareScenario(loaded: LoadedScenario, encoding: EncodingChoice = 'packed'): PreparedScenario {
  if (loaded.status === 'rejected') return { status: 'rejected', loaded }
  const params = paramsOf(loaded.scenario)
  const packed = kafkaModel(params)
  const model = encoding === 'generic' ? withGenericEncoding(packed) : packed
  checkExpectedNames(loaded, propertyNames(model))
  return { status: 'valid', loaded, params, model, encoding }
}

/** A refused configuration: every expected property gets the verdict `rejected`. */
function rejectedRun(loaded: RejectedScenario): ScenarioRun {
  const properties = Object.entries(expectationsOf(loaded)).map(([name, expected]) => ({
    name,
    kind: null,
    verdict: 'rejected' as const,
    expected,
    counterexample: undefined,
  }))
  return { status: 'rejected', loaded, properties }
}

/** What a checkpoint is of: resuming it under other parameters, encoding or depth bound would mix two searches. */
const searchIdentity = ({ params, encoding }: PreparedScenario & { status: 'valid' }, maxDepth: number): string =>
  createHash('sha256').update(JSON.stringify({ params, encoding, maxDepth })).digest('hex')

/** Refuses, before anything runs or prints, a --resume folder that holds no checkpoint of this search. */
export function checkResume(prepared: PreparedScenario, limits: SearchLimits): void {
  if (limits.resumeDir === undefined || prepared.status !== 'valid') return
  try {
    checkResumable(limits.resumeDir, searchIdentity(prepared, depthBound(prepared, limits)))
  } catch (error) {
    throw resumeProblem(error, limits)
  }
}

/** A checkpoint that cannot be resumed is bad input, named by the option that gave it. */
const resumeProblem = (error: unknown, limits: SearchLimits): unknown =>
  error instanceof CheckpointError ? new InputError(`--resume ${limits.resumeDir}: ${error.message}`) : error

const depthBound = (prepared: PreparedScenario & { status: 'valid' }, limits: SearchLimits): number =>
  limits.maxDepth ?? prepared.loaded.scenario.bound.depth

export function runScenario(
  prepared: PreparedScenario,
  limits: SearchLimits,
  onProgress?: (progress: Progress) => void,
): ScenarioRun {
  if (prepared.status === 'rejected') return rejectedRun(prepared.loaded)
  const { loaded, params, model, encoding } = prepared
  const { scenario } = loaded
  const maxDepth = depthBound(prepared, limits)
  const maxStates = limits.maxStates ?? scenario.bound.states
  const maxMemoryBytes = limits.maxMemoryBytes ?? defaultMemoryLimit()
  const identity = searchIdentity(prepared, maxDepth)
  const { checkpointDir, resumeDir } = limits
  // Worker threads exchange states in the packed encoding: the generic one searches on one thread.
  const workers = encoding === 'packed' ? (limits.workers ?? DEFAULT_WORKERS) : 1
  let result: ReturnType<typeof check<State, Action>>
  try {
    result = check(model, {
      maxDepth,
      maxStates,
      maxMemoryBytes,
      // A frontier larger than a quarter of the memory allowed goes to disk, so the visited set keeps the rest.
      frontierSpillBytes: Math.min(DEFAULT_FRONTIER_SPILL_BYTES, Math.floor(maxMemoryBytes / 4)),
      ...(limits.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: limits.timeLimitSeconds }),
      ...(limits.stopOnFirstViolation ? { stopOnFirstViolation: true } : {}),
      ...(onProgress === undefined ? {} : { onProgress }),
      ...(checkpointDir === undefined ? {} : { checkpoint: { dir: checkpointDir, identity } }),
      ...(resumeDir === undefined ? {} : { resume: { dir: resumeDir, identity } }),
      ...(workers > 1 ? { workers, modelSource: kafkaModelSource(params) } : {}),
      ...(workers > 1 && limits.parallelAbove !== undefined ? { parallelAbove: limits.parallelAbove } : {}),
    })
  } catch (error) {
    throw resumeProblem(error, limits)
  }
  const violations = result.status === 'violated' ? result.violations : []
  const properties = result.properties.map(({ property, kind, verdict }): PropertyOutcome => {
    const violation = violations.find(v => v.property === property)
    const counterexample =
      violation === undefined || violation.kind === 'sometimes'
        ? undefined
        : { scenario, params, property, kind: violation.kind, trace: violation.trace }
    return { name: property, kind, verdict, expected: scenario.expect[property], counterexample }
  })
  const search: Search = {
    exhaustive: result.exhaustive,
    stoppedBy: result.stoppedBy,
    stats: result.stats,
    maxDepth,
    maxStates,
    timeLimitSeconds: limits.timeLimitSeconds,
    maxMemoryBytes,
    workers,
    encoding,
    constraint: model.constraintName,
  }
  return { status: 'checked', loaded, params, search, properties }
}
