// The consumer group as facts: members joining and leaving, the coordinator's rebalances, and each member's poll
// loop (poll, commit, process), with the faults that break it (a crash, a stall past max.poll.interval.ms).

import {
  commitDecision,
  lastStableOffset,
  leaderReplica,
  NO_LEADER,
  NO_OFFSET,
  offsetFetch,
  pendingHolders,
  type ActionOf,
  type PolledRecord,
} from '../../spec/index.js'
import type { Commits, CommitSync, Poll, Process, StepFacts } from './facts.js'
import { openTransaction } from './factsPipeline.js'
import { commits, type Transition } from './factsShared.js'

/** The committed offsets the step changed, as a fact of `consumer`'s, if it changed any. */
function commitsOf(step: Transition, consumer: number, why: Commits['why']): Commits[] {
  const offsets = commits(step)
  return offsets.length === 0 ? [] : [{ kind: 'commits', consumer, why, offsets }]
}

export function consumerStartFacts({ p }: Transition, { consumer }: ActionOf<'ConsumerStart'>): StepFacts {
  return [{ kind: 'consumerStart', consumer, groupId: p.groupId }]
}

export function joinFacts(step: Transition, { consumer }: ActionOf<'ConsumerJoinGroup'>): StepFacts {
  const was = step.before.consumers[consumer]!
  if (was.status === 'zombie') return [{ kind: 'zombieRejoin', consumer, lost: was.owned }]
  const owned = step.after.consumers[consumer]!.owned
  const revoked = was.owned.filter(partition => !owned.includes(partition))
  return [{ kind: 'rejoin', consumer, revoked }, ...commitsOf(step, consumer, 'onRevoke')]
}

export function rebalancedFacts({ p, after }: Transition): StepFacts {
  const { generation, members, rebalancing } = after.group
  const shares = members.map(member => {
    const { owned, positions } = after.consumers[member]!
    return { consumer: member, partitions: owned.map(partition => ({ partition, position: positions[partition]! })) }
  })
  return [
    {
      kind: 'rebalanced',
      generation,
      shares,
      followUp: rebalancing,
      autoOffsetReset: p.autoOffsetReset,
      fetchAtPoll: p.pipeline,
    },
  ]
}

export function consumerCrashFacts({ before }: Transition, { consumer }: ActionOf<'ConsumerCrash'>): StepFacts {
  const { batch, handedOff } = before.consumers[consumer]!
  return [
    {
      kind: 'consumerCrash',
      consumer,
      unprocessed: [...batch, ...handedOff].map(r => r.message),
      openTransaction: openTransaction(before, consumer),
    },
  ]
}

export function consumerRestartFacts(_step: Transition, { consumer }: ActionOf<'ConsumerRestart'>): StepFacts {
  return [{ kind: 'consumerRestart', consumer }]
}

export function consumerPauseFacts({ before }: Transition, { consumer }: ActionOf<'ConsumerPause'>): StepFacts {
  return [{ kind: 'consumerPause', consumer, batch: before.consumers[consumer]!.batch.map(r => r.message) }]
}

export function pollFacts(step: Transition, { consumer, autoCommit }: ActionOf<'ConsumerPoll'>): StepFacts {
  const { p, before, after } = step
  const was = before.consumers[consumer]!
  const now = after.consumers[consumer]!
  const async = p.processing === 'async'
  const records = async ? now.handedOff.slice(was.handedOff.length) : now.batch
  const resets = now.owned.flatMap((partition): Poll['resets'] => {
    const from = was.positions[partition]!
    const to = records.find(r => r.partition === partition)?.offset ?? now.positions[partition]!
    // A pipeline member with no position fetches the committed offset first (OffsetFetch); the reset follows when
    // there is none, or when it lies beyond the log end (the position then ends below it).
    const fetched = after.group.committed[partition]!
    const fromCommitted =
      p.pipeline && from === NO_OFFSET && fetched !== NO_OFFSET && now.positions[partition]! >= fetched
    const committed = fromCommitted ? fetched : null
    return from === to ? [] : [{ partition, from, to, committed }]
  })
  const why = autoCommit ? 'autoCommit' : async && p.commit === 'before-process' ? 'handOff' : 'workerDone'
  const source = records[0]?.partition ?? now.owned[0]
  return [
    ...commitsOf(step, consumer, why),
    {
      kind: 'poll',
      consumer,
      records,
      async,
      resets,
      unstable: unstableOffsets(step, consumer),
      stuck: stuckPartitions(step, consumer, records),
      serde: step.serde,
      autoOffsetReset: p.autoOffsetReset,
      source,
      leader: source === undefined ? NO_LEADER : after.partitions[source]!.leader,
    },
  ]
}

/**
 * Partitions a pipeline member polled without a position and still has none after the poll, while another member's
 * transaction held pending offsets for them: from 2.5 its OffsetFetch got UNSTABLE_OFFSET_COMMIT (KIP-447).
 */
function unstableOffsets({ p, before, after }: Transition, consumer: number): Poll['unstable'] {
  if (!p.pipeline || !p.txnOffsetsFenced) return []
  const was = before.consumers[consumer]!
  const now = after.consumers[consumer]!
  return now.owned.flatMap(partition => {
    if (was.positions[partition] !== NO_OFFSET || now.positions[partition] !== NO_OFFSET) return []
    if (before.partitions[partition]!.leader === NO_LEADER) return [] // not fetched at all: no leader
    if (offsetFetch(p, before, consumer, partition) !== undefined) return []
    return [{ partition, holders: pendingHolders(before, consumer, partition) }]
  })
}

/**
 * Partitions where poll() threw at a poison record, without an ErrorHandlingDeserializer: it returned nothing from
 * them though their position lies below what it may read (the high watermark, under read_committed the last stable
 * offset), and the position stays at the record.
 */
function stuckPartitions({ p, after }: Transition, consumer: number, records: readonly PolledRecord[]): Poll['stuck'] {
  if (!p.poison || p.errorHandlingDeserializer) return []
  const now = after.consumers[consumer]!
  return now.owned.flatMap(partition => {
    const leader = leaderReplica(p.assignment[partition]!, after.partitions[partition]!)
    const offset = now.positions[partition]!
    if (leader === undefined || offset === NO_OFFSET || records.some(r => r.partition === partition)) return []
    const end = p.readCommitted ? lastStableOffset(p, leader) : leader.highWatermark
    return offset < end ? [{ partition, offset }] : []
  })
}

/** Why the coordinator or the client refused the member's commit, from the specification's decision. */
function refusal({ before }: Transition, consumer: number): CommitSync['refused'] {
  const was = before.consumers[consumer]!
  switch (commitDecision(before, consumer)) {
    case 'accepted':
      return null
    case 'rebalance-in-progress':
      return { why: 'rebalance-in-progress' }
    case 'not-a-member':
      return {
        why: 'not-a-member',
        zombie: was.status === 'zombie',
        generation: was.generation,
        groupGeneration: before.group.generation,
      }
  }
}

export function commitSyncFacts(step: Transition, { consumer }: ActionOf<'ConsumerCommit'>): StepFacts {
  return [{ kind: 'commitSync', consumer, offsets: commits(step), refused: refusal(step, consumer) }]
}

export function coordinatorFailoverFacts(_step: Transition, { consumer }: ActionOf<'CoordinatorFailover'>): StepFacts {
  return [{ kind: 'coordinatorFailover', consumer }]
}

export function skipCommitFacts(_step: Transition, { consumer }: ActionOf<'ConsumerSkipCommit'>): StepFacts {
  return [{ kind: 'skipCommit', consumer }]
}

/** Records a consumer (or its worker thread) processed: those it held before, each counted once more. */
function processFacts(
  step: Transition,
  consumer: number,
  worker: boolean,
  records: readonly PolledRecord[],
): StepFacts {
  const { p, before, after } = step
  const again = records.filter(r => after.processed[r.message]! > 1 && before.processed[r.message]! > 0)
  const zombie = before.consumers[consumer]!.status === 'zombie'
  // A transactional pipeline's results went into the member's open transaction rather than out.
  const pending = after.consumers[consumer]!.pendingOutputs
  const intoTransaction = records.length > 0 && records.every(r => pending.includes(r.message))
  const writes: Process['writes'] = intoTransaction ? 'transaction' : p.pipeline ? 'output' : 'process'
  return [{ kind: 'process', consumer, worker, writes, zombie, records, again }]
}

export const consumerProcessFacts = (step: Transition, { consumer }: ActionOf<'ConsumerProcess'>): StepFacts =>
  processFacts(step, consumer, false, step.before.consumers[consumer]!.batch)

export const workerProcessFacts = (step: Transition, { consumer }: ActionOf<'WorkerProcess'>): StepFacts =>
  processFacts(step, consumer, true, step.before.consumers[consumer]!.handedOff)
