import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import { twoPhasePlain } from '../../bench/twoPhasePlain.js'

describe('TwoPhase as plain objects, fingerprinted by the generic encoding', () => {
  // 7 resource managers (296,448 states) is `npm run bench -- "2pc-7 plain"`'s to count: seconds, not a unit test.
  it('finds the state counts TLC reports', () => {
    expect(check(twoPhasePlain(3)).stats.distinctStates).toBe(288)
    expect(check(twoPhasePlain(5)).stats.distinctStates).toBe(8_832)
  })

  it('queues its states packed, read back for expansion as equal copies, and spills them to disk alike', () => {
    const result = check(twoPhasePlain(5))
    expect(result.stats.queueBytesPerState).toBeGreaterThan(0)
    const spilled = check(twoPhasePlain(5), { frontierSpillBytes: 0 })
    expect(spilled.stats.spilledBytes).toBeGreaterThan(0)
    expect(spilled.stats.distinctStates).toBe(8_832)
    expect(spilled.stats.transitions).toBe(result.stats.transitions)
    // The states `actions` receives are not the objects `next` returned, but equal to them.
    const base = twoPhasePlain(3)
    const made = new Set<object>()
    let expanded = 0
    let fromNext = 0
    check({
      ...base,
      actions: s => {
        expanded++
        if (made.has(s)) fromNext++
        return base.actions(s)
      },
      next: (s, a) => {
        const after = base.next(s, a)
        made.add(after)
        return after
      },
    })
    expect(expanded).toBe(288)
    expect(fromNext).toBe(0)
  })

  it('queues the objects themselves for a model with symmetry, whose words are of its representative', () => {
    const base = twoPhasePlain(3)
    const result = check({ ...base, symmetry: s => s })
    expect(result.stats.queueBytesPerState).toBeUndefined()
    expect(result.stats.distinctStates).toBe(288)
  })

  it('holds its invariant and reaches a state where every resource manager committed', () => {
    const result = check(twoPhasePlain(3))
    expect(result.status).toBe('holds')
    expect(result.properties.find(p => p.property === 'AllCommitted')?.verdict).toBe('holds')
    expect(result.stats.neverFired).toEqual([])
  })
})
