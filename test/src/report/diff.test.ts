import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { diffStates, type Change } from '../../../src/report/diff.js'
import { variablePath } from '../../../src/report/variables.js'
import { walk, walkedScenarios } from './counterexamples.js'

/** Applies changes to a deep copy of `value`: what a reader of the diff would do. */
function applyChanges(value: unknown, changes: readonly Change[]): unknown {
  // A JSON copy, not structuredClone: states share arrays between variables, and a copy must not alias them.
  const root = { value: JSON.parse(JSON.stringify(value)) as unknown }
  for (const { path, after } of changes) {
    let parent: Record<string | number, unknown> = root
    let key: string | number = 'value'
    for (const step of path) {
      parent = parent[key] as Record<string | number, unknown>
      key = step
    }
    if (after === undefined) delete parent[key]
    else parent[key] = JSON.parse(JSON.stringify(after)) as unknown
  }
  return root.value
}

const plainData = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -3, max: 3 }),
    fc.boolean(),
    fc.constantFrom('a', 'b', 'inFlight'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('x', 'y', 'log', 'isr'), tie('value'), { maxKeys: 3 }),
  ),
})).value

describe('diffStates', () => {
  it('reports changes that, applied to the state before, give the state after (any plain data)', () => {
    fc.assert(
      fc.property(plainData, plainData, (before, after) => {
        expect(applyChanges(before, diffStates(before, after))).toEqual(after)
      }),
    )
  })

  it('reports changes that, applied to the state before, give the state after (every step of random walks)', () => {
    const scenarios = walkedScenarios()
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), (pick, seed) => {
        const { trace } = walk(scenarios[pick]!, seed, 30)
        for (let at = 1; at < trace.length; at++) {
          const changes = diffStates(trace[at - 1]!.state, trace[at]!.state)
          expect(changes.length).toBeGreaterThan(0)
          expect(applyChanges(trace[at - 1]!.state, changes)).toEqual(trace[at]!.state)
        }
      }),
      { numRuns: 40 },
    )
  })

  it('names the variables it reports the way a Kafka engineer would', () => {
    const c = walk(walkedScenarios()[0]!, 1, 1)
    const p = c.params
    expect(variablePath(p, ['partitions', 0, 'replicas', 1, 'log'])).toBe('partition 0 / broker 2 / log')
    expect(variablePath(p, ['batches', 0, 'status'])).toBe('m1 batch / status')
    expect(variablePath(p, ['brokerAlive', 2])).toBe('broker 3 alive')
    expect(variablePath(p, ['producers', 0, 'queues', 0])).toBe('producer 1 / partition 0 queue')
    expect(variablePath(p, ['partitions', 0, 'isr'])).toBe('partition 0 / ISR')
    expect(variablePath(p, ['group', 'committed', 0])).toBe('group / partition 0 committed offset')
    expect(variablePath(p, ['somethingNew', 3, 'fieldName'])).toBe('something new[3] / field name')
  })
})
