// What the sequence diagram draws for a step, from the same facts the words are made of: the actor's arrow or
// event, lines its consequences add to that mark's label (the high watermark moving, answers sent), and marks of
// their own for what happens elsewhere (a new leader's gold box, a follower truncating).

import { match } from 'ts-pattern'
import { NO_LEADER, type PolledRecord } from '../../spec/index.js'
import type {
  AbortTransaction,
  Answers,
  Commit,
  CommitSync,
  CommitTxn,
  Connect,
  DeadLetterWrite,
  Dropped,
  Entry,
  Fetch,
  InitTransactions,
  PartitionAdded,
  Poll,
  Process,
  ProcessFail,
  Produce,
  ResponseRead,
  RetryTopicProcess,
  Send,
  SendOffsetsToTxn,
  StepFact,
  StepFacts,
  TxnAborted,
  WriteMarker,
} from '../report/facts.js'
import {
  brokerSet,
  entryLabel,
  entryName,
  errorWord,
  messageList,
  messageName,
  partitionList,
  transactionalIdName,
} from '../report/names.js'

/**
 * A process with a lifeline in the sequence diagram; `coordinator` is the group's, `transactionCoordinator` the
 * producers'. The application's retry and dead-letter topics have one each, with their writers and readers.
 */
export interface Lane {
  readonly kind:
    | 'producer'
    | 'transactionCoordinator'
    | 'broker'
    | 'consumer'
    | 'coordinator'
    | 'retryTopic'
    | 'deadLetterTopic'
    | 'attacker'
  readonly index: number
}

/** What kind of thing a mark shows, which decides how it is drawn. */
export type Tone =
  'request' | 'response' | 'error' | 'replication' | 'local' | 'lost' | 'delayed' | 'crash' | 'restart' | 'election'

/**
 * One element of the sequence diagram: a message between two processes, or an event on one lifeline. Labels are
 * plain ASCII: Graphviz measures any other character as a space and warns about it on stderr.
 */
export type Mark =
  | { readonly kind: 'arrow'; readonly from: Lane; readonly to: Lane; readonly label: string; readonly tone: Tone }
  | { readonly kind: 'event'; readonly at: Lane; readonly label: string; readonly tone: Tone }

const producerLane = (index: number): Lane => ({ kind: 'producer', index })
const brokerLane = (index: number): Lane => ({ kind: 'broker', index })
const consumerLane = (index: number): Lane => ({ kind: 'consumer', index })
/** The group coordinator: one per group, and the model has one group. */
const coordinatorLane: Lane = { kind: 'coordinator', index: 0 }
/** The transaction coordinator: the model does not place transactional ids on brokers, so one lifeline serves them all. */
export const transactionCoordinatorLane: Lane = { kind: 'transactionCoordinator', index: 0 }
/** The retry topic (with its listener) and the dead-letter topic: lists of records in the model, one lifeline each. */
export const retryTopicLane: Lane = { kind: 'retryTopic', index: 0 }
export const deadLetterTopicLane: Lane = { kind: 'deadLetterTopic', index: 0 }
/** The attacker on the network: one lifeline for the eavesdropper and the man-in-the-middle. */
export const attackerLane: Lane = { kind: 'attacker', index: 0 }

const arrow = (from: Lane, to: Lane, label: string, tone: Tone): Mark => ({ kind: 'arrow', from, to, label, tone })
const event = (at: Lane, label: string, tone: Tone): Mark => ({ kind: 'event', at, label, tone })

const lines = (...parts: readonly string[]): string => parts.filter(part => part !== '').join('\n')

/** "@1" for one offset, "@1-3" for three from 1. */
const offsets = (first: number, count: number): string => (count === 1 ? `@${first}` : `@${first}-${first + count - 1}`)

const messagesLabel = (messages: readonly number[]): string => messages.map(messageName).join(' ')
const entriesLabel = (entries: readonly Entry[]): string => entries.map(entryLabel).join(' ')
const recordsLabel = (records: readonly PolledRecord[]): string => messagesLabel(records.map(r => r.message))

/** "p0=2 p1=1" */
const commitLabel = (commits: readonly Commit[]): string => commits.map(c => `p${c.partition}=${c.offset}`).join(' ')

/** "p0: m2 @1" */
const droppedLabel = (dropped: readonly Dropped[]): string =>
  dropped.map(d => `p${d.partition}: ${entriesLabel(d.entries)} ${offsets(d.kept, d.entries.length)}`).join(', ')

/** "answer m1 m2: OK", one line per outcome. */
function answerLines(responses: Answers['responses']): string[] {
  const outcomes = [...new Set(responses.map(r => r.error))]
  return outcomes.map(
    error =>
      `answer ${messagesLabel(responses.filter(r => r.error === error).map(r => r.message))}: ${errorWord(error)}`,
  )
}

function sendMark(send: Send): Mark {
  const sequence = send.sequence === null ? '' : ` seq ${send.sequence.sequence} e${send.sequence.producerEpoch}`
  const label = lines(
    `Produce ${messageName(send.message)}${sequence}`,
    send.attempt > 1 ? `retry ${send.attempt - 1}` : send.resent ? 'sent again by the app' : '',
    send.newEpoch === null ? '' : `new producer epoch ${send.newEpoch}`,
    send.acks0 ? 'acks=0: counted as sent' : '',
  )
  return arrow(producerLane(send.producer), brokerLane(send.leader), label, 'request')
}

function responseReadMark(read: ResponseRead): Mark {
  const name = messageName(read.message)
  const [label, tone]: [string, Tone] = read.stale
    ? [`${name} ${errorWord(read.error)} (stale, ignored)`, 'response']
    : read.error === 'NONE'
      ? [`ack ${name}`, 'response']
      : [`${name} ${read.error}`, 'error']
  return arrow(brokerLane(read.broker), producerLane(read.producer), label, tone)
}

function produceMark(produce: Produce): Mark {
  const { broker, producer, handling } = produce
  const name = messageName(produce.message)
  const label = match(handling)
    .with({ kind: 'reject' }, ({ error }) => `X ${name}: ${error}`)
    .with(
      { kind: 'append' },
      ({ offset, copyOf }) => `append ${name} @${offset}${copyOf === null ? '' : ` (2nd copy, 1st @${copyOf})`}`,
    )
    .with({ kind: 'notStored' }, ({ sequence }) => `${name} seq ${sequence}: not stored, acked (seed rule)`)
    .with({ kind: 'duplicate' }, ({ sequence, offset }) => `${name} seq ${sequence}: duplicate of @${offset}`)
    .exhaustive()
  if (produce.delayed) return arrow(producerLane(producer), brokerLane(broker), `late ${label}`, 'delayed')
  return event(brokerLane(broker), label, handling.kind === 'reject' ? 'error' : 'local')
}

function fetchMark(fetch: Fetch): Mark {
  const { dropped, fetched, kept } = fetch
  const label = lines(
    dropped.length === 0 ? '' : `truncate to ${kept} (drop ${entriesLabel(dropped)})`,
    fetched.length === 0
      ? `fetch: nothing new (LEO ${fetch.logEndOffset})`
      : `fetch ${entriesLabel(fetched)} ${offsets(kept, fetched.length)}`,
    fetch.rejoined === null ? '' : `ISR ${brokerSet(fetch.rejoined)}`,
  )
  return arrow(brokerLane(fetch.leader), brokerLane(fetch.broker), label, 'replication')
}

/** A new partition's box sits on its leader's lifeline, or its first replica's while it has none. */
function partitionAddedMark(added: PartitionAdded): Mark {
  const offline = added.leader === NO_LEADER
  return event(
    brokerLane(offline ? added.replicas[0]! : added.leader),
    lines(`new partition p${added.partition}`, offline ? 'offline' : 'leader, empty log'),
    'election',
  )
}

function commitSyncMark({ consumer, offsets, refused }: CommitSync): Mark {
  const label =
    refused === null
      ? `commit ${commitLabel(offsets)}`
      : refused.why === 'rebalance-in-progress'
        ? 'X commit fails: rebalance in progress'
        : `X commit refused (generation ${refused.generation}, group at ${refused.groupGeneration})`
  return arrow(consumerLane(consumer), coordinatorLane, label, refused === null ? 'request' : 'error')
}

function processMark({ consumer, worker, writes, records, again }: Process): Mark {
  const label = lines(
    `process ${recordsLabel(records)}`,
    writes === 'transaction' ? 'results -> open txn' : writes === 'output' ? 'results visible' : '',
    again.length === 0 ? '' : `${recordsLabel(again)} again!`,
  )
  return event(consumerLane(consumer), worker ? `worker: ${label}` : label, again.length === 0 ? 'local' : 'error')
}

/** TxnOffsetCommit to the group coordinator, pending until the transaction ends; or refused by generation. */
function sendOffsetsToTxnMark({ consumer, member, offsets, refused }: SendOffsetsToTxn): Mark {
  const label =
    refused === null
      ? lines(`TxnOffsetCommit ${commitLabel(offsets)}`, 'pending in the txn', member ? '' : 'generation not checked')
      : refused.error === 'PRODUCER_FENCED'
        ? lines('X TxnOffsetCommit: PRODUCER_FENCED', '(partition id taken)')
        : lines(
            `X TxnOffsetCommit: ${refused.error}`,
            `(generation ${refused.generation}, group at ${refused.groupGeneration})`,
          )
  return arrow(consumerLane(consumer), coordinatorLane, label, refused === null ? 'request' : 'error')
}

/** commitTransaction(): the group coordinator's pending offsets become committed; the results visible. */
function commitTxnMark({ consumer, visible, again, offsets, fenced }: CommitTxn): Mark {
  if (fenced) return arrow(consumerLane(consumer), coordinatorLane, 'X commitTransaction: PRODUCER_FENCED', 'error')
  const first = visible.filter(message => !again.includes(message))
  const label = lines(
    'commitTransaction',
    first.length === 0 ? '' : `${messagesLabel(first)} visible`,
    offsets.length === 0 ? '' : `commit ${commitLabel(offsets)}`,
    again.length === 0 ? '' : `${messagesLabel(again)} visible again!`,
  )
  return arrow(consumerLane(consumer), coordinatorLane, label, again.length === 0 ? 'request' : 'error')
}

/** An abort after a refusal rides on the refused request's arrow; the application's own abort is a request. */
function txnAbortedDrawing({ consumer, why, discarded, rewound }: TxnAborted): Mark | string[] {
  const drawn = [
    discarded.outputs.length === 0 ? '' : `drop ${messagesLabel(discarded.outputs)}`,
    discarded.offsets.length === 0 ? '' : `drop pending ${commitLabel(discarded.offsets)}`,
    rewound.length === 0 ? '' : `rewind p${rewound.join(' p')}`,
  ]
  if (why === 'refused') return ['abortTransaction', ...drawn]
  if (why === 'fenced') return event(consumerLane(consumer), lines('txn aborted (fenced)', ...drawn), 'error')
  return arrow(consumerLane(consumer), coordinatorLane, lines('abortTransaction by the app', ...drawn), 'error')
}

/**
 * A failed record: an event on the consumer when it retries in place or only logs it, an arrow to the topic that
 * takes it otherwise.
 */
function processFailMark(fact: ProcessFail): Mark {
  const { consumer, processed, again, record, cause, outcome, rewound, unprocessed } = fact
  const name = messageName(record.message)
  const seek = rewound.length === 0 ? '' : `seek ${commitLabel(rewound).replaceAll('=', ' -> ')}`
  const label = lines(
    processed.length === 0 ? '' : `process ${recordsLabel(processed)}`,
    again.length === 0 ? '' : `${recordsLabel(again)} again!`,
    cause.kind === 'transient' ? `X ${name} fails` : `X ${name}: DeserializationException`,
    match(outcome)
      .with({ kind: 'retryInPlace' }, o => `retry in place (${o.delivery}/${o.attempts} failed)`)
      .with({ kind: 'retryTopic' }, () => `${name} -> retry topic`)
      .with({ kind: 'deadLetter' }, o => `${name} -> DLQ${o.awaited ? ', awaited' : ', not awaited'}`)
      .with({ kind: 'logged' }, () => 'given up: logged only')
      .exhaustive(),
    outcome.kind === 'retryInPlace' || unprocessed.length > 0 ? seek : '',
  )
  const from = consumerLane(consumer)
  if (outcome.kind === 'retryTopic') return arrow(from, retryTopicLane, label, 'error')
  if (outcome.kind === 'deadLetter') return arrow(from, deadLetterTopicLane, label, 'error')
  return event(from, label, 'error')
}

/** The retry topic's listener processes a record, late when records behind it went first. */
function retryTopicProcessMark({ message, overtaken, sameKey, again }: RetryTopicProcess): Mark {
  const label = lines(
    `listener: process ${messageName(message)}`,
    overtaken.length === 0 ? '' : `after ${messagesLabel(overtaken)}${sameKey.length === 0 ? '' : ' (same key!)'}`,
    again ? `${messageName(message)} again!` : '',
  )
  return event(retryTopicLane, label, sameKey.length > 0 || again ? 'error' : 'local')
}

/**
 * A dead-letter write nobody waited for lands, or expires, on the dead-letter topic's lifeline: the application does
 * not hear of it (the model does not keep which member wrote it).
 */
function deadLetterWriteMark({ message, outcome, committedPast, again }: DeadLetterWrite): Mark {
  const name = messageName(message)
  return outcome === 'acked'
    ? event(deadLetterTopicLane, lines(`${name} written`, again ? `${name} again!` : ''), again ? 'error' : 'local')
    : event(
        deadLetterTopicLane,
        lines(`X ${name} write expired`, '(delivery.timeout.ms)', committedPast === null ? '' : `${name} lost`),
        'lost',
      )
}

function pollMark(fact: Poll): Mark {
  const { records, source } = fact
  const label = lines(
    records.length === 0 ? 'poll: nothing new' : `poll: ${recordsLabel(records)} (p${source} @${records[0]!.offset})`,
    ...fact.resets.map(r =>
      r.committed === null
        ? `reset p${r.partition} -> ${r.to} (${fact.autoOffsetReset})`
        : `p${r.partition}: committed offset ${r.committed}`,
    ),
    ...fact.unstable.map(u => `p${u.partition}: UNSTABLE_OFFSET_COMMIT`),
    ...fact.stuck.map(s => `X p${s.partition} @${s.offset}: RecordDeserializationException`),
  )
  const consumer = consumerLane(fact.consumer)
  const stuck = fact.stuck.length > 0
  return fact.leader === NO_LEADER
    ? event(consumer, label, stuck ? 'error' : 'local')
    : arrow(brokerLane(fact.leader), consumer, label, stuck ? 'error' : 'response')
}

/** " LSO 2" beside a high watermark, with transactions. */
const stableLabel = (lastStableOffset: number | null): string =>
  lastStableOffset === null ? '' : ` LSO ${lastStableOffset}`

function initTransactionsMark(init: InitTransactions): Mark {
  const label = lines(
    `InitProducerId ${transactionalIdName(init.transactionalId)}${init.afterAbort ? ' (bump after abort)' : ''}`,
    init.outcome === 'fenced'
      ? `fences epoch ${init.from}: abort with epoch ${init.epoch}`
      : init.from < 0
        ? `epoch ${init.epoch}`
        : `epoch ${init.from} -> ${init.epoch}`,
  )
  return arrow(producerLane(init.producer), transactionCoordinatorLane, label, 'request')
}

function abortTransactionMark(abort: AbortTransaction): Mark {
  const label = lines(
    `EndTxn ABORT (txn ${abort.txn})${abort.why === 'application' ? ' by the app' : ''}`,
    abort.prepared ? 'PrepareAbort' : 'already aborted',
    abort.resent.length === 0 ? '' : `resend ${messagesLabel(abort.resent)}`,
    abort.failed.length === 0 ? '' : `${messagesLabel(abort.failed)} failed`,
  )
  return arrow(producerLane(abort.producer), transactionCoordinatorLane, label, 'error')
}

function writeMarkerMark(written: WriteMarker): Mark {
  const marker = entryName({ kind: written.marker, transactionalId: written.transactionalId })
  return arrow(
    transactionCoordinatorLane,
    brokerLane(written.leader),
    `${marker} p${written.partition} @${written.offset}`,
    written.marker === 'commit' ? 'request' : 'error',
  )
}

/** How one fact is drawn: a mark of its own, or lines for its step's first mark (none: nothing to draw). */
function drawingOf(fact: StepFact): Mark | string[] {
  switch (fact.kind) {
    case 'start':
    case 'batchFate':
    case 'epochBumpPending':
    case 'isrChange':
    case 'followerHighWatermark':
      return []
    case 'epochBump':
      return event(
        producerLane(fact.producer),
        lines(
          `epoch ${fact.from} -> ${fact.to}`,
          fact.renumbered.map(r => `${messageName(r.message)} seq ${r.sequence}`).join(', '),
        ),
        'local',
      )
    case 'producerRestart':
      return event(
        producerLane(fact.producer),
        lines('restart: new producer id', fact.resent.length === 0 ? '' : `resend ${messageList(fact.resent)}`),
        'restart',
      )
    case 'expired':
      return event(producerLane(fact.producer), `${messageName(fact.message)} expired`, 'error')
    case 'appSend':
      return event(
        producerLane(fact.producer),
        lines(`send(${messageName(fact.message)})`, `-> p${fact.partition}`),
        'local',
      )
    case 'send':
      return sendMark(fact)
    case 'responseRead':
      return responseReadMark(fact)
    case 'produce':
      return produceMark(fact)
    case 'leaderAnswer':
      return fact.answer.kind === 'waits'
        ? ['wait in purgatory']
        : fact.answer.kind === 'answered'
          ? [`answer ${errorWord(fact.answer.error)}`]
          : []
    case 'highWatermark':
      return fact.from === null ? [] : [`HW ${fact.from}->${fact.to}${stableLabel(fact.lastStableOffset)}`]
    case 'answers':
      return answerLines(fact.responses)
    case 'requestsLost':
      return arrow(
        producerLane(fact.producer),
        brokerLane(fact.broker),
        `X ${messageList(fact.messages)} request lost`,
        'lost',
      )
    case 'responsesLost':
      return arrow(
        brokerLane(fact.broker),
        producerLane(fact.producer),
        `X ${messageList(fact.messages)} response lost`,
        'lost',
      )
    case 'requestsDelayed':
      return arrow(
        producerLane(fact.producer),
        brokerLane(fact.broker),
        `${messageList(fact.messages)} request delayed: timeout`,
        'delayed',
      )
    case 'initTransactions':
      return initTransactionsMark(fact)
    case 'addPartitionToTxn':
      return arrow(
        producerLane(fact.producer),
        transactionCoordinatorLane,
        lines(
          `AddPartitionsToTxn p${fact.partition}`,
          fact.begins ? `begins txn ${fact.txn}` : `txn ${fact.txn}: p${fact.partitions.join(' p')}`,
        ),
        'request',
      )
    case 'commitTransaction':
      return arrow(
        producerLane(fact.producer),
        transactionCoordinatorLane,
        lines(`EndTxn COMMIT (txn ${fact.txn})`, 'PrepareCommit'),
        'request',
      )
    case 'abortTransaction':
      return abortTransactionMark(fact)
    case 'writeMarker':
      return writeMarkerMark(fact)
    case 'completeCommit':
      return arrow(
        transactionCoordinatorLane,
        producerLane(fact.producer),
        lines(
          `EndTxn answered (txn ${fact.txn})`,
          fact.epoch === fact.from ? 'commitTransaction() returns' : `returns, epoch ${fact.epoch}`,
        ),
        'response',
      )
    case 'completeTxn':
      return event(
        transactionCoordinatorLane,
        `${fact.state} ${transactionalIdName(fact.transactionalId)} (txn ${fact.txn})`,
        'local',
      )
    case 'abortTimedOut':
      return event(
        transactionCoordinatorLane,
        lines(
          `${transactionalIdName(fact.transactionalId)} txn ${fact.txn} timed out`,
          `fence epoch ${fact.from} -> ${fact.to}, PrepareAbort`,
        ),
        'delayed',
      )
    case 'fetch':
      return fetchMark(fact)
    case 'isrShrink':
      return event(brokerLane(fact.leader), `ISR ${brokerSet(fact.from)} -> ${brokerSet(fact.to)}`, 'local')
    case 'crash':
      return event(
        brokerLane(fact.broker),
        lines(
          fact.lossy ? 'X power loss' : 'X crash',
          fact.lost.length === 0 ? '' : `loses ${droppedLabel(fact.lost)}`,
        ),
        'crash',
      )
    case 'restart':
      return event(
        brokerLane(fact.broker),
        lines('restart', fact.dropped.length === 0 ? '' : `truncate to HW, drops ${droppedLabel(fact.dropped)}`),
        'restart',
      )
    case 'bounce':
      return event(
        brokerLane(fact.broker),
        lines(
          fact.unnoticed ? 'bounce (unnoticed)' : 'bounce',
          fact.dropped.length === 0 ? '' : `truncate to HW, drops ${droppedLabel(fact.dropped)}`,
        ),
        'restart',
      )
    case 'election':
      return event(
        brokerLane(fact.leader),
        lines(
          `new leader of p${fact.partition}, epoch ${fact.epoch}${fact.unclean ? ' (unclean)' : ''}`,
          `log [${entriesLabel(fact.log)}] HW ${fact.highWatermark}${stableLabel(fact.lastStableOffset)}`,
          `ISR ${brokerSet(fact.isr)}`,
        ),
        'election',
      )
    case 'offline':
      return event(brokerLane(fact.formerLeader), `p${fact.partition} offline: no leader`, 'crash')
    case 'followerTruncation':
      return event(brokerLane(fact.broker), `truncate to HW, drops ${droppedLabel(fact.dropped)}`, 'lost')
    case 'partitionAdded':
      return partitionAddedMark(fact)
    case 'consumerStart':
      return arrow(consumerLane(fact.consumer), coordinatorLane, 'JoinGroup', 'request')
    case 'rejoin':
      return arrow(
        consumerLane(fact.consumer),
        coordinatorLane,
        lines('JoinGroup', fact.revoked.length === 0 ? '' : `revoke p${fact.revoked.join(' p')}`),
        'request',
      )
    case 'zombieRejoin':
      return arrow(
        consumerLane(fact.consumer),
        coordinatorLane,
        lines('JoinGroup (as a new member)', `lost ${partitionList(fact.lost)}`),
        'request',
      )
    case 'rebalanced':
      return event(
        coordinatorLane,
        lines(
          `generation ${fact.generation}`,
          ...fact.shares.map(
            ({ consumer, partitions }) =>
              `c${consumer + 1}: ${partitions.length === 0 ? '-' : partitions.map(p => `p${p.partition}`).join(' ')}`,
          ),
        ),
        'election',
      )
    case 'consumerCrash':
      return event(
        consumerLane(fact.consumer),
        lines('X crash', fact.openTransaction === null ? '' : 'open txn left to time out'),
        'crash',
      )
    case 'consumerRestart':
      return arrow(consumerLane(fact.consumer), coordinatorLane, 'restart: JoinGroup', 'restart')
    case 'consumerPause':
      return event(consumerLane(fact.consumer), 'stalls past max.poll.interval.ms\nremoved from the group', 'delayed')
    case 'commits':
      // Offsets committed on revoke ride on the JoinGroup; the others are a request of their own.
      return fact.why === 'onRevoke'
        ? [`commit ${commitLabel(fact.offsets)}`]
        : arrow(
            consumerLane(fact.consumer),
            coordinatorLane,
            `${fact.why === 'autoCommit' ? 'auto-commit' : 'commit'} ${commitLabel(fact.offsets)}`,
            'request',
          )
    case 'poll':
      return pollMark(fact)
    case 'commitSync':
      return commitSyncMark(fact)
    case 'coordinatorFailover':
      return arrow(consumerLane(fact.consumer), coordinatorLane, 'X commit: coordinator moved (timeout)', 'lost')
    case 'skipCommit':
      return event(consumerLane(fact.consumer), 'no commit this time', 'local')
    case 'process':
      return processMark(fact)
    case 'sendOffsetsToTxn':
      return sendOffsetsToTxnMark(fact)
    case 'commitTxn':
      return commitTxnMark(fact)
    case 'txnAborted':
      return txnAbortedDrawing(fact)
    case 'partitionProducerInit':
      return arrow(
        consumerLane(fact.consumer),
        coordinatorLane,
        lines(
          `InitProducerId p${fact.partitions.join(' p')}`,
          fact.fenced === null ? '' : `fences c${fact.fenced + 1}`,
        ),
        'request',
      )
    case 'processFail':
      return processFailMark(fact)
    case 'retryTopicProcess':
      return retryTopicProcessMark(fact)
    case 'deadLetterWrite':
      return deadLetterWriteMark(fact)
    case 'connect':
      return connectMark(fact)
    case 'wireRead':
      return arrow(
        clientLane(fact.role, fact.index),
        attackerLane,
        fact.by === 'impostor' ? 'records read (relayed)' : 'records read (no TLS)',
        'error',
      )
    case 'replicationRead':
      return arrow({ kind: 'broker', index: 0 }, attackerLane, 'fetched records read\n(inter-broker, no TLS)', 'error')
    default:
      return fact satisfies never
  }
}

const clientLane = (role: Connect['role'], index: number): Lane =>
  role === 'producer' ? producerLane(index) : consumerLane(index)

/** "SASL_SSL SCRAM-SHA-512": what the handshake arrow says. */
const handshakeLabel = (fact: Connect): string =>
  fact.mechanism === null
    ? fact.protocol
    : // SASL/PLAIN's one message is authzid NUL username NUL password (PlainSaslServer): drawn with the password masked.
      lines(
        `${fact.protocol} ${fact.mechanism}`,
        fact.mechanism === 'PLAIN' && fact.outcome !== 'mechanism-not-enabled'
          ? `SaslAuthenticate \\0${fact.principal.replace(/^User:/, '')}\\0***`
          : '',
      )

const OUTCOME_LABELS: Readonly<Record<Connect['outcome'], string>> = {
  ok: 'authenticated',
  'no-client-jaas': 'X no sasl.jaas.config',
  'tls-to-plaintext-listener': 'X SSL handshake failed',
  'plaintext-to-tls-listener': 'X SSL handshake failed',
  'no-client-certificate': 'X no client certificate',
  'no-sasl-to-sasl-listener': 'X METADATA during SASL handshake',
  'sasl-to-plaintext-listener': 'X no SASL on this listener',
  'mechanism-not-enabled': 'X UNSUPPORTED_SASL_MECHANISM',
  'bad-credentials': 'X authentication failed',
}

/**
 * A connection: the handshake arrow to the broker, or to the attacker's lifeline when a man-in-the-middle answers,
 * with the outcome and what the attacker read on its label.
 */
function connectMark(fact: Connect): Mark {
  const from = clientLane(fact.role, fact.index)
  const read = fact.credentialsRead ? (fact.mechanism === 'PLAIN' ? 'password read!' : 'token read!') : ''
  const outcome =
    fact.outcome === 'ok' && fact.unauthorized ? 'authenticated, not authorized' : OUTCOME_LABELS[fact.outcome]
  if (fact.attacker === null)
    return arrow(
      from,
      brokerLane(0),
      lines(`connect ${handshakeLabel(fact)}`, outcome, read),
      fact.outcome === 'ok' && !fact.credentialsRead ? 'request' : 'error',
    )
  const certificate = { none: 'no TLS', 'self-signed': 'self-signed cert', 'other-host': 'cert for another host' }[
    fact.attacker.certificate
  ]
  return arrow(
    from,
    attackerLane,
    fact.attacker.accepted
      ? lines(`connect ${handshakeLabel(fact)}`, `impostor (${certificate}) accepted!`, `relayed: ${outcome}`, read)
      : lines(`connect ${handshakeLabel(fact)}`, `impostor (${certificate}) refused`),
    fact.attacker.accepted ? 'error' : 'lost',
  )
}

/** The marks of one step: the actor's, with the lines its consequences add, then the consequences' own. */
export function marksOf(facts: StepFacts): Mark[] {
  const marks: Mark[] = []
  for (const fact of facts) {
    const drawn = drawingOf(fact)
    if (!Array.isArray(drawn)) marks.push(drawn)
    else if (drawn.length > 0 && marks[0] !== undefined)
      marks[0] = { ...marks[0], label: lines(marks[0].label, ...drawn) }
  }
  return marks
}
