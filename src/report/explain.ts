// The last line of every report: which property failed and which records prove it, in one sentence, computed with
// the same helpers the properties themselves use so that the explanation cannot disagree with the verdict.

import {
  abortedReturned,
  hangingPartitions,
  lastStableOffset,
  leaderReplica,
  partlyProcessed,
  transactionalIdOf,
  txnFate,
  visibleZombieWrites,
  type Replica,
  processedTwice,
  sharedPartitions,
  skippedRecords,
  unprocessedAcknowledged,
  type State,
  type Params,
  committedLog,
  divergentReplicas,
  duplicatedInLog,
  leaderHighWatermark,
  lostAcknowledged,
  reordered,
  unconvergedPartitions,
  NO_LEADER,
  processedOutOfOrder,
  unhandledAcknowledged,
  type PropertyName,
  impersonatedClients,
  leakedCredentials,
  leakedRecords,
  unauthorizedWriters,
} from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import type { StepFact } from './facts.js'
import { offsetOf } from './factsErrors.js'
import {
  brokerName,
  clientName,
  consumerName,
  entryList,
  entryOf,
  joinWords,
  logEntryName,
  messageName,
  partitionName,
  producerName,
  transactionalIdName,
} from './names.js'
import { stepsOf } from './steps.js'

/** "m1", "m1 and m2" */
const messageListOf = (messages: readonly number[]): string => joinWords(messages.map(messageName))

/** One sentence (no property name) on why `c`'s last state or step violates its property. */
type Explainer = (c: Counterexample, last: State, before: State | undefined) => string

/** Steps at which `happened(before, after)` holds, numbered as in the trace. */
function stepsWhere(c: Counterexample, happened: (before: State, after: State) => boolean): number[] {
  const steps: number[] = []
  for (let at = 1; at < c.trace.length; at++) if (happened(c.trace[at - 1]!.state, c.trace[at]!.state)) steps.push(at)
  return steps
}

/** What the step at `at` did that made a pipeline's result visible: its consumer committing or writing it out. */
function visibleBy(c: Counterexample, at: number): string {
  const action = c.trace[at]!.action
  if (action === undefined || !('consumer' in action)) return `step ${at}`
  const zombie = c.trace[at - 1]!.state.consumers[action.consumer]!.status === 'zombie' ? 'zombie ' : ''
  const who = `${zombie}${consumerName(action.consumer)}`
  const what =
    action.type === 'ConsumerCommitTxn'
      ? `${who} commits its transaction`
      : action.type === 'WorkerProcess'
        ? `${who}'s worker thread writes it`
        : `${who} writes it`
  return `${at} (${what})`
}

/** Who processed a record at step `at`: the retry topic's listener, a consumer, or its worker thread. */
function processedBy(c: Counterexample, at: number): string {
  const action = c.trace[at]!.action
  if (action?.type === 'RetryTopicProcess') return "the retry topic's listener"
  if (action === undefined || !('consumer' in action)) return `step ${at}`
  return action.type === 'WorkerProcess'
    ? `${consumerName(action.consumer)}'s worker thread`
    : consumerName(action.consumer)
}

/** The steps whose facts include one `wanted` picks, with that fact. */
function factsWhere<F extends StepFact>(c: Counterexample, wanted: (fact: StepFact) => fact is F): [number, F][] {
  return stepsOf(c).flatMap(step => step.facts.filter(wanted).map((fact): [number, F] => [step.index, fact]))
}

/**
 * Why a record acknowledged to its producer is neither processed nor in the dead-letter topic, from the facts of the
 * steps that touched it: its dead-letter write expired, it was only logged, poll() threw at it every time, or it was
 * never read.
 */
function unhandledWhy(c: Counterexample, last: State, message: number, alone: boolean): string {
  const name = alone ? 'it' : messageName(message)
  const expired = factsWhere(
    c,
    (fact): fact is Extract<StepFact, { kind: 'deadLetterWrite' }> =>
      fact.kind === 'deadLetterWrite' && fact.message === message && fact.outcome === 'expired',
  ).at(-1)
  const givenUp = factsWhere(
    c,
    (fact): fact is Extract<StepFact, { kind: 'processFail' }> =>
      fact.kind === 'processFail' &&
      fact.record.message === message &&
      (fact.outcome.kind === 'deadLetter' || fact.outcome.kind === 'logged'),
  ).at(-1)
  if (expired !== undefined)
    return (
      `${name} was given up${givenUp === undefined ? '' : ` at step ${givenUp[0]}`} and its dead-letter write, ` +
      `which nobody waited for, expired at step ${expired[0]}`
    )
  if (givenUp?.[1].outcome.kind === 'logged') return `${name} was given up at step ${givenUp[0]} and only logged`
  const at = offsetOf(c.params, last, message)
  const stuck =
    at === undefined
      ? undefined
      : factsWhere(
          c,
          (fact): fact is Extract<StepFact, { kind: 'poll' }> =>
            fact.kind === 'poll' && fact.stuck.some(s => s.partition === at.partition && s.offset <= at.offset),
        )[0]
  if (stuck !== undefined && at !== undefined) {
    const first = stuck[1].stuck.find(s => s.partition === at.partition)!
    return (
      `${name} never reached the application: from step ${stuck[0]} poll() throws RecordDeserializationException ` +
      `at offset ${first.offset} of ${partitionName(at.partition)} every time`
    )
  }
  const partition = last.batches[message]!.partition
  const committed = partition < 0 ? -1 : last.group.committed[partition]!
  return (
    `${name} was never processed (${acknowledged(c, message)}; ` +
    `${partitionName(partition)}'s committed offset is ${committed < 0 ? 'none' : committed})`
  )
}

/** "dead-lettered at step 9" for a record the application gave up to the dead-letter topic, else nothing. */
function deadLettered(c: Counterexample, last: State, message: number): string {
  if (last.deadLettered[message] === 0) return ''
  const at = stepsWhere(c, (before, after) => after.deadLettered[message]! > before.deadLettered[message]!)[0]
  return at === undefined ? 'dead-lettered' : `dead-lettered at step ${at}`
}

/** The step at which `message` was last acknowledged. */
const acknowledgedAt = (c: Counterexample, message: number): number | undefined =>
  stepsWhere(
    c,
    (before, after) => before.batches[message]!.status !== 'acked' && after.batches[message]!.status === 'acked',
  ).pop()

const acknowledged = (c: Counterexample, message: number): string => {
  const at = acknowledgedAt(c, message)
  return at === undefined ? 'acknowledged' : `acknowledged at step ${at}`
}

function leaderOf(s: State, partition: number): string {
  const leader = s.partitions[partition]!.leader
  return leader === NO_LEADER ? 'no leader' : brokerName(leader)
}

/** Where `message` sits in the leader's log of its partition, if it does (a marker holds no message). */
function offsetsOf(p: Params, s: State, message: number): number[] {
  const log = committedLog(p, s, s.batches[message]!.partition) ?? []
  return log.flatMap((entry, offset) => (entry.kind === 'data' && entry.message === message ? [offset] : []))
}

/** The replica that leads `partition` in `s`; the transaction properties only name partitions that have one. */
const leaderReplicaOf = (p: Params, s: State, partition: number): Replica =>
  leaderReplica(p.assignment[partition]!, s.partitions[partition]!)!

/** "m2 (offset 1)" for each offset of `log`. */
const recordsAt = (log: Replica['log'], offsets: readonly number[]): string =>
  joinWords(offsets.map(offset => `${messageName(log[offset]!.message)} (offset ${offset})`))

/** Who a connection belongs to, and how it connects: "producer 1 (User:alice, SASL_PLAINTEXT)". */
function clientWho({ params: p }: Counterexample, client: number): string {
  const c = p.security!.clients[client]!
  return `${clientName(p.producers, client)} (${c.principal}, security.protocol=${c.protocol})`
}

/** How an attacker could read a connection: it took the impostor for the broker, or it carries no TLS. */
const readBy = (c: Counterexample, last: State, client: number): string =>
  last.connections[client]!.viaAttacker
    ? 'the man-in-the-middle it took for the broker read it'
    : 'it crossed the wire without TLS and the eavesdropper read it'

/** Why the authorizer let a producer write that no ACL grants WRITE. */
function whyAllowed(c: Counterexample): string {
  const security = c.scenario.security!
  if (security['authorizer.class.name'] === null)
    return 'no authorizer.class.name is set, so the brokers allow every request'
  if (security['allow.everyone.if.no.acl.found'])
    return `allow.everyone.if.no.acl.found=true and no ACL names topic ${JSON.stringify(c.scenario.topic.name)}`
  return 'the authorizer allowed it'
}

/** One explainer per property: a property added or renamed without its explanation is a compile error here. */
const EXPLAINERS: { readonly [P in PropertyName]: Explainer } = {
  NoLossOfAcked: (c, last) =>
    lostAcknowledged(c.params, last)
      .map(m => {
        const partition = last.batches[m]!.partition
        return (
          `${messageName(m)} was ${acknowledged(c, m)} and is missing from the log of ` +
          `${partitionName(partition)}'s leader (${leaderOf(last, partition)})`
        )
      })
      .join('; '),
  NoDuplicateInLog: ({ params: p }, last) =>
    duplicatedInLog(p, last)
      .map(m => {
        const partition = last.batches[m]!.partition
        const at = offsetsOf(p, last, m)
        return (
          `${messageName(m)} appears ${at.length === 2 ? 'twice' : `${at.length} times`} in the committed log of ` +
          `${partitionName(partition)} (offsets ${joinWords(at.map(String))} on leader ${leaderOf(last, partition)})`
        )
      })
      .join('; '),
  PartitionOrder: ({ params: p }, last) =>
    reordered(p, last)
      .map(([earlier, later]) => {
        const partition = last.batches[earlier]!.partition
        return (
          `${producerName(p.messages[earlier]!.producer)} sent ${messageName(earlier)} before ${messageName(later)}, but the ` +
          `committed log of ${partitionName(partition)} holds ${messageName(later)} at offset ${offsetsOf(p, last, later)[0]} ` +
          `and ${messageName(earlier)} only at offset ${offsetsOf(p, last, earlier)[0]}`
        )
      })
      .join('; '),
  ReplicasConsistent: ({ params: p }, last) =>
    divergentReplicas(p, last)
      .map(({ partition, offset }) => {
        const holders = last.partitions[partition]!.replicas.flatMap((replica, at) =>
          offset < replica.log.length
            ? [`${brokerName(p.assignment[partition]![at]!)} has ${logEntryName(p, replica.log[offset]!)}`]
            : [],
        )
        return `the replicas of ${partitionName(partition)} disagree at offset ${offset}, below their high watermarks: ${joinWords(holders)}`
      })
      .join('; '),
  HighWatermarkMonotonic: ({ params: p, trace }, last, before) =>
    last.partitions
      .flatMap((partition, i) => {
        const now = leaderHighWatermark(p, partition, i)
        const was = before?.partitions[i]!.exposedHighWatermark ?? 0
        if (partition.leader === NO_LEADER || now >= was) return []
        const uncommitted = (before === undefined ? [] : (committedLog(p, before, i) ?? [])).slice(now, was)
        const records =
          uncommitted.length === 0
            ? ''
            : `, so ${entryList(uncommitted.map(e => entryOf(p, e)))} at offset${uncommitted.length === 1 ? '' : 's'} ` +
              `${joinWords(uncommitted.map((_, k) => String(now + k)))} ${uncommitted.length === 1 ? 'is' : 'are'} no longer committed though consumers may have read ${uncommitted.length === 1 ? 'it' : 'them'}`
        return [
          `at step ${trace.length - 1} the high watermark of ${partitionName(i)} went back from ${was} to ${now} ` +
            `(new leader ${brokerName(partition.leader)}, epoch ${partition.leaderEpoch})${records}`,
        ]
      })
      .join('; '),
  ReplicasConverge: ({ params: p }, last) =>
    unconvergedPartitions(p, last)
      .map(partition => {
        const assignment = p.assignment[partition]!
        const { leader, replicas } = last.partitions[partition]!
        const logs = replicas.flatMap((replica, at) => {
          const broker = assignment[at]!
          if (!last.brokerAlive[broker]) return []
          const entries = replica.log.map(e => `${logEntryName(p, e)} (epoch ${e.leaderEpoch})`).join(', ')
          return [`${brokerName(broker)}${broker === leader ? ' (leader)' : ''} has [${entries}]`]
        })
        return `nothing is left to happen, yet the live replicas of ${partitionName(partition)} hold different logs: ${joinWords(logs)}`
      })
      .join('; '),
  NoDuplicateProcessing: (c, last) =>
    processedTwice(last)
      .map(m => {
        const at = stepsWhere(c, (before, after) => after.processed[m]! > before.processed[m]!)
        return at.length === 1
          ? `${messageName(m)} was processed twice at step ${at[0]}: two copies of it in one batch`
          : `${messageName(m)} was processed twice, at steps ${joinWords(at.map(String))}`
      })
      .join('; '),
  ExactlyOnceOutput: (c, last) =>
    processedTwice(last)
      .map(m => {
        const at = stepsWhere(c, (before, after) => after.processed[m]! > before.processed[m]!)
        return `${messageName(m)}'s result became visible twice: at steps ${joinWords(at.map(step => visibleBy(c, step)))}`
      })
      .join('; '),
  SinglePartitionOwner: (_c, last) =>
    sharedPartitions(last)
      .map(partition => {
        const owners = last.group.members.filter(m => last.consumers[m]!.owned.includes(partition))
        return `${partitionName(partition)} is owned by ${joinWords(owners.map(consumerName))} at once in generation ${last.group.generation}`
      })
      .join('; '),
  CommittedOffsetMonotonic: ({ trace }, last, before) =>
    last.group.committed
      .flatMap((offset, partition) => {
        const was = before?.group.committed[partition] ?? -1
        return offset < was
          ? [
              `at step ${trace.length - 1} the committed offset of ${partitionName(partition)} went back from ${was} to ${offset}`,
            ]
          : []
      })
      .join('; '),
  NoRecordSkipped: (c, last) => {
    const skipped = skippedRecords(c.params, last)
    const records = skipped.map(
      r =>
        `${messageName(r.message)} at offset ${r.offset} of ${partitionName(r.partition)}` +
        (deadLettered(c, last, r.message) === '' ? '' : ` (${deadLettered(c, last, r.message)})`),
    )
    const positions = [...new Set(skipped.map(r => r.partition))].flatMap(partition =>
      last.consumers.flatMap((consumer, i) =>
        consumer.owned.includes(partition)
          ? [`${consumerName(i)} reads ${partitionName(partition)} from offset ${consumer.positions[partition]}`]
          : [],
      ),
    )
    return (
      `everything has settled and the application never processed ${joinWords(records)}, though it is in the ` +
      `committed log` +
      (positions.length === 0 ? '' : `: ${joinWords(positions)}`)
    )
  },
  NoLossEndToEnd: (c, last) => {
    const lost = unprocessedAcknowledged(last)
    const records = lost.map(m => {
      const partition = last.batches[m]!.partition
      const at = offsetsOf(c.params, last, m)
      const where =
        at.length === 0
          ? `not in the committed log of ${partitionName(partition)}`
          : `at offset ${at[0]} of ${partitionName(partition)}`
      return `${messageName(m)} (${acknowledged(c, m)}, ${where}${deadLettered(c, last, m) === '' ? '' : `, ${deadLettered(c, last, m)}`})`
    })
    const partitions = [...new Set(lost.map(m => last.batches[m]!.partition))]
    const offsets = partitions.map(partition => {
      const committed = last.group.committed[partition]!
      const readers = last.consumers.flatMap((consumer, i) =>
        consumer.owned.includes(partition) ? [`${consumerName(i)} is at offset ${consumer.positions[partition]}`] : [],
      )
      return [
        `${partitionName(partition)}'s committed offset is ${committed < 0 ? 'none' : committed}`,
        ...readers,
      ].join(' and ')
    })
    return `nothing is left to happen, yet ${joinWords(records)} ${lost.length === 1 ? 'was' : 'were'} never processed; ${joinWords(offsets)}`
  },
  DlqComplete: (c, last) => {
    const unhandled = unhandledAcknowledged(last)
    return (
      `nothing is left to happen, yet ${messageListOf(unhandled)} ${unhandled.length === 1 ? 'is' : 'are'} neither ` +
      `processed nor in the dead-letter topic: ${unhandled.map(m => unhandledWhy(c, last, m, unhandled.length === 1)).join('; ')}`
    )
  },
  KeyOrderProcessing: (c, last, before) =>
    before === undefined
      ? ''
      : processedOutOfOrder(c.params, before, last)
          .map(([earlier, later]) => {
            const at = c.trace.length - 1
            const laterAt = stepsWhere(c, (b, a) => b.processed[later] === 0 && a.processed[later]! > 0)[0]
            const [first, second] = [offsetOf(c.params, before, earlier), offsetOf(c.params, before, later)]
            const where =
              first === undefined || second === undefined
                ? ''
                : ` in ${partitionName(first.partition)} (offsets ${first.offset} and ${second.offset})`
            return (
              `${messageName(earlier)} and ${messageName(later)} share key ` +
              `${JSON.stringify(c.params.messages[earlier]!.key)}${where}, yet ${messageName(later)} was processed ` +
              (laterAt === undefined ? 'first' : `at step ${laterAt} (by ${processedBy(c, laterAt)})`) +
              ` and ${messageName(earlier)} only at step ${at} (by ${processedBy(c, at)})`
            )
          })
          .join('; '),
  CredentialsConfidential: (c, last) =>
    leakedCredentials(last)
      .map(client => {
        const { mechanism } = c.params.security!.clients[client]!
        const secret = mechanism === 'PLAIN' ? 'the SASL/PLAIN password' : `the ${mechanism} bearer token`
        return `${secret} of ${clientWho(c, client)} was readable: ${readBy(c, last, client)}`
      })
      .join('; '),
  RecordsConfidential: (c, last) =>
    [
      ...leakedRecords(last).map(
        client => `records of ${clientWho(c, client)} were readable: ${readBy(c, last, client)}`,
      ),
      ...(last.replicationRead
        ? [
            `followers fetched records over the inter-broker listener ` +
              `${c.scenario.security!['inter.broker.listener.name']}, without TLS, and the eavesdropper read them`,
          ]
        : []),
    ].join('; '),
  NoImpersonation: (c, last) =>
    impersonatedClients(last)
      .map(client => {
        const connection = c.params.security!.clients[client]!
        const why = connection.tls
          ? 'it checks the certificate chain but not the host name (ssl.endpoint.identification.algorithm is empty), ' +
            "so a trusted CA's certificate for another host passed"
          : 'without TLS it has no way to tell the broker from anyone else'
        return `${clientWho(c, client)} took a man-in-the-middle for the broker: ${why}`
      })
      .join('; '),
  OnlyAuthorizedWrites: (c, last) =>
    unauthorizedWriters(c.params, last)
      .map(
        producer =>
          `${clientWho(c, producer)} has no ACL granting WRITE on topic ${JSON.stringify(c.scenario.topic.name)}, ` +
          `yet a leader appended its records: ${whyAllowed(c)}`,
      )
      .join('; '),
  ZombieFenced: ({ params: p }, last) =>
    visibleZombieWrites(p, last)
      .map(({ partition, offset }) => {
        const leader = leaderReplicaOf(p, last, partition)
        const entry = leader.log[offset]!
        const id = transactionalIdOf(p, entry.producer, entry.instance)
        const fate = txnFate(p, leader.log, offset) === 'commit' ? 'committed' : 'was not aborted'
        return (
          `${messageName(entry.message)} at offset ${offset} of ${partitionName(partition)} was written with producer ` +
          `epoch ${entry.producerEpoch} after the coordinator of ${transactionalIdName(id)} had fenced that epoch ` +
          `(it is at ${last.transactions[id]!.epoch}), yet its transaction ${fate} and it is below the last stable ` +
          `offset ${lastStableOffset(p, leader)}: read_committed consumers read it`
        )
      })
      .join('; '),
  ReadCommittedHidesAborted: (c, last, before) => {
    const action = c.trace[c.trace.length - 1]!.action
    if (before === undefined || action?.type !== 'ConsumerPoll') return ''
    const records = abortedReturned(c.params, before, action, last).map(
      r => `${messageName(r.message)} at offset ${r.offset} of ${partitionName(r.partition)}`,
    )
    const isolation = c.params.readCommitted ? 'read_committed' : 'read_uncommitted'
    return (
      `${consumerName(action.consumer)} (isolation.level=${isolation}) polls ${joinWords(records)}, ` +
      `${records.length === 1 ? 'a record' : 'records'} of a transaction its partition's log has aborted`
    )
  },
  LastStableOffsetProgress: ({ params: p }, last) =>
    hangingPartitions(p, last)
      .map(partition => {
        const leader = leaderReplicaOf(p, last, partition)
        const stable = lastStableOffset(p, leader)
        const entry = leader.log[stable]!
        const id = transactionalIdOf(p, entry.producer, entry.instance)
        const fate = txnFate(p, leader.log, stable)
        const end = fate === 'open' ? 'that no marker ends' : `whose ${fate.toUpperCase()} marker is still above it`
        return (
          `nothing is left to happen, yet the last stable offset of ${partitionName(partition)} stays at ${stable}, ` +
          `below its high watermark ${leader.highWatermark}: ${messageName(entry.message)} there opens a transaction ` +
          `of ${transactionalIdName(id)} ${end} (the coordinator has ${transactionalIdName(id)} ` +
          `${last.transactions[id]!.state}), so read_committed consumers read no further`
        )
      })
      .join('; '),
  TransactionAtomicVisibility: ({ params: p }, last) =>
    partlyProcessed(p, last)
      .map(({ partition, processed, missed }) => {
        const { log } = leaderReplicaOf(p, last, partition)
        return (
          `nothing is left to happen, yet of one committed transaction in ${partitionName(partition)} the ` +
          `application processed ${recordsAt(log, processed)} but never ${recordsAt(log, missed)}`
        )
      })
      .join('; '),
}

/** Whether `name` is one of the properties a counterexample can violate. */
export const isPropertyName = (name: string): name is PropertyName => Object.hasOwn(EXPLAINERS, name)

/** "NoLossOfAcked is violated: m1 was acknowledged at step 3 and is missing from the log of partition 0's leader (broker 2)" */
export function explainViolation(c: Counterexample): string {
  const last = c.trace[c.trace.length - 1]!.state
  const before = c.trace[c.trace.length - 2]?.state
  const steps = c.trace.length - 1
  if (c.kind === 'deadlock')
    return `deadlock: no action is enabled after step ${steps}, yet the system has not finished`
  const why = isPropertyName(c.property) ? EXPLAINERS[c.property](c, last, before) : ''
  const when =
    c.kind === 'quiescence'
      ? ' once nothing is left to happen'
      : c.kind === 'step'
        ? ` at step ${steps}`
        : ` after step ${steps}`
  return why === '' ? `${c.property} is violated${when}` : `${c.property} is violated: ${why}`
}
