// Checkpoints at the engine level, on a model built to trip them: two actions reach the same state from the same
// state, and only one of them breaks a step invariant.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { check, type Encoder, type Model } from '../../checker/index.js'

type State = { readonly a: number; readonly b: number }
type Action = { readonly type: 'IncA' | 'IncB' | 'JumpA' }

/** Two counters to 9; at a = 3, JumpA goes where IncA goes, and is forbidden. */
const counters: Model<State, Action> = {
  init: () => [{ a: 0, b: 0 }],
  actions: s => [
    ...(s.a < 9 ? [{ type: 'IncA' as const }] : []),
    ...(s.b < 9 ? [{ type: 'IncB' as const }] : []),
    ...(s.a === 3 ? [{ type: 'JumpA' as const }] : []),
  ],
  next: (s, action) => (action.type === 'IncB' ? { a: s.a, b: s.b + 1 } : { a: s.a + 1, b: s.b }),
  invariants: {},
  stepInvariants: { NoJumpAtThree: (_, action) => action.type !== 'JumpA' },
  encode: (s, out: Encoder) => out.int(s.a * 16 + s.b),
  decode: (words, cursor) => {
    const word = words[cursor.at++]!
    return { a: word >> 4, b: word & 15 }
  },
}

const scratch = mkdtempSync(join(tmpdir(), 'kafkacheck-engine-checkpoint-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const lastActions = (result: ReturnType<typeof check<State, Action>>) =>
  result.status === 'violated'
    ? result.violations.map(v => (v.kind === 'sometimes' ? [] : v.trace.slice(1).map(step => step.action!.type)))
    : []

describe('a checkpoint', () => {
  it('keeps the very action of a step counterexample found before it, not another reaching the same state', () => {
    const whole = check(counters)
    expect(lastActions(whole)).toEqual([['IncA', 'IncA', 'IncA', 'JumpA']])
    const dir = join(scratch, 'step')
    const stopped = check(counters, { maxStates: 60, checkpoint: { dir, everySeconds: 0 } })
    expect(lastActions(stopped)).toEqual([['IncA', 'IncA', 'IncA', 'JumpA']])
    const resumed = check(counters, { resume: { dir } })
    expect(lastActions(resumed)).toEqual(lastActions(whole))
    expect(resumed.stats.distinctStates).toBe(whole.stats.distinctStates)
  })

  it('is refused for a model that decodes but leaves its encoding to the engine', () => {
    const { encode: _encode, ...withoutEncode } = counters
    expect(() => check(withoutEncode)).toThrow(/decode needs its own encode/)
  })
})
