// Seeded random simulation, for models too big to exhaust: random walks that check the same properties as the
// exhaustive search. Run i uses seed `seed + i`, so `simulate(model, { seed: runSeed, runs: 1 })` replays any run
// that found a violation, step for step.

import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { ActionLike, Model, PropertyVerdict, Step, Trace, Violation } from './model.js'
import { PropertyBook } from './properties.js'

export interface SimulateOptions {
  readonly seed: number
  /** Steps per run at most (a run also ends where no action is enabled or the constraint is left). */
  readonly steps: number
  readonly runs?: number
}

export interface SimulationStats {
  readonly runs: number
  readonly steps: number
  readonly seconds: number
}

/** A violation found by simulation, with the seed that replays its run. */
export type SimulatedViolation<S, A> = Violation<S, A> & { readonly runSeed?: number }

export type SimulationResult<S, A> =
  | { readonly status: 'holds'; readonly stats: SimulationStats; readonly properties: readonly PropertyVerdict[] }
  | {
      readonly status: 'violated'
      readonly violations: readonly SimulatedViolation<S, A>[]
      readonly stats: SimulationStats
      readonly properties: readonly PropertyVerdict[]
    }

/** One random walk from `seed`: the steps taken, in order. Deterministic for a pure model. */
export function randomWalk<S, A extends ActionLike>(model: Model<S, A>, seed: number, steps: number): Trace<S, A> {
  const trace: Step<S, A>[] = []
  walk(model, seed, steps, step => trace.push(step))
  return trace
}

/** Checks the model's properties along `runs` random walks from `seed`; violations carry the seed of their run. */
export function simulate<S, A extends ActionLike>(
  model: Model<S, A>,
  options: SimulateOptions,
): SimulationResult<S, A> {
  const started = performance.now()
  const book = new PropertyBook(model, false)
  const runs = options.runs ?? 1
  let totalSteps = 0
  for (let run = 0; run < runs; run++) {
    const runSeed = options.seed + run
    const trace: Step<S, A>[] = []
    const found = (kind: 'invariant' | 'step' | 'quiescence', properties: readonly string[]) => {
      const violations: SimulatedViolation<S, A>[] = book.violations
      for (const property of properties) violations.push({ kind, property, trace: [...trace], runSeed })
    }
    walk(model, runSeed, options.steps, (step, quiescent) => {
      trace.push(step)
      totalSteps++
      const previous = trace[trace.length - 2]
      if (previous && step.action && book.checksSteps) {
        const failing = book.failingSteps(previous.state, step.action, step.state)
        if (failing) found('step', failing)
      }
      const failing = book.failingInvariants(step.state)
      if (failing) found('invariant', failing)
      book.observe(step.state)
      if (quiescent) {
        const atRest = book.failingAtQuiescence(step.state)
        if (atRest) found('quiescence', atRest)
      }
    })
  }
  book.closeSometimes()
  const stats = { runs, steps: totalSteps, seconds: (performance.now() - started) / 1000 }
  const properties = book.verdicts()
  return book.violations.length === 0
    ? { status: 'holds', stats, properties }
    : { status: 'violated', violations: book.violations, stats, properties }
}

/** Walks from a random initial state, calling `visit` for every state reached (the first has no action). */
function walk<S, A extends ActionLike>(
  model: Model<S, A>,
  seed: number,
  steps: number,
  visit: (step: Step<S, A>, quiescent: boolean) => void,
): void {
  const rng = xoroshiro128plus(seed)
  const initial = model.init()
  if (initial.length === 0) return
  let state: S = initial[uniformInt(rng, 0, initial.length - 1)]!
  let action: A | undefined
  for (let taken = 0; ; taken++) {
    const enabled = model.constraint && !model.constraint(state) ? [] : [...model.actions(state)]
    const quiescent = enabled.length === 0 && (!model.constraint || model.constraint(state))
    visit({ action, state }, quiescent)
    if (enabled.length === 0 || taken >= steps) return
    action = enabled[uniformInt(rng, 0, enabled.length - 1)]!
    state = model.next(state, action)
  }
}
