// Brokers among themselves as facts: followers fetching, the leader shrinking the ISR, crashes and restarts with the
// elections and truncations they cause, and an operator adding a partition.

import type { ActionOf } from '../../spec/index.js'
import type { FollowerHighWatermark, StepFacts } from './facts.js'
import {
  answers,
  batchFates,
  droppedEntries,
  elections,
  followerTruncations,
  highWatermarkMove,
  isrChanges,
  replicaOf,
  sharedPrefix,
  type Transition,
} from './factsShared.js'
import { entryOf } from './names.js'

export function fetchFacts(step: Transition, { partition, broker }: ActionOf<'FollowerFetch'>): StepFacts {
  const { p, before, after } = step
  const was = replicaOf(p, before, partition, broker)!
  const now = replicaOf(p, after, partition, broker)!
  const kept = sharedPrefix(was.log, now.log)
  const isr = after.partitions[partition]!.isr
  const rejoined = isr.includes(broker) && !before.partitions[partition]!.isr.includes(broker)
  const followerHighWatermark: FollowerHighWatermark[] =
    now.highWatermark === was.highWatermark
      ? []
      : [{ kind: 'followerHighWatermark', partition, broker, from: was.highWatermark, to: now.highWatermark }]
  return [
    {
      kind: 'fetch',
      partition,
      broker,
      leader: before.partitions[partition]!.leader,
      dropped: was.log.slice(kept).map(entry => entryOf(p, entry)),
      kept,
      truncation: p.truncation,
      fetched: now.log.slice(kept).map(entry => entryOf(p, entry)),
      logEndOffset: now.log.length,
      rejoined: rejoined ? isr : null,
    },
    ...highWatermarkMove(step, partition),
    ...followerHighWatermark,
    ...answers(step, -1),
  ]
}

export function isrShrinkFacts(step: Transition, { partition, broker }: ActionOf<'LeaderShrinkIsr'>): StepFacts {
  const { before, after } = step
  return [
    {
      kind: 'isrShrink',
      partition,
      leader: before.partitions[partition]!.leader,
      follower: broker,
      from: before.partitions[partition]!.isr,
      to: after.partitions[partition]!.isr,
    },
    ...highWatermarkMove(step, partition),
    ...answers(step, -1),
  ]
}

export function crashFacts(step: Transition, { broker, lossy }: ActionOf<'BrokerCrash'>): StepFacts {
  return [
    { kind: 'crash', broker, lossy, lost: lossy ? droppedEntries(step, broker) : [] },
    ...elections(step),
    ...followerTruncations(step, broker),
    ...isrChanges(step),
    ...batchFates(step),
  ]
}

export function restartFacts(step: Transition, { broker }: ActionOf<'BrokerRestart'>): StepFacts {
  return [
    { kind: 'restart', broker, dropped: droppedEntries(step, broker) },
    ...elections(step),
    ...followerTruncations(step, broker),
    ...isrChanges(step),
  ]
}

export function bounceFacts(step: Transition, { broker }: ActionOf<'BrokerBounce'>): StepFacts {
  const unnoticed = step.p.bounceUnnoticed
  return [
    { kind: 'bounce', broker, unnoticed, dropped: droppedEntries(step, broker) },
    // A bounce the controller never noticed elects nobody: the broker stays in every ISR.
    ...(unnoticed ? [] : elections(step)),
    ...followerTruncations(step, broker),
    ...isrChanges(step),
    ...batchFates(step),
  ]
}

export function partitionAddedFacts({ p, before, after }: Transition): StepFacts {
  const partition = after.topicPartitions - 1
  return [
    {
      kind: 'partitionAdded',
      partition,
      partitions: after.topicPartitions,
      leader: after.partitions[partition]!.leader,
      replicas: p.assignment[partition]!,
      rebalance: after.group.rebalancing && !before.group.rebalancing,
    },
  ]
}
