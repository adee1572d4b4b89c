// The canonical encoding of a state for fingerprinting: every variable, small fields packed several to a word
// (fewer words, fewer hash rounds). Two states are the same state exactly when they encode the same. The packing
// relies on the sizes MODEL_LIMITS allows.

import type { Encoder } from '../checker/index.js'
import type { PolledRecord, State } from './state.js'

// Enumerations as small codes for the encoding (a switch: measured faster than a keyed object lookup).
function batchStatusCode(status: State['batches'][number]['status']): number {
  switch (status) {
    case 'queued':
      return 0
    case 'inFlight':
      return 1
    case 'acked':
      return 2
    case 'failed':
      return 3
    case 'unsent':
      return 4
  }
}

function produceErrorCode(error: State['responses'][number]['error']): number {
  switch (error) {
    case 'NONE':
      return 0
    case 'NOT_LEADER_OR_FOLLOWER':
      return 1
    case 'NOT_ENOUGH_REPLICAS':
      return 2
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
      return 3
    case 'OUT_OF_ORDER_SEQUENCE_NUMBER':
      return 4
    case 'INVALID_PRODUCER_EPOCH':
      return 5
    case 'UNKNOWN_PRODUCER_ID':
      return 6
  }
}

function consumerCode(c: State['consumers'][number]): number {
  const status = c.status === 'idle' ? 0 : c.status === 'active' ? 1 : c.status === 'zombie' ? 2 : 3
  const phase = c.phase === 'poll' ? 0 : c.phase === 'commitBeforeProcess' ? 1 : c.phase === 'process' ? 2 : 3
  return status | (phase << 2)
}

/** A set of small indices (brokers, partitions, consumers; all below 16) as a bit mask. */
function mask(set: readonly number[]): number {
  let bits = 0
  for (let i = 0; i < set.length; i++) bits |= 1 << set[i]!
  return bits
}

/** Writes every variable of the state; one function per owner keeps each small enough for V8 to optimise whole. */
export function encodeState(s: State, out: Encoder): void {
  encodeProducers(s, out)
  encodePartitions(s, out)
  encodeNetwork(s, out)
  encodeConsumers(s, out)
}

function encodeProducers(s: State, out: Encoder): void {
  for (const producer of s.producers) {
    out.int(producer.epoch | (producer.epochBumpPending ? 1 << 8 : 0))
    for (const queue of producer.queues) {
      out.int(queue.length)
      for (let i = 0; i < queue.length; i++) out.int(queue[i]!)
    }
    for (const sequence of producer.nextSequence) out.int(sequence)
  }
  for (const b of s.batches) {
    out.int(
      batchStatusCode(b.status) |
        ((b.partition + 1) << 3) |
        ((b.broker + 1) << 7) |
        (b.attempts << 11) |
        (b.resends << 15),
    )
    out.int((b.sequence + 1) | (b.producerEpoch << 8))
  }
}

function encodePartitions(s: State, out: Encoder): void {
  let alive = 0
  for (let broker = 0; broker < s.brokerAlive.length; broker++) if (s.brokerAlive[broker]) alive |= 1 << broker
  out.int(alive | (s.topicPartitions << 16))
  for (const partition of s.partitions) {
    out.int((partition.leader + 1) | (partition.leaderEpoch << 8) | (partition.exposedHighWatermark << 16))
    out.int(mask(partition.isr) | (partition.purgatory.length << 16))
    for (const pending of partition.purgatory)
      out.int(pending.producer | (pending.message << 4) | (pending.offset << 12) | (pending.orphan ? 1 << 20 : 0))
    for (const r of partition.replicas) {
      const { log } = r
      out.int(r.highWatermark | ((r.fetchedOffset + 1) << 8) | (r.mustTruncate ? 1 << 16 : 0) | (log.length << 17))
      for (let i = 0; i < log.length; i++) {
        const entry = log[i]!
        out.int(entry.message | (entry.producerEpoch << 8) | ((entry.sequence + 1) << 16) | (entry.leaderEpoch << 24))
      }
    }
  }
}

function encodeNetwork(s: State, out: Encoder): void {
  out.int(s.requests.length | (s.responses.length << 16))
  for (const r of s.requests) {
    out.int(r.producer | (r.broker << 4) | (r.partition << 8) | (r.message << 12) | (r.orphan ? 1 << 20 : 0))
    out.int((r.sequence + 1) | (r.producerEpoch << 8))
  }
  for (const r of s.responses)
    out.int(r.producer | (r.broker << 4) | (r.message << 8) | (produceErrorCode(r.error) << 16))
  const { faults } = s
  out.int(
    faults.brokerCrash |
      (faults.lossyCrash << 4) |
      (faults.lostRequest << 8) |
      (faults.lostResponse << 12) |
      (faults.delayedRequest << 16) |
      (faults.consumerCrash << 20) |
      (faults.consumerPause << 24) |
      (faults.partitionsAdded << 28),
  )
}

function encodeConsumers(s: State, out: Encoder): void {
  for (const c of s.consumers) {
    out.int(consumerCode(c) | ((c.generation + 1) << 4) | (c.joined ? 1 << 12 : 0) | (mask(c.owned) << 13))
    for (const position of c.positions) out.int(position)
    encodeRecords(c.batch, out)
    encodeRecords(c.handedOff, out)
    for (const offset of c.processedUpTo) out.int(offset)
  }
  const { group } = s
  out.int(group.generation | (group.rebalancing ? 1 << 16 : 0) | (mask(group.members) << 17))
  for (const offset of group.committed) out.int(offset)
  let processed = 0
  for (let message = 0; message < s.processed.length; message++) {
    processed |= s.processed[message]! << (2 * (message % 16))
    if (message % 16 === 15 || message === s.processed.length - 1) {
      out.int(processed)
      processed = 0
    }
  }
}

function encodeRecords(records: readonly PolledRecord[], out: Encoder): void {
  out.int(records.length)
  for (const record of records) out.int(record.partition | (record.offset << 8) | (record.message << 16))
}
