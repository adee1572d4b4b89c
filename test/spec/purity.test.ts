// Replay, fingerprints and pinned state counts rely on the spec being pure and deterministic: random valid
// configurations never crash it, `next` never touches its input, and the same walk always gives the same states.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FingerprintEncoder } from '../../checker/index.js'
import { encodeState } from '../../spec/encoding.js'
import { kafkaModel, type State } from '../../spec/kafka.js'
import type { Params } from '../../spec/params.js'

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const fingerprint = (s: State) => {
  const encoder = new FingerprintEncoder()
  encoder.reset()
  encodeState(s, encoder)
  encoder.finish()
  return `${encoder.hi}:${encoder.lo}`
}

/** Random valid parameters: small clusters, every fault kind, both sides of every switch. */
const params: fc.Arbitrary<Params> = fc
  .record({
    brokers: fc.integer({ min: 1, max: 3 }),
    partitions: fc.integer({ min: 1, max: 2 }),
    producers: fc.integer({ min: 1, max: 2 }),
    consumers: fc.integer({ min: 0, max: 2 }),
    messages: fc.integer({ min: 1, max: 3 }),
    acks: fc.constantFrom(0 as const, 1 as const, 'all' as const),
    idempotence: fc.boolean(),
    dedup: fc.constantFrom('kafka' as const, 'seed-simplified' as const),
    acceptUnknownProducer: fc.boolean(),
    maxInFlight: fc.integer({ min: 1, max: 5 }),
    attempts: fc.integer({ min: 1, max: 3 }),
    resendOnFailure: fc.boolean(),
    uncleanLeaderElection: fc.boolean(),
    truncation: fc.constantFrom('high-watermark' as const, 'leader-epoch' as const),
    unflushedTailIsLost: fc.boolean(),
    autoCommit: fc.boolean(),
    commit: fc.constantFrom('before-process' as const, 'after-process' as const),
    commitEveryBatch: fc.boolean(),
    processing: fc.constantFrom('sync' as const, 'async' as const),
    commitOnRevoke: fc.boolean(),
    groupExists: fc.boolean(),
    autoOffsetReset: fc.constantFrom('earliest' as const, 'latest' as const, 'none' as const),
    assignor: fc.constantFrom(
      'range' as const,
      'roundrobin' as const,
      'sticky' as const,
      'cooperative-sticky' as const,
    ),
    budget: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 10, maxLength: 10 }),
    replication: fc.integer({ min: 1, max: 3 }),
    minIsr: fc.integer({ min: 1, max: 3 }),
  })
  .map(r => {
    const replicationFactor = Math.min(r.replication, r.brokers)
    const [
      crash = 0,
      lossy = 0,
      request = 0,
      response = 0,
      delayed = 0,
      restart = 0,
      consumerCrash = 0,
      pause = 0,
      coordinator = 0,
      added = 0,
    ] = r.budget
    const slots = r.partitions + added
    return {
      brokers: r.brokers,
      partitions: slots,
      initialPartitions: r.partitions,
      assignment: Array.from({ length: slots }, (_, p) =>
        Array.from({ length: replicationFactor }, (_, i) => (p + i) % r.brokers),
      ),
      minInsyncReplicas: Math.min(r.minIsr, replicationFactor),
      uncleanLeaderElection: r.uncleanLeaderElection,
      truncation: r.truncation,
      unflushedTailIsLost: r.unflushedTailIsLost,
      producers: r.producers,
      messages: Array.from({ length: r.messages }, (_, m) => ({
        producer: m % r.producers,
        key: `k${m}`,
        // Any deterministic mapping will do here: partitionFor[n] is the key's partition among n partitions.
        partitionFor: Array.from({ length: slots + 1 }, (_, n) => (n === 0 ? -1 : (m + n) % n)),
      })),
      acks: r.acks,
      idempotence: r.idempotence && r.acks === 'all',
      dedup: r.dedup,
      acceptUnknownProducer: r.acceptUnknownProducer,
      maxInFlight: r.maxInFlight,
      attempts: r.attempts,
      resendOnFailure: r.resendOnFailure,
      consumers: r.consumers,
      groupId: 'g',
      autoCommit: r.autoCommit,
      commit: r.commit,
      commitEveryBatch: r.commitEveryBatch,
      processing: r.processing,
      commitOnRevoke: r.commitOnRevoke,
      groupExists: r.groupExists,
      autoOffsetReset: r.autoOffsetReset,
      readCommitted: false,
      assignor: r.assignor,
      faults: {
        'broker-crash': crash,
        'lossy-crash': lossy,
        'lost-request': request,
        'lost-response': response,
        'delayed-request': delayed,
        'producer-restart': restart,
        'consumer-crash': consumerCrash,
        'consumer-pause': pause,
        'coordinator-crash': coordinator,
        'add-partition': added,
      },
    }
  })

describe('the Kafka model under random configurations and random walks', () => {
  it('never throws, never mutates a state, and replays every walk identically', () => {
    fc.assert(
      fc.property(params, fc.array(fc.nat(), { maxLength: 60 }), (p, picks) => {
        const model = kafkaModel(p)
        let state = deepFreeze(model.init()[0]!)
        const walked: string[] = [fingerprint(state)]
        const taken = []
        for (const pick of picks) {
          const enabled = [...model.actions(state)]
          if (enabled.length === 0) break
          const action = enabled[pick % enabled.length]!
          const before = JSON.stringify(state)
          const after = model.next(state, action) // throws on any write to the frozen state
          expect(JSON.stringify(state)).toBe(before)
          expect(model.next(state, action)).toEqual(after)
          taken.push(action)
          state = deepFreeze(after)
          walked.push(fingerprint(state))
        }
        let replayed = model.init()[0]!
        expect(fingerprint(replayed)).toBe(walked[0])
        taken.forEach((action, i) => {
          expect([...model.actions(replayed)]).toContainEqual(action)
          replayed = model.next(replayed, action)
          expect(fingerprint(replayed)).toBe(walked[i + 1])
        })
      }),
      { numRuns: 300 },
    )
  })

  it('keeps the invariants well-defined on every reachable state: properties never throw', () => {
    fc.assert(
      fc.property(params, fc.array(fc.nat(), { maxLength: 40 }), (p, picks) => {
        const model = kafkaModel(p)
        let state = model.init()[0]!
        for (const pick of picks) {
          for (const holds of Object.values(model.invariants)) expect(typeof holds(state)).toBe('boolean')
          const enabled = [...model.actions(state)]
          if (enabled.length === 0) break
          state = model.next(state, enabled[pick % enabled.length]!)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('encodes equal states alike and different states differently', () => {
    fc.assert(
      fc.property(params, fc.array(fc.nat(), { maxLength: 30 }), (p, picks) => {
        const model = kafkaModel(p)
        let state = model.init()[0]!
        const seen = new Map<string, string>()
        for (const pick of picks) {
          const json = JSON.stringify(state)
          const print = fingerprint(state)
          if (seen.has(print)) expect(seen.get(print)).toBe(json)
          seen.set(print, json)
          const enabled = [...model.actions(state)]
          if (enabled.length === 0) break
          state = model.next(state, enabled[pick % enabled.length]!)
        }
      }),
      { numRuns: 200 },
    )
  })
})
