// The consume-transform-produce loop (`app.pipeline`): each member reads input records, writes one output record per
// input with its own producer, and records its progress. With a transactional.id the outputs and the consumed offsets
// go in one transaction (KIP-98, KIP-447): processing writes into the open transaction, sendOffsetsToTransaction adds
// the offsets (TxnOffsetCommit to the group coordinator), commitTransaction makes both visible at once. An output is
// counted in `processed` when it becomes visible: at once without a transaction, at the commit with one.
//
// Abstraction: the output topic is not modelled as partitions; a member's transaction commits or aborts its outputs
// and offsets as one step (the produce path's markers and last stable offset are modelled for producers, in
// spec/transactions.ts). Each member's producer has a transactional.id of its own, so no member fences another's.

import type { ActionOf } from '../actions.js'
import type { Params } from '../params.js'
import {
  NO_EPOCH,
  NO_OFFSET,
  removeFromSet,
  replaceAt,
  update,
  updateConsumer,
  updateFaults,
  updateGroup,
  type State,
} from '../state.js'
import { countProcessed, isCurrentMember, withConsumer } from './poll.js'

/**
 * OffsetFetch for a partition a pipeline member starts reading: the committed offset, or nothing yet (undefined)
 * while another member's transaction holds pending offsets for it: from 2.5 the coordinator answers
 * UNSTABLE_OFFSET_COMMIT and the consumer retries (KIP-447, GroupMetadata.hasPendingOffsetCommitsForTopicPartition).
 */
export function offsetFetch(p: Params, s: State, consumer: number, partition: number): number | undefined {
  if (p.txnOffsetsFenced && pendingHolders(s, consumer, partition).length > 0) return undefined
  return s.group.committed[partition]!
}

/** The members other than `consumer` whose open transactions hold pending offsets for `partition`. */
export function pendingHolders(s: State, consumer: number, partition: number): number[] {
  const holders: number[] = []
  s.group.pendingTxnOffsets.forEach((pending, other) => {
    if (other !== consumer && pending[partition] !== NO_OFFSET) holders.push(other)
  })
  return holders
}

/** The member's pending transactional offsets are gone (its transaction aborted). */
export function dropPendingOffsets(s: State, consumer: number): State {
  const pending = s.group.pendingTxnOffsets[consumer]!
  if (pending.every(offset => offset === NO_OFFSET)) return s
  return update(s, {
    group: updateGroup(s.group, {
      pendingTxnOffsets: replaceAt(
        s.group.pendingTxnOffsets,
        consumer,
        pending.map(() => NO_OFFSET),
      ),
      pendingTxnOrder: s.group.pendingTxnOrder.map(order => removeFromSet(order, consumer)),
    }),
  })
}

/**
 * With a transactional.id per input partition: before a member reads a partition it has just taken (its position
 * unknown), it calls initTransactions() with the partition's id, which fences the producer that held it; an open
 * transaction of that member is aborted by the coordinator (its results and pending offsets are gone). A member's
 * transaction here spans its partitions, so the whole of it is aborted.
 */
export function initPartitionProducers(p: Params, s: State, consumer: number): State {
  if (!p.pipelineIdPerPartition) return s
  let next = s
  const c = s.consumers[consumer]!
  for (const partition of c.owned) {
    const holder = next.group.partitionProducer[partition]!
    if (c.positions[partition] !== NO_OFFSET || holder === consumer) continue
    if (holder >= 0 && hasOpenTransaction(next, holder)) next = abortPipelineTxn(next, holder)
    next = update(next, {
      group: updateGroup(next.group, {
        partitionProducer: replaceAt(next.group.partitionProducer, partition, consumer),
      }),
    })
  }
  return next
}

/** Whether `consumer` has results or offsets in an open transaction. */
const hasOpenTransaction = (s: State, consumer: number): boolean =>
  s.consumers[consumer]!.pendingOutputs.length > 0 ||
  s.group.pendingTxnOffsets[consumer]!.some(offset => offset !== NO_OFFSET)

/** Whether another member's initTransactions() has fenced the producer of one of `consumer`'s partitions. */
export function fencedPerPartition(p: Params, s: State, consumer: number): boolean {
  if (!p.pipelineIdPerPartition) return false
  const c = s.consumers[consumer]!
  return c.owned.some(partition => s.group.partitionProducer[partition] !== consumer)
}

/** The transactional pipeline's step after processing: the member's loop is at sendOffsetsToTransaction. */
export const canSendOffsetsToTxn = (p: Params, s: State, consumer: number): boolean => {
  const c = s.consumers[consumer]!
  return p.pipelineTransactional && (c.status === 'active' || c.status === 'zombie') && c.phase === 'commitAfterProcess'
}

/**
 * ConsumerSendOffsetsToTxn: sendOffsetsToTransaction() with the member's positions and group metadata. The group
 * coordinator stores them as pending for the member's producer; from 2.5 it first checks member and generation
 * (GroupCoordinator.doTxnCommitOffsets): a zombie, removed from the group, gets UNKNOWN_MEMBER_ID (an older
 * generation ILLEGAL_GENERATION), an abortable error, and the application aborts (CommitFailedException →
 * abortTransaction()). Before 2.5 nothing is checked.
 */
export function consumerSendOffsetsToTxn(
  p: Params,
  s: State,
  { consumer }: ActionOf<'ConsumerSendOffsetsToTxn'>,
): State {
  if ((p.txnOffsetsFenced && !isCurrentMember(s, consumer)) || fencedPerPartition(p, s, consumer))
    return abortPipelineTxn(update(s, { group: updateGroup(s.group, { zombieOffsetsRefused: true }) }), consumer)
  const c = s.consumers[consumer]!
  const pending = c.positions.map((position, partition) => (c.owned.includes(partition) ? position : NO_OFFSET))
  // Appended last, these are the newest pending offsets of their partitions.
  const pendingTxnOrder = s.group.pendingTxnOrder.map((order, partition) =>
    pending[partition] === NO_OFFSET ? order : [...order.filter(member => member !== consumer), consumer],
  )
  const sent = update(s, {
    group: updateGroup(s.group, {
      pendingTxnOffsets: replaceAt(s.group.pendingTxnOffsets, consumer, pending),
      pendingTxnOrder,
    }),
  })
  return withConsumer(sent, consumer, updateConsumer(c, { phase: 'endTxn' }))
}

/** ConsumerCommitTxn is enabled: the member's offsets are in its transaction. */
export const canCommitTxn = (s: State, consumer: number): boolean => {
  const c = s.consumers[consumer]!
  return (c.status === 'active' || c.status === 'zombie') && c.phase === 'endTxn'
}

/**
 * ConsumerCommitTxn: commitTransaction(). EndTxn carries no generation (a zombie whose offsets were accepted commits
 * too); the markers make the outputs visible and, on __consumer_offsets, turn the pending offsets into committed ones
 * (GroupMetadata.completePendingTxnOffsetCommit).
 */
export function consumerCommitTxn(p: Params, s: State, { consumer }: ActionOf<'ConsumerCommitTxn'>): State {
  // PRODUCER_FENCED: another member took one of its partitions' transactional ids; its transaction is aborted.
  if (fencedPerPartition(p, s, consumer))
    return abortPipelineTxn(update(s, { group: updateGroup(s.group, { zombieOffsetsRefused: true }) }), consumer)
  const c = s.consumers[consumer]!
  const pending = s.group.pendingTxnOffsets[consumer]!
  const committed = s.group.committed.map((offset, partition) =>
    pending[partition] === NO_OFFSET ? offset : pending[partition]!,
  )
  // Offsets appended before these are now older than the committed ones: their commit will not materialise them.
  let pendingTxnOffsets = replaceAt(
    s.group.pendingTxnOffsets,
    consumer,
    pending.map(() => NO_OFFSET),
  )
  const pendingTxnOrder = s.group.pendingTxnOrder.map((order, partition) => {
    const at = order.indexOf(consumer)
    if (at < 0) return order
    for (const older of order.slice(0, at))
      pendingTxnOffsets = replaceAt(
        pendingTxnOffsets,
        older,
        replaceAt(pendingTxnOffsets[older]!, partition, NO_OFFSET),
      )
    return order.slice(at + 1)
  })
  const done = update(s, {
    processed: countProcessed(
      s.processed,
      c.pendingOutputs.map(message => ({ message })),
    ),
    group: updateGroup(s.group, { committed, pendingTxnOffsets, pendingTxnOrder }),
  })
  return withConsumer(done, consumer, updateConsumer(c, { pendingOutputs: [], phase: 'poll' }))
}

/** ConsumerAbortTxn is enabled: the application may abort the member's open transaction (`faults.txn-abort`). */
export const canAbortTxn = (p: Params, s: State, consumer: number): boolean => {
  const c = s.consumers[consumer]!
  return (
    p.pipelineTransactional &&
    s.faults.txnAborts < p.faults['txn-abort'] &&
    (c.status === 'active' || c.status === 'zombie') &&
    (c.phase === 'commitAfterProcess' || c.phase === 'endTxn')
  )
}

/** ConsumerAbortTxn: the application aborts instead of committing (an error of its own). */
export function consumerAbortTxn(_p: Params, s: State, { consumer }: ActionOf<'ConsumerAbortTxn'>): State {
  return abortPipelineTxn(
    update(s, { faults: updateFaults(s.faults, { txnAborts: s.faults.txnAborts + 1 }) }),
    consumer,
  )
}

/**
 * abortTransaction(): the outputs and pending offsets are discarded, and the application rewinds to the committed
 * offsets (the usual loop seeks each partition to consumer.committed()), fetched again at the next poll.
 */
export function abortPipelineTxn(s: State, consumer: number): State {
  const dropped = dropPendingOffsets(s, consumer)
  const c = dropped.consumers[consumer]!
  const rewound = (partition: number) => c.owned.includes(partition)
  const positions = c.positions.map((position, partition) => (rewound(partition) ? NO_OFFSET : position))
  const positionEpochs = c.positionEpochs.map((epoch, partition) => (rewound(partition) ? NO_EPOCH : epoch))
  return withConsumer(
    dropped,
    consumer,
    updateConsumer(c, { pendingOutputs: [], positions, positionEpochs, phase: 'poll' }),
  )
}
