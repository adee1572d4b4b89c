// The produce path as facts: the producer sending and hearing back, the leader handling a request (as the
// specification's produceDecision decided it), and the network faults between them.

import {
  delayedRequest,
  nextRequest,
  nextResponse,
  produceDecision,
  transactionalIdOf,
  type ActionOf,
  type ProduceRequest,
  type SequenceVerdict,
} from '../../spec/index.js'
import type { Handling, LeaderAnswer, Produce, StepFacts } from './facts.js'
import {
  answers,
  attemptsAllowed,
  batchFates,
  highWatermarkMove,
  newResponses,
  removed,
  replicaOf,
  type Transition,
} from './factsShared.js'
import { sameValue } from './diff.js'

export function appSendFacts({ p, after }: Transition, { producer, message }: ActionOf<'ProducerAppSend'>): StepFacts {
  return [
    {
      kind: 'appSend',
      producer,
      message,
      key: p.messages[message]!.key,
      partition: after.batches[message]!.partition,
      partitions: after.topicPartitions,
    },
  ]
}

export function sendFacts(step: Transition, { producer, partition, message }: ActionOf<'ProducerSend'>): StepFacts {
  const { p, before, after } = step
  const sent = after.batches[message]!
  const epoch = after.producers[producer]!.epoch
  return [
    {
      kind: 'send',
      producer,
      partition,
      message,
      leader: before.partitions[partition]!.leader,
      attempt: sent.attempts,
      allowed: attemptsAllowed(p),
      resent: sent.resends > 0,
      newEpoch: epoch === before.producers[producer]!.epoch ? null : epoch,
      sequence: p.idempotence ? { sequence: sent.sequence, producerEpoch: sent.producerEpoch } : null,
      acks0: p.acks === 0,
    },
  ]
}

export function epochBumpFacts(step: Transition, { producer }: ActionOf<'ProducerBumpEpoch'>): StepFacts {
  const { before, after } = step
  const was = before.producers[producer]!
  const renumbered = after.batches.flatMap((batch, message) =>
    batch.sequenceReset && !sameValue(batch, before.batches[message]) ? [{ message, sequence: batch.sequence }] : [],
  )
  return [
    {
      kind: 'epochBump',
      producer,
      from: was.epoch,
      to: after.producers[producer]!.epoch,
      partitions: was.bumpFor,
      renumbered,
    },
  ]
}

export function producerRestartFacts(
  { p, before, after }: Transition,
  { producer }: ActionOf<'ProducerRestart'>,
): StepFacts {
  // The new instance starts with an empty accumulator: what it holds is what the application sent again.
  const resent = after.producers[producer]!.queues.flat().sort((a, b) => a - b)
  const id = transactionalIdOf(p, producer, after.producers[producer]!.instance)
  const stable = id === transactionalIdOf(p, producer, before.producers[producer]!.instance)
  return [{ kind: 'producerRestart', producer, resent, transactionalId: p.transactional ? { id, stable } : null }]
}

export function expiredFacts(step: Transition, { producer, message }: ActionOf<'ProducerExpireBatch'>): StepFacts {
  const was = step.before.batches[message]!
  const broker = was.status === 'inFlight' ? was.broker : null
  return [{ kind: 'expired', producer, message, broker }, ...batchFates(step)]
}

export function responseReadFacts(
  step: Transition,
  { producer, broker }: ActionOf<'ProducerReceiveResponse'>,
): StepFacts {
  const { before, after } = step
  const response = before.responses[nextResponse(before, producer, broker)]!
  const { message, error } = response
  // A response to an attempt the producer gave up on changes nothing: the specification ignored it.
  const stale = sameValue(before.batches[message], after.batches[message])
  const inTransaction = after.batches[message]!.status === 'inTransaction'
  return [
    { kind: 'responseRead', producer, broker, message, error, stale, inTransaction },
    ...(stale || error === 'NONE' ? [] : batchFates(step)),
  ]
}

/** What the leader did with `request`, from the specification's decision and the leader's log before it. */
function handlingOf(step: Transition, request: ProduceRequest, verdict: SequenceVerdict): Handling {
  const { p, before, after } = step
  const { partition, broker, message, sequence, producerEpoch } = request
  switch (verdict.kind) {
    case 'reject': {
      const { leader, isr } = before.partitions[partition]!
      const { minInsyncReplicas } = p
      const coordinatorEpoch = p.transactional
        ? before.transactions[transactionalIdOf(p, request.producer, request.instance)]!.epoch
        : null
      return {
        kind: 'reject',
        error: verdict.error,
        leader,
        isr,
        minInsyncReplicas,
        sequence,
        producerEpoch,
        coordinatorEpoch,
      }
    }
    case 'append': {
      const log = replicaOf(p, before, partition, broker)!.log
      const copyOf = log.findIndex(entry => entry.kind === 'data' && entry.message === message)
      // The spec marks the appended entry a zombie's when its coordinator had fenced the writer's epoch.
      const { zombie } = replicaOf(p, after, partition, broker)!.log[log.length]!
      return { kind: 'append', offset: log.length, copyOf: copyOf < 0 ? null : copyOf, zombie }
    }
    case 'duplicate':
      return verdict.offset < 0
        ? { kind: 'notStored', sequence }
        : { kind: 'duplicate', sequence, offset: verdict.offset }
  }
}

/** What became of the answer to an accepted request: it waits in purgatory, goes out, or goes nowhere. */
function answerOf(step: Transition, request: ProduceRequest, delayed: boolean): LeaderAnswer['answer'] {
  const { p, before, after } = step
  const { partition, broker, message } = request
  if (delayed) return { kind: 'unheard' }
  const response = newResponses(step).find(r => r.message === message && r.broker === broker)
  if (response !== undefined) return { kind: 'answered', error: response.error, acks1: p.acks === 1 }
  const waiting = removed(after.partitions[partition]!.purgatory, before.partitions[partition]!.purgatory).find(
    pending => pending.message === message,
  )
  return waiting === undefined ? { kind: 'acks0' } : { kind: 'waits', offset: waiting.offset }
}

/** A leader handles a produce request: the normal case, or a delayed one the producer had already given up on. */
export function produceFacts(
  step: Transition,
  handled: ActionOf<'LeaderHandleProduce' | 'LeaderHandleDelayedProduce'>,
): StepFacts {
  const { p, before } = step
  const delayed = handled.type === 'LeaderHandleDelayedProduce'
  const index = delayed
    ? delayedRequest(before, handled.broker, handled.message)
    : nextRequest(before, handled.producer, handled.broker)
  const request = before.requests[index]!
  const { broker, producer, partition, message } = request
  const verdict = produceDecision(p, before, request)
  const produce: Produce = {
    kind: 'produce',
    broker,
    producer,
    partition,
    message,
    leaderEpoch: before.partitions[partition]!.leaderEpoch,
    delayed,
    handling: handlingOf(step, request, verdict),
  }
  const unheard: LeaderAnswer = { kind: 'leaderAnswer', producer, answer: { kind: 'unheard' } }
  if (verdict.kind === 'reject') return delayed ? [produce, unheard] : [produce]
  return [
    produce,
    ...highWatermarkMove(step, partition),
    { kind: 'leaderAnswer', producer, answer: answerOf(step, request, delayed) },
    ...answers(step, message),
  ]
}

/** The messages of what the step removed from one connection's requests or responses. */
function goneFrom<R extends { readonly producer: number; readonly broker: number; readonly message: number }>(
  before: readonly R[],
  after: readonly R[],
  producer: number,
  broker: number,
): number[] {
  const onConnection = (r: R) => r.producer === producer && r.broker === broker
  return removed(before.filter(onConnection), after.filter(onConnection)).map(r => r.message)
}

export function requestsLostFacts(step: Transition, { producer, broker }: ActionOf<'NetworkLoseRequest'>): StepFacts {
  const { p, before, after } = step
  const messages = goneFrom(before.requests, after.requests, producer, broker)
  return [{ kind: 'requestsLost', producer, broker, messages, acks0: p.acks === 0 }, ...batchFates(step)]
}

export function responsesLostFacts(step: Transition, { producer, broker }: ActionOf<'NetworkLoseResponse'>): StepFacts {
  const { before, after } = step
  return [
    {
      kind: 'responsesLost',
      producer,
      broker,
      messages: goneFrom(before.responses, after.responses, producer, broker),
      requests: goneFrom(before.requests, after.requests, producer, broker),
    },
    ...batchFates(step),
  ]
}

export function requestsDelayedFacts(
  step: Transition,
  { producer, broker }: ActionOf<'NetworkDelayRequest'>,
): StepFacts {
  const { before, after } = step
  const orphaned = after.requests.filter(r => r.producer === producer && r.broker === broker && r.orphan)
  const messages = removed(orphaned, before.requests).map(r => r.message)
  return [{ kind: 'requestsDelayed', producer, broker, messages }, ...batchFates(step)]
}
