import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arrayOf, int, record, setOf } from '../../../checker/schema.js'
import { PartitionSchema, StateSchema } from '../../../spec/index.js'
import { diffStates } from '../../../src/report/diff.js'
import { formatValue, stateListing, variablePath } from '../../../src/report/variables.js'
import { walk, walkedScenarios } from './counterexamples.js'

/** The state's schema with two fields a future spec might add, named nowhere in the report. */
const extended = record('State', {
  ...StateSchema.fields,
  partitions: arrayOf(
    record('Partition', { ...PartitionSchema.fields, observers: setOf('broker', 'broker') }),
    'partitions',
    { index: 'partition' },
  ),
  previousLeader: arrayOf(int(-1, 'broker', 'broker'), 'partitions', {
    index: 'partition',
    element: 'previous leader',
  }),
})

describe('variable names', () => {
  it('come from the schema, so a field added to it reads well with no edit to the report', () => {
    const c = walk(walkedScenarios()[0]!, 1, 3)
    const p = c.params
    expect(variablePath(p, ['previousLeader', 0], extended)).toBe('partition 0 previous leader')
    expect(formatValue(p, ['previousLeader', 0], 2, extended)).toBe('broker 3')
    expect(formatValue(p, ['previousLeader', 0], -1, extended)).toBe('none')
    expect(variablePath(p, ['partitions', 0, 'observers'], extended)).toBe('partition 0 / observers')
    expect(formatValue(p, ['partitions', 0, 'observers'], [0, 2], extended)).toBe('{1, 3}')

    const state = c.trace[c.trace.length - 1]!.state
    const grown = {
      ...state,
      partitions: state.partitions.map(partition => ({ ...partition, observers: [1] })),
      previousLeader: state.partitions.map(() => 0),
    }
    const listing = stateListing(p, grown, extended)
    expect(listing).toContainEqual({ path: 'partition 0 / observers', value: '{2}' })
    expect(listing).toContainEqual({ path: 'partition 0 previous leader', value: 'broker 1' })
  })

  it('print identifiers as reports name them, and an identifier that is not set as none', () => {
    const p = walk(walkedScenarios()[0]!, 1, 0).params
    expect(formatValue(p, ['batches', 0, 'partition'], -1)).toBe('none')
    expect(formatValue(p, ['batches', 0, 'partition'], 1)).toBe('partition 1')
    expect(formatValue(p, ['partitions', 0, 'leader'], 1)).toBe('broker 2')
    expect(formatValue(p, ['partitions', 0, 'isr'], [0, 2])).toBe('{1, 3}')
    expect(formatValue(p, ['group', 'members'], [0, 1])).toBe('{consumer 1, consumer 2}')
    expect(formatValue(p, ['consumers', 0, 'owned'], [0, 1])).toBe('{0, 1}')
    expect(formatValue(p, ['producers', 0, 'queues', 0], [0, 1])).toBe('[m1, m2]')
  })

  it('list every variable of every reachable state by name, each record in words (random walks)', () => {
    const scenarios = walkedScenarios()
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), (pick, seed) => {
        const c = walk(scenarios[pick]!, seed, 30)
        for (const { state } of c.trace)
          for (const { path, value } of stateListing(c.params, state)) {
            expect(path).not.toMatch(/\[\d|undefined|-1/)
            // A record printed field by field ("{message: m1, …}") is one the report has no words for.
            expect(value).not.toMatch(/\{[a-z ]+: |undefined|NaN|partition -1/)
          }
      }),
      { numRuns: 30 },
    )
  })
})

describe('diffStates with the schema', () => {
  it('reports a list or a set that changed as one value, as the state listing shows it', () => {
    const c = walk(walkedScenarios()[0]!, 1, 1)
    const before = c.trace[0]!.state
    const partition = before.partitions[0]!
    const after = {
      ...before,
      partitions: [
        { ...partition, isr: [partition.isr[0]! + 1, ...partition.isr.slice(1)] },
        ...before.partitions.slice(1),
      ],
    }
    expect(diffStates(before, after, StateSchema)).toEqual([
      { path: ['partitions', 0, 'isr'], before: partition.isr, after: after.partitions[0]!.isr },
    ])
    // Without the schema, the same change is the one member that moved.
    expect(diffStates(before, after).map(change => change.path)).toEqual([['partitions', 0, 'isr', 0]])
  })
})
