// The packed state encoding is derived from the state schema; these tests hold it to the two things a verdict
// depends on. It never merges distinct states: it gives the same distinct-state counts as the engine's generic
// encoding of plain data, and every state it encodes decodes back to itself. And every reachable state is one the
// schema allows (ValidState, TLA+'s TypeOK), so no field can leave the range its width was computed from.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { wordsOf } from '../../checker/codec.js'
import { check, withGenericEncoding } from '../../checker/index.js'
import { kafkaModel, stateCodec, validState, type State } from '../../spec/kafka.js'
import { FAULT_NAMES, type Faults } from '../../spec/config/types.js'
import { MODEL_LIMITS, type Params } from '../../spec/params.js'
import { searched } from '../searches.js'
import { randomParams } from './randomParams.js'
import { builtIn, paramsFor, searchableBuiltIns } from './scenarioFiles.js'

/** The built-in scenarios too large to search with the generic encoding in a unit test: the depth they are compared at. */
const CROSS_CHECK_DEPTH: Readonly<Record<string, number>> = {
  'acks-all-rf3-minisr2': 11,
  'async-worker-stale-commit': 14,
  'at-least-once-end-to-end': 11,
  'consumer-truncation-before-kip320': 14,
  'epoch-truncation-before-kip279': 13,
}

const builtInNames = searchableBuiltIns()

/** Distinct states with the packed and with the generic encoding, searched to the same depth. */
function bothCounts(p: Params, maxDepth: number): { packed: number; generic: number } {
  const model = kafkaModel(p)
  return {
    packed: check(model, { maxDepth }).stats.distinctStates,
    generic: check(withGenericEncoding(model), { maxDepth }).stats.distinctStates,
  }
}

describe('the packed state encoding', () => {
  it.each(builtInNames)('counts the states of %s exactly as the generic encoding does', name => {
    const scenario = builtIn(name)
    const depth = Math.min(scenario.bound.depth, CROSS_CHECK_DEPTH[name] ?? Infinity)
    // The packed search is the one the other spec and report tests make of the scenario (test/searches.ts).
    const packed = searched(scenario, depth).stats.distinctStates
    const generic = check(withGenericEncoding(kafkaModel(paramsFor(name))), { maxDepth: depth }).stats.distinctStates
    expect(packed).toBe(generic)
  })

  it('counts as the generic encoding does with 15 and 16 retries, where a hand-packed field overflowed', () => {
    // Kafka 3.6, acks=all, RF 2, min ISR 2, 1 message, resend-on-failure: an ISR shrink after each append fails the
    // attempt (NOT_ENOUGH_REPLICAS_AFTER_APPEND) with no fault budget at all.
    // The hand-packed encoding kept attempts in 4 bits, so from 16 attempts on they spilled into the resend counter:
    // on the model of that time, 9,758 and 5,826 states where there were 10,058 and 11,354.
    const counts = [15, 16].map(retries => {
      // Kafka gives up after 1 + retries attempts and the application sends the record again; the search goes further.
      const p = paramsFor('acks1-leader-crash', s => ({
        ...s,
        kafka: { ...s.kafka, version: '3.6' },
        topic: { ...s.topic, 'min.insync.replicas': 2 },
        producer: { ...s.producer, acks: 'all', retries },
        app: { ...s.app, 'resend-on-failure': true },
        faults: { ...s.faults, 'broker-crash': 0 },
        bound: { ...s.bound, messages: 1, retries: 20 },
      }))
      const { packed, generic } = bothCounts(p, 200)
      expect(packed).toBe(generic)
      return packed
    })
    expect(counts).toEqual([11_052, 12_475])
  })

  it('counts as the generic encoding does where one message fails twice over, after a producer restart sent it again', () => {
    // The restarted producer's copy is a second record of the message: both copies fail, and both wait in the retry
    // topic, or are in flight to the dead-letter topic, at once. Both lists were bounded by the number of messages,
    // so the codec refused these states (RangeError) until they were bounded by the records a consumer can be handed.
    const twice = [
      paramsFor('retry-topic-reorders-key', s => ({
        ...s,
        faults: { ...s.faults, 'processing-failure': 2, 'producer-restart': 1 },
        bound: { ...s.bound, messages: 1 },
      })),
      paramsFor('poison-record-dlq', s => ({
        ...s,
        app: { ...s.app, 'dlq-await-ack': false },
        faults: { ...s.faults, 'producer-restart': 1 },
      })),
    ]
    expect(twice.map(p => bothCounts(p, 100))).toEqual([
      { packed: 240, generic: 240 },
      { packed: 184, generic: 184 },
    ])
  })

  it('counts as the generic encoding does on random configurations with wide bounds', () => {
    fc.assert(
      fc.property(randomParams({ attempts: 12, budget: 3 }), p => {
        // Whole levels only, as deep as keeps the generic search small: configurations range up to millions of states.
        const probe = check(kafkaModel(p), { maxStates: 1_500 })
        const depth = probe.exhaustive ? probe.stats.depth : Math.max(0, probe.stats.depth - 1)
        const { packed, generic } = bothCounts(p, depth)
        expect(packed).toBe(generic)
      }),
      { numRuns: 25 },
    )
  })

  it('holds only valid states on random walks, and decodes each back to itself', () => {
    fc.assert(
      fc.property(randomParams({ attempts: 12, budget: 3 }), fc.array(fc.nat(), { maxLength: 80 }), (p, picks) => {
        const model = kafkaModel(p)
        const codec = stateCodec(p)
        const valid = validState(p)
        let state = model.init()[0]!
        for (const pick of [...picks, -1]) {
          expect(valid(state)).toEqual([])
          const words = wordsOf(codec, state)
          const cursor = { at: 0 }
          expect(codec.decode(words, cursor)).toEqual(state)
          expect(cursor.at).toBe(words.length)
          const enabled = model.constraint!(state) ? [...model.actions(state)] : []
          if (pick < 0 || enabled.length === 0) break
          state = model.next(state, enabled[pick % enabled.length]!)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('fits every field in a word with every size at the largest the input accepts', () => {
    const p = paramsFor('at-least-once-end-to-end', s => ({
      ...s,
      cluster: { brokers: MODEL_LIMITS.brokers, producers: MODEL_LIMITS.producers, consumers: MODEL_LIMITS.consumers },
      topic: { ...s.topic, partitions: MODEL_LIMITS.partitions - MODEL_LIMITS.faultBudget, 'replication.factor': 15 },
      producer: { ...s.producer, retries: 2 ** 31 - 1 },
      app: { ...s.app, 'resend-on-failure': true },
      faults: Object.fromEntries(FAULT_NAMES.map(fault => [fault, MODEL_LIMITS.faultBudget])) as unknown as Faults,
      bound: { ...s.bound, messages: MODEL_LIMITS.messages, retries: MODEL_LIMITS.retries },
    }))
    expect(p.partitions).toBe(MODEL_LIMITS.partitions)
    expect(p.attemptsExplored).toBe(MODEL_LIMITS.retries + 1)
    expect(() => stateCodec(p)).not.toThrow()
  })

  it('names what is wrong with a state that breaks the schema', () => {
    const p = paramsFor('acks1-leader-crash')
    const state = kafkaModel(p).init()[0]!
    const batches = [{ ...state.batches[0]!, attempts: 99, status: 'lost' }, ...state.batches.slice(1)]
    const broken = { ...state, batches } as unknown as State
    expect(validState(p)(broken)).toEqual([
      `batches[0].status: "lost" is not one of queued, inFlight, acked, failed, unsent, inTransaction`,
      `batches[0].attempts: 99 is not an integer in [0, ${Math.min(p.attempts, p.attemptsExplored + 1)}]`,
    ])
    expect(() => wordsOf(stateCodec(p), broken)).toThrow(/state field State.batches\[\]\.status = "lost"/)
  })
})
