// Transitions per action type against a Map: every count lands on its own type, whatever types share a slot of the
// counter's table, however many there are, and whether or not a type's string is the same object each time.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ActionCounter } from '../../checker/actionCounter.js'

/**
 * Types made to share slots: many of one length with one middle character (and the empty type), a few hundred in
 * all so that the table grows several times, and the spec's own names.
 */
const types = [
  '',
  'x',
  ...Array.from({ length: 300 }, (_, i) => `T${String(i).padStart(3, '0')}m${i % 7}`),
  ...Array.from({ length: 40 }, (_, i) => `${'ab'.repeat(i % 5)}Q${'cd'.repeat(i % 5)}${i}`),
  'ConsumerCrash',
  'ConsumerPause',
  'ConsumerStart',
  'FollowerFetch',
  'RMRcvCommitMsg',
  'RMRcvAbortMsg',
  'Überweisung',
]

/** A count of one transition, or `add` of several (as merging a worker's counts does), of a type by its index. */
const operation = fc.record({
  type: fc.oneof(fc.nat({ max: 12 }), fc.nat({ max: types.length - 1 })),
  add: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
  // A copy built at run time: equal, but not the same string object as the literal.
  copy: fc.boolean(),
})

describe('the action counter', () => {
  it('counts as a Map does, in the order types were first met', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 1500, size: 'max' }), operations => {
        const counter = new ActionCounter()
        const expected = new Map<string, number>()
        for (const { type: at, add, copy } of operations) {
          const type = copy ? [...types[at]!].join('') : types[at]!
          if (add === undefined) counter.count(type)
          else counter.add(type, add)
          expected.set(type, (expected.get(type) ?? 0) + (add ?? 1))
        }
        expect(Object.entries(counter.toRecord())).toEqual([...expected])
        for (const type of types) expect(counter.of(type)).toBe(expected.get(type) ?? 0)
        // A checkpoint's counts, restored, go on counting the same.
        const restored = new ActionCounter()
        restored.restore(counter.toRecord())
        for (const type of types.slice(0, 20)) {
          restored.count(type)
          expect(restored.of(type)).toBe((expected.get(type) ?? 0) + 1)
        }
      }),
      { numRuns: 200 },
    )
  })
})
