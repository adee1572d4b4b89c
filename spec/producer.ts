// The producer (Java client): the accumulator keeps a deque of batches per partition; the sender drains each
// deque's head to the partition leader, at most max.in.flight.requests.per.connection unanswered per broker; a
// retriable error or a timeout re-enqueues the batch until its attempt budget (retries / delivery.timeout.ms) is
// spent, and then the batch fails back to the application, which may send the record again.
//
// Abstractions: one record per batch; metadata is always fresh (the sender knows the current leader and waits
// while there is none); time is implicit (a timeout is the moment a request or response is lost).

import type { ActionOf } from './actions.js'
import { MAX_RESENDS, type Params } from './params.js'
import {
  NO_BROKER,
  NO_LEADER,
  NO_SEQUENCE,
  make,
  removeAt,
  replaceAt,
  update,
  updateBatch,
  updateProducer,
  type Batch,
  type State,
} from './state.js'

/** Batches of `producer` sent to `broker` and not yet answered: what max.in.flight.requests.per.connection limits. */
export function inFlightTo(s: State, p: Params, producer: number, broker: number): number {
  let count = 0
  for (let m = 0; m < s.batches.length; m++) {
    const b = s.batches[m]!
    if (b.status === 'inFlight' && b.broker === broker && p.messages[m]!.producer === producer) count++
  }
  return count
}

function anyInFlight(s: State, p: Params, producer: number): boolean {
  for (let m = 0; m < s.batches.length; m++)
    if (s.batches[m]!.status === 'inFlight' && p.messages[m]!.producer === producer) return true
  return false
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
export function producerAppSend(p: Params, s: State, { producer }: ActionOf<'ProducerAppSend'>): State {
  const message = nextUnsent(p, s, producer)
  const partition = p.messages[message]!.partitionFor[s.topicPartitions]!
  const queued = update(s, {
    batches: replaceAt(s.batches, message, updateBatch(s.batches[message]!, { status: 'queued', partition })),
  })
  return withQueue(queued, producer, partition, [...s.producers[producer]!.queues[partition]!, message])
}

/** ProducerSend is enabled: a batch is queued, the partition has a leader, and the connection has room. */
export function canSend(p: Params, s: State, producer: number, partition: number): boolean {
  const state = s.producers[producer]!
  if (state.queues[partition]!.length === 0) return false
  const leader = s.partitions[partition]!.leader
  if (leader === NO_LEADER) return false
  // KIP-360: the epoch bump that follows a failed batch waits until nothing is in flight.
  if (state.epochBumpPending && anyInFlight(s, p, producer)) return false
  return inFlightTo(s, p, producer, leader) < p.maxInFlight
}

/** ProducerSend: the sender drains the head of the partition's deque into a produce request to its leader. */
export function producerSend(p: Params, s: State, { producer, partition }: ActionOf<'ProducerSend'>): State {
  let state = s.producers[producer]!
  let batches = s.batches
  if (state.epochBumpPending) {
    // A new epoch restarts every sequence at 0; queued batches get new sequences when they are sent.
    batches = batches.map((b, m) =>
      p.messages[m]!.producer === producer && b.status === 'queued' ? updateBatch(b, { sequence: NO_SEQUENCE }) : b,
    )
    state = updateProducer(state, {
      epoch: state.epoch + 1,
      nextSequence: state.nextSequence.map(() => 0),
      epochBumpPending: false,
    })
  }
  const queue = state.queues[partition]!
  const message = queue[0]!
  const leader = s.partitions[partition]!.leader
  let sent = batches[message]!
  let nextSequence = state.nextSequence
  if (p.idempotence && (sent.sequence < 0 || sent.producerEpoch !== state.epoch)) {
    // KIP-98: sequences are assigned per partition when a batch is first drained, and kept across its retries.
    const sequence = nextSequence[partition]!
    nextSequence = replaceAt(nextSequence, partition, sequence + 1)
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
    sequence: sent.sequence,
    producerEpoch: sent.producerEpoch,
    orphan: false,
  })
  return update(s, {
    producers: replaceAt(
      s.producers,
      producer,
      updateProducer(state, { queues: replaceAt(state.queues, partition, queue.slice(1)), nextSequence }),
    ),
    batches: replaceAt(batches, message, sent),
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
  // A response for an attempt the producer already gave up on (it timed out) is never read.
  if (b.status !== 'inFlight' || b.broker !== broker) return received
  if (response.error === 'NONE')
    return update(received, {
      batches: replaceAt(s.batches, response.message, updateBatch(b, { status: 'acked', broker: NO_BROKER })),
    })
  return failAttempt(p, received, response.message)
}

/**
 * The current attempt of `message` failed (an error response, a timeout, a broken connection). With attempts left
 * the batch goes back into its deque: at the front (RecordAccumulator.reenqueue), or in sequence order under
 * idempotence (insertInSequenceOrder). Otherwise the send fails back to the application.
 */
export function failAttempt(p: Params, s: State, message: number): State {
  const b = s.batches[message]!
  const { producer } = p.messages[message]!
  const state = s.producers[producer]!
  const queue = state.queues[b.partition]!
  if (b.attempts < p.attempts) {
    const requeued = updateBatch(b, { status: 'queued', broker: NO_BROKER })
    const at = p.idempotence ? sequencePosition(s.batches, queue, requeued) : 0
    return withQueue(update(s, { batches: replaceAt(s.batches, message, requeued) }), producer, b.partition, [
      ...queue.slice(0, at),
      message,
      ...queue.slice(at),
    ])
  }
  // KIP-360 (2.5+; a new producer id before): a batch that failed for good leaves a gap in the sequence, so the
  // producer bumps its epoch and starts every sequence again.
  const producers = p.idempotence
    ? replaceAt(s.producers, producer, updateProducer(state, { epochBumpPending: true }))
    : s.producers
  if (p.resendOnFailure && b.resends < MAX_RESENDS) {
    // The application's callback sends the record again: a new record, partitioned afresh, at the tail of a deque.
    const partition = p.messages[message]!.partitionFor[s.topicPartitions]!
    const resent = make.batch({
      status: 'queued',
      partition,
      broker: NO_BROKER,
      attempts: 0,
      sequence: NO_SEQUENCE,
      producerEpoch: b.producerEpoch,
      resends: b.resends + 1,
    })
    const next = update(s, { producers, batches: replaceAt(s.batches, message, resent) })
    return withQueue(next, producer, partition, [...next.producers[producer]!.queues[partition]!, message])
  }
  return update(s, {
    producers,
    batches: replaceAt(s.batches, message, updateBatch(b, { status: 'failed', broker: NO_BROKER })),
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

function withQueue(s: State, producer: number, partition: number, queue: readonly number[]): State {
  const state = s.producers[producer]!
  return update(s, {
    producers: replaceAt(
      s.producers,
      producer,
      updateProducer(state, { queues: replaceAt(state.queues, partition, queue) }),
    ),
  })
}
