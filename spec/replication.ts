// Followers replicate the leader's log by fetching. One FollowerFetch is a whole fetch round trip: the leader
// records the fetch offset as the follower's log end offset, may add the follower back to the ISR and advance the
// high watermark, and answers with the records the follower lacks and the high watermark as it was before this
// fetch could count the answer: followers learn the high watermark one fetch late. The leader drops a follower that
// lags (replica.lag.time.max.ms) from the ISR.

import type { ActionOf } from './actions.js'
import { advanceHighWatermark, highWatermarkOf } from './leader.js'
import type { Params } from './params.js'
import {
  NO_LEADER,
  addToSet,
  logEndOffset,
  removeFromSet,
  replaceAt,
  leaderReplica,
  replicaIndex,
  updatePartition,
  updateReplica,
  type LogEntry,
  type Partition,
  type Replica,
  type State,
} from './state.js'

/** The offset at which the current leader epoch starts in the leader's log: its log end offset when elected. */
function leaderEpochStartOffset(partition: Partition, leader: Replica): number {
  const at = leader.log.findIndex(entry => entry.leaderEpoch === partition.leaderEpoch)
  return at < 0 ? leader.log.length : at
}

/**
 * Where a follower's log stops agreeing with the leader's. With leader epochs (KIP-101, and KIP-279's repeated
 * OffsetsForLeaderEpoch exchange) the follower finds the largest offset up to which both logs hold batches of the
 * same epochs; before KIP-101 it only truncates what lies beyond the leader's log end (OFFSET_OUT_OF_RANGE).
 */
export function divergenceOffset(p: Params, follower: readonly LogEntry[], leader: readonly LogEntry[]): number {
  if (p.truncation === 'high-watermark') return Math.min(follower.length, leader.length)
  let offset = 0
  while (
    offset < follower.length &&
    offset < leader.length &&
    follower[offset]!.leaderEpoch === leader[offset]!.leaderEpoch
  )
    offset++
  return offset
}

/** FollowerFetch is enabled: both ends alive, and the round trip would change something. */
export function canFetch(p: Params, s: State, partitionIndex: number, broker: number): boolean {
  const partition = s.partitions[partitionIndex]!
  if (partition.leader === NO_LEADER || partition.leader === broker || !s.brokerAlive[broker]) return false
  const assignment = p.assignment[partitionIndex]!
  const follower = partition.replicas[replicaIndex(assignment, broker)]!
  const leader = leaderReplica(assignment, partition)!
  const followerEnd = logEndOffset(follower)
  return (
    follower.mustTruncate ||
    followerEnd !== logEndOffset(leader) ||
    follower.fetchedOffset !== followerEnd ||
    follower.highWatermark < Math.min(leader.highWatermark, followerEnd) ||
    (!partition.isr.includes(broker) && followerEnd >= leader.highWatermark)
  )
}

/** FollowerFetch: one fetch round trip from follower `broker` to the partition's leader. */
export function followerFetch(
  p: Params,
  s: State,
  { partition: partitionIndex, broker }: ActionOf<'FollowerFetch'>,
): State {
  const assignment = p.assignment[partitionIndex]!
  let partition = s.partitions[partitionIndex]!
  const followerAt = replicaIndex(assignment, broker)
  const leaderAt = replicaIndex(assignment, partition.leader)
  let follower = partition.replicas[followerAt]!
  const leader = partition.replicas[leaderAt]!

  if (follower.mustTruncate || logEndOffset(follower) > logEndOffset(leader)) {
    const keep = follower.mustTruncate
      ? divergenceOffset(p, follower.log, leader.log)
      : Math.min(logEndOffset(follower), logEndOffset(leader))
    follower = updateReplica(follower, {
      log: follower.log.slice(0, keep),
      highWatermark: Math.min(follower.highWatermark, keep),
      mustTruncate: false,
    })
  }
  const fetchOffset = logEndOffset(follower)
  // Partition.isFollowerInSync: back into the ISR once caught up to the high watermark and the leader's epoch start.
  const rejoins =
    !partition.isr.includes(broker) &&
    fetchOffset >= leader.highWatermark &&
    fetchOffset >= leaderEpochStartOffset(partition, leader)
  follower = updateReplica(follower, { fetchedOffset: fetchOffset })
  partition = updatePartition(partition, {
    replicas: replaceAt(partition.replicas, followerAt, follower),
    isr: rejoins ? addToSet(partition.isr, broker) : partition.isr,
  })
  // The answer carries the high watermark as this fetch lets the leader advance it, not yet counting what it returns.
  const leaderHighWatermark = highWatermarkOf(p, partitionIndex, partition)
  // Entries are immutable and copied by reference, so a follower that holds a prefix of the leader's log can share it.
  const log = follower.log.every((entry, offset) => entry === leader.log[offset])
    ? leader.log
    : [...follower.log, ...leader.log.slice(fetchOffset)]
  // ReplicaFetcherThread: the follower's high watermark is the leader's, capped by its own log end; it never moves back.
  const highWatermark = Math.max(follower.highWatermark, Math.min(leaderHighWatermark, log.length))
  const fetched = updateReplica(follower, { log, highWatermark })
  const replicas = replaceAt(partition.replicas, followerAt, fetched)
  return advanceHighWatermark(p, s, partitionIndex, updatePartition(partition, { replicas }))
}

/** LeaderShrinkIsr is enabled: a live leader has a follower in its ISR that has not caught up to its log end. */
export function canShrinkIsr(p: Params, s: State, partitionIndex: number, broker: number): boolean {
  const partition = s.partitions[partitionIndex]!
  if (partition.leader === NO_LEADER || partition.leader === broker || !partition.isr.includes(broker)) return false
  const assignment = p.assignment[partitionIndex]!
  const leader = leaderReplica(assignment, partition)!
  return partition.replicas[replicaIndex(assignment, broker)]!.fetchedOffset < logEndOffset(leader)
}

/** LeaderShrinkIsr: the follower has lagged longer than replica.lag.time.max.ms; the leader drops it from the ISR. */
export function leaderShrinkIsr(
  p: Params,
  s: State,
  { partition: partitionIndex, broker }: ActionOf<'LeaderShrinkIsr'>,
): State {
  const partition = s.partitions[partitionIndex]!
  return advanceHighWatermark(
    p,
    s,
    partitionIndex,
    updatePartition(partition, { isr: removeFromSet(partition.isr, broker) }),
  )
}
