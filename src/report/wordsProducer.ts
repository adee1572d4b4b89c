// The produce path in words: the producer sending and hearing back, the leader handling a request, the network
// faults between them, and what became of the producer's batches.

import { match } from 'ts-pattern'
import type {
  Answers,
  AppSend,
  AttemptsAllowed,
  BatchFate,
  EpochBump,
  EpochBumpPending,
  Expired,
  Handling,
  LeaderAnswer,
  Produce,
  ProducerRestart,
  RequestsDelayed,
  RequestsLost,
  ResponseRead,
  ResponsesLost,
  Send,
} from './facts.js'
import {
  brokerName,
  brokerSet,
  counted,
  errorWord,
  joinWords,
  messageList,
  messageName,
  partitionName,
  producerName,
  transactionalIdName,
} from './names.js'

export function appSendWords({ producer, message, key, partition, partitions }: AppSend): string[] {
  const topic = `${partitions} partition${partitions === 1 ? '' : 's'}`
  return [
    `the application calls send(${messageName(message)}) on ${producerName(producer)}; key ${JSON.stringify(key)} ` +
      `goes to ${partitionName(partition)} of ${topic}`,
  ]
}

/** "2 of 4 attempts used", or with retries=MAX "2 attempts used". */
const attemptsUsed = (attempts: number, allowed: AttemptsAllowed): string =>
  allowed === null ? `${counted(attempts, 'attempt')} used` : `${attempts} of ${allowed} attempts used`

export function sendWords(send: Send): string[] {
  const name = messageName(send.message)
  const bump = send.newEpoch === null ? '' : `bumps its epoch to ${send.newEpoch} (KIP-360) and `
  const verb = send.attempt > 1 ? 'retries' : send.resent ? 'sends again' : 'sends'
  const sequence =
    send.sequence === null ? '' : `, sequence ${send.sequence.sequence}, producer epoch ${send.sequence.producerEpoch}`
  return [
    `${producerName(send.producer)} ${bump}${verb} ${name} to ${brokerName(send.leader)}, the leader of ` +
      `${partitionName(send.partition)} (attempt ${send.attempt}${send.allowed === null ? '' : ` of ${send.allowed}`}${sequence})`,
    send.acks0 ? `with acks=0 ${name} counts as sent at once` : '',
  ]
}

export function responseReadWords(read: ResponseRead): string[] {
  const [producer, broker, name] = [producerName(read.producer), brokerName(read.broker), messageName(read.message)]
  if (read.stale)
    return [
      `${producer} reads ${broker}'s ${errorWord(read.error)} for ${name} and ignores it: it had given up on that attempt`,
    ]
  if (read.error === 'NONE' && read.inTransaction)
    return [
      `${producer} receives ${broker}'s acknowledgement of ${name}: ${name} is written in its open transaction, ` +
        'delivered once the transaction commits',
    ]
  if (read.error === 'NONE')
    return [`${producer} receives ${broker}'s acknowledgement of ${name}: ${name} is acknowledged`]
  return [`${producer} receives ${read.error} for ${name} from ${broker}`]
}

/** Why a leader refused a produce request, from what its decision rests on. */
function refusal(produce: Produce, reject: Extract<Handling, { kind: 'reject' }>): string {
  return match(reject.error)
    .with('NOT_LEADER_OR_FOLLOWER', () => `${brokerName(reject.leader)} leads ${partitionName(produce.partition)}`)
    .with(
      'NOT_ENOUGH_REPLICAS',
      'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
      () => `the ISR ${brokerSet(reject.isr)} is smaller than min.insync.replicas=${reject.minInsyncReplicas}`,
    )
    .with('OUT_OF_ORDER_SEQUENCE_NUMBER', () => `sequence ${reject.sequence} is not the one it expects next`)
    .with('INVALID_PRODUCER_EPOCH', () =>
      reject.coordinatorEpoch !== null && reject.producerEpoch < reject.coordinatorEpoch
        ? `producer epoch ${reject.producerEpoch} is fenced: its transaction coordinator is at epoch ${reject.coordinatorEpoch}`
        : `producer epoch ${reject.producerEpoch} is older than the one in its log`,
    )
    .with('UNKNOWN_PRODUCER_ID', () => `its log has no state for ${producerName(produce.producer)}`)
    .with(
      'INVALID_TXN_STATE',
      () =>
        `${partitionName(produce.partition)} is not in ${producerName(produce.producer)}'s ongoing transaction: the ` +
        'leader verifies with the coordinator a write that would start a transaction there, and the coordinator refuses it (KIP-890)',
    )
    .exhaustive()
}

export function produceWords(produce: Produce): string[] {
  const { broker, partition, handling } = produce
  const name = messageName(produce.message)
  const arrival = produce.delayed
    ? `${name}'s delayed request finally reaches ${brokerName(broker)}, which nobody waits on: `
    : ''
  const role = `${brokerName(broker)} (leader of ${partitionName(partition)}, epoch ${produce.leaderEpoch})`
  const what = match(handling)
    .with(
      { kind: 'reject' },
      reject => `${brokerName(broker)} rejects ${name} with ${reject.error}: ${refusal(produce, reject)}`,
    )
    .with(
      { kind: 'append' },
      ({ offset, copyOf, zombie }) =>
        `${role} appends ${name} at offset ${offset}` +
        (copyOf === null ? '' : `, a second copy: ${name} is already at offset ${copyOf}`) +
        (zombie ? `, a zombie write: its transaction coordinator had already fenced that producer epoch` : ''),
    )
    .with(
      { kind: 'notStored' },
      ({ sequence }) =>
        `${role} does not store ${name}: sequence ${sequence} is not the last one + 1, so the seed notes' rule just acknowledges it`,
    )
    .with(
      { kind: 'duplicate' },
      ({ sequence, offset }) =>
        `${role} recognises ${name} (sequence ${sequence}) as a duplicate of offset ${offset} and does not append it again`,
    )
    .exhaustive()
  return [`${arrival}${what}`]
}

export function leaderAnswerWords({ producer, answer }: LeaderAnswer): string[] {
  return [
    match(answer)
      .with({ kind: 'unheard' }, () => 'nobody hears the answer')
      .with(
        { kind: 'waits' },
        ({ offset }) => `acks=all: the request waits in purgatory until the high watermark passes offset ${offset}`,
      )
      .with(
        { kind: 'answered' },
        ({ error, acks1 }) =>
          `answers ${producerName(producer)}: ${errorWord(error)}${acks1 ? ' (acks=1: its own append is enough)' : ''}`,
      )
      .with({ kind: 'acks0' }, () => 'acks=0: no answer')
      .exhaustive(),
  ]
}

/** "broker 1 answers producer 1: m1 OK", for each acks=all request the step completed. */
export const answersWords = ({ responses }: Answers): string[] =>
  responses.map(
    r => `${brokerName(r.broker)} answers ${producerName(r.producer)}: ${messageName(r.message)} ${errorWord(r.error)}`,
  )

export function requestsLostWords({ producer, broker, messages, acks0 }: RequestsLost): string[] {
  const lost = messages.length === 1 ? 'the request is' : `the requests of ${messageList(messages)} are`
  return [
    `the connection from ${producerName(producer)} to ${brokerName(broker)} breaks before ${brokerName(broker)} ` +
      `reads ${messageName(messages[0]!)}'s request; ${lost} lost`,
    acks0 ? `with acks=0 ${producerName(producer)} never notices` : '',
  ]
}

export function responsesLostWords({ producer, broker, messages, requests }: ResponsesLost): string[] {
  const lost =
    messages.length === 1
      ? `${messageName(messages[0]!)}'s response is`
      : `the responses of ${messageList(messages)} are`
  return [
    `the connection from ${producerName(producer)} to ${brokerName(broker)} breaks; ${lost} lost`,
    requests.length === 0 ? '' : `the requests of ${messageList(requests)} not yet read are lost too`,
  ]
}

export function requestsDelayedWords({ producer, broker, messages }: RequestsDelayed): string[] {
  const one = messages.length === 1
  const requests = one ? `${messageName(messages[0]!)}'s request` : `the requests of ${messageList(messages)}`
  return [
    `${requests} to ${brokerName(broker)} ${one ? 'is' : 'are'} held up past request.timeout.ms: ` +
      `${producerName(producer)} gives up and closes the connection, but ${one ? 'it is' : 'they are'} still on the way`,
  ]
}

export function batchFateWords({ fate, messages, attempts, allowed }: BatchFate): string[] {
  const used = counted(attempts, 'attempt')
  const [one, many] = match(fate)
    .returnType<[string, string]>()
    .with('acknowledged', () => ['is acknowledged', 'are acknowledged'])
    .with('unsent', () => ['is not sent yet', 'are not sent yet'])
    .with('inTransaction', () => [
      'is written in its open transaction, delivered once it commits',
      'are written in their open transaction, delivered once it commits',
    ])
    .with('failed', () => [`fails back to the application after ${used}`, `fail back to the application after ${used}`])
    .with('resent', () => [
      `fails after ${used} and the application sends it again`,
      `fail after ${used} and the application sends them again`,
    ])
    .with('retried', () => [
      `goes back to the queue to be retried (${attemptsUsed(attempts, allowed)})`,
      `go back to the queue to be retried (${attemptsUsed(attempts, allowed)})`,
    ])
    .exhaustive()
  return [`${messageList(messages)} ${messages.length === 1 ? one : many}`]
}

export const epochBumpPendingWords = ({ producer, partitions, abortable }: EpochBumpPending): string[] => [
  abortable
    ? `${producerName(producer)}'s transaction can only be aborted now (ABORTABLE_ERROR); after the abort it bumps ` +
      `its epoch with InitProducerId and restarts the sequences of ${joinWords(partitions.map(partitionName))} (KIP-360)`
    : `${producerName(producer)} will bump its epoch and restart the sequences of ` +
      `${joinWords(partitions.map(partitionName))} before it sends again (KIP-360)`,
]

export function epochBumpWords({ producer, from, to, partitions, renumbered }: EpochBump): string[] {
  return [
    `${producerName(producer)} bumps its epoch ${from} → ${to} and restarts the sequences of ` +
      `${partitions.map(partitionName).join(', ')} at 0 (KIP-360)`,
    renumbered.length === 0
      ? ''
      : `its batches there are renumbered: ${renumbered.map(r => `${messageName(r.message)} seq ${r.sequence}`).join(', ')}`,
  ]
}

export const producerRestartWords = ({ producer, resent, transactionalId }: ProducerRestart): string[] => [
  `${producerName(producer)}'s process restarts: ${restartIdentity(transactionalId)}; what the old instance had ` +
    'sent may still arrive, unanswered',
  resent.length === 0 ? '' : `the application sends ${messageList(resent)} again`,
]

/** Who the new instance is to the brokers and the transaction coordinator. */
function restartIdentity(transactionalId: ProducerRestart['transactionalId']): string {
  if (transactionalId === null)
    return "the new instance gets a new producer id, so the brokers cannot recognise its records as the old one's"
  const id = transactionalIdName(transactionalId.id)
  return transactionalId.stable
    ? `the new instance keeps transactional id ${id}, so its initTransactions() will fence the old instance's epoch`
    : `the new instance takes a transactional id of its own, ${id}, so nothing fences the old one: a transaction it ` +
        'left open ends only when it times out'
}

export function expiredWords({ producer, message, broker }: Expired): string[] {
  const where = broker === null ? 'in the accumulator' : `while its request to ${brokerName(broker)} is still out`
  return [
    `${messageName(message)}'s delivery.timeout.ms runs out ${where}: ${producerName(producer)} fails it with a TimeoutException`,
  ]
}
