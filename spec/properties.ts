// The guarantees a Kafka user asks about, as small named properties over the state. "The committed log" of a
// partition is its leader's log up to the high watermark: what consumers can read. With transactions it ends at the
// last stable offset and leaves out markers and aborted records: what read_committed consumers can read.

import type { Action } from './actions.js'
import type { Params } from './params.js'
import { NO_LEADER, leaderReplica, type LogEntry, type Partition, type Replica, type State } from './state.js'
import { lastStableOffset, readCommittedReturns } from './transactions.js'

/** The leader's log up to its high watermark, or null while the partition has no leader. */
export function committedLog(p: Params, s: State, partitionIndex: number): readonly LogEntry[] | null {
  const leader = leaderOf(p, s, partitionIndex)
  return leader === undefined ? null : leader.log.slice(0, leader.highWatermark)
}

/** The partition's high watermark as its leader exposes it, or -1 without a leader. */
export function leaderHighWatermark(p: Params, partition: Partition, partitionIndex: number): number {
  return leaderReplica(p.assignment[partitionIndex]!, partition)?.highWatermark ?? -1
}

const leaderOf = (p: Params, s: State, partitionIndex: number) =>
  leaderReplica(p.assignment[partitionIndex]!, s.partitions[partitionIndex]!)

/**
 * Whether `log` holds `message` before `end`, as a record a consumer can be given: a data batch, and not one of an
 * aborted transaction.
 */
function holds(p: Params, log: readonly LogEntry[], message: number, end: number): boolean {
  for (let offset = 0; offset < end; offset++) if (isRecord(p, log, offset, message)) return true
  return false
}

function isRecord(p: Params, log: readonly LogEntry[], offset: number, message: number): boolean {
  const entry = log[offset]!
  return entry.message === message && readCommittedReturns(p, log, offset)
}

/**
 * Where a partition's committed log ends: the high watermark, or with transactions the last stable offset (what is
 * beyond it may still be aborted).
 */
const committedEnd = (p: Params, leader: Replica): number => lastStableOffset(p, leader)

// The property helpers below run on every new state: plain loops, no slices, and an array only for what they find.

/** An acknowledged message is lost when the partition's leader lacks it and it is not still on its way (acks=0). */
export function lostAcknowledged(p: Params, s: State): number[] {
  const lost: number[] = []
  for (let message = 0; message < s.batches.length; message++) {
    if (s.batches[message]!.status !== 'acked') continue
    const leader = leaderOf(p, s, s.batches[message]!.partition)
    if (leader === undefined) continue // offline, not lost: the only copy may come back
    if (holds(p, leader.log, message, leader.log.length)) continue
    if (s.requests.some(request => request.message === message)) continue
    lost.push(message)
  }
  return lost
}

/** Messages that appear more than once in a committed log. */
export function duplicatedInLog(p: Params, s: State): number[] {
  const duplicated: number[] = []
  for (let partitionIndex = 0; partitionIndex < p.partitions; partitionIndex++) {
    const leader = leaderOf(p, s, partitionIndex)
    if (leader === undefined) continue
    const { log } = leader
    const end = committedEnd(p, leader)
    for (let offset = 1; offset < end; offset++) {
      const { message } = log[offset]!
      if (!isRecord(p, log, offset, message)) continue
      if (holds(p, log, message, offset) && !duplicated.includes(message)) duplicated.push(message)
    }
  }
  return duplicated
}

/** Pairs [earlier, later] of one producer's messages that a committed log holds in the opposite order. */
export function reordered(p: Params, s: State): [number, number][] {
  const pairs: [number, number][] = []
  for (let partitionIndex = 0; partitionIndex < p.partitions; partitionIndex++) {
    const leader = leaderOf(p, s, partitionIndex)
    if (leader === undefined) continue
    const { log } = leader
    const end = committedEnd(p, leader)
    for (let offset = 1; offset < end; offset++) {
      const { message } = log[offset]!
      if (!isRecord(p, log, offset, message)) continue
      if (holds(p, log, message, offset)) continue // only a message's first appearance counts
      const producer = p.messages[message]!.producer
      for (let before = 0; before < offset; before++) {
        const earlier = log[before]!.message
        if (!isRecord(p, log, before, earlier)) continue
        if (earlier > message && p.messages[earlier]!.producer === producer) {
          pairs.push([message, earlier])
          break
        }
      }
    }
  }
  return pairs
}

/** Offsets below both replicas' high watermarks where two replicas of a partition hold different records. */
export function divergentReplicas(p: Params, s: State): { partition: number; offset: number }[] {
  const found: { partition: number; offset: number }[] = []
  s.partitions.forEach((partition, partitionIndex) => {
    const { replicas } = partition
    for (let a = 0; a < replicas.length; a++)
      for (let b = a + 1; b < replicas.length; b++) {
        const limit = Math.min(replicas[a]!.highWatermark, replicas[b]!.highWatermark)
        for (let offset = 0; offset < limit; offset++) {
          const x = replicas[a]!.log[offset]!
          const y = replicas[b]!.log[offset]!
          if (x.message !== y.message || x.kind !== y.kind) {
            found.push({ partition: partitionIndex, offset })
            break
          }
        }
      }
  })
  return found
}

/**
 * Partitions where a live replica's log differs from its leader's: checked where nothing can happen any more, when
 * every follower that can still fetch has done so, so only divergence that never heals counts.
 */
export function unconvergedPartitions(p: Params, s: State): number[] {
  const found: number[] = []
  s.partitions.forEach((partition, partitionIndex) => {
    const assignment = p.assignment[partitionIndex]!
    const leader = leaderReplica(assignment, partition)
    if (leader === undefined) return
    const differs = partition.replicas.some(
      (replica, at) =>
        s.brokerAlive[assignment[at]!] === true &&
        (replica.log.length !== leader.log.length ||
          replica.log.some(
            (entry, offset) =>
              entry.message !== leader.log[offset]!.message ||
              entry.kind !== leader.log[offset]!.kind ||
              entry.leaderEpoch !== leader.log[offset]!.leaderEpoch,
          )),
    )
    if (differs) found.push(partitionIndex)
  })
  return found
}

/** The producer-to-log properties; `sometimes` ones only where the scenario's faults make them reachable. */
export function producerProperties(p: Params) {
  const replicated = p.assignment.some(replicas => replicas.length > 1)
  const crashes = p.faults['broker-crash'] + p.faults['lossy-crash'] + p.faults['broker-bounce']
  const producerSeesFaults =
    crashes + p.faults['lost-request'] + p.faults['lost-response'] + p.faults['delayed-request'] > 0
  return {
    invariants: {
      /** An acknowledged record is never missing from its partition's log (while the partition has a leader). */
      NoLossOfAcked: (s: State) => lostAcknowledged(p, s).length === 0,
      /** No record appears twice in a committed log. */
      NoDuplicateInLog: (s: State) => duplicatedInLog(p, s).length === 0,
      /** A producer's records keep their send order within a partition's committed log. */
      PartitionOrder: (s: State) => reordered(p, s).length === 0,
      /** Replicas hold the same record at every offset both count as committed. */
      ReplicasConsistent: (s: State) => divergentReplicas(p, s).length === 0,
    },
    atQuiescence: replicated
      ? {
          /** When everything has settled, every live replica holds its leader's log (KIP-279: no lasting divergence). */
          ReplicasConverge: (s: State) => unconvergedPartitions(p, s).length === 0,
        }
      : {},
    stepInvariants: {
      /** The high watermark a partition's leader exposes never goes back, across leader changes too. */
      HighWatermarkMonotonic: (before: State, _action: Action, after: State) =>
        after.partitions.every(
          (partition, i) =>
            partition.leader === NO_LEADER ||
            leaderHighWatermark(p, partition, i) >= before.partitions[i]!.exposedHighWatermark,
        ),
    },
    sometimes: {
      /** Guards against a vacuous spec: some record gets acknowledged. */
      RecordAcknowledged: (s: State) => s.batches.some(b => b.status === 'acked'),
      ...(p.attempts > 1 && p.acks !== 0 && producerSeesFaults && !p.pipeline
        ? { RetryHappened: (s: State) => s.batches.some(b => b.attempts > 1) }
        : {}),
      ...(crashes > 0
        ? { LeaderElected: (s: State) => s.partitions.some(partition => partition.leaderEpoch > 0) }
        : {}),
    },
  }
}
