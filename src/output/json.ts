// The `--json` documents of `check` and `ci`: one JSON document on stdout, for tools. The types below are the
// documented shape; src/output/jsonShape.ts checks a parsed document against them at run time.
import type { PropertyKind, StopReason } from '../../checker/index.js'
import type { ExpectedVerdict, Params } from '../../spec/index.js'
import { describeSteps, explainUnreached, explainViolation } from '../report/index.js'
import type { Blame, PropertyBlame, Recheck } from '../run/blame.js'
import type { PropertyOutcome, ScenarioRun } from '../run/checkScenario.js'
import { meetsExpectation, type Verdict } from '../run/expectations.js'
import { formatIssue, formatWarning } from '../input/index.js'
import { blameSummary, faultsText, listedSettings, settingSource } from './blameText.js'
import { effectiveConfig, translationsApart, type EffectiveConfig } from './effectiveConfig.js'

/** One step of a counterexample: the action in words and the state variables it changed. */
export interface TraceStepDocument {
  /** 0 is the initial state; step i is the state after the i-th action. */
  readonly index: number
  readonly action: string
  readonly changes: readonly {
    readonly path: string
    readonly before: unknown
    readonly after: unknown
    readonly shown: string
  }[]
}

export interface PropertyDocument {
  readonly name: string
  /** How the property is checked; null when Kafka refused the configuration and nothing was checked. */
  readonly kind: PropertyKind | null
  readonly verdict: Verdict
  /** Present when the scenario's `expect` block names the property. */
  readonly expected?: ExpectedVerdict
  /** Present with `expected`: whether the verdict meets it (an unreached `sometimes` counts as violated). */
  readonly matches?: boolean
  /** For a violation: what went wrong, in a sentence or two; for an unreached ClientAuthenticates, what the clients log. */
  readonly explanation?: string
  /** For a violation: the files its counterexample was written to (empty when none were written). */
  readonly diagrams?: readonly string[]
  /** For a violation: the shortest counterexample, step by step. */
  readonly trace?: readonly TraceStepDocument[]
  /** For a violation that was blamed: the configuration lines it needs and the fewest faults that still break it. */
  readonly blame?: BlameDocument
}

/** One setting blame changed alone to its safe value, and what the property's re-check said. */
export interface BlamedSettingDocument {
  /** Kafka's property name, or `app.commit` and the like for kafkacheck's own blocks. */
  readonly setting: string
  /** Where the change was made: the block and key the user wrote it under, else where it would be written. */
  readonly block: string
  readonly key: string
  /** The effective value, as the resolved configuration holds it. */
  readonly value: string
  /** The value it was re-checked with. */
  readonly safe: string
  /** Settings not written, held at their effective values for the re-check (an upgrade keeps ZooKeeper). */
  readonly keeping: readonly { readonly block: string; readonly key: string; readonly value: string }[]
  /** "producer.properties:3", or whose default it is ("MSK default", "Kafka 3.7 default"). */
  readonly source: string
  /** Where the user wrote it; null for a default. */
  readonly origin: { readonly file: string; readonly line: number | null } | null
  readonly why: string
  /** "holds": in every reachable state; "holds-within": as far as `bound` let the search go. */
  readonly verdict: Recheck['verdict']
  readonly bound?: string
  /** For "rejected": why the changed configuration is refused. */
  readonly reason?: string
  /** Listed as needed: its change alone made the property hold (`verdict` says whether only within a bound). */
  readonly needed: boolean
}

export interface BlameDocument {
  /** One sentence: what the violation needs and the fewest faults; also the JUnit failure message of `ci`. */
  readonly summary: string
  /** Every setting re-checked, in the order of spec/config/safeAlternatives.ts. */
  readonly settings: readonly BlamedSettingDocument[]
  readonly faults: {
    /** Fault budget -> how many; only those needed. */
    readonly budgets: Readonly<Record<string, number>>
    /** Null when one fewer of each held in every reachable state; else the bound that cut such a re-check. */
    readonly openBelow: string | null
    readonly text: string
  }
}

export interface StatsDocument {
  readonly distinctStates: number
  readonly transitions: number
  readonly depth: number
  readonly seconds: number
  /** True when every reachable state was explored; false when a bound (depth, states, time) cut the search short. */
  readonly exhaustive: boolean
  readonly stoppedBy: StopReason | null
  readonly maxDepth: number
  readonly maxStates: number
  /** The model's own bound that cut the search ("bound.retries=2"), when `stoppedBy` is "constraint". */
  readonly constraint: string | null
  /** The resident memory at which the search would have stopped (`--max-memory`). */
  readonly maxMemoryBytes: number
  /** Worker threads the search could use for large levels (`--workers`). */
  readonly workers: number
  /**
   * Worker threads that expanded levels: 0 when every level stayed on the main thread (levels below 32,768 states, or
   * states that expand faster there than a round trip to a thread costs).
   */
  readonly workerThreads: number
  /** The most states queued at once, and the bytes one took in the queue (null: queued as objects). */
  readonly peakQueue: number
  readonly queueBytesPerState: number | null
  /** Bytes of queue written to temporary files because they exceeded the frontier's memory share. */
  readonly spilledBytes: number
}

/** How Kafka refused the configuration, in its own words. */
export interface RejectionDocument {
  readonly block: string
  readonly key: string
  readonly value: string
  readonly refusedBy: string
  readonly reason: string
  /** The one line kafkacheck prints, with the file and line. */
  readonly message: string
}

/** One scenario's run; `effectiveConfig` and `stats` are null when Kafka refused the configuration. */
export interface ScenarioDocument {
  readonly scenario: string
  readonly description: string
  /** The scenario file, or "command line" for `check --producer FILE ...`. */
  readonly source: string
  readonly status: 'checked' | 'rejected'
  readonly effectiveConfig: EffectiveConfig | null
  /** What changes meaning: an ignored key, a key for another role, a conflicting value, something not modelled. */
  readonly warnings: readonly string[]
  /** Keys read from another spelling (Spring Boot, librdkafka, ...): what each became, with file and line. */
  readonly translations?: readonly string[]
  readonly rejection: RejectionDocument | null
  readonly stats: StatsDocument | null
  readonly properties: readonly PropertyDocument[]
  /** What decides the exit code: for `check`, every property holds or meets its expectation; for `ci`, every expectation is met. */
  readonly ok: boolean
}

export type CheckDocument = { readonly command: 'check' } & ScenarioDocument

export interface CiDocument {
  readonly command: 'ci'
  readonly folder: string
  /** Every expectation of every scenario met. */
  readonly ok: boolean
  /** Expected properties whose verdict differs. */
  readonly differences: number
  readonly scenarios: readonly ScenarioDocument[]
  /** Scenario files without an `expect` block: not regression tests, so not checked. */
  readonly skipped: readonly { readonly scenario: string; readonly source: string }[]
  /** With `--shard K/N`: which shard of the folder this report covers (both counted from 1). */
  readonly shard?: { readonly index: number; readonly count: number }
  /** A `--merge --allow-partial` of shards that are not all there: the ones missing, whose scenarios are not in it. */
  readonly missingShards?: readonly number[]
}

export function blameDocument(blame: PropertyBlame): BlameDocument {
  const needed = listedSettings(blame)
  return {
    summary: blameSummary(blame),
    settings: blame.settings.map(setting => {
      const { recheck } = setting
      return {
        setting: setting.setting,
        block: setting.block,
        key: setting.key,
        value: setting.value,
        safe: setting.safe,
        keeping: setting.keeping.map(({ block, key, value }) => ({ block, key, value })),
        source: settingSource(setting),
        origin: setting.origin === null ? null : { file: setting.origin.file, line: setting.origin.line },
        why: setting.why,
        verdict: recheck.verdict,
        ...(recheck.verdict === 'holds-within' ? { bound: recheck.bound } : {}),
        ...(recheck.verdict === 'rejected' ? { reason: recheck.reason } : {}),
        needed: needed.includes(setting),
      }
    }),
    faults: {
      budgets: Object.fromEntries(
        Object.entries(blame.faults.faults).filter((entry): entry is [string, number] => entry[1] !== undefined),
      ),
      openBelow: blame.faults.openBelow,
      text: faultsText(blame.faults),
    },
  }
}

function propertyDocument(
  outcome: PropertyOutcome,
  diagrams: ReadonlyMap<string, readonly string[]>,
  blame: Blame | undefined,
  params: Params | undefined,
): PropertyDocument {
  const { name, kind, verdict, expected, counterexample } = outcome
  const blamed = blame?.properties.get(name)
  const unreachedBecause = verdict === 'unreached' && params !== undefined ? explainUnreached(name, params) : undefined
  return {
    name,
    kind,
    verdict,
    ...(expected === undefined ? {} : { expected, matches: meetsExpectation(verdict, expected) }),
    ...(unreachedBecause === undefined ? {} : { explanation: unreachedBecause }),
    ...(counterexample === undefined
      ? {}
      : {
          explanation: explainViolation(counterexample),
          diagrams: diagrams.get(name) ?? [],
          trace: describeSteps(counterexample).map(step => ({
            index: step.index,
            action: step.text,
            changes: step.changes,
          })),
        }),
    ...(blamed === undefined ? {} : { blame: blameDocument(blamed) }),
  }
}

/** A scenario of `kafkacheck ci`: no diagrams are written, and `ok` means every expectation is met. */
export const ciScenarioDocument = (run: ScenarioRun, blame?: Blame): ScenarioDocument =>
  scenarioDocument(
    run,
    new Map(),
    run.properties.every(p => p.expected === undefined || meetsExpectation(p.verdict, p.expected)),
    blame,
  )

/** The fields in the order a reader wants them: which scenario, how it was checked, then the verdicts. */
export function scenarioDocument(
  run: ScenarioRun,
  diagrams: ReadonlyMap<string, readonly string[]>,
  ok: boolean,
  blame?: Blame,
): ScenarioDocument {
  const { raw } = run.loaded
  const params = run.status === 'checked' ? run.params : undefined
  const properties = run.properties.map(outcome => propertyDocument(outcome, diagrams, blame, params))
  const source = raw.origin.file
  if (run.status === 'rejected') {
    const { issue } = run.loaded
    const { block, key, value, refusedBy, reason } = issue
    return {
      scenario: raw.name,
      description: raw.description,
      source,
      status: 'rejected',
      effectiveConfig: null,
      warnings: [],
      rejection: { block, key, value, refusedBy, reason, message: formatIssue(issue) },
      stats: null,
      properties,
      ok,
    }
  }
  const { scenario, warnings } = run.loaded
  const { translations, meaningful } = translationsApart(warnings)
  const { search } = run
  return {
    scenario: scenario.name,
    description: scenario.description,
    source,
    status: 'checked',
    effectiveConfig: effectiveConfig(scenario),
    warnings: meaningful.map(formatWarning),
    translations: translations.map(formatWarning),
    rejection: null,
    stats: {
      distinctStates: search.stats.distinctStates,
      transitions: search.stats.transitions,
      depth: search.stats.depth,
      seconds: search.stats.seconds,
      exhaustive: search.exhaustive,
      stoppedBy: search.stoppedBy ?? null,
      maxDepth: search.maxDepth,
      maxStates: search.maxStates,
      constraint: search.stoppedBy === 'constraint' ? (search.constraint ?? null) : null,
      maxMemoryBytes: search.maxMemoryBytes,
      workers: search.workers,
      workerThreads: search.stats.workerThreads,
      peakQueue: search.stats.peakQueue,
      queueBytesPerState:
        search.stats.queueBytesPerState === undefined ? null : Math.round(search.stats.queueBytesPerState),
      spilledBytes: search.stats.spilledBytes,
    },
    properties,
    ok,
  }
}
