// The partition leader handling produce requests: the acks=all admission check against min.insync.replicas, the
// idempotent producer's sequence check (KIP-98), the append, and the purgatory where acks=all requests wait until
// the high watermark passes them. The high watermark is the smallest log end offset in the ISR, as the leader
// knows it from the followers' fetches.

import type { ActionOf } from './actions.js'
import type { Params } from './params.js'
import { fencedWrite, verificationError } from './transactions.js'
import {
  logEndOffset,
  make,
  removeAt,
  replaceAt,
  leaderReplica,
  replicaIndex,
  sameProducerId,
  update,
  updatePartition,
  updateReplica,
  type LogEntry,
  type Partition,
  type ProduceError,
  type ProduceRequest,
  type State,
} from './state.js'

/** ProducerStateEntry.NUM_BATCHES_TO_RETAIN: the leader recognises a retry of one of a producer's last 5 batches. */
export const BATCHES_RETAINED = 5

export type SequenceVerdict =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly offset: number }
  | { readonly kind: 'reject'; readonly error: ProduceError }

const APPEND: SequenceVerdict = { kind: 'append' }
const reject = (error: ProduceError): SequenceVerdict => ({ kind: 'reject', error })

/**
 * What the leader does with a batch of an idempotent producer, given its log. The producer's state is rebuilt from
 * the log (as a new leader does on election), so it survives a leader change exactly as far as the log does.
 */
export function sequenceVerdict(p: Params, log: readonly LogEntry[], request: ProduceRequest): SequenceVerdict {
  // The broker keeps state per producer id: one per instance of the application's producer, or per transactional.id.
  const sameProducer = (entry: LogEntry) =>
    entry.producer === request.producer && sameProducerId(p, entry.instance, request.instance)
  // A marker carries the producer id's epoch too: a higher one fences the older (ProducerAppendInfo.appendEndTxnMarker).
  let epoch = -1
  let last = -1
  for (let offset = log.length - 1; offset >= 0; offset--) {
    const entry = log[offset]!
    if (!sameProducer(entry)) continue
    if (epoch < 0) epoch = entry.producerEpoch
    if (entry.kind === 'data') {
      last = offset
      break
    }
  }
  if (p.dedup === 'seed-simplified') {
    // The seed notes' rule: store only if the sequence is the last one + 1; otherwise just acknowledge.
    const lastSequence = last < 0 ? -1 : log[last]!.sequence
    return request.sequence === lastSequence + 1 ? APPEND : { kind: 'duplicate', offset: -1 }
  }
  if (epoch >= 0 && request.producerEpoch < epoch) return reject('INVALID_PRODUCER_EPOCH')
  if (last < 0) {
    // A producer id known only from a marker starts its epoch's sequences at 0 (ProducerAppendInfo.checkSequence).
    if (epoch >= 0) return request.sequence === 0 ? APPEND : reject('OUT_OF_ORDER_SEQUENCE_NUMBER')
    // KIP-360: with no state for the producer (2.5+) any sequence is accepted; before, only a first batch.
    return p.acceptUnknownProducer || request.sequence === 0 ? APPEND : reject('UNKNOWN_PRODUCER_ID')
  }
  const current = log[last]!
  // The duplicate check (ProducerStateEntry.findDuplicateBatch) only compares batches of the same epoch.
  if (request.producerEpoch === current.producerEpoch) {
    let retained = 0
    for (let offset = last; offset >= 0 && retained < BATCHES_RETAINED; offset--) {
      const entry = log[offset]!
      if (entry.kind !== 'data' || !sameProducer(entry) || entry.producerEpoch !== current.producerEpoch) continue
      if (entry.sequence === request.sequence) return { kind: 'duplicate', offset }
      retained++
    }
    return request.sequence === current.sequence + 1 ? APPEND : reject('OUT_OF_ORDER_SEQUENCE_NUMBER')
  }
  if (request.producerEpoch < current.producerEpoch) return reject('INVALID_PRODUCER_EPOCH')
  // "Invalid sequence number for new epoch": a new epoch must start at sequence 0.
  return request.sequence === 0 ? APPEND : reject('OUT_OF_ORDER_SEQUENCE_NUMBER')
}

/** The index in `s.requests` of the next request `producer` has on the wire to `broker`, or -1. */
export function nextRequest(s: State, producer: number, broker: number): number {
  const { requests } = s
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!
    if (r.producer === producer && r.broker === broker && !r.orphan) return i
  }
  return -1
}

/** The index in `s.requests` of a delayed (orphaned) request for `message` to `broker`, or -1. */
export function delayedRequest(s: State, broker: number, message: number): number {
  return s.requests.findIndex(r => r.broker === broker && r.message === message && r.orphan)
}

/** LeaderHandleProduce: the broker reads the next produce request on a producer's connection. */
export function leaderHandleProduce(p: Params, s: State, { broker, producer }: ActionOf<'LeaderHandleProduce'>): State {
  return handleRequest(p, s, nextRequest(s, producer, broker))
}

/** LeaderHandleDelayedProduce: a request the producer timed out on reaches the broker after all. */
export function leaderHandleDelayedProduce(
  p: Params,
  s: State,
  { broker, message }: ActionOf<'LeaderHandleDelayedProduce'>,
): State {
  return handleRequest(p, s, delayedRequest(s, broker, message))
}

/**
 * What the broker decides for a produce request, in the order Kafka checks (ReplicaManager.appendRecords →
 * Partition.appendRecordsToLeader → ProducerStateManager): it must lead the partition, an acks=all write needs the
 * ISR at min.insync.replicas, and an idempotent producer's batch passes the sequence check. Reports read this
 * decision; they never repeat its rules.
 */
export function produceDecision(p: Params, s: State, request: ProduceRequest): SequenceVerdict {
  const partition = s.partitions[request.partition]!
  if (partition.leader !== request.broker) return reject('NOT_LEADER_OR_FOLLOWER')
  // Partition.appendRecordsToLeader: with acks=all, refuse to append while the ISR is below min.insync.replicas.
  const { log } = leaderReplica(p.assignment[request.partition]!, partition)!
  // ReplicaManager.handleProduceAppend verifies a transactional write with the coordinator before it appends.
  const unverified = verificationError(p, s, log, request)
  if (unverified !== null) return reject(unverified)
  if (p.acks === 'all' && partition.isr.length < p.minInsyncReplicas) return reject('NOT_ENOUGH_REPLICAS')
  if (!p.idempotence && p.dedup !== 'seed-simplified') return APPEND
  return sequenceVerdict(p, log, request)
}

function handleRequest(p: Params, s: State, index: number): State {
  const request = s.requests[index]!
  const { broker, message, partition: partitionIndex } = request
  const partition = s.partitions[partitionIndex]!
  const next = update(s, { requests: removeAt(s.requests, index) })

  const verdict = produceDecision(p, s, request)
  if (verdict.kind === 'reject') return respond(p, next, request, verdict.error)
  if (verdict.kind === 'duplicate' && (p.acks !== 'all' || verdict.offset < 0)) return respond(p, next, request, 'NONE')

  const leaderAt = replicaIndex(p.assignment[partitionIndex]!, broker)
  const leader = partition.replicas[leaderAt]!
  let offset: number
  let updated = partition
  if (verdict.kind === 'duplicate') {
    offset = verdict.offset
  } else {
    offset = logEndOffset(leader)
    const entry = make.logEntry({
      kind: 'data',
      message,
      producer: request.producer,
      instance: request.instance,
      producerEpoch: request.producerEpoch,
      sequence: request.sequence,
      leaderEpoch: partition.leaderEpoch,
      txn: 0,
      zombie: fencedWrite(p, s, request.producer, request.instance, request.producerEpoch),
    })
    updated = updatePartition(partition, {
      replicas: replaceAt(partition.replicas, leaderAt, updateReplica(leader, { log: [...leader.log, entry] })),
    })
  }
  // acks=0 and 1 are answered at once; acks=all waits in purgatory until the high watermark passes it (DelayedProduce).
  if (p.acks === 'all')
    updated = updatePartition(updated, {
      purgatory: [
        ...updated.purgatory,
        make.pendingAck({
          producer: request.producer,
          message,
          instance: request.instance,
          resends: request.resends,
          attempt: request.attempt,
          sequence: request.sequence,
          producerEpoch: request.producerEpoch,
          offset,
          orphan: request.orphan,
        }),
      ],
    })
  const answered = p.acks === 'all' ? next : respond(p, next, request, 'NONE')
  // Partition.appendRecordsToLeader calls maybeIncrementLeaderHW for every acks: an ISR of the leader alone commits
  // the append at once.
  return advanceHighWatermark(p, answered, partitionIndex, updated)
}

/** The response to a request (or to one that waited in purgatory), carrying what identifies that attempt. */
function responseTo(
  request: Pick<
    ProduceRequest,
    'producer' | 'message' | 'instance' | 'resends' | 'attempt' | 'sequence' | 'producerEpoch'
  >,
  broker: number,
  partition: number,
  error: ProduceError | 'NONE',
) {
  const { producer, message, instance, resends, attempt, sequence, producerEpoch } = request
  return make.produceResponse({
    producer,
    broker,
    partition,
    message,
    instance,
    resends,
    attempt,
    sequence,
    producerEpoch,
    error,
  })
}

/** Answers `request`: acks=0 gets no response, and nobody listens for the answer to a request the producer timed out on. */
function respond(p: Params, s: State, request: ProduceRequest, error: ProduceError | 'NONE'): State {
  if (p.acks === 0 || request.orphan) return s
  return update(s, {
    responses: [...s.responses, responseTo(request, request.broker, request.partition, error)],
  })
}

/**
 * The leader's high watermark as the ISR allows it now (Partition.maybeIncrementLeaderHW): the smallest log end offset
 * it knows of in the ISR, never lower than before, and from 3.7 frozen while the ISR is below min.insync.replicas.
 */
export function highWatermarkOf(p: Params, partitionIndex: number, partition: Partition): number {
  const assignment = p.assignment[partitionIndex]!
  const leader = leaderReplica(assignment, partition)!
  if (p.highWatermarkNeedsMinIsr && partition.isr.length < p.minInsyncReplicas) return leader.highWatermark
  let highWatermark = logEndOffset(leader)
  for (const member of partition.isr) {
    if (member === partition.leader) continue
    const fetched = partition.replicas[replicaIndex(assignment, member)]!.fetchedOffset
    highWatermark = Math.min(highWatermark, fetched < 0 ? leader.highWatermark : fetched)
  }
  return Math.max(highWatermark, leader.highWatermark)
}

/**
 * Recomputes the leader's high watermark (the smallest log end offset in the ISR; it never moves back on a leader)
 * and completes the acks=all requests it now covers: with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR has meanwhile
 * fallen below min.insync.replicas (Partition.checkEnoughReplicasReachOffset). Stores `partition` into the state.
 */
export function advanceHighWatermark(p: Params, s: State, partitionIndex: number, partition: Partition): State {
  const leaderAt = replicaIndex(p.assignment[partitionIndex]!, partition.leader)
  const leader = partition.replicas[leaderAt]!
  const highWatermark = highWatermarkOf(p, partitionIndex, partition)
  let updated = partition
  if (highWatermark !== leader.highWatermark)
    updated = updatePartition(updated, {
      replicas: replaceAt(updated.replicas, leaderAt, updateReplica(leader, { highWatermark })),
      exposedHighWatermark: Math.max(updated.exposedHighWatermark, highWatermark),
    })
  let responses = s.responses
  if (updated.purgatory.some(pending => pending.offset < highWatermark)) {
    const waiting = updated.purgatory.filter(pending => pending.offset >= highWatermark)
    const error = updated.isr.length >= p.minInsyncReplicas ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
    const completed = updated.purgatory.filter(pending => pending.offset < highWatermark && !pending.orphan)
    responses = [...responses, ...completed.map(pending => responseTo(pending, updated.leader, partitionIndex, error))]
    updated = updatePartition(updated, { purgatory: waiting })
  }
  return update(s, { partitions: replaceAt(s.partitions, partitionIndex, updated), responses })
}
