// Brokers among themselves in words: followers fetching, the ISR shrinking, crashes, restarts and the elections,
// truncations and high watermark moves they cause, and an operator adding a partition.

import { NO_LEADER } from '../../spec/index.js'
import type {
  Bounce,
  Crash,
  Dropped,
  Election,
  Entry,
  Fetch,
  FollowerHighWatermark,
  FollowerTruncation,
  HighWatermark,
  IsrChange,
  IsrShrink,
  Offline,
  PartitionAdded,
  Restart,
} from './facts.js'
import { brokerName, brokerSet, entryList, joinWords, partitionName } from './names.js'

/** "m1, m2 at offsets 0–1" */
function entriesAt(entries: readonly Entry[], first: number): string {
  const messages = entryList(entries)
  return entries.length === 1
    ? `${messages} at offset ${first}`
    : `${messages} at offsets ${first}–${first + entries.length - 1}`
}

/** "m2 at offset 1 of partition 0" */
const droppedWords = (dropped: readonly Dropped[]): string =>
  joinWords(dropped.map(d => `${entriesAt(d.entries, d.kept)} of ${partitionName(d.partition)}`))

export function fetchWords(fetch: Fetch): string[] {
  const { broker, leader, dropped, fetched, kept } = fetch
  const follower = brokerName(broker)
  const how = fetch.truncation === 'leader-epoch' ? 'where its log diverges from the leader' : 'to the leader'
  return [
    dropped.length === 0
      ? ''
      : `follower ${follower} truncates to offset ${kept} (${how}), dropping ${entriesAt(dropped, kept)}`,
    fetched.length === 0
      ? `follower ${follower} fetches from leader ${brokerName(leader)}: nothing new, but the leader learns its log end offset ${fetch.logEndOffset}`
      : `follower ${follower} fetches ${entriesAt(fetched, kept)} from leader ${brokerName(leader)}`,
    fetch.rejoined === null ? '' : `${follower} rejoins the ISR: ${brokerSet(fetch.rejoined)}`,
  ]
}

export const followerHighWatermarkWords = ({ from, to }: FollowerHighWatermark): string[] => [
  `the follower's high watermark ${from} → ${to}`,
]

export const isrShrinkWords = ({ partition, leader, follower, from, to }: IsrShrink): string[] => [
  `${brokerName(leader)} (leader of ${partitionName(partition)}) drops lagging follower ${brokerName(follower)} ` +
    `from the ISR: ${brokerSet(from)} → ${brokerSet(to)}`,
]

export function crashWords({ broker, lossy, lost }: Crash): string[] {
  const how = !lossy
    ? 'crashes'
    : lost.length === 0
      ? 'loses power, but its log survives: every append was flushed'
      : `loses power and with it what it had not flushed: ${droppedWords(lost)}`
  return [`${brokerName(broker)} ${how}`]
}

export function restartWords({ broker, dropped }: Restart): string[] {
  const truncation =
    dropped.length === 0 ? '' : ` and truncates to its high watermark, dropping ${droppedWords(dropped)}`
  return [`${brokerName(broker)} restarts as a follower${truncation}`]
}

export function bounceWords({ broker, unnoticed, dropped }: Bounce): string[] {
  if (!unnoticed)
    return [
      `${brokerName(broker)} restarts at once; the controller sees the new broker epoch and handles a failure and a startup`,
    ]
  const truncation =
    dropped.length === 0 ? '' : `; it truncates to its high watermark, dropping ${droppedWords(dropped)}`
  return [
    `${brokerName(broker)} restarts before the ZooKeeper session of its old process expires: the controller never ` +
      `sees it fail, so it stays in every ISR and comes back a follower${truncation}`,
  ]
}

export function electionWords(election: Election): string[] {
  const { partition, leader, epoch, log } = election
  const unclean = election.unclean ? ', an unclean election: it was not in the ISR' : ''
  const held = log.length === 0 ? 'an empty log' : `log [${entryList(log)}]`
  return [
    `${brokerName(leader)} is elected leader of ${partitionName(partition)} (epoch ${epoch})${unclean}, ` +
      `with ${held} and high watermark ${election.highWatermark}${stableWords(election.lastStableOffset)}; ` +
      `ISR ${brokerSet(election.isr)}`,
  ]
}

export const offlineWords = ({ partition }: Offline): string[] => [
  `${partitionName(partition)} has no leader: no replica that may lead is alive, so it is offline`,
]

export const followerTruncationWords = ({ broker, dropped }: FollowerTruncation): string[] => [
  `${brokerName(broker)} follows the new leader and truncates to its high watermark, dropping ${droppedWords(dropped)}`,
]

export const isrChangeWords = ({ partition, from, to }: IsrChange): string[] => [
  `ISR of ${partitionName(partition)} ${brokerSet(from)} → ${brokerSet(to)}`,
]

/** " (last stable offset 2)" beside a high watermark, with transactions. */
const stableWords = (lastStableOffset: number | null): string =>
  lastStableOffset === null ? '' : ` (last stable offset ${lastStableOffset})`

export const highWatermarkWords = ({ from, to, lastStableOffset }: HighWatermark): string[] => [
  (from === null ? `high watermark ${to}` : `high watermark ${from} → ${to}`) + stableWords(lastStableOffset),
]

export function partitionAddedWords(added: PartitionAdded): string[] {
  const leader = added.leader === NO_LEADER ? 'no leader yet' : `${brokerName(added.leader)} leads it`
  return [
    `an operator adds ${partitionName(added.partition)} to the topic (now ${added.partitions} partitions); ${leader}`,
    added.rebalance ? 'the consumer group starts a rebalance' : '',
  ]
}
