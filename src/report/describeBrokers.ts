// Brokers among themselves: followers fetching, the leader shrinking the ISR, crashes, restarts and the elections and
// truncations they cause.

import { type ActionOf, NO_LEADER, type LogEntry } from '../../spec/index.js'
import { brokerName, brokerSet, joinWords, messageList, messageName, partitionName } from './names.js'
import {
  answersLabel,
  answersNews,
  batchNews,
  brokerLane,
  entriesAt,
  highWatermarkLabel,
  highWatermarkNews,
  lines,
  offsets,
  replicaOf,
  sharedPrefix,
  story,
  type Mark,
  type StepStory,
  type Transition,
} from './story.js'

/** Leader changes: elections after a crash or restart, or a partition going offline. */
function leaderNews(step: Transition): string[] {
  const { p, before, after } = step
  return after.partitions.flatMap((partition, i) => {
    const was = before.partitions[i]!
    if (partition.leader === was.leader && partition.leaderEpoch === was.leaderEpoch) return []
    if (partition.leader === NO_LEADER)
      return [`${partitionName(i)} has no leader: no replica that may lead is alive, so it is offline`]
    const leader = replicaOf(p, after, i, partition.leader)!
    const unclean = was.isr.includes(partition.leader) ? '' : ', an unclean election: it was not in the ISR'
    const log = leader.log.length === 0 ? 'an empty log' : `log [${messageList(leader.log.map(e => e.message))}]`
    return [
      `${brokerName(partition.leader)} is elected leader of ${partitionName(i)} (epoch ${partition.leaderEpoch})${unclean}, ` +
        `with ${log} and high watermark ${leader.highWatermark}; ISR ${brokerSet(partition.isr)}`,
    ]
  })
}

/** The diagram's marks for elections: a gold box on the new leader's lifeline. */
function electionMarks(step: Transition, crashed: number): Mark[] {
  const { p, before, after } = step
  return after.partitions.flatMap((partition, i): Mark[] => {
    const was = before.partitions[i]!
    if (partition.leader === was.leader && partition.leaderEpoch === was.leaderEpoch) return []
    if (partition.leader === NO_LEADER)
      return [{ kind: 'event', at: brokerLane(crashed), label: `p${i} offline: no leader`, tone: 'crash' }]
    const leader = replicaOf(p, after, i, partition.leader)!
    const unclean = was.isr.includes(partition.leader) ? '' : ' (unclean)'
    return [
      {
        kind: 'event',
        at: brokerLane(partition.leader),
        label: lines(
          `new leader of p${i}, epoch ${partition.leaderEpoch}${unclean}`,
          `log [${leader.log.map(e => messageName(e.message)).join(' ')}] HW ${leader.highWatermark}`,
          `ISR ${brokerSet(partition.isr)}`,
        ),
        tone: 'election',
      },
    ]
  })
}

/** ISR changes other than those an election reports. */
function isrNews(step: Transition): string[] {
  return step.after.partitions.flatMap((partition, i) => {
    const was = step.before.partitions[i]!
    if (partition.isr === was.isr || brokerSet(partition.isr) === brokerSet(was.isr)) return []
    if (partition.leader !== was.leader || partition.leaderEpoch !== was.leaderEpoch) return []
    return [`ISR of ${partitionName(i)} ${brokerSet(was.isr)} → ${brokerSet(partition.isr)}`]
  })
}

/** Entries a replica lost: its log now keeps only the first `kept`. */
interface Dropped {
  readonly partition: number
  readonly kept: number
  readonly entries: readonly LogEntry[]
}

/** The replicas of `broker` whose log lost entries in the step. */
function droppedEntries(step: Transition, broker: number): Dropped[] {
  const { p, before, after } = step
  return before.partitions.flatMap((_, partition) => {
    const was = replicaOf(p, before, partition, broker)
    const now = replicaOf(p, after, partition, broker)
    if (was === undefined || now === undefined) return []
    const kept = sharedPrefix(was.log, now.log)
    return kept === was.log.length ? [] : [{ partition, kept, entries: was.log.slice(kept) }]
  })
}

/** "m2 at offset 1 of partition 0" */
const droppedWords = (dropped: readonly Dropped[]): string =>
  joinWords(dropped.map(d => `${entriesAt(d.entries, d.kept)} of ${partitionName(d.partition)}`))

/** "p0: m2 @1" */
const droppedLabel = (dropped: readonly Dropped[]): string =>
  dropped
    .map(
      d =>
        `p${d.partition}: ${d.entries.map(e => messageName(e.message)).join(' ')} ${offsets(d.kept, d.entries.length)}`,
    )
    .join(', ')

export function followerFetch(step: Transition, { partition, broker }: ActionOf<'FollowerFetch'>): StepStory {
  const { p, before, after } = step
  const leader = before.partitions[partition]!.leader
  const was = replicaOf(p, before, partition, broker)!
  const now = replicaOf(p, after, partition, broker)!
  const kept = sharedPrefix(was.log, now.log)
  const fetched = now.log.slice(kept)
  const dropped = was.log.slice(kept)
  const how = p.truncation === 'leader-epoch' ? 'where its log diverges from the leader' : 'to the leader'
  const truncation =
    dropped.length === 0
      ? ''
      : `follower ${brokerName(broker)} truncates to offset ${kept} (${how}), dropping ${entriesAt(dropped, kept)}`
  const fetch =
    fetched.length === 0
      ? `follower ${brokerName(broker)} fetches from leader ${brokerName(leader)}: nothing new, but the leader learns its log end offset ${now.log.length}`
      : `follower ${brokerName(broker)} fetches ${entriesAt(fetched, kept)} from leader ${brokerName(leader)}`
  const rejoined =
    after.partitions[partition]!.isr.includes(broker) && !before.partitions[partition]!.isr.includes(broker)
  const isr = rejoined ? `${brokerName(broker)} rejoins the ISR: ${brokerSet(after.partitions[partition]!.isr)}` : ''
  const ownHighWatermark =
    now.highWatermark === was.highWatermark
      ? ''
      : `the follower's high watermark ${was.highWatermark} → ${now.highWatermark}`
  const label = lines(
    dropped.length === 0 ? '' : `truncate to ${kept} (drop ${dropped.map(e => messageName(e.message)).join(' ')})`,
    fetched.length === 0
      ? `fetch: nothing new (LEO ${now.log.length})`
      : `fetch ${fetched.map(e => messageName(e.message)).join(' ')} ${offsets(kept, fetched.length)}`,
    highWatermarkLabel(step, partition),
    rejoined ? `ISR ${brokerSet(after.partitions[partition]!.isr)}` : '',
    answersLabel(step, -1),
  )
  return story(
    [truncation, fetch, isr, highWatermarkNews(step, partition), ownHighWatermark, ...answersNews(step, -1)],
    [{ kind: 'arrow', from: brokerLane(leader), to: brokerLane(broker), label, tone: 'replication' }],
  )
}

export function leaderShrinkIsr(step: Transition, { partition, broker }: ActionOf<'LeaderShrinkIsr'>): StepStory {
  const { before, after } = step
  const leader = before.partitions[partition]!.leader
  const was = brokerSet(before.partitions[partition]!.isr)
  const now = brokerSet(after.partitions[partition]!.isr)
  return story(
    [
      `${brokerName(leader)} (leader of ${partitionName(partition)}) drops lagging follower ${brokerName(broker)} from the ISR: ${was} → ${now}`,
      highWatermarkNews(step, partition),
      ...answersNews(step, -1),
    ],
    [
      {
        kind: 'event',
        at: brokerLane(leader),
        label: lines(`ISR ${was} -> ${now}`, highWatermarkLabel(step, partition), answersLabel(step, -1)),
        tone: 'local',
      },
    ],
  )
}

/** Live followers that a new leader's election made truncate to their high watermark at once (before KIP-101). */
function followerTruncations(step: Transition, broker: number): { news: string[]; marks: Mark[] } {
  const others = step.before.brokerAlive.map((_, b) => b).filter(b => b !== broker)
  const dropped = others.map(b => ({ broker: b, entries: droppedEntries(step, b) })).filter(t => t.entries.length > 0)
  return {
    news: dropped.map(
      t =>
        `${brokerName(t.broker)} follows the new leader and truncates to its high watermark, dropping ${droppedWords(t.entries)}`,
    ),
    marks: dropped.map(t => ({
      kind: 'event',
      at: brokerLane(t.broker),
      label: `truncate to HW, drops ${droppedLabel(t.entries)}`,
      tone: 'lost',
    })),
  }
}

export function brokerCrash(step: Transition, { broker, lossy }: ActionOf<'BrokerCrash'>): StepStory {
  const lost = lossy ? droppedEntries(step, broker) : []
  const how = !lossy
    ? 'crashes'
    : lost.length === 0
      ? 'loses power, but its log survives: every append was flushed'
      : `loses power and with it what it had not flushed: ${droppedWords(lost)}`
  const followers = followerTruncations(step, broker)
  return story(
    [`${brokerName(broker)} ${how}`, ...leaderNews(step), ...followers.news, ...isrNews(step), ...batchNews(step)],
    [
      {
        kind: 'event',
        at: brokerLane(broker),
        label: lines(lossy ? 'X power loss' : 'X crash', lost.length === 0 ? '' : `loses ${droppedLabel(lost)}`),
        tone: 'crash',
      },
      ...electionMarks(step, broker),
      ...followers.marks,
    ],
  )
}

export function brokerRestart(step: Transition, { broker }: ActionOf<'BrokerRestart'>): StepStory {
  const dropped = droppedEntries(step, broker)
  const truncation =
    dropped.length === 0 ? '' : ` and truncates to its high watermark, dropping ${droppedWords(dropped)}`
  const followers = followerTruncations(step, broker)
  return story(
    [
      `${brokerName(broker)} restarts as a follower${truncation}`,
      ...leaderNews(step),
      ...followers.news,
      ...isrNews(step),
    ],
    [
      {
        kind: 'event',
        at: brokerLane(broker),
        label: lines('restart', dropped.length === 0 ? '' : `truncate to HW, drops ${droppedLabel(dropped)}`),
        tone: 'restart',
      },
      ...electionMarks(step, broker),
      ...followers.marks,
    ],
  )
}

export function adminAddPartition(step: Transition): StepStory {
  const { after } = step
  const index = after.topicPartitions - 1
  const created = after.partitions[index]!
  const leader = created.leader === NO_LEADER ? 'no leader yet' : `${brokerName(created.leader)} leads it`
  const rebalance =
    after.group.rebalancing && !step.before.group.rebalancing ? ['the consumer group starts a rebalance'] : []
  return story(
    [
      `an operator adds ${partitionName(index)} to the topic (now ${after.topicPartitions} partitions); ${leader}`,
      ...rebalance,
    ],
    [
      {
        kind: 'event',
        at: brokerLane(created.leader === NO_LEADER ? step.p.assignment[index]![0]! : created.leader),
        label: lines(`new partition p${index}`, created.leader === NO_LEADER ? 'offline' : 'leader, empty log'),
        tone: 'election',
      },
    ],
  )
}

export function brokerBounce(step: Transition, { broker }: ActionOf<'BrokerBounce'>): StepStory {
  const { p, before, after } = step
  const dropped = droppedEntries(step, broker)
  const unnoticed = p.bounceUnnoticed
  const truncation =
    dropped.length === 0 ? '' : `; it truncates to its high watermark, dropping ${droppedWords(dropped)}`
  const text = unnoticed
    ? `${brokerName(broker)} restarts before the ZooKeeper session of its old process expires: the controller never ` +
      `sees it fail, so it stays in every ISR and comes back a follower${truncation}`
    : `${brokerName(broker)} restarts at once; the controller sees the new broker epoch and handles a failure and a startup`
  const followers = followerTruncations(step, broker)
  return story(
    [text, ...(unnoticed ? [] : leaderNews(step)), ...followers.news, ...isrNews(step), ...batchNews(step)],
    [
      {
        kind: 'event',
        at: brokerLane(broker),
        label: lines(
          unnoticed ? 'bounce (unnoticed)' : 'bounce',
          dropped.length === 0 ? '' : `truncate to HW, drops ${droppedLabel(dropped)}`,
        ),
        tone: 'restart',
      },
      ...(unnoticed || before === after ? [] : electionMarks(step, broker)),
      ...followers.marks,
    ],
  )
}
