// Bookkeeping of property verdicts, shared by the exhaustive search and the random simulation. A property is
// checked until it first fails; after that only its first (shortest, in BFS order) counterexample matters.

import type {
  ActionLike,
  Model,
  PropertyKind,
  PropertyVerdict,
  StatePredicate,
  StepPredicate,
  Violation,
} from './model.js'

type Named<P> = readonly [name: string, predicate: P]

export interface OpenProperties {
  readonly invariants: readonly string[]
  readonly steps: readonly string[]
  readonly quiescence: readonly string[]
  readonly sometimes: readonly string[]
  /** Whether a quiescent state is still to be reported as a deadlock. */
  readonly deadlock: boolean
}

const OPEN_LIST = { invariant: 'invariants', step: 'steps', quiescence: 'quiescence' } as const

/** The name under which `CheckOptions.deadlock` reports a state with no enabled action. */
export const DEADLOCK = 'Deadlock'

export class PropertyBook<S, A extends ActionLike> {
  readonly violations: Violation<S, A>[] = []
  private invariants: Named<StatePredicate<S>>[]
  private steps: Named<StepPredicate<S, A>>[]
  private quiescence: Named<StatePredicate<S>>[]
  private pendingSometimes: Named<StatePredicate<S>>[]
  private readonly kinds: [string, PropertyKind][] = []

  constructor(
    model: Model<S, A>,
    private readonly deadlock: boolean,
  ) {
    this.invariants = this.register('invariant', model.invariants)
    this.steps = this.register('step', model.stepInvariants)
    this.quiescence = this.register('quiescence', model.atQuiescence)
    this.pendingSometimes = this.register('sometimes', model.sometimes)
    if (deadlock) this.kinds.push([DEADLOCK, 'deadlock'])
  }

  get checksSteps(): boolean {
    return this.steps.length > 0
  }

  /** Invariants that fail in `state` for the first time. */
  failingInvariants(state: S): string[] | undefined {
    let failing: string[] | undefined
    for (const [name, holds] of this.invariants) {
      if (!holds(state)) (failing ??= []).push(name)
    }
    if (failing) this.invariants = this.invariants.filter(([name]) => !failing.includes(name))
    return failing
  }

  /** Step invariants that fail on this transition for the first time. */
  failingSteps(before: S, action: A, after: S): string[] | undefined {
    let failing: string[] | undefined
    for (const [name, holds] of this.steps) {
      if (!holds(before, action, after)) (failing ??= []).push(name)
    }
    if (failing) this.steps = this.steps.filter(([name]) => !failing.includes(name))
    return failing
  }

  /** Quiescence properties that fail in the quiescent `state` for the first time. */
  failingAtQuiescence(state: S): string[] | undefined {
    let failing: string[] | undefined
    for (const [name, holds] of this.quiescence) {
      if (!holds(state)) (failing ??= []).push(name)
    }
    if (failing) this.quiescence = this.quiescence.filter(([name]) => !failing.includes(name))
    return failing
  }

  /** True for the first quiescent state when deadlocks are reported. */
  firstDeadlock(): boolean {
    return this.deadlock && !this.violations.some(v => v.kind === 'deadlock')
  }

  /** Marks the `sometimes` properties that hold in `state` as reached. */
  observe(state: S): void {
    if (this.pendingSometimes.length === 0) return
    this.pendingSometimes = this.pendingSometimes.filter(([, holds]) => !holds(state))
  }

  /** Adds a violation of kind `sometimes` for every property still unreached; call once, at the end. */
  closeSometimes(): void {
    for (const [property] of this.pendingSometimes) this.violations.push({ kind: 'sometimes', property })
  }

  /** The names of the properties still checked, by kind: what worker threads are asked to check. */
  open(): OpenProperties {
    const names = <P>(list: Named<P>[]) => list.map(([name]) => name)
    return {
      invariants: names(this.invariants),
      steps: names(this.steps),
      quiescence: names(this.quiescence),
      sometimes: names(this.pendingSometimes),
      deadlock: this.firstDeadlock(),
    }
  }

  /** Of `names`, found failing elsewhere (by a worker), those still checked; they stop being checked. */
  takeFailing(kind: 'invariant' | 'step' | 'quiescence', names: readonly string[]): string[] | undefined {
    const open = this.open()[OPEN_LIST[kind]]
    const failing = names.filter(name => open.includes(name))
    if (failing.length === 0) return undefined
    const rest = <P>(list: Named<P>[]) => list.filter(([name]) => !failing.includes(name))
    if (kind === 'invariant') this.invariants = rest(this.invariants)
    else if (kind === 'step') this.steps = rest(this.steps)
    else this.quiescence = rest(this.quiescence)
    return failing
  }

  /** Marks `sometimes` properties found to hold elsewhere (by a worker) as reached. */
  reach(names: readonly string[]): void {
    if (names.length > 0) this.pendingSometimes = this.pendingSometimes.filter(([name]) => !names.includes(name))
  }

  /** The properties no longer checked: violated ones and `sometimes` ones already reached (for a checkpoint). */
  decided(): string[] {
    const pending = new Set(
      [...this.invariants, ...this.steps, ...this.quiescence, ...this.pendingSometimes].map(([n]) => n),
    )
    if (this.firstDeadlock()) pending.add(DEADLOCK)
    return this.kinds.map(([name]) => name).filter(name => !pending.has(name))
  }

  /** Stops checking properties a checkpoint had decided. */
  restoreDecided(decided: readonly string[]): void {
    const open = <P>(list: Named<P>[]) => list.filter(([name]) => !decided.includes(name))
    this.invariants = open(this.invariants)
    this.steps = open(this.steps)
    this.quiescence = open(this.quiescence)
    this.pendingSometimes = open(this.pendingSometimes)
  }

  verdicts(): PropertyVerdict[] {
    return this.kinds.map(([property, kind]) => {
      const failed = this.violations.some(v => v.property === property)
      const verdict = !failed ? 'holds' : kind === 'sometimes' ? 'unreached' : 'violated'
      return { property, kind, verdict }
    })
  }

  private register<P>(kind: PropertyKind, properties: Readonly<Record<string, P>> | undefined): Named<P>[] {
    const named = Object.entries(properties ?? {})
    for (const [name] of named) this.kinds.push([name, kind])
    return named
  }
}
