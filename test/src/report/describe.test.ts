import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACTION_TYPES, type Action } from '../../../spec/actions.js'
import { describeStep } from '../../../src/report/describe.js'
import { walk, walkedScenarios } from './counterexamples.js'

describe('describeStep', () => {
  const scenarios = walkedScenarios()

  it('describes every step of random walks in words, with at least one mark, and never prints a raw index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), (pick, seed) => {
        const c = walk(scenarios[pick]!, seed, 40)
        for (let at = 1; at < c.trace.length; at++) {
          const story = describeStep(c.params, c.trace[at - 1]!.state, c.trace[at]!.action!, c.trace[at]!.state)
          expect(story.text).not.toBe('')
          const outsideQuotes = story.text.replace(/"[^"]*"/g, '""') // record keys are the user's text, e.g. "order-1"
          expect(outsideQuotes).not.toMatch(/undefined|NaN|-1\b|\[object|broker 0\b|producer 0\b|consumer 0\b|\bm0\b/)
          expect(story.marks.length).toBeGreaterThan(0)
          for (const mark of story.marks) expect(mark.label).not.toMatch(/undefined|NaN|\[object/)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('has words for every action type the specification has', () => {
    const seen = new Set<Action['type']>()
    for (const scenario of scenarios)
      for (let seed = 0; seed < 40; seed++)
        for (const step of walk(scenario, seed, 40).trace.slice(1)) seen.add(step.action!.type)
    expect([...seen].sort()).toEqual([...ACTION_TYPES].sort())
  })
})
