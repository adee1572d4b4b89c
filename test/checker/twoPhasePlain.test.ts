import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import { twoPhasePlain } from '../../bench/twoPhasePlain.js'

describe('TwoPhase as plain objects, fingerprinted by the generic encoding', () => {
  // 7 resource managers (296,448 states) is `npm run bench -- "2pc-7 plain"`'s to count: seconds, not a unit test.
  it('finds the state counts TLC reports', () => {
    expect(check(twoPhasePlain(3)).stats.distinctStates).toBe(288)
    expect(check(twoPhasePlain(5)).stats.distinctStates).toBe(8_832)
  })

  it('holds its invariant and reaches a state where every resource manager committed', () => {
    const result = check(twoPhasePlain(3))
    expect(result.status).toBe('holds')
    expect(result.properties.find(p => p.property === 'AllCommitted')?.verdict).toBe('holds')
    expect(result.stats.neverFired).toEqual([])
  })
})
