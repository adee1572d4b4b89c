// The produce path: the producer sending and hearing back, the leader handling a request, and the network faults
// between them.

import { match } from 'ts-pattern'
import { produceDecision, type ActionOf, type ProduceError, type ProduceRequest } from '../../spec/index.js'
import { brokerName, brokerSet, messageList, messageName, partitionName, producerName } from './names.js'
import {
  answersLabel,
  answersNews,
  batchNews,
  brokerLane,
  errorWord,
  highWatermarkLabel,
  highWatermarkNews,
  lines,
  newResponses,
  producerLane,
  replicaOf,
  story,
  type Mark,
  type StepStory,
  type Tone,
  type Transition,
} from './story.js'

export function producerAppSend(step: Transition, { producer, message }: ActionOf<'ProducerAppSend'>): StepStory {
  const { p, after } = step
  const { key } = p.messages[message]!
  const partition = after.batches[message]!.partition
  const topic = `${after.topicPartitions} partition${after.topicPartitions === 1 ? '' : 's'}`
  return story(
    [
      `the application calls send(${messageName(message)}) on ${producerName(producer)}; key ${JSON.stringify(key)} ` +
        `goes to ${partitionName(partition)} of ${topic}`,
    ],
    [
      {
        kind: 'event',
        at: producerLane(producer),
        label: lines(`send(${messageName(message)})`, `-> p${partition}`),
        tone: 'local',
      },
    ],
  )
}

export function producerSend(step: Transition, { producer, partition, message }: ActionOf<'ProducerSend'>): StepStory {
  const { p, before, after } = step
  const sent = after.batches[message]!
  const leader = before.partitions[partition]!.leader
  const epoch = after.producers[producer]!.epoch
  const bump = epoch === before.producers[producer]!.epoch ? '' : `bumps its epoch to ${epoch} (KIP-360) and `
  const verb = sent.attempts > 1 ? 'retries' : sent.resends > 0 ? 'sends again' : 'sends'
  const sequence = p.idempotence ? `, sequence ${sent.sequence}, producer epoch ${sent.producerEpoch}` : ''
  const sentence =
    `${producerName(producer)} ${bump}${verb} ${messageName(message)} to ${brokerName(leader)}, the leader of ` +
    `${partitionName(partition)} (attempt ${sent.attempts}${p.attempts > 2 ** 31 - 1 ? '' : ` of ${p.attempts}`}${sequence})`
  const acks0 = p.acks === 0 ? `with acks=0 ${messageName(message)} counts as sent at once` : ''
  const label = lines(
    `Produce ${messageName(message)}${p.idempotence ? ` seq ${sent.sequence} e${sent.producerEpoch}` : ''}`,
    sent.attempts > 1 ? `retry ${sent.attempts - 1}` : sent.resends > 0 ? 'sent again by the app' : '',
    bump === '' ? '' : `new producer epoch ${epoch}`,
    p.acks === 0 ? 'acks=0: counted as sent' : '',
  )
  return story(
    [sentence, acks0],
    [{ kind: 'arrow', from: producerLane(producer), to: brokerLane(leader), label, tone: 'request' }],
  )
}

export function producerReceiveResponse(
  step: Transition,
  { producer, broker, message }: ActionOf<'ProducerReceiveResponse'>,
): StepStory {
  const { before } = step
  const response = before.responses.find(r => r.producer === producer && r.broker === broker && r.message === message)!
  const name = messageName(response.message)
  const was = before.batches[response.message]!
  const arrow = (label: string, tone: Tone): Mark[] => [
    { kind: 'arrow', from: brokerLane(broker), to: producerLane(producer), label, tone },
  ]
  if (was.status !== 'inFlight' || was.broker !== broker)
    return story(
      [
        `${producerName(producer)} reads ${brokerName(broker)}'s ${errorWord(response.error)} for ${name} and ignores it: it had given up on that attempt`,
      ],
      arrow(`${name} ${errorWord(response.error)} (stale, ignored)`, 'response'),
    )
  if (response.error === 'NONE')
    return story(
      [
        `${producerName(producer)} receives ${brokerName(broker)}'s acknowledgement of ${name}: ${name} is acknowledged`,
      ],
      arrow(`ack ${name}`, 'response'),
    )
  return story(
    [`${producerName(producer)} receives ${response.error} for ${name} from ${brokerName(broker)}`, ...batchNews(step)],
    arrow(`${name} ${response.error}`, 'error'),
  )
}

/** Why a leader refused a produce request, from the state it decided in. */
function refusal(step: Transition, request: ProduceRequest, partition: number, error: ProduceError): string {
  const { p, before } = step
  return match(error)
    .with(
      'NOT_LEADER_OR_FOLLOWER',
      () => `${brokerName(before.partitions[partition]!.leader)} leads ${partitionName(partition)}`,
    )
    .with(
      'NOT_ENOUGH_REPLICAS',
      'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
      () =>
        `the ISR ${brokerSet(before.partitions[partition]!.isr)} is smaller than min.insync.replicas=${p.minInsyncReplicas}`,
    )
    .with('OUT_OF_ORDER_SEQUENCE_NUMBER', () => `sequence ${request.sequence} is not the one it expects next`)
    .with('INVALID_PRODUCER_EPOCH', () => `producer epoch ${request.producerEpoch} is older than the one in its log`)
    .with('UNKNOWN_PRODUCER_ID', () => `its log has no state for ${producerName(request.producer)}`)
    .exhaustive()
}

/** A leader handles a produce request: the normal case, or a delayed one the producer had already given up on. */
export function leaderHandle(
  step: Transition,
  handled: ActionOf<'LeaderHandleProduce' | 'LeaderHandleDelayedProduce'>,
  delayed: boolean,
): StepStory {
  const { p, before, after } = step
  const request = before.requests.find(
    r => r.broker === handled.broker && r.message === handled.message && r.orphan === delayed,
  )!
  const { broker, message, producer, partition } = request
  const name = messageName(message)
  const was = before.partitions[partition]!
  const now = after.partitions[partition]!
  const response = newResponses(step).find(r => r.message === message && r.broker === broker)
  const arrival = delayed
    ? `${name}'s delayed request finally reaches ${brokerName(broker)}, which nobody waits on: `
    : ''
  const unheard = delayed ? 'nobody hears the answer' : ''
  const mark = (label: string, tone: Tone): Mark[] => [
    delayed
      ? { kind: 'arrow', from: producerLane(producer), to: brokerLane(broker), label: `late ${label}`, tone: 'delayed' }
      : { kind: 'event', at: brokerLane(broker), label, tone },
  ]
  const reject = (error: ProduceError): StepStory =>
    story(
      [
        `${arrival}${brokerName(broker)} rejects ${name} with ${error}: ${refusal(step, request, partition, error)}`,
        unheard,
      ],
      mark(`X ${name}: ${error}`, 'error'),
    )

  const verdict = produceDecision(p, before, request)
  if (verdict.kind === 'reject') return reject(verdict.error)
  const logBefore = replicaOf(p, before, partition, broker)!.log

  const role = `${brokerName(broker)} (leader of ${partitionName(partition)}, epoch ${was.leaderEpoch})`
  const copyAt = logBefore.findIndex(e => e.message === message)
  const [action, label] = match(verdict)
    .with({ kind: 'append' }, (): [string, string] => [
      `${role} appends ${name} at offset ${logBefore.length}` +
        (copyAt < 0 ? '' : `, a second copy: ${name} is already at offset ${copyAt}`),
      `append ${name} @${logBefore.length}${copyAt < 0 ? '' : ` (2nd copy, 1st @${copyAt})`}`,
    ])
    .with({ kind: 'duplicate', offset: -1 }, (): [string, string] => [
      `${role} does not store ${name}: sequence ${request.sequence} is not the last one + 1, so the seed notes' rule just acknowledges it`,
      `${name} seq ${request.sequence}: not stored, acked (seed rule)`,
    ])
    .with({ kind: 'duplicate' }, ({ offset }): [string, string] => [
      `${role} recognises ${name} (sequence ${request.sequence}) as a duplicate of offset ${offset} and does not append it again`,
      `${name} seq ${request.sequence}: duplicate of @${offset}`,
    ])
    .exhaustive()
  const waits = now.purgatory.some(a => a.message === message && !was.purgatory.includes(a)) && response === undefined
  const outcome = delayed
    ? unheard
    : waits
      ? `acks=all: the request waits in purgatory until the high watermark passes offset ${now.purgatory.find(a => a.message === message)!.offset}`
      : response !== undefined
        ? `answers ${producerName(producer)}: ${errorWord(response.error)}${p.acks === 1 ? ' (acks=1: its own append is enough)' : ''}`
        : 'acks=0: no answer'
  return story(
    [`${arrival}${action}`, highWatermarkNews(step, partition), outcome, ...answersNews(step, message)],
    mark(
      lines(
        label,
        highWatermarkLabel(step, partition),
        waits ? 'wait in purgatory' : '',
        response !== undefined ? `answer ${errorWord(response.error)}` : '',
        answersLabel(step, message),
      ),
      'local',
    ),
  )
}

/** Messages whose requests (or responses) on the connection the step removed. */
function gone<R extends { readonly producer: number; readonly broker: number; readonly message: number }>(
  before: readonly R[],
  after: readonly R[],
  producer: number,
  broker: number,
): number[] {
  return before.filter(r => r.producer === producer && r.broker === broker && !after.includes(r)).map(r => r.message)
}

export function networkLoseRequest(step: Transition, { producer, broker }: ActionOf<'NetworkLoseRequest'>): StepStory {
  const { p, before, after } = step
  const lost = gone(before.requests, after.requests, producer, broker)
  const unnoticed = p.acks === 0 ? `with acks=0 ${producerName(producer)} never notices` : ''
  return story(
    [
      `the connection from ${producerName(producer)} to ${brokerName(broker)} breaks before ${brokerName(broker)} reads ` +
        `${messageName(lost[0]!)}'s request; ${lost.length === 1 ? 'the request is' : `the requests of ${messageList(lost)} are`} lost`,
      unnoticed,
      ...batchNews(step),
    ],
    [
      {
        kind: 'arrow',
        from: producerLane(producer),
        to: brokerLane(broker),
        label: `X ${messageList(lost)} request lost`,
        tone: 'lost',
      },
    ],
  )
}

export function networkLoseResponse(
  step: Transition,
  { producer, broker }: ActionOf<'NetworkLoseResponse'>,
): StepStory {
  const { before, after } = step
  const lost = gone(before.responses, after.responses, producer, broker)
  const requests = gone(before.requests, after.requests, producer, broker)
  const unsent = requests.length === 0 ? '' : `the requests of ${messageList(requests)} not yet read are lost too`
  return story(
    [
      `the connection from ${producerName(producer)} to ${brokerName(broker)} breaks; ${lost.length === 1 ? `${messageName(lost[0]!)}'s response is` : `the responses of ${messageList(lost)} are`} lost`,
      unsent,
      ...batchNews(step),
    ],
    [
      {
        kind: 'arrow',
        from: brokerLane(broker),
        to: producerLane(producer),
        label: `X ${messageList(lost)} response lost`,
        tone: 'lost',
      },
    ],
  )
}

export function networkDelayRequest(
  step: Transition,
  { producer, broker }: ActionOf<'NetworkDelayRequest'>,
): StepStory {
  const { before, after } = step
  const delayed = after.requests
    .filter(r => r.producer === producer && r.broker === broker && r.orphan && !before.requests.includes(r))
    .map(r => r.message)
  const requests =
    delayed.length === 1 ? `${messageName(delayed[0]!)}'s request` : `the requests of ${messageList(delayed)}`
  return story(
    [
      `${requests} to ${brokerName(broker)} ${delayed.length === 1 ? 'is' : 'are'} held up past request.timeout.ms: ` +
        `${producerName(producer)} gives up and closes the connection, but ${delayed.length === 1 ? 'it is' : 'they are'} still on the way`,
      ...batchNews(step),
    ],
    [
      {
        kind: 'arrow',
        from: producerLane(producer),
        to: brokerLane(broker),
        label: `${messageList(delayed)} request delayed: timeout`,
        tone: 'delayed',
      },
    ],
  )
}

export function producerBumpEpoch(step: Transition, { producer }: ActionOf<'ProducerBumpEpoch'>): StepStory {
  const { before, after } = step
  const was = before.producers[producer]!
  const now = after.producers[producer]!
  const rewritten = after.batches.flatMap((b, m) =>
    b.sequenceReset && b !== before.batches[m] ? [`${messageName(m)} seq ${b.sequence}`] : [],
  )
  return story(
    [
      `${producerName(producer)} bumps its epoch ${was.epoch} → ${now.epoch} and restarts the sequences of ` +
        `${was.bumpFor.map(partitionName).join(', ')} at 0 (KIP-360)`,
      rewritten.length === 0 ? '' : `its batches there are renumbered: ${rewritten.join(', ')}`,
    ],
    [
      {
        kind: 'event',
        at: producerLane(producer),
        label: lines(`epoch ${was.epoch} -> ${now.epoch}`, rewritten.join(', ')),
        tone: 'local',
      },
    ],
  )
}

export function producerExpireBatch(
  step: Transition,
  { producer, message }: ActionOf<'ProducerExpireBatch'>,
): StepStory {
  const { before } = step
  const was = before.batches[message]!
  const where =
    was.status === 'inFlight' ? `while its request to ${brokerName(was.broker)} is still out` : 'in the accumulator'
  return story(
    [
      `${messageName(message)}'s delivery.timeout.ms runs out ${where}: ${producerName(producer)} fails it with a TimeoutException`,
      ...batchNews(step),
    ],
    [{ kind: 'event', at: producerLane(producer), label: `${messageName(message)} expired`, tone: 'error' }],
  )
}

export function producerRestart(step: Transition, { producer }: ActionOf<'ProducerRestart'>): StepStory {
  const { before, after } = step
  const again = after.batches.flatMap((b, m) => (b !== before.batches[m] && b.status === 'queued' ? [m] : []))
  return story(
    [
      `${producerName(producer)}'s process restarts: the new instance gets a new producer id, so the brokers cannot ` +
        `recognise its records as the old one's; what the old instance had sent may still arrive, unanswered`,
      again.length === 0 ? '' : `the application sends ${messageList(again)} again`,
    ],
    [
      {
        kind: 'event',
        at: producerLane(producer),
        label: lines('restart: new producer id', again.length === 0 ? '' : `resend ${messageList(again)}`),
        tone: 'restart',
      },
    ],
  )
}
