// The application's error path as facts (spec/consumer/errors.ts): processing a record fails, and the error handler
// retries it in place, hands it to the retry topic, or gives it up to the dead-letter topic or the log; the retry
// topic's listener processes it later; a dead-letter write nobody waited for lands or expires. Each reads the spec's
// decision off the states before and after the step: the consumer's failure count says it retries in place, the retry
// topic or the dead-letter writes what else became of the record, the positions where it seeks back to.

import {
  leaderReplica,
  NO_OFFSET,
  type ActionOf,
  type Params,
  type PolledRecord,
  type Scenario,
  type State,
} from '../../spec/index.js'
import type { Commit, DeadLetterWrite, ProcessFail, Serde, StepFacts } from './facts.js'
import type { Transition } from './factsShared.js'

/** A Java class by its simple name: StringSerializer. */
const simpleName = (name: string): string => name.slice(name.lastIndexOf('.') + 1)

/**
 * The producer's value.serializer and the class the consumer reads values with (the ErrorHandlingDeserializer's
 * delegate when it wraps one), or null unless the scenario sets both.
 */
export function serdeOf(scenario: Scenario, p: Params): Serde | null {
  const serializer = scenario.producer['value.serializer']
  const deserializer = p.errorHandlingDeserializer
    ? scenario.consumer['spring.deserializer.value.delegate.class']
    : scenario.consumer['value.deserializer']
  return serializer === null || deserializer === null
    ? null
    : { serializer: simpleName(serializer), deserializer: simpleName(deserializer) }
}

/** Where `message` sits in the log of its partition's leader in `s`, or undefined. */
export function offsetOf(p: Params, s: State, message: number): { partition: number; offset: number } | undefined {
  const partition = s.batches[message]!.partition
  if (partition < 0) return undefined
  const leader = leaderReplica(p.assignment[partition]!, s.partitions[partition]!)
  const offset = leader?.log.findIndex(entry => entry.kind === 'data' && entry.message === message) ?? -1
  return offset < 0 ? undefined : { partition, offset }
}

/** What the error handler did with the failed record, read off the state after the step. */
function outcomeOf({ p, before, after }: Transition, consumer: number, message: number): ProcessFail['outcome'] {
  const was = before.consumers[consumer]!
  const now = after.consumers[consumer]!
  const deliveries = (was.failedRecord === message ? was.failures : 0) + 1
  if (now.failedRecord === message) return { kind: 'retryInPlace', delivery: now.failures, attempts: p.retryAttempts }
  if (after.retryTopic.length > before.retryTopic.length) return { kind: 'retryTopic' }
  if (after.deadLetterInFlight.length > before.deadLetterInFlight.length)
    return { kind: 'deadLetter', awaited: false, deliveries }
  // The dead-letter count is capped at 2: a third write leaves it where it was, so `dlq` tells it from a log line.
  if (after.deadLettered[message]! > before.deadLettered[message]! || p.dlq)
    return { kind: 'deadLetter', awaited: true, deliveries }
  return { kind: 'logged', deliveries }
}

/** The positions the step moved back: where the consumer seeks so that records are polled again. */
function rewoundOf({ before, after }: Transition, consumer: number): Commit[] {
  const was = before.consumers[consumer]!.positions
  return after.consumers[consumer]!.positions.flatMap((offset, partition) =>
    offset !== NO_OFFSET && offset < was[partition]! ? [{ partition, offset }] : [],
  )
}

export function processFailFacts(step: Transition, { consumer, message }: ActionOf<'ConsumerProcessFail'>): StepFacts {
  const { p, before, after, serde } = step
  const was = before.consumers[consumer]!
  const at = was.batch.findIndex(record => record.message === message)
  const processed = was.batch.slice(0, at)
  const record: PolledRecord = was.batch[at]!
  const fact: ProcessFail = {
    kind: 'processFail',
    consumer,
    zombie: was.status === 'zombie',
    processed,
    again: processed.filter(r => after.processed[r.message]! > 1 && before.processed[r.message]! > 0),
    record,
    // A transient failure spends the budget; a poison record fails without it.
    cause:
      after.faults.processingFailures > before.faults.processingFailures
        ? { kind: 'transient' }
        : { kind: 'poison', serde },
    outcome: outcomeOf(step, consumer, message),
    rewound: rewoundOf(step, consumer),
    unprocessed: was.batch.slice(at + 1),
  }
  return [fact]
}

export function retryTopicProcessFacts(
  { p, before, after }: Transition,
  { message }: ActionOf<'RetryTopicProcess'>,
): StepFacts {
  const at = offsetOf(p, before, message)
  const key = p.messages[message]!.key
  const overtaken = before.processed.flatMap((count, other) => {
    if (other === message || count === 0 || at === undefined) return []
    const there = offsetOf(p, before, other)
    return there !== undefined && there.partition === at.partition && there.offset > at.offset ? [other] : []
  })
  return [
    {
      kind: 'retryTopicProcess',
      message,
      partition: at?.partition ?? before.batches[message]!.partition,
      overtaken,
      sameKey: overtaken.filter(other => p.messages[other]!.key === key),
      key,
      again: after.processed[message]! > 1 && before.processed[message]! > 0,
    },
  ]
}

/** The dead-letter write of `message` landed or expired. */
function deadLetterWriteFacts(
  { p, before, after }: Transition,
  message: number,
  outcome: DeadLetterWrite['outcome'],
): StepFacts {
  const at = offsetOf(p, after, message)
  const committed = at === undefined ? NO_OFFSET : after.group.committed[at.partition]!
  return [
    {
      kind: 'deadLetterWrite',
      message,
      outcome,
      committedPast: at !== undefined && committed > at.offset ? { partition: at.partition, offset: committed } : null,
      again: after.deadLettered[message]! > 1 && before.deadLettered[message]! > 0,
    },
  ]
}

export const deadLetterWriteAckFacts = (step: Transition, { message }: ActionOf<'DeadLetterWriteAck'>): StepFacts =>
  deadLetterWriteFacts(step, message, 'acked')

export const deadLetterWriteExpireFacts = (
  step: Transition,
  { message }: ActionOf<'DeadLetterWriteExpire'>,
): StepFacts => deadLetterWriteFacts(step, message, 'expired')
