import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import { twoPhasePlain } from '../../bench/twoPhasePlain.js'

describe('TwoPhase as plain objects, fingerprinted by the generic encoding', () => {
  it('finds the state counts TLC reports', () => {
    expect(check(twoPhasePlain(3)).stats.distinctStates).toBe(288)
    expect(check(twoPhasePlain(5)).stats.distinctStates).toBe(8_832)
    expect(check(twoPhasePlain(7)).stats.distinctStates).toBe(296_448)
  }, 60_000)

  it('holds its invariant and reaches a state where every resource manager committed', () => {
    const result = check(twoPhasePlain(3))
    expect(result.status).toBe('holds')
    expect(result.properties.find(p => p.property === 'AllCommitted')?.verdict).toBe('holds')
    expect(result.stats.neverFired).toEqual([])
  })
})
