// The consequences many kinds of step share, read from the states before and after it: elections and truncations,
// ISR and high watermark moves, answers put on the wire, what became of the producer's batches, committed offsets.
// Everything compares values, never object identity: a trace read back from a file shares no parts between states.

import {
  lastStableOffset,
  leaderHighWatermark,
  leaderReplica,
  replicaIndex,
  NO_LEADER,
  type LogEntry,
  type Params,
  type Replica,
  type State,
} from '../../spec/index.js'
import { sameValue } from './diff.js'
import type {
  Answers,
  AttemptsAllowed,
  BatchFate,
  Commit,
  Dropped,
  Election,
  EpochBumpPending,
  FollowerTruncation,
  HighWatermark,
  IsrChange,
  Offline,
  Serde,
} from './facts.js'
import { entryOf } from './names.js'

/** One step: the parameters, the states before and after it, and the value classes when the trace says them. */
export interface Transition {
  readonly p: Params
  readonly before: State
  readonly after: State
  readonly serde: Serde | null
}

export function replicaOf(p: Params, s: State, partition: number, broker: number): Replica | undefined {
  const at = replicaIndex(p.assignment[partition]!, broker)
  return at < 0 ? undefined : s.partitions[partition]!.replicas[at]
}

/** How many leading entries two logs share. */
export function sharedPrefix(a: readonly LogEntry[], b: readonly LogEntry[]): number {
  let offset = 0
  while (offset < a.length && offset < b.length && sameValue(a[offset], b[offset])) offset++
  return offset
}

/** The elements of `from` that `to` no longer holds, matching equal values one for one. */
export function removed<T>(from: readonly T[], to: readonly T[]): T[] {
  const left = [...to]
  return from.filter(value => {
    const at = left.findIndex(other => sameValue(value, other))
    if (at >= 0) left.splice(at, 1)
    return at < 0
  })
}

/** The entries each replica of `broker` lost in the step. */
export function droppedEntries({ p, before, after }: Transition, broker: number): Dropped[] {
  return before.partitions.flatMap((_, partition) => {
    const was = replicaOf(p, before, partition, broker)
    const now = replicaOf(p, after, partition, broker)
    if (was === undefined || now === undefined) return []
    const kept = sharedPrefix(was.log, now.log)
    return kept === was.log.length
      ? []
      : [{ partition, kept, entries: was.log.slice(kept).map(entry => entryOf(p, entry)) }]
  })
}

const leaderChanged = (step: Transition, partition: number): boolean => {
  const was = step.before.partitions[partition]!
  const now = step.after.partitions[partition]!
  return now.leader !== was.leader || now.leaderEpoch !== was.leaderEpoch
}

/** Leader changes: elections after a crash or restart, or a partition going offline. */
export function elections(step: Transition): (Election | Offline)[] {
  const { p, before, after } = step
  return after.partitions.flatMap((partition, i): (Election | Offline)[] => {
    if (!leaderChanged(step, i)) return []
    const was = before.partitions[i]!
    if (partition.leader === NO_LEADER) return [{ kind: 'offline', partition: i, formerLeader: was.leader }]
    const leader = replicaOf(p, after, i, partition.leader)!
    return [
      {
        kind: 'election',
        partition: i,
        leader: partition.leader,
        epoch: partition.leaderEpoch,
        unclean: !was.isr.includes(partition.leader),
        log: leader.log.map(entry => entryOf(p, entry)),
        highWatermark: leader.highWatermark,
        lastStableOffset: stableOffsetShown(p, leader),
        isr: partition.isr,
      },
    ]
  })
}

/** Live brokers other than `broker` that truncated their logs because a new leader was elected (before KIP-101). */
export function followerTruncations(step: Transition, broker: number): FollowerTruncation[] {
  return step.before.brokerAlive.flatMap((_, follower): FollowerTruncation[] => {
    if (follower === broker) return []
    const dropped = droppedEntries(step, follower)
    return dropped.length === 0 ? [] : [{ kind: 'followerTruncation', broker: follower, dropped }]
  })
}

/** ISR changes other than those an election reports. */
export function isrChanges(step: Transition): IsrChange[] {
  return step.after.partitions.flatMap((partition, i): IsrChange[] => {
    const was = step.before.partitions[i]!
    if (sameValue(partition.isr, was.isr) || leaderChanged(step, i)) return []
    return [{ kind: 'isrChange', partition: i, from: was.isr, to: partition.isr }]
  })
}

/** A leader's last stable offset where reports show it: beside its high watermark, only with transactions. */
export const stableOffsetShown = (p: Params, leader: Replica): number | null =>
  p.transactional ? lastStableOffset(p, leader) : null

/**
 * The partition's high watermark as its leader exposes it, when it moved to a value a leader exposes, with the last
 * stable offset after it (which moves only with the high watermark: it is where the first transaction not yet
 * settled below the high watermark starts).
 */
export function highWatermarkMove({ p, before, after }: Transition, partition: number): HighWatermark[] {
  const from = leaderHighWatermark(p, before.partitions[partition]!, partition)
  const to = leaderHighWatermark(p, after.partitions[partition]!, partition)
  if (from === to || to < 0) return []
  const leader = leaderReplica(p.assignment[partition]!, after.partitions[partition]!)!
  return [
    {
      kind: 'highWatermark',
      partition,
      from: from < 0 ? null : from,
      to,
      lastStableOffset: stableOffsetShown(p, leader),
    },
  ]
}

/** Responses the step put on the wire: the spec only ever appends to the responses. */
export const newResponses = ({ before, after }: Transition) => after.responses.slice(before.responses.length)

/** Responses the step put on the wire for other requests than the one for `except` (acks=all completions). */
export function answers(step: Transition, except: number): Answers[] {
  const responses = newResponses(step).filter(r => r.message !== except)
  return responses.length === 0 ? [] : [{ kind: 'answers', responses }]
}

/** How many attempts a record may make; none to count with retries=MAX (Kafka gives up only by time). */
export const attemptsAllowed = (p: Params): AttemptsAllowed => (p.attempts > 2 ** 31 - 1 ? null : p.attempts)

/** What became of each message whose batch the step changed, grouped by fate, then any epoch bump it made due. */
export function batchFates({ p, before, after }: Transition): (BatchFate | EpochBumpPending)[] {
  // Messages that share a fate share a fact: "m1 and m2 go back to the queue …".
  const fates = new Map<string, { fate: BatchFate['fate']; attempts: number; messages: number[] }>()
  before.batches.forEach((was, message) => {
    const now = after.batches[message]!
    if ((was.status === now.status && was.resends === now.resends) || now.status === 'inFlight') return
    const fate: BatchFate['fate'] =
      now.status === 'acked'
        ? 'acknowledged'
        : now.status === 'queued'
          ? now.resends > was.resends
            ? 'resent'
            : 'retried'
          : now.status
    // The attempts used matter to the words of a failure or a retry, not to an acknowledgement.
    const key = fate === 'acknowledged' || fate === 'unsent' ? fate : `${fate} ${was.attempts}`
    const group = fates.get(key) ?? { fate, attempts: was.attempts, messages: [] }
    group.messages.push(message)
    fates.set(key, group)
  })
  const bumps = after.producers.flatMap((producer, index): EpochBumpPending[] => {
    const asked = producer.bumpFor.filter(partition => !before.producers[index]!.bumpFor.includes(partition))
    if (asked.length === 0) return []
    const abortable = producer.txnState === 'ABORTABLE_ERROR'
    return [{ kind: 'epochBumpPending', producer: index, partitions: asked, abortable }]
  })
  const allowed = attemptsAllowed(p)
  return [...[...fates.values()].map((group): BatchFate => ({ kind: 'batchFate', ...group, allowed })), ...bumps]
}

/** Committed offsets the step changed. */
export function commits({ before, after }: Transition): Commit[] {
  return after.group.committed.flatMap((offset, partition) =>
    offset === before.group.committed[partition] ? [] : [{ partition, offset }],
  )
}
