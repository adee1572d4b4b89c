// The idempotent producer's sequence check on the leader (KIP-98, KIP-360), against the rules in Kafka's
// ProducerStateManager / ProducerAppendInfo.
import { describe, expect, it } from 'vitest'
import { BATCHES_RETAINED, sequenceVerdict } from '../../spec/leader.js'
import type { Params } from '../../spec/params.js'
import { make } from '../../spec/state.js'
import { paramsFor } from './scenarioFiles.js'

const params: Params = {
  ...paramsFor('idempotent-producer'),
  messages: Array.from({ length: 8 }, () => ({ producer: 0, key: 'k', partitionFor: [-1, 0] })),
}
/** The fields of a plain data batch of producer 0, outside any transaction. */
const DATA = { kind: 'data', producer: 0, txn: 0, zombie: false } as const
/** A log holding messages 0..n-1 of producer 0 with sequences 0..n-1 in epoch 0. */
const logOf = (n: number) =>
  Array.from({ length: n }, (_, m) =>
    make.logEntry({ ...DATA, message: m, instance: 0, producerEpoch: 0, sequence: m, leaderEpoch: 0 }),
  )
const request = (message: number, sequence: number, producerEpoch = 0) =>
  make.produceRequest({
    producer: 0,
    broker: 0,
    partition: 0,
    message,
    instance: 0,
    resends: 0,
    attempt: 1,
    sequence,
    producerEpoch,
    orphan: false,
  })

describe('sequenceVerdict', () => {
  it('appends the next sequence and answers a retry of one of the last five batches as a duplicate', () => {
    expect(sequenceVerdict(params, logOf(3), request(3, 3))).toEqual({ kind: 'append' })
    expect(sequenceVerdict(params, logOf(3), request(1, 1))).toEqual({ kind: 'duplicate', offset: 1 })
    expect(BATCHES_RETAINED).toBe(5)
    expect(sequenceVerdict(params, logOf(6), request(1, 1))).toEqual({ kind: 'duplicate', offset: 1 })
  })

  it('rejects a retry older than the last five batches and a gap as out of order', () => {
    expect(sequenceVerdict(params, logOf(7), request(1, 1))).toEqual({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    })
    expect(sequenceVerdict(params, logOf(2), request(3, 3))).toEqual({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    })
  })

  it('fences an old epoch and makes a new epoch start at sequence 0', () => {
    const log = [make.logEntry({ ...DATA, message: 0, instance: 0, producerEpoch: 1, sequence: 0, leaderEpoch: 0 })]
    expect(sequenceVerdict(params, log, request(1, 1, 0))).toEqual({ kind: 'reject', error: 'INVALID_PRODUCER_EPOCH' })
    expect(sequenceVerdict(params, log, request(1, 3, 2))).toEqual({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    })
    expect(sequenceVerdict(params, log, request(1, 0, 2))).toEqual({ kind: 'append' })
  })

  it('accepts any sequence from a producer it has no state for since KIP-360 (2.5), and only 0 before', () => {
    expect(sequenceVerdict(params, [], request(1, 1))).toEqual({ kind: 'append' })
    const before = { ...params, acceptUnknownProducer: false }
    expect(sequenceVerdict(before, [], request(1, 1))).toEqual({ kind: 'reject', error: 'UNKNOWN_PRODUCER_ID' })
    expect(sequenceVerdict(before, [], request(0, 0))).toEqual({ kind: 'append' })
  })

  it("the seed notes' rule stores only last + 1 and acknowledges everything else unstored", () => {
    const seed = { ...params, dedup: 'seed-simplified' as const }
    expect(sequenceVerdict(seed, logOf(2), request(2, 2))).toEqual({ kind: 'append' })
    expect(sequenceVerdict(seed, logOf(2), request(4, 4))).toEqual({ kind: 'duplicate', offset: -1 })
  })
})
