// The producer (Java client). The accumulator keeps a deque of batches per partition; the sender drains each deque's
// head to the partition leader, at most max.in.flight.requests.per.connection unanswered per broker. A retriable
// error or a broken connection re-enqueues the batch while Kafka's `retries` allow (Sender.canRetry); a batch can also
// expire (the delivery-timeout fault, KIP-91). A batch that fails goes back to the application, which may send the
// record again.
//
// The idempotent producer's bookkeeping follows TransactionManager: per partition (TxnPartitionEntry) the next
// sequence, the epoch it counts in, the last acknowledged sequence, and whether an expired batch left the partition
// unresolved. A sequence gap, a batch failed while retries remained, or an unresolved partition asks for an epoch bump
// (requestEpochBumpForPartition); the sender's next loop bumps the epoch and rewrites the sequences of just those
// partitions (KIP-360, 2.5), or before 2.5 of every partition (resetProducerId: a new producer id).
//
// Abstractions: one record per batch; metadata is always fresh (the sender knows the current leader and waits while
// there is none); time is implicit (a timeout is the moment a connection breaks or a batch expires).

import type { ActionOf } from './actions.js'
import { MAX_RESENDS, type Params } from './params.js'
import { failTransaction } from './transactions.js'
import {
  NO_BROKER,
  NO_LEADER,
  NO_SEQUENCE,
  addToSet,
  make,
  removeAt,
  replaceAt,
  update,
  updateBatch,
  updateFaults,
  updatePartition,
  updatePendingAck,
  updateProduceRequest,
  updateProducer,
  type Batch,
  type ProduceError,
  type Producer,
  type State,
} from './state.js'

/** Why an attempt failed: the broker's error, or the connection broke (NetworkClient: NETWORK_EXCEPTION). */
export type AttemptError = ProduceError | 'NETWORK_EXCEPTION'

/** Errors whose exception is a RetriableException; OUT_OF_ORDER_SEQUENCE_NUMBER and the epoch errors are not. */
const RETRIABLE: ReadonlySet<AttemptError> = new Set<AttemptError>([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'NETWORK_EXCEPTION',
])

/** Batches of `producer` sent to `broker` and not yet answered: what max.in.flight.requests.per.connection limits. */
export function inFlightTo(s: State, p: Params, producer: number, broker: number): number {
  let count = 0
  for (let m = 0; m < s.batches.length; m++) {
    const b = s.batches[m]!
    if (b.status === 'inFlight' && b.broker === broker && p.messages[m]!.producer === producer) count++
  }
  return count
}

/** A batch the transaction manager tracks for its partition (inflightBatchesBySequence): drained and not done. */
const isTracked = (b: Batch): boolean =>
  b.sequence !== NO_SEQUENCE && (b.status === 'inFlight' || b.status === 'queued')

/**
 * The first tracked batch of `producer` on `partition` in (epoch, sequence) order (firstInFlightSequence), as a
 * message, or -1 when the partition has none in flight. On the enabling path: one scan, no list.
 */
function firstTracked(p: Params, s: State, producer: number, partition: number): number {
  let first = -1
  for (let m = 0; m < s.batches.length; m++) {
    const b = s.batches[m]!
    if (b.partition !== partition || !isTracked(b) || p.messages[m]!.producer !== producer) continue
    const best = first < 0 ? undefined : s.batches[first]!
    if (
      best === undefined ||
      b.producerEpoch < best.producerEpoch ||
      (b.producerEpoch === best.producerEpoch && b.sequence < best.sequence)
    )
      first = m
  }
  return first
}

/** The tracked batches of `producer` on `partition`, in (epoch, sequence) order, as messages. */
function tracked(p: Params, s: State, producer: number, partition: number): number[] {
  const found: number[] = []
  for (let m = 0; m < s.batches.length; m++) {
    const b = s.batches[m]!
    if (b.partition === partition && isTracked(b) && p.messages[m]!.producer === producer) found.push(m)
  }
  return found.sort(
    (x, y) =>
      s.batches[x]!.producerEpoch - s.batches[y]!.producerEpoch || s.batches[x]!.sequence - s.batches[y]!.sequence,
  )
}

/** The index in `s.responses` of the next response `broker` delivers to `producer`, or -1. */
export function nextResponse(s: State, producer: number, broker: number): number {
  const { responses } = s
  for (let i = 0; i < responses.length; i++) {
    const r = responses[i]!
    if (r.producer === producer && r.broker === broker) return i
  }
  return -1
}

/** The next message `producer`'s application has not yet handed to send(), or -1. */
export function nextUnsent(p: Params, s: State, producer: number): number {
  for (let m = 0; m < s.batches.length; m++)
    if (s.batches[m]!.status === 'unsent' && p.messages[m]!.producer === producer) return m
  return -1
}

/**
 * ProducerAppSend: the application calls send() for its next record; the default partitioner puts the key on a
 * partition of the topic as the producer's metadata knows it now, so a partition added since changes where a key goes.
 * (When the partition count cannot change, every record starts in the accumulator: when send() is called is invisible.)
 */
export function producerAppSend(p: Params, s: State, { producer, message }: ActionOf<'ProducerAppSend'>): State {
  const partition = p.messages[message]!.partitionFor[s.topicPartitions]!
  const queued = update(s, {
    batches: replaceAt(s.batches, message, updateBatch(s.batches[message]!, { status: 'queued', partition })),
  })
  return withQueue(queued, producer, partition, [...s.producers[producer]!.queues[partition]!, message])
}

/**
 * ProducerSend is enabled: a batch is queued, the partition has a leader, the connection has room, and for the
 * idempotent producer RecordAccumulator.shouldStopDrainBatchesForPartition lets it go: no epoch bump is due (the sender
 * bumps before it drains); a new batch waits while its partition is unresolved or still has batches of an older
 * epoch; a retried batch goes only when it is the partition's first in flight.
 */
export function canSend(p: Params, s: State, producer: number, partition: number): boolean {
  const state = s.producers[producer]!
  const queue = state.queues[partition]!
  if (queue.length === 0) return false
  const leader = s.partitions[partition]!.leader
  if (leader === NO_LEADER || inFlightTo(s, p, producer, leader) >= p.maxInFlight) return false
  if (!p.idempotence) return true
  const head = s.batches[queue[0]!]!
  if (p.transactional) {
    // TransactionManager.isSendToPartitionAllowed: only to a partition in the transaction. After an abortable error
    // the sender aborts the batches never drained (abortUndrainedBatches) and keeps retrying those with a sequence.
    if (!state.txnPartitions.includes(partition)) return false
    if (state.txnState !== 'IN_TRANSACTION' && (state.txnState !== 'ABORTABLE_ERROR' || head.sequence === NO_SEQUENCE))
      return false
  } else if (state.bumpFor.length > 0) return false
  const first = firstTracked(p, s, producer, partition)
  if (head.sequence === NO_SEQUENCE)
    return (
      state.unresolvedSequence[partition] === NO_SEQUENCE &&
      (first < 0 || state.sequenceEpoch[partition] === state.epoch)
    )
  return first < 0 || first === queue[0]
}

/** ProducerSend: the sender drains the head of the partition's deque into a produce request to its leader. */
export function producerSend(p: Params, s: State, { producer, partition }: ActionOf<'ProducerSend'>): State {
  let state = s.producers[producer]!
  const queue = state.queues[partition]!
  const message = queue[0]!
  const leader = s.partitions[partition]!.leader
  let sent = s.batches[message]!
  if (p.idempotence && sent.sequence === NO_SEQUENCE) {
    // maybeUpdateProducerIdAndEpoch: a partition whose old-epoch batches are all done restarts at 0 in the new epoch.
    if (state.sequenceEpoch[partition] !== state.epoch) state = restartSequences(state, partition, 0)
    // drain stamps a batch that has no sequence yet; a retried one keeps its producer epoch and sequence.
    const sequence = state.nextSequence[partition]!
    state = updateProducer(state, { nextSequence: replaceAt(state.nextSequence, partition, sequence + 1) })
    sent = updateBatch(sent, { sequence, producerEpoch: state.epoch })
  }
  // acks=0: "the record is immediately added to the socket buffer and considered sent" (producer config docs).
  sent = updateBatch(sent, {
    status: p.acks === 0 ? 'acked' : 'inFlight',
    broker: p.acks === 0 ? NO_BROKER : leader,
    attempts: sent.attempts + 1,
  })
  const request = make.produceRequest({
    producer,
    broker: leader,
    partition,
    message,
    instance: state.instance,
    resends: sent.resends,
    attempt: sent.attempts,
    sequence: sent.sequence,
    producerEpoch: sent.producerEpoch,
    orphan: false,
  })
  return update(s, {
    producers: replaceAt(
      s.producers,
      producer,
      updateProducer(state, { queues: replaceAt(state.queues, partition, queue.slice(1)) }),
    ),
    batches: replaceAt(s.batches, message, sent),
    requests: [...s.requests, request],
  })
}

/** ProducerReceiveResponse: the producer reads the next response on its connection to `broker`. */
export function producerReceiveResponse(
  p: Params,
  s: State,
  { producer, broker }: ActionOf<'ProducerReceiveResponse'>,
): State {
  const index = nextResponse(s, producer, broker)
  const response = s.responses[index]!
  const received = update(s, { responses: removeAt(s.responses, index) })
  const b = s.batches[response.message]!
  const current =
    b.status === 'inFlight' && b.broker === broker && b.resends === response.resends && b.attempts === response.attempt
  if (!current) {
    // The batch expired meanwhile. Sender.completeBatch still hands an acknowledgement to the transaction manager
    // (handleCompletedBatch: it proves the sequence was written); an error for a done batch changes nothing.
    if (response.error !== 'NONE' || !p.idempotence) return received
    return settle(
      p,
      acknowledge(received, producer, response.partition, response.sequence),
      producer,
      response.partition,
    )
  }
  if (response.error !== 'NONE') return failAttempt(p, received, response.message, response.error)
  // A transactional record is delivered only when its transaction commits.
  const status = p.transactional ? 'inTransaction' : 'acked'
  const acked = update(received, {
    batches: replaceAt(received.batches, response.message, updateBatch(b, { status, broker: NO_BROKER })),
  })
  if (!p.idempotence) return acked
  return settle(p, acknowledge(acked, producer, b.partition, b.sequence), producer, b.partition)
}

/** handleCompletedBatch: the partition's last acknowledged sequence moves up to `sequence`. */
function acknowledge(s: State, producer: number, partition: number, sequence: number): State {
  const state = s.producers[producer]!
  if (sequence <= state.lastAckedSequence[partition]!) return s
  return withProducer(
    s,
    producer,
    updateProducer(state, { lastAckedSequence: replaceAt(state.lastAckedSequence, partition, sequence) }),
  )
}

/**
 * The current attempt of `message` failed (an error response or a broken connection). Sender.completeBatch retries
 * it while canRetry holds, re-enqueueing it at the front of its deque (RecordAccumulator.reenqueue), or in sequence
 * order under idempotence (insertInSequenceOrder); otherwise the batch fails back to the application.
 */
export function failAttempt(p: Params, s: State, message: number, error: AttemptError): State {
  const b = s.batches[message]!
  const { producer } = p.messages[message]!
  // Sender.canRetry: `batch.attempts() < retries` counts re-enqueues, one fewer than the sends made.
  const retriesLeft = b.attempts < p.attempts
  let next = s
  let retry = retriesLeft && RETRIABLE.has(error)
  if (p.idempotence && retriesLeft) {
    const verdict = idempotentRetry(p, s, message, error)
    retry = verdict.retry
    if (verdict.bump) next = requestBump(p, next, producer, b.partition)
  }
  if (!retry) return failBatch(p, next, message, error, retriesLeft)
  const state = next.producers[producer]!
  const queue = state.queues[b.partition]!
  const requeued = updateBatch(b, { status: 'queued', broker: NO_BROKER })
  const at = p.idempotence ? sequencePosition(next.batches, queue, requeued) : 0
  return withQueue(update(next, { batches: replaceAt(next.batches, message, requeued) }), producer, b.partition, [
    ...queue.slice(0, at),
    message,
    ...queue.slice(at),
  ])
}

/**
 * TransactionManager.canRetry for the idempotent producer: an unknown producer id is retried, after an epoch bump
 * unless the batch was already rewritten; an out-of-order sequence is retried, after a bump when it is a real gap (no
 * unresolved sequence, or this batch is the one right after it) rather than a batch behind an earlier failure. A
 * transactional producer does not bump by itself: where the idempotent one would, the batch fails instead.
 */
function idempotentRetry(p: Params, s: State, message: number, error: AttemptError): { retry: boolean; bump: boolean } {
  const b = s.batches[message]!
  const state = s.producers[p.messages[message]!.producer]!
  const unresolved = state.unresolvedSequence[b.partition]!
  // (A transactional producer meets no UNKNOWN_PRODUCER_ID: brokers accept any sequence from 2.5, KIP-360.)
  if (error === 'UNKNOWN_PRODUCER_ID') return { retry: b.sequenceReset || !p.transactional, bump: !b.sequenceReset }
  if (error !== 'OUT_OF_ORDER_SEQUENCE_NUMBER') return { retry: RETRIABLE.has(error), bump: false }
  const isNext = b.sequence - state.lastAckedSequence[b.partition]! === 1
  if (unresolved === NO_SEQUENCE && (b.sequenceReset || !isNext)) return { retry: true, bump: false }
  if (p.transactional) return { retry: false, bump: false }
  return { retry: true, bump: unresolved === NO_SEQUENCE || b.sequence === unresolved }
}

/**
 * The batch fails back to the application (Sender.failBatch). Under idempotence handleFailedBatch asks for an epoch
 * bump after an out-of-order sequence, or when `adjustSequences` (the batch still had retries: its sequence is
 * known unwritten). The application's callback may send the record again: a new record, partitioned afresh.
 */
function failBatch(
  p: Params,
  s: State,
  message: number,
  error: AttemptError | 'TIMEOUT',
  adjustSequences: boolean,
): State {
  const b = s.batches[message]!
  const { producer } = p.messages[message]!
  // A transactional producer's failed batch dooms the transaction: the application aborts it and sends its records
  // again in the next one (producerAbortTransaction). A batch known unwritten moves the partition's later sequences
  // down by one (TxnPartitionMap.adjustSequencesDueToFailedBatch), so that the batches behind it still go in.
  if (p.transactional) {
    const failed = update(s, {
      batches: replaceAt(s.batches, message, updateBatch(b, { status: 'failed', broker: NO_BROKER })),
    })
    const adjusted = adjustSequences ? closeSequenceGap(p, failed, producer, b) : failed
    return failTransaction(adjusted, producer, b.partition)
  }
  let next = s
  if (p.idempotence && (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER' || error === 'UNKNOWN_PRODUCER_ID' || adjustSequences))
    next = requestBump(p, next, producer, b.partition)
  if (p.resendOnFailure && b.resends < MAX_RESENDS) {
    const partition = p.messages[message]!.partitionFor[next.topicPartitions]!
    const resent = make.batch({
      status: 'queued',
      partition,
      broker: NO_BROKER,
      attempts: 0,
      sequence: NO_SEQUENCE,
      producerEpoch: 0,
      sequenceReset: false,
      resends: b.resends + 1,
    })
    next = update(next, { batches: replaceAt(next.batches, message, resent) })
    next = withQueue(next, producer, partition, [...next.producers[producer]!.queues[partition]!, message])
  } else {
    next = update(next, {
      batches: replaceAt(next.batches, message, updateBatch(b, { status: 'failed', broker: NO_BROKER })),
    })
  }
  return p.idempotence ? settle(p, next, producer, b.partition) : next
}

/** The tracked batches behind `failed` in its partition and epoch, and the next sequence, one lower. */
function closeSequenceGap(p: Params, s: State, producer: number, failed: Batch): State {
  if (s.producers[producer]!.sequenceEpoch[failed.partition] !== failed.producerEpoch) return s
  const behind = (b: Batch) => b.producerEpoch === failed.producerEpoch && b.sequence > failed.sequence
  const batches = s.batches.map((b, m) =>
    p.messages[m]!.producer === producer && b.partition === failed.partition && isTracked(b) && behind(b)
      ? updateBatch(b, { sequence: b.sequence - 1 })
      : b,
  )
  const state = s.producers[producer]!
  const nextSequence = state.nextSequence[failed.partition]! - 1
  return withProducer(
    update(s, { batches }),
    producer,
    updateProducer(state, { nextSequence: replaceAt(state.nextSequence, failed.partition, nextSequence) }),
  )
}

/**
 * requestEpochBumpForPartition: the next sender loop bumps the epoch and rewrites this partition's sequences; before
 * 2.5 the producer takes a new producer id instead, and every partition starts again. A transactional producer
 * aborts first (TransactionManager.maybeResolveSequences: abortable error, epoch bump).
 */
function requestBump(p: Params, s: State, producer: number, partition: number): State {
  // A transactional producer cannot carry on in the open transaction: an abortable error, and a bump after the abort.
  if (p.transactional) return failTransaction(s, producer, partition)
  const state = s.producers[producer]!
  const bumpFor =
    p.epochBumpScope === 'partition'
      ? addToSet(state.bumpFor, partition)
      : Array.from({ length: p.partitions }, (_, i) => i)
  return bumpFor === state.bumpFor ? s : withProducer(s, producer, updateProducer(state, { bumpFor }))
}

/**
 * maybeResolveSequences, for `partition` once it has nothing in flight: after an expired batch, the partition is
 * resolved when the sequences acknowledged since reach the next one (the expired batch was written after all),
 * and otherwise needs an epoch bump.
 */
function settle(p: Params, s: State, producer: number, partition: number): State {
  const state = s.producers[producer]!
  if (state.unresolvedSequence[partition] === NO_SEQUENCE || firstTracked(p, s, producer, partition) >= 0) return s
  const resolved = state.nextSequence[partition]! - state.lastAckedSequence[partition]! === 1
  const cleared = withProducer(
    s,
    producer,
    updateProducer(state, { unresolvedSequence: replaceAt(state.unresolvedSequence, partition, NO_SEQUENCE) }),
  )
  return resolved ? cleared : requestBump(p, cleared, producer, partition)
}

/** ProducerBumpEpoch is enabled: an epoch bump is due (a transactional producer bumps through InitProducerId instead). */
export const canBumpEpoch = (p: Params, s: State, producer: number): boolean =>
  !p.transactional && s.producers[producer]!.bumpFor.length > 0

/**
 * ProducerBumpEpoch: the sender's loop starts with bumpIdempotentEpochAndResetIdIfNeeded: the epoch goes up by one
 * and each partition asking for it restarts its sequences at 0 (startSequencesAtBeginning), renumbering its batches
 * in flight and queued for retry in order, which marks them rewritten.
 */
export function producerBumpEpoch(p: Params, s: State, { producer }: ActionOf<'ProducerBumpEpoch'>): State {
  const state = s.producers[producer]!
  const epoch = state.epoch + 1
  let batches = s.batches
  let bumped = updateProducer(state, { epoch, bumpFor: [] })
  for (const partition of state.bumpFor) {
    const inFlight = tracked(p, s, producer, partition)
    inFlight.forEach((message, sequence) => {
      batches = replaceAt(
        batches,
        message,
        updateBatch(batches[message]!, { sequence, producerEpoch: epoch, sequenceReset: true }),
      )
    })
    bumped = restartSequences(bumped, partition, inFlight.length, epoch)
  }
  return update(s, { producers: replaceAt(s.producers, producer, bumped), batches })
}

/** The partition's sequences restart in the producer's current epoch (or `epoch`), `next` of them already given out. */
function restartSequences(state: Producer, partition: number, next: number, epoch = state.epoch): Producer {
  return updateProducer(state, {
    nextSequence: replaceAt(state.nextSequence, partition, next),
    sequenceEpoch: replaceAt(state.sequenceEpoch, partition, epoch),
    lastAckedSequence: replaceAt(state.lastAckedSequence, partition, NO_SEQUENCE),
    unresolvedSequence: replaceAt(state.unresolvedSequence, partition, NO_SEQUENCE),
  })
}

/**
 * ProducerExpireBatch is enabled: the budget is not spent and the batch waits in the accumulator, or (from 2.1,
 * Sender.getExpiredInflightBatches) waits for its answer.
 */
export function canExpire(p: Params, s: State, message: number): boolean {
  const { status } = s.batches[message]!
  if (s.faults.deliveryTimeouts >= p.faults['delivery-timeout']) return false
  // A transactional producer takes records only once initTransactions() has returned.
  const { txnState } = s.producers[p.messages[message]!.producer]!
  if (txnState === 'UNINITIALIZED' || txnState === 'INITIALIZING') return false
  return status === 'queued' || (status === 'inFlight' && p.expiresInFlight)
}

/**
 * ProducerExpireBatch: delivery.timeout.ms has passed since the batch was created (before 2.1, request.timeout.ms in
 * the accumulator): it fails with a TimeoutException, though a request already sent may still be written. A batch
 * that had been retried leaves its partition unresolved (markSequenceUnresolved) until the sequences show whether it
 * was written.
 */
export function producerExpireBatch(
  p: Params,
  s: State,
  { producer, message }: ActionOf<'ProducerExpireBatch'>,
): State {
  const b = s.batches[message]!
  const inRetry = b.status === 'queued' ? b.attempts >= 1 : b.attempts >= 2
  let next = update(s, { faults: updateFaults(s.faults, { deliveryTimeouts: s.faults.deliveryTimeouts + 1 }) })
  if (b.status === 'queued') {
    const queue = next.producers[producer]!.queues[b.partition]!
    next = withQueue(
      next,
      producer,
      b.partition,
      queue.filter(m => m !== message),
    )
  }
  if (p.idempotence && inRetry) {
    const state = next.producers[producer]!
    const unresolved = Math.max(state.unresolvedSequence[b.partition]!, b.sequence + 1)
    next = withProducer(
      next,
      producer,
      updateProducer(state, { unresolvedSequence: replaceAt(state.unresolvedSequence, b.partition, unresolved) }),
    )
  }
  return failBatch(p, next, message, 'TIMEOUT', false)
}

/** ProducerRestart is enabled: the budget is not spent and the producer has records it has not settled. */
export function canRestartProducer(p: Params, s: State, producer: number): boolean {
  if (s.faults.producerRestarts >= p.faults['producer-restart']) return false
  return s.batches.some((b, m) => p.messages[m]!.producer === producer && unsettled(b))
}

/** A record the application has not seen delivered or failed: a restart sends it again. */
const unsettled = (b: Batch): boolean =>
  b.status === 'queued' || b.status === 'inFlight' || b.status === 'inTransaction'

/**
 * ProducerRestart: the application's producer process dies and a new KafkaProducer starts. Without a
 * transactional.id it gets a new producer id (TransactionCoordinator.handleInitProducerId), so the brokers see a
 * producer they know nothing of and cannot recognise its records as the old instance's. What the old instance had on
 * the wire may still arrive, unanswered; the application sends every record it had not seen acknowledged (or
 * committed) again, in order, through the new instance, which with a transactional.id first calls initTransactions().
 */
export function producerRestart(p: Params, s: State, { producer }: ActionOf<'ProducerRestart'>): State {
  const old = s.producers[producer]!
  const resent = (m: number) => p.messages[m]!.producer === producer && unsettled(s.batches[m]!)
  const batches = s.batches.map((b, m) =>
    resent(m)
      ? updateBatch(b, {
          status: 'queued',
          broker: NO_BROKER,
          attempts: 0,
          sequence: NO_SEQUENCE,
          producerEpoch: 0,
          sequenceReset: false,
        })
      : b,
  )
  const queues = old.queues.map((_, partition) =>
    batches.flatMap((b, m) => (resent(m) && b.partition === partition ? [m] : [])),
  )
  const fresh = make.producer({
    instance: old.instance + 1,
    epoch: 0,
    queues,
    nextSequence: old.nextSequence.map(() => 0),
    sequenceEpoch: old.sequenceEpoch.map(() => 0),
    lastAckedSequence: old.lastAckedSequence.map(() => NO_SEQUENCE),
    unresolvedSequence: old.unresolvedSequence.map(() => NO_SEQUENCE),
    bumpFor: [],
    txnState: p.transactional ? 'UNINITIALIZED' : 'READY',
    txnPartitions: [],
  })
  return update(s, {
    producers: replaceAt(s.producers, producer, fresh),
    batches,
    // The old instance's connections are gone: its answers are lost, its requests already sent arrive unheard.
    requests: s.requests.map(r =>
      r.producer === producer && !r.orphan ? updateProduceRequest(r, { orphan: true }) : r,
    ),
    responses: s.responses.filter(r => r.producer !== producer),
    partitions: s.partitions.map(partition =>
      partition.purgatory.some(a => a.producer === producer && !a.orphan)
        ? updatePartition(partition, {
            purgatory: partition.purgatory.map(a =>
              a.producer === producer ? updatePendingAck(a, { orphan: true }) : a,
            ),
          })
        : partition,
    ),
    faults: updateFaults(s.faults, { producerRestarts: s.faults.producerRestarts + 1 }),
  })
}

/** Where a retried batch goes in an idempotent producer's deque: before the first batch with a later or no sequence. */
function sequencePosition(batches: readonly Batch[], queue: readonly number[], retried: Batch): number {
  const at = queue.findIndex(m => {
    const queued = batches[m]!
    return queued.sequence < 0 || queued.producerEpoch !== retried.producerEpoch || queued.sequence > retried.sequence
  })
  return at < 0 ? queue.length : at
}

/** `s` with producer `producer` replaced by `state`. */
export function withProducer(s: State, producer: number, state: Producer): State {
  return update(s, { producers: replaceAt(s.producers, producer, state) })
}

function withQueue(s: State, producer: number, partition: number, queue: readonly number[]): State {
  const state = s.producers[producer]!
  return withProducer(s, producer, updateProducer(state, { queues: replaceAt(state.queues, partition, queue) }))
}
