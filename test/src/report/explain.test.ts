import { describe, expect, it } from 'vitest'
import { kafkaModel, paramsOf, type PropertyName } from '../../../spec/index.js'
import { isPropertyName } from '../../../src/report/explain.js'
import { builtIn, builtInNames } from './counterexamples.js'

// PropertyName is the closed list of property names, not any string: a table keyed by it must name every property.
// @ts-expect-error NoDuplicateInLog and the others are missing
const incomplete: { readonly [P in PropertyName]: string } = { NoLossOfAcked: 'explained' }

describe('explanations', () => {
  it('exist for every property a built-in scenario can violate', () => {
    const names = new Set<string>()
    for (const name of builtInNames()) {
      const model = kafkaModel(paramsOf(builtIn(name)))
      for (const properties of [model.invariants, model.stepInvariants, model.atQuiescence])
        for (const property of Object.keys(properties ?? {})) names.add(property)
    }
    expect(names.size).toBeGreaterThanOrEqual(9)
    expect([...names].filter(name => !isPropertyName(name))).toEqual([])
    expect(isPropertyName('RecordAcknowledged')).toBe(false)
    expect(Object.keys(incomplete)).toEqual(['NoLossOfAcked'])
  })
})
