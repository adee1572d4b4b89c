// When processing a record fails: the application's error path, as Spring Kafka's listener container runs it
// (DefaultErrorHandler, DeadLetterPublishingRecoverer, non-blocking retry topics). A failure is transient
// (`faults.processing-failure`: the next delivery succeeds) or deterministic (a poison record the deserializer cannot
// read, handed on by the ErrorHandlingDeserializer with its DeserializationException, which is never retried).
// Blocking retries seek back to the record and poll it again, up to `app.retry-attempts` deliveries; a retry topic
// takes the record and the loop moves on; a record given up goes to the dead-letter topic, or is only logged.
//
// Abstractions: the retry and dead-letter topics are lists of records, not partitions; processing from the retry
// topic succeeds (a failure there is not explored); a dead-letter write the application waits for is one step.

import type { ActionOf } from '../actions.js'
import type { Params } from '../params.js'
import { NO_EPOCH, replaceAt, update, updateConsumer, updateFaults, type PolledRecord, type State } from '../state.js'
import { countProcessed, withConsumer } from './poll.js'

/** Whether the record at the head of `consumer`'s batch, or any with the failure budget, can fail now. */
export function canFailProcessing(p: Params, s: State, consumer: number, message: number): boolean {
  if (!p.poison && s.faults.processingFailures >= p.faults['processing-failure']) return false
  const c = s.consumers[consumer]!
  if ((c.status !== 'active' && c.status !== 'zombie') || c.phase !== 'process') return false
  // A poison record fails every time: the first one of the batch stops it; a transient failure can hit any record.
  return p.poison ? c.batch[0]?.message === message : c.batch.some(record => record.message === message)
}

/**
 * ConsumerProcessFail: the records of the batch before `message` are processed; `message` throws. Its error handler
 * retries it in place (the rest of the batch is polled again from it), hands it to the retry topic, or gives it up to
 * the dead-letter topic or the log; the records after it are polled again either way.
 */
export function consumerProcessFail(
  p: Params,
  s: State,
  { consumer, message }: ActionOf<'ConsumerProcessFail'>,
): State {
  const c = s.consumers[consumer]!
  const at = c.batch.findIndex(record => record.message === message)
  let next = update(s, { processed: countProcessed(s.processed, c.batch.slice(0, at)) })
  if (!p.poison)
    next = update(next, {
      faults: updateFaults(next.faults, { processingFailures: next.faults.processingFailures + 1 }),
    })
  // A DeserializationException is not retryable (DefaultErrorHandler's default classification): it is given up at once.
  const retryable = !p.poison
  // FailedRecordTracker counts the failed deliveries of each record.
  const failures = (c.failedRecord === message ? c.failures : 0) + 1
  const retryInPlace = p.retry === 'blocking' && retryable && failures < p.retryAttempts
  const toRetryTopic = p.retry === 'retry-topic' && retryable
  if (!retryInPlace && !toRetryTopic) next = giveUp(p, next, message)
  if (toRetryTopic) next = update(next, { retryTopic: [...next.retryTopic, message] })
  const again = retryInPlace ? c.batch.slice(at) : c.batch.slice(at + 1)
  const rewound = rewind(c.positions, c.positionEpochs, again)
  return withConsumer(
    next,
    consumer,
    updateConsumer(c, {
      batch: [],
      ...rewound,
      failures: retryInPlace ? failures : 0,
      failedRecord: retryInPlace ? message : -1,
      phase: 'commitAfterProcess',
    }),
  )
}

/** Positions moved back to the first of `records` in each partition (the container seeks there). */
function rewind(
  positions: readonly number[],
  positionEpochs: readonly number[],
  records: readonly PolledRecord[],
): { positions: readonly number[]; positionEpochs: readonly number[] } {
  let moved = positions
  let epochs = positionEpochs
  for (const record of [...records].reverse()) {
    moved = replaceAt(moved, record.partition, record.offset)
    epochs = replaceAt(epochs, record.partition, NO_EPOCH)
  }
  return { positions: moved, positionEpochs: epochs }
}

/** The recoverer: the dead-letter topic (its write awaited, or left in flight), or only a log line. */
function giveUp(p: Params, s: State, message: number): State {
  if (!p.dlq) return s
  if (!p.dlqAwaitAck) return update(s, { deadLetterInFlight: [...s.deadLetterInFlight, message] })
  return deadLetter(s, message)
}

const deadLetter = (s: State, message: number): State =>
  update(s, { deadLettered: replaceAt(s.deadLettered, message, Math.min(2, s.deadLettered[message]! + 1)) })

/** RetryTopicProcess is enabled: a record waits in the retry topic. */
export const canProcessRetry = (s: State): boolean => s.retryTopic.length > 0

/** RetryTopicProcess: the retry topic's listener processes its next record, later than the records after it. */
export function retryTopicProcess(_p: Params, s: State, { message }: ActionOf<'RetryTopicProcess'>): State {
  return update(s, {
    retryTopic: s.retryTopic.slice(1),
    processed: countProcessed(s.processed, [{ message }]),
  })
}

/** DeadLetterWriteAck and DeadLetterWriteExpire are enabled: a dead-letter write nobody waits for is in flight. */
export const canSettleDeadLetter = (s: State): boolean => s.deadLetterInFlight.length > 0

export const canExpireDeadLetter = (p: Params, s: State): boolean =>
  canSettleDeadLetter(s) && s.faults.deliveryTimeouts < p.faults['delivery-timeout']

/** DeadLetterWriteAck: the dead-letter topic's leader acknowledges the write. */
export function deadLetterWriteAck(_p: Params, s: State, { message }: ActionOf<'DeadLetterWriteAck'>): State {
  return deadLetter(update(s, { deadLetterInFlight: s.deadLetterInFlight.slice(1) }), message)
}

/**
 * DeadLetterWriteExpire: the write runs out of delivery.timeout.ms (the dead-letter topic's partition is offline, or
 * short of in-sync replicas); nobody waited for it, so the offset past the record may already be committed.
 */
export function deadLetterWriteExpire(_p: Params, s: State, _a: ActionOf<'DeadLetterWriteExpire'>): State {
  return update(s, {
    deadLetterInFlight: s.deadLetterInFlight.slice(1),
    faults: updateFaults(s.faults, { deliveryTimeouts: s.faults.deliveryTimeouts + 1 }),
  })
}
