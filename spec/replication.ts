// Followers replicate the leader's log by fetching. One FollowerFetch is a whole fetch round trip: the leader answers
// with the records the follower lacks and its high watermark as it stands, then records the fetch offset as the
// follower's log end offset, may add the follower back to the ISR and advance the high watermark: followers learn the
// high watermark a fetch late. The leader drops a follower that
// lags (replica.lag.time.max.ms) from the ISR.

import type { ActionOf } from './actions.js'
import { advanceHighWatermark } from './leader.js'
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
 * Where a follower truncates when it starts following (on its first fetch after a restart or a leader change).
 * - KIP-279 (2.0): the follower and leader exchange epochs and end offsets until they find the largest offset up to
 *   which both logs hold batches of the same epochs.
 * - KIP-101 as shipped in 0.11-1.1 (LeaderEpochFileCache.endOffsetFor, ReplicaFetcherThread.maybeTruncate): the leader
 *   answers only the end offset of the follower's latest epoch: its log end for its current epoch, else the start of
 *   the first later epoch it knows; for an epoch it cannot place (newer than its own, or older than its first) the
 *   answer is undefined and the follower truncates to its initial fetch offset, its high watermark. The follower keeps
 *   min(answer, its own log end), and two logs can stay different below it for good (KIP-279's fast leader failover).
 * - Before KIP-101 the follower truncated to its high watermark when it became a follower (cluster.ts), and here
 *   only cuts what lies beyond the leader's log end (OFFSET_OUT_OF_RANGE).
 */
export function divergenceOffset(p: Params, follower: Replica, leader: Replica, leaderEpoch: number): number {
  const ours = follower.log
  const theirs = leader.log
  switch (p.truncation) {
    case 'high-watermark':
      return Math.min(ours.length, theirs.length)
    case 'leader-epoch': {
      let offset = 0
      while (
        offset < ours.length &&
        offset < theirs.length &&
        ours[offset]!.leaderEpoch === theirs[offset]!.leaderEpoch
      )
        offset++
      return offset
    }
    case 'epoch-end-offset': {
      if (ours.length === 0) return 0
      const epoch = ours[ours.length - 1]!.leaderEpoch
      const end = epochEndOffset(theirs, leaderEpoch, epoch)
      return end === undefined ? Math.min(follower.highWatermark, ours.length) : Math.min(end, ours.length)
    }
  }
}

/**
 * LeaderEpochFileCache.endOffsetFor as KIP-279 made it (2.0): the leader's log end for its current epoch, otherwise
 * the start of the first later epoch it knows (which is where the logs part); undefined for an epoch newer than its own.
 */
export function endOffsetForEpoch(log: readonly LogEntry[], current: number, epoch: number): number | undefined {
  if (epoch === current) return log.length
  if (epoch > current) return undefined
  const later = log.findIndex(entry => entry.leaderEpoch > epoch)
  return later < 0 ? log.length : later
}

/**
 * LeaderEpochFileCache.endOffsetFor in 0.11-1.1: as from 2.0, except that an epoch older than the leader's first is
 * undefined rather than answered with the first epoch's start.
 */
function epochEndOffset(log: readonly LogEntry[], current: number, epoch: number): number | undefined {
  const first = log.length > 0 ? log[0]!.leaderEpoch : current
  return epoch !== current && epoch < first ? undefined : endOffsetForEpoch(log, current, epoch)
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
      ? divergenceOffset(p, follower, leader, partition.leaderEpoch)
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
  // Entries are immutable and copied by reference, so a follower that holds a prefix of the leader's log can share it.
  const log = follower.log.every((entry, offset) => entry === leader.log[offset])
    ? leader.log
    : [...follower.log, ...leader.log.slice(fetchOffset)]
  // The answer carries the high watermark the leader had before this fetch moved it (Partition.fetchRecords reads,
  // then updateFollowerFetchState): followers learn it a round late. The follower caps it by its own log end and never
  // moves it back (ReplicaFetcherThread).
  const highWatermark = Math.max(follower.highWatermark, Math.min(leader.highWatermark, log.length))
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
