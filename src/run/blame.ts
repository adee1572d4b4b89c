// Blame: which of a scenario's settings a violated property's counterexample needs, and the fewest faults that still
// break it. Each candidate setting (one the user wrote, or a default, whose value is not its safe alternative; the
// table is spec/config/safeAlternatives.ts) is set alone to its safe value and the scenario checked again, as
// `matrix` does, through Kafka's own defaults and validation; the settings whose change makes the property hold in
// every reachable state are what it needs. Then the fault budgets are lowered, from the faults the shortest
// counterexample used, while the property is still violated.
//
// What keeps it cheap: a re-check first replays each property's counterexample in the changed model (still possible
// and still violating: violated, no search), then searches for the rest together, for those properties only, and
// stops as soon as each of them is violated again. Only a change that makes a property hold costs a whole search.
import type { Model, Progress } from '../../checker/index.js'
import {
  defaultSource,
  FAULT_NAMES,
  FaultsUsedSchema,
  redacted,
  SAFE_ALTERNATIVES,
  type Action,
  type BlockName,
  type Faults,
  type Origin,
  type RawScenario,
  type SafeAlternative,
  type State,
} from '../../spec/index.js'
import { formatIssue } from '../input/index.js'
import {
  prepareScenario,
  runScenario,
  type PropertyOutcome,
  type ScenarioRun,
  type Search,
  type SearchLimits,
} from './checkScenario.js'
import type { Counterexample } from './counterexample.js'
import { InputError } from './exit.js'
import { resolveLoaded, type ValidScenario } from './load.js'
import { withSetting } from './scenarioEdit.js'

export type FaultName = keyof Faults

/** A value set in a block of the scenario as written. */
export interface SettingChange {
  readonly block: BlockName
  readonly key: string
  readonly value: string
}

/** What a re-check of the property found with one change made. */
export type Recheck =
  | { readonly verdict: 'holds' }
  /** Held as far as the search went, but a bound cut it: never counted as holding. */
  | { readonly verdict: 'holds-within'; readonly bound: string }
  | { readonly verdict: 'violated' }
  /** Kafka refuses the changed configuration, or it is not one kafkacheck can check. */
  | { readonly verdict: 'rejected'; readonly reason: string }
  /** The changed scenario does not have the property (it belongs to a part the change removed). */
  | { readonly verdict: 'absent' }

export interface BlamedSetting {
  /** Kafka's property name, or `app.commit` and the like for kafkacheck's own blocks. */
  readonly setting: string
  /** Where the change was made: where the user wrote the setting, else where a user would write it. */
  readonly block: BlockName
  readonly key: string
  /** The effective value, from the resolved configuration (never the text as written). */
  readonly value: string
  /** The value it was re-checked with. */
  readonly safe: string
  /** Settings the user did not write, set to their effective values for the re-check (an upgrade keeps ZooKeeper). */
  readonly keeping: readonly SettingChange[]
  /** Where the user wrote it; null for a default. */
  readonly origin: Origin | null
  /** Who set a default: "MSK default", "Kafka 3.7 default", "default"; null when written. */
  readonly defaultBy: string | null
  readonly why: string
  readonly recheck: Recheck
}

export interface FewestFaults {
  /** The fault budgets that still break the property, only those above 0 (none: it needs no fault). */
  readonly faults: Readonly<Partial<Record<FaultName, number>>>
  /**
   * Null when one fault fewer of each kind was re-checked and the property held in every reachable state (or Kafka
   * refused the lower budget); else the bound that cut such a re-check, which leaves open whether fewer would do.
   */
  readonly openBelow: string | null
}

export interface PropertyBlame {
  readonly property: string
  /** Every candidate, in the table's order, with what its change gave. */
  readonly settings: readonly BlamedSetting[]
  readonly faults: FewestFaults
}

/** The bound that cut a search short, as a report names it after "within". */
function boundOf(search: Search): string {
  switch (search.stoppedBy) {
    case 'constraint':
      return search.constraint ?? "the model's bound"
    case 'maxDepth':
      return `depth ${search.maxDepth}`
    case 'maxStates':
      return `${search.maxStates} states`
    case 'timeLimit':
      return 'the time limit'
    case 'memoryLimit':
      return 'the memory limit'
    case 'firstViolation':
    case undefined:
      return 'the search bound'
  }
}

/** A name no property of the model has: the monitor that stops a re-check once every watched property failed. */
const MONITOR = 'kafkacheck:blame-monitor'

/**
 * The model checking only `properties`, for a re-check: each is watched (its failures recorded, never reported) and
 * a monitor invariant fails once all of them have failed, so that a search with `stopOnFirstViolation` stops there;
 * the engine itself stops only at a first violation. Each predicate still runs where the engine would run it, so a
 * property not recorded as failed holds as far as the search went.
 */
function watching(
  model: Model<State, Action>,
  properties: readonly string[],
): { readonly model: Model<State, Action>; readonly failed: ReadonlySet<string>; readonly present: readonly string[] } {
  const failed = new Set<string>()
  const present: string[] = []
  const watch = <P extends (...args: never[]) => boolean>(
    predicates: Readonly<Record<string, P>> | undefined,
  ): Record<string, P> =>
    Object.fromEntries(
      Object.entries(predicates ?? {}).flatMap(([name, holds]) => {
        if (!properties.includes(name)) return []
        present.push(name)
        const watched = (...args: Parameters<P>) => {
          if (!failed.has(name) && !holds(...args)) failed.add(name)
          return true
        }
        return [[name, watched as unknown as P]]
      }),
    )
  const invariants = watch(model.invariants)
  const stepInvariants = watch(model.stepInvariants)
  const atQuiescence = watch(model.atQuiescence)
  // Last, so that it runs after the watched invariants of the same state.
  invariants[MONITOR] = () => failed.size < present.length
  return { model: { ...model, invariants, stepInvariants, atQuiescence, sometimes: {} }, failed, present }
}

/** Limits of a re-check: the run's own bounds, on one thread, without checkpoints, stopping at the monitor. */
const recheckLimits = (limits: SearchLimits): SearchLimits => ({
  maxStates: limits.maxStates,
  maxDepth: limits.maxDepth,
  timeLimitSeconds: limits.timeLimitSeconds,
  maxMemoryBytes: limits.maxMemoryBytes,
  stopOnFirstViolation: true,
  workers: 1,
})

/** Resolves a changed scenario: valid, or why not (Kafka's refusal, or input kafkacheck cannot check). */
function resolveChanged(raw: RawScenario): ValidScenario | { readonly reason: string } {
  try {
    const loaded = resolveLoaded(raw)
    return loaded.status === 'valid' ? loaded : { reason: formatIssue(loaded.issue) }
  } catch (error) {
    if (error instanceof InputError) return { reason: error.message }
    throw error
  }
}

/**
 * Whether the counterexample's run is possible in `model` too, and still violates its property there: its actions,
 * replayed from the model's initial state, are each enabled, each state expanded on the way is within the model's
 * constraint, the run is within the depth bound, and the property fails where the engine checks it. A breadth-first
 * search would then find it (it reaches every such state), so the re-check needs no search for that property.
 */
function replays(model: Model<State, Action>, counterexample: Counterexample, maxDepth: number): boolean {
  const { property, kind, trace } = counterexample
  const actions = trace.slice(1).map(step => JSON.stringify(step.action))
  if (actions.length > maxDepth) return false
  const expandable = (state: State) => model.constraint === undefined || model.constraint(state)
  for (const initial of model.init()) {
    let state = initial
    let stepFails = false
    const replayed = actions.every((wanted, i) => {
      if (!expandable(state)) return false
      const action = [...model.actions(state)].find(enabled => JSON.stringify(enabled) === wanted)
      if (action === undefined) return false
      const after = model.next(state, action)
      const holds = model.stepInvariants?.[property]
      if (kind === 'step' && i === actions.length - 1) stepFails = holds !== undefined && !holds(state, action, after)
      state = after
      return true
    })
    if (!replayed) continue
    if (kind === 'step' && stepFails) return true
    const invariant = model.invariants[property]
    if (kind === 'invariant' && invariant !== undefined && !invariant(state)) return true
    const atQuiescence = model.atQuiescence?.[property]
    const quiescent = expandable(state) && [...model.actions(state)].length === 0
    if (kind === 'quiescence' && atQuiescence !== undefined && quiescent && !atQuiescence(state)) return true
  }
  return false
}

/**
 * Checks `properties` together in the changed scenario, by property: those whose counterexample replays there are
 * violated without a search; the others are searched for together, stopping once each is violated.
 */
function recheck(
  raw: RawScenario,
  properties: readonly string[],
  counterexamples: ReadonlyMap<string, Counterexample>,
  limits: SearchLimits,
  onProgress?: (progress: Progress) => void,
): { readonly results: ReadonlyMap<string, Recheck>; readonly searched: boolean } {
  const all = (result: Recheck) => ({
    results: new Map(properties.map(property => [property, result])),
    searched: false,
  })
  const loaded = resolveChanged(raw)
  if ('reason' in loaded) return all({ verdict: 'rejected', reason: loaded.reason })
  const prepared = prepareScenario(loaded)
  if (prepared.status !== 'valid') return all({ verdict: 'rejected', reason: 'Kafka refuses this configuration' })
  const maxDepth = limits.maxDepth ?? loaded.scenario.bound.depth
  const replayed = properties.filter(property => {
    const counterexample = counterexamples.get(property)
    return counterexample !== undefined && replays(prepared.model, counterexample, maxDepth)
  })
  const searched = properties.filter(property => !replayed.includes(property))
  const results = new Map<string, Recheck>(replayed.map(property => [property, { verdict: 'violated' }]))
  if (searched.length === 0) return { results, searched: false }
  const watched = watching(prepared.model, searched)
  const run = runScenario({ ...prepared, model: watched.model }, recheckLimits(limits), onProgress)
  if (run.status !== 'checked') return all({ verdict: 'rejected', reason: 'Kafka refuses this configuration' })
  const unviolated: Recheck = run.search.exhaustive
    ? { verdict: 'holds' }
    : { verdict: 'holds-within', bound: boundOf(run.search) }
  for (const property of searched)
    results.set(
      property,
      !watched.present.includes(property)
        ? { verdict: 'absent' }
        : watched.failed.has(property)
          ? { verdict: 'violated' }
          : unviolated,
    )
  return { results, searched: true }
}

/** The scenario as written, without its expectations: they would not fit every change (a property may go). */
function asWritten(loaded: ValidScenario): RawScenario {
  const { expect: _expectations, ...blocks } = loaded.raw.blocks
  return { ...loaded.raw, blocks }
}

const BLAME_ORIGIN = 'blame'

interface Candidate {
  readonly alternative: SafeAlternative
  readonly block: BlockName
  readonly key: string
  readonly origin: Origin | null
  readonly defaultBy: string | null
  /** The changed scenario, with the first safe value that Kafka accepts along with the rest (else the first). */
  readonly changed: RawScenario
  readonly safe: string
  readonly keeping: readonly SettingChange[]
}

/** The settings worth re-checking: each one whose effective value is not its safe alternative. */
function candidates(loaded: ValidScenario, raw: RawScenario): Candidate[] {
  const { scenario } = loaded
  return SAFE_ALTERNATIVES.flatMap((alternative): Candidate[] => {
    const safeValues = alternative.safe(scenario)
    if (safeValues.length === 0) return []
    const written = alternative.places.find(place => raw.blocks[place.block]?.has(place.key))
    const place = written ?? alternative.places[0]!
    // What it keeps is set first, where the user did not write it, so that the change stays one setting.
    // What goes with it is set even where the user wrote it: without it the change would only cut a client off.
    const keeping = [
      ...(alternative.keeping?.(scenario) ?? []).filter(({ block, key }) => !raw.blocks[block]?.has(key)),
      ...(alternative.together?.(scenario) ?? []),
    ]
    const kept = keeping.reduce(
      (changed, { block, key, value }) => withSetting(changed, block, key, value, BLAME_ORIGIN),
      raw,
    )
    const change = (value: string) => withSetting(kept, place.block, place.key, value, BLAME_ORIGIN)
    const accepted = safeValues.find(value => !('reason' in resolveChanged(change(value))))
    const safe = accepted ?? safeValues[0]!
    return [
      {
        alternative,
        block: place.block,
        key: place.key,
        origin: written === undefined ? null : raw.blocks[written.block]!.get(written.key)!.origin,
        defaultBy: written === undefined ? defaultSource(scenario, place) : null,
        changed: change(safe),
        safe,
        keeping,
      },
    ]
  })
}

/**
 * How many faults of each kind the counterexample injected, read from its last state's counters; a fault the state
 * does not count (an eavesdropper is there or not) is absent.
 */
export function faultsUsed(counterexample: Counterexample): Partial<Record<FaultName, number>> {
  const used: Partial<Record<FaultName, number>> = {}
  const last = counterexample.trace[counterexample.trace.length - 1]!.state.faults
  for (const [field, schema] of Object.entries(FaultsUsedSchema.fields)) {
    const name = (schema as { readonly max: unknown }).max as FaultName
    if ((FAULT_NAMES as readonly string[]).includes(name)) used[name] = last[field as keyof typeof last]
  }
  return used
}

/** Runs one re-check, with a progress line labelled by what it checks. */
export type Progressing = (label: string) => {
  readonly update: (progress: Progress) => void
  readonly done: () => void
}

/** One property's way down to its fewest faults: its budgets so far, and the kind of fault it lowers next. */
interface Descent {
  readonly property: string
  readonly budgets: Record<FaultName, number>
  next: number
  openBelow: string | null
}

/**
 * The fewest faults that still violate each property: from those its shortest counterexample used (that run stays
 * possible with exactly those budgets), each kind in turn lowered by one while a re-check is still violated (a
 * property that only exists with a fault, such as confidentiality with an attacker, keeps it). The properties go
 * down together, so that those that try the same budgets share one search.
 */
function fewestFaults(
  loaded: ValidScenario,
  raw: RawScenario,
  counterexamples: readonly Counterexample[],
  check: (raw: RawScenario, properties: readonly string[], label: string) => ReadonlyMap<string, Recheck>,
): Map<string, FewestFaults> {
  const base = loaded.scenario.faults
  const withBudgets = (wanted: Record<FaultName, number>) =>
    FAULT_NAMES.reduce(
      (scenario, name) =>
        wanted[name] === base[name]
          ? scenario
          : withSetting(scenario, 'faults', name, String(wanted[name]), BLAME_ORIGIN),
      raw,
    )
  // Counted faults start from what the counterexample used; any other from its whole budget.
  const descents: Descent[] = counterexamples.map(c => {
    const used = faultsUsed(c)
    const budgets = Object.fromEntries(FAULT_NAMES.map(name => [name, used[name] ?? base[name]]))
    return { property: c.property, budgets: budgets as Record<FaultName, number>, next: 0, openBelow: null }
  })
  for (;;) {
    // Each descent's next try, grouped by the budgets it tries.
    const tries = new Map<string, { readonly budgets: Record<FaultName, number>; readonly descents: Descent[] }>()
    for (const descent of descents) {
      while (descent.next < FAULT_NAMES.length && descent.budgets[FAULT_NAMES[descent.next]!] === 0) descent.next++
      const name = FAULT_NAMES[descent.next]
      if (name === undefined) continue
      const budgets = { ...descent.budgets, [name]: descent.budgets[name] - 1 }
      const key = JSON.stringify(budgets)
      const group = tries.get(key) ?? { budgets, descents: [] }
      group.descents.push(descent)
      tries.set(key, group)
    }
    if (tries.size === 0) break
    for (const { budgets, descents: group } of tries.values()) {
      const label = FAULT_NAMES.filter(name => budgets[name] > 0)
        .map(name => `${name}=${budgets[name]}`)
        .join(' ')
      const results = check(
        withBudgets(budgets),
        group.map(d => d.property),
        label === '' ? 'no faults' : label,
      )
      for (const descent of group) {
        const result = results.get(descent.property)!
        if (result.verdict === 'violated') Object.assign(descent.budgets, budgets)
        else {
          // A refused budget cannot be lowered; a bounded answer leaves open whether fewer would do.
          if (result.verdict === 'holds-within') descent.openBelow ??= result.bound
          descent.next++
        }
      }
    }
  }
  return new Map(
    descents.map(({ property, budgets, openBelow }) => [
      property,
      {
        faults: Object.fromEntries(FAULT_NAMES.filter(name => budgets[name] > 0).map(name => [name, budgets[name]])),
        openBelow,
      },
    ]),
  )
}

/** What blame found for the violated properties of one run. */
export interface Blame {
  /** By property, in the run's order. */
  readonly properties: ReadonlyMap<string, PropertyBlame>
  /** Searches run (a change whose counterexamples all replay needs none), and how long blame took in all. */
  readonly rechecks: number
  readonly seconds: number
}

/**
 * Blame for every property of `run` that has a counterexample and that `select` picks. Each candidate setting is
 * re-checked once for all of them together; the fault budgets are lowered for each property on its own.
 */
export function blameRun(
  run: ScenarioRun,
  select: (outcome: PropertyOutcome) => boolean,
  limits: SearchLimits,
  progress?: Progressing,
): Blame {
  const started = performance.now()
  const blamed = run.properties.flatMap(outcome =>
    outcome.counterexample !== undefined && select(outcome) ? [outcome.counterexample] : [],
  )
  if (run.status !== 'checked' || blamed.length === 0) return { properties: new Map(), rechecks: 0, seconds: 0 }
  const { loaded } = run
  const raw = asWritten(loaded)
  const names = blamed.map(c => c.property)
  const counterexamples = new Map(blamed.map(c => [c.property, c]))
  let rechecks = 0
  // A time limit bounds blame as a whole, as it bounds the check: each re-check gets what is left of it.
  const deadline = limits.timeLimitSeconds === undefined ? undefined : started + limits.timeLimitSeconds * 1000
  const check = (changed: RawScenario, properties: readonly string[], label: string) => {
    const which = properties.length === 1 ? properties[0] : `${properties.length} violations`
    const line = progress?.(`blame: ${which} with ${label}`)
    const left =
      deadline === undefined
        ? limits
        : { ...limits, timeLimitSeconds: Math.max(0, deadline - performance.now()) / 1000 }
    const { results, searched } = recheck(changed, properties, counterexamples, left, line?.update)
    line?.done()
    if (searched) rechecks++
    return results
  }
  const settings = candidates(loaded, raw).map(candidate => ({
    candidate,
    results: check(candidate.changed, names, `${candidate.alternative.setting}=${candidate.safe}`),
  }))
  const faults = fewestFaults(loaded, raw, blamed, check)
  const properties = new Map(
    blamed.map((counterexample): [string, PropertyBlame] => {
      const { property } = counterexample
      return [
        property,
        {
          property,
          settings: settings.map(({ candidate, results }) => ({
            setting: candidate.alternative.setting,
            block: candidate.block,
            key: candidate.key,
            // The resolved value, through the same redaction every report applies (none of these is a secret today).
            value: redacted(candidate.block, candidate.key, candidate.alternative.effective(loaded.scenario)),
            safe: candidate.safe,
            keeping: candidate.keeping,
            origin: candidate.origin,
            defaultBy: candidate.defaultBy,
            why: candidate.alternative.why,
            recheck: results.get(property)!,
          })),
          faults: faults.get(property)!,
        },
      ]
    }),
  )
  return { properties, rechecks, seconds: (performance.now() - started) / 1000 }
}
