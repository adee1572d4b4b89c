// Replay, fingerprints and pinned state counts rely on the spec being pure and deterministic: random valid
// configurations never crash it, `next` never touches its input, and the same walk always gives the same states.
// Walks stop where the model's constraint does (bound.retries), as the checker and simulate do.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FingerprintEncoder, type Model } from '../../checker/index.js'
import { kafkaModel, type Action, type State } from '../../spec/kafka.js'
import { randomParams } from './randomParams.js'

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const fingerprint = (s: State, model: Model<State, Action>) => {
  const encoder = new FingerprintEncoder()
  encoder.reset()
  model.encode!(s, encoder)
  encoder.finish()
  return `${encoder.hi}:${encoder.lo}`
}

describe('the Kafka model under random configurations and random walks', () => {
  it('never throws, never mutates a state, and replays every walk identically', () => {
    fc.assert(
      fc.property(randomParams(), fc.array(fc.nat(), { maxLength: 60 }), (p, picks) => {
        const model = kafkaModel(p)
        let state = deepFreeze(model.init()[0]!)
        const walked: string[] = [fingerprint(state, model)]
        const taken = []
        for (const pick of picks) {
          const enabled = model.constraint!(state) ? [...model.actions(state)] : []
          if (enabled.length === 0) break
          const action = enabled[pick % enabled.length]!
          const before = JSON.stringify(state)
          const after = model.next(state, action) // throws on any write to the frozen state
          expect(JSON.stringify(state)).toBe(before)
          expect(model.next(state, action)).toEqual(after)
          taken.push(action)
          state = deepFreeze(after)
          walked.push(fingerprint(state, model))
        }
        let replayed = model.init()[0]!
        expect(fingerprint(replayed, model)).toBe(walked[0])
        taken.forEach((action, i) => {
          expect([...model.actions(replayed)]).toContainEqual(action)
          replayed = model.next(replayed, action)
          expect(fingerprint(replayed, model)).toBe(walked[i + 1])
        })
      }),
      { numRuns: 300 },
    )
  })

  it('keeps the invariants well-defined on every reachable state: properties never throw', () => {
    fc.assert(
      fc.property(randomParams(), fc.array(fc.nat(), { maxLength: 40 }), (p, picks) => {
        const model = kafkaModel(p)
        let state = model.init()[0]!
        for (const pick of picks) {
          for (const holds of Object.values(model.invariants)) expect(typeof holds(state)).toBe('boolean')
          const enabled = model.constraint!(state) ? [...model.actions(state)] : []
          if (enabled.length === 0) break
          state = model.next(state, enabled[pick % enabled.length]!)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('encodes equal states alike and different states differently', () => {
    fc.assert(
      fc.property(randomParams(), fc.array(fc.nat(), { maxLength: 30 }), (p, picks) => {
        const model = kafkaModel(p)
        let state = model.init()[0]!
        const seen = new Map<string, string>()
        for (const pick of picks) {
          const json = JSON.stringify(state)
          const print = fingerprint(state, model)
          if (seen.has(print)) expect(seen.get(print)).toBe(json)
          seen.set(print, json)
          const enabled = model.constraint!(state) ? [...model.actions(state)] : []
          if (enabled.length === 0) break
          state = model.next(state, enabled[pick % enabled.length]!)
        }
      }),
      { numRuns: 200 },
    )
  })
})
