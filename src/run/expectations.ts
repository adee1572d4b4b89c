// The `expect` block as a regression test: which verdict each property must have, and whether a run met it. A
// `sometimes` property that was never reached counts as violated against an expectation (it did not hold).
import type { ActionLike, Model, PropertyVerdict } from '../../checker/index.js'
import { closestName, formatOrigin, type ExpectedVerdict } from '../../spec/index.js'
import { InputError } from './exit.js'
import type { ValidScenario } from './load.js'

/** What a run says about one property; `rejected` when Kafka refuses the configuration, so nothing ran. */
export type Verdict = PropertyVerdict['verdict'] | 'rejected'

/** The verdict as an expectation reads it. */
export const comparable = (verdict: Verdict): ExpectedVerdict => (verdict === 'unreached' ? 'violated' : verdict)

export const meetsExpectation = (verdict: Verdict, expected: ExpectedVerdict): boolean =>
  comparable(verdict) === expected

/** `kafkacheck check` passes a property that matches its expectation or, without one, holds. */
export const passes = (verdict: Verdict, expected: ExpectedVerdict | undefined): boolean =>
  expected === undefined ? verdict === 'holds' : meetsExpectation(verdict, expected)

/** Every property the model checks, in the order the engine reports them. */
export function propertyNames<S, A extends ActionLike>(model: Model<S, A>): string[] {
  return [model.invariants, model.stepInvariants, model.atQuiescence, model.sometimes].flatMap(properties =>
    Object.keys(properties ?? {}),
  )
}

/** Fails on an expectation naming a property this configuration does not have: a typo, or a property it cannot have. */
export function checkExpectedNames(loaded: ValidScenario, properties: readonly string[]): void {
  for (const [property, entry] of loaded.raw.blocks.expect ?? new Map()) {
    if (properties.includes(property)) continue
    const closest = closestName(property, properties)
    throw new InputError(
      `${formatOrigin(entry.origin)}: expect ${property} is not a property of this scenario` +
        `${closest === null ? '' : ` (did you mean ${closest}?)`}; its properties: ${properties.join(', ')}`,
    )
  }
}
