// Consumer group membership under the classic protocol: members join, the coordinator computes the next generation's
// assignment with the configured assignor, and members that crash (no heartbeat within session.timeout.ms) or stall
// (no poll within max.poll.interval.ms) are removed, which starts a rebalance. Eager assignors revoke every
// partition when a member rejoins; the cooperative one (KIP-429) revokes only what moves, over two rebalances.
// onPartitionsRevoked commits the positions when the application does so (`app.commit-on-revoke`) or when
// auto-commit is on (ConsumerCoordinator.onJoinPrepare commits synchronously).

import type { ActionOf } from '../actions.js'
import type { Params } from '../params.js'
import { assignPartitions, rebalanceProtocol } from './assignors.js'
import { commitOffsets, withConsumer } from './poll.js'
import { dropPendingOffsets } from './pipeline.js'
import {
  NO_EPOCH,
  NO_GENERATION,
  NO_OFFSET,
  make,
  removeFromSet,
  replaceAt,
  update,
  updateConsumer,
  updateFaults,
  updateGroup,
  type Consumer,
  type State,
} from '../state.js'

/** A consumer as it starts: nothing owned, no position, at the top of its loop, about to join. */
export function freshConsumer(p: Params, status: Consumer['status']): Consumer {
  const none = Array.from({ length: p.partitions }, () => NO_OFFSET)
  return make.consumer({
    status,
    generation: NO_GENERATION,
    joined: status === 'active',
    owned: [],
    positions: none,
    positionEpochs: Array.from({ length: p.partitions }, () => NO_EPOCH),
    phase: 'poll',
    batch: [],
    handedOff: [],
    processedUpTo: none,
    failures: 0,
    failedRecord: -1,
    pendingOutputs: [],
  })
}

/** The coordinator drops a member (session or poll timeout) and starts a rebalance for the others. */
function removeMember(s: State, consumer: number): State {
  if (!s.group.members.includes(consumer)) return s
  return update(s, {
    group: updateGroup(s.group, { members: removeFromSet(s.group.members, consumer), rebalancing: true }),
  })
}

/** A consumer process starts and sends JoinGroup, which starts a rebalance. */
function join(p: Params, s: State, consumer: number): State {
  return update(s, {
    consumers: replaceAt(s.consumers, consumer, freshConsumer(p, 'active')),
    group: updateGroup(s.group, { rebalancing: true }),
  })
}

/**
 * onPartitionsRevoked for `partitions`: commit first when auto-commit does (the positions) or the application does
 * (what it has processed: the positions, or with a worker thread what the worker finished), then forget them.
 */
function revoke(p: Params, s: State, consumer: number, partitions: readonly number[]): State {
  if (partitions.length === 0) return s
  const c = s.consumers[consumer]!
  const processed = p.processing === 'async' && !p.autoCommit ? c.processedUpTo : c.positions
  const committed = p.autoCommit || p.commitOnRevoke ? commitOffsets(s, consumer, processed) : s
  const owned = c.owned.filter(partition => !partitions.includes(partition))
  const forget = (offsets: readonly number[]) =>
    offsets.map((offset, partition) => (partitions.includes(partition) ? NO_OFFSET : offset))
  return withConsumer(
    committed,
    consumer,
    updateConsumer(committed.consumers[consumer]!, {
      owned,
      positions: forget(c.positions),
      positionEpochs: c.positionEpochs.map((epoch, partition) => (partitions.includes(partition) ? NO_EPOCH : epoch)),
      processedUpTo: forget(c.processedUpTo),
      // The failed-record tracker forgets what it counted for partitions the member loses.
      failures: 0,
      failedRecord: -1,
    }),
  )
}

/** ConsumerStart is enabled: the application has not started this member yet. */
export const canStart = (s: State, consumer: number): boolean => s.consumers[consumer]!.status === 'idle'

/** ConsumerStart: the application starts this group member. */
export function consumerStart(p: Params, s: State, { consumer }: ActionOf<'ConsumerStart'>): State {
  return join(p, s, consumer)
}

/** ConsumerJoinGroup is enabled: a member between two polls owes the coordinator a JoinGroup, or a zombie returns. */
export function canJoinGroup(s: State, consumer: number): boolean {
  const c = s.consumers[consumer]!
  if (c.phase !== 'poll') return false
  if (c.status === 'zombie') return true
  return c.status === 'active' && s.group.rebalancing && !c.joined && s.group.members.includes(consumer)
}

/**
 * ConsumerJoinGroup: inside poll(), the member rejoins for the next generation, revoking everything first under an
 * eager protocol. A zombie learns here that it was thrown out (UNKNOWN_MEMBER_ID): it loses its partitions without
 * committing (onPartitionsLost) and joins as a new member.
 */
export function consumerJoinGroup(p: Params, s: State, { consumer }: ActionOf<'ConsumerJoinGroup'>): State {
  const c = s.consumers[consumer]!
  if (c.status === 'zombie') return join(p, s, consumer)
  const revoked = rebalanceProtocol(p.assignor) === 'eager' ? revoke(p, s, consumer, c.owned) : s
  return withConsumer(revoked, consumer, updateConsumer(revoked.consumers[consumer]!, { joined: true }))
}

/**
 * CoordinatorCompleteRebalance is enabled: a rebalance is on and every running member has joined and is inside poll(),
 * where the SyncGroup answer and the rebalance callbacks reach the application.
 */
export function canCompleteRebalance(s: State): boolean {
  return s.group.rebalancing && s.consumers.every(c => c.status !== 'active' || (c.joined && c.phase === 'poll'))
}

/**
 * CoordinatorCompleteRebalance: JoinGroup and SyncGroup complete; the next generation starts with the assignor's
 * assignment. Each member is STABLE in it before its callbacks run (AbstractCoordinator: state = STABLE, then
 * onJoinComplete), so what it commits while revoking the partitions it loses (cooperative) is accepted; it starts newly
 * assigned partitions at the committed offset (or leaves them to auto.offset.reset), and under the cooperative protocol
 * a follow-up rebalance hands out what was withheld this round.
 */
export function coordinatorCompleteRebalance(p: Params, s: State): State {
  const members = s.consumers.flatMap((c, consumer) => (c.status === 'active' ? [consumer] : []))
  const assignment = assignPartitions(
    p.assignor,
    s.topicPartitions,
    members.map(consumer => ({ id: consumer, owned: s.consumers[consumer]!.owned })),
  )
  const generation = s.group.generation + 1
  const withheld = assignment.flat().length < s.topicPartitions && members.length > 0
  let next = update(s, { group: updateGroup(s.group, { generation, members, rebalancing: withheld }) })
  for (const consumer of members)
    next = withConsumer(next, consumer, updateConsumer(next.consumers[consumer]!, { generation, joined: false }))
  members.forEach((consumer, i) => {
    const kept = assignment[i]!
    next = revoke(
      p,
      next,
      consumer,
      next.consumers[consumer]!.owned.filter(partition => !kept.includes(partition)),
    )
  })
  members.forEach((consumer, i) => {
    const c = next.consumers[consumer]!
    const owned = assignment[i]!
    const isNew = (partition: number) => owned.includes(partition) && !c.owned.includes(partition)
    // A pipeline fetches the committed offset at its next poll instead (pipeline.ts offsetFetch): from 2.5 it may
    // have to wait for another member's transaction.
    const positions = c.positions.map((position, partition) =>
      isNew(partition) ? (p.pipeline ? NO_OFFSET : next.group.committed[partition]!) : position,
    )
    // A committed offset carries no leader epoch here (its committed_leader_epoch is not modelled).
    const positionEpochs = c.positionEpochs.map((epoch, partition) => (isNew(partition) ? NO_EPOCH : epoch))
    next = withConsumer(next, consumer, updateConsumer(c, { owned, positions, positionEpochs }))
  })
  return next
}

/** ConsumerCrash is enabled: the process runs and the scenario's budget is not spent. */
export const canCrashConsumer = (p: Params, s: State, consumer: number): boolean => {
  const { status } = s.consumers[consumer]!
  return (status === 'active' || status === 'zombie') && s.faults.consumerCrash < p.faults['consumer-crash']
}

/** ConsumerCrash: the process dies with its positions, polled records and worker queue; its heartbeats stop. */
export function consumerCrash(p: Params, s: State, { consumer }: ActionOf<'ConsumerCrash'>): State {
  const crashed = update(s, {
    consumers: replaceAt(s.consumers, consumer, freshConsumer(p, 'down')),
    faults: updateFaults(s.faults, { consumerCrash: s.faults.consumerCrash + 1 }),
  })
  // A pipeline's open transaction dies with it: transaction.timeout.ms aborts it later. Aborting it now reaches the
  // same outcomes: the partition's next owner waits for that abort (from 2.5) or does not look at it (before).
  return removeMember(p.pipelineTransactional ? dropPendingOffsets(crashed, consumer) : crashed, consumer)
}

/** ConsumerRestart is enabled: the member crashed. */
export const canRestartConsumer = (s: State, consumer: number): boolean => s.consumers[consumer]!.status === 'down'

/** ConsumerRestart: the crashed application comes back and joins the group anew. */
export function consumerRestart(p: Params, s: State, { consumer }: ActionOf<'ConsumerRestart'>): State {
  return join(p, s, consumer)
}

/** ConsumerPause is enabled: a member is processing a batch and the scenario's budget is not spent. */
export function canPause(p: Params, s: State, consumer: number): boolean {
  const c = s.consumers[consumer]!
  return (
    c.status === 'active' &&
    c.phase !== 'poll' &&
    s.group.members.includes(consumer) &&
    s.faults.consumerPause < p.faults['consumer-pause']
  )
}

/** ConsumerPause: processing takes longer than max.poll.interval.ms; the member is removed but keeps working. */
export function consumerPause(p: Params, s: State, { consumer }: ActionOf<'ConsumerPause'>): State {
  const paused = update(s, {
    consumers: replaceAt(s.consumers, consumer, updateConsumer(s.consumers[consumer]!, { status: 'zombie' })),
    faults: updateFaults(s.faults, { consumerPause: s.faults.consumerPause + 1 }),
  })
  return removeMember(paused, consumer)
}
