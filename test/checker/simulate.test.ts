import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { randomWalk, simulate } from '../../checker/index.js'
import { twoPhaseCommit, type State } from '../../bench/twoPhaseCommit.js'

describe('simulate', () => {
  it('replays the same walk from the same seed, and walks elsewhere from another', () => {
    const model = twoPhaseCommit(5)
    fc.assert(
      fc.property(fc.integer(), seed => {
        const first = randomWalk(model, seed, 30)
        expect(randomWalk(model, seed, 30)).toEqual(first)
        for (let i = 1; i < first.length; i++)
          expect(model.next(first[i - 1]!.state, first[i]!.action!)).toEqual(first[i]!.state)
      }),
      { numRuns: 50 },
    )
    const walks = new Set([1, 2, 3, 4, 5].map(seed => JSON.stringify(randomWalk(model, seed, 30).map(s => s.action))))
    expect(walks.size).toBeGreaterThan(1)
  })

  it('finds a reachable violation and names the seed that replays it', () => {
    const base = twoPhaseCommit(3)
    const model = { ...base, invariants: { NoAbortMessage: (s: State) => !s.msgsAbort } }
    const result = simulate(model, { seed: 7, steps: 40, runs: 20 })
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant' || violation.runSeed === undefined)
      return expect.fail('expected a seeded trace')
    expect(violation.trace.at(-1)!.state.msgsAbort).toBe(true)
    expect(randomWalk(model, violation.runSeed, 40).slice(0, violation.trace.length)).toEqual(violation.trace)
  })

  it('holds on a correct model and reports sometimes properties it never met', () => {
    const result = simulate(twoPhaseCommit(3), { seed: 1, steps: 2, runs: 3 })
    expect(result.stats.runs).toBe(3)
    expect(result.properties).toContainEqual({ property: 'TCConsistent', kind: 'invariant', verdict: 'holds' })
    expect(result.properties).toContainEqual({ property: 'AllCommitted', kind: 'sometimes', verdict: 'unreached' })
  })
})
