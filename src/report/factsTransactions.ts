// Transactions as facts: the producer's transaction manager (initTransactions, AddPartitionsToTxn, commit, abort)
// and the transaction coordinator (its markers, the completion of a transaction, the timeout of an abandoned one).
// Each reads the spec's decision off the states before and after the step: the coordinator's metadata, the
// producer's transaction state, the marker the leader appended.

import { transactionalIdOf, type ActionOf } from '../../spec/index.js'
import type { StepFacts } from './facts.js'
import { answers, batchFates, highWatermarkMove, replicaOf, type Transition } from './factsShared.js'

/** The transactional id `producer`'s instance used when the step began. */
const idOf = ({ p, before }: Transition, producer: number): number =>
  transactionalIdOf(p, producer, before.producers[producer]!.instance)

export function initTransactionsFacts(step: Transition, { producer }: ActionOf<'ProducerInitTransactions'>): StepFacts {
  const { before, after } = step
  const transactionalId = idOf(step, producer)
  const now = after.transactions[transactionalId]!
  return [
    {
      kind: 'initTransactions',
      producer,
      transactionalId,
      // The producer is READY when it got its epoch; otherwise the coordinator fenced an open transaction first.
      outcome: after.producers[producer]!.txnState === 'READY' ? 'ready' : 'fenced',
      from: before.transactions[transactionalId]!.epoch,
      epoch: now.epoch,
      txn: now.txn,
      afterAbort: before.producers[producer]!.txnState === 'INITIALIZING',
    },
  ]
}

export function addPartitionToTxnFacts(
  step: Transition,
  { producer, partition }: ActionOf<'ProducerAddPartitionToTxn'>,
): StepFacts {
  const transactionalId = idOf(step, producer)
  const now = step.after.transactions[transactionalId]!
  return [
    {
      kind: 'addPartitionToTxn',
      producer,
      transactionalId,
      partition,
      txn: now.txn,
      begins: now.txn !== step.before.transactions[transactionalId]!.txn,
      partitions: now.partitions,
    },
  ]
}

export function commitTransactionFacts(
  step: Transition,
  { producer }: ActionOf<'ProducerCommitTransaction'>,
): StepFacts {
  const transactionalId = idOf(step, producer)
  const { txn, partitions } = step.before.transactions[transactionalId]!
  return [{ kind: 'commitTransaction', producer, transactionalId, txn, partitions }, ...batchFates(step)]
}

export function completeCommitFacts(step: Transition, { producer }: ActionOf<'ProducerCompleteCommit'>): StepFacts {
  const transactionalId = idOf(step, producer)
  return [
    {
      kind: 'completeCommit',
      producer,
      transactionalId,
      txn: step.before.transactions[transactionalId]!.txn,
      from: step.before.producers[producer]!.epoch,
      epoch: step.after.producers[producer]!.epoch,
    },
    ...batchFates(step),
  ]
}

export function abortTransactionFacts(step: Transition, { producer }: ActionOf<'ProducerAbortTransaction'>): StepFacts {
  const { p, before, after } = step
  const transactionalId = idOf(step, producer)
  const was = before.transactions[transactionalId]!
  const mine = (message: number) => p.messages[message]!.producer === producer
  const resent = after.batches.flatMap((b, m) => (mine(m) && b.resends > before.batches[m]!.resends ? [m] : []))
  const failed = after.batches.flatMap((b, m) =>
    mine(m) && b.status === 'failed' && before.batches[m]!.status !== 'failed' ? [m] : [],
  )
  return [
    {
      kind: 'abortTransaction',
      producer,
      transactionalId,
      txn: was.txn,
      why: before.producers[producer]!.txnState === 'IN_TRANSACTION' ? 'application' : 'failedSend',
      prepared: after.transactions[transactionalId]!.state !== was.state,
      partitions: was.partitions,
      resent,
      failed,
      bumpNext: after.producers[producer]!.txnState === 'INITIALIZING',
    },
  ]
}

export function writeMarkerFacts(
  step: Transition,
  { transactionalId, partition }: ActionOf<'CoordinatorWriteMarker'>,
): StepFacts {
  const { p, before, after } = step
  const leader = before.partitions[partition]!.leader
  const { log } = replicaOf(p, after, partition, leader)!
  const marker = log[log.length - 1]!
  return [
    {
      kind: 'writeMarker',
      transactionalId,
      partition,
      leader,
      marker: marker.kind === 'commit' ? 'commit' : 'abort',
      offset: log.length - 1,
      txn: marker.txn,
      producerEpoch: marker.producerEpoch,
    },
    ...highWatermarkMove(step, partition),
    ...answers(step, -1),
  ]
}

export function completeTxnFacts(
  { before, after }: Transition,
  { transactionalId }: ActionOf<'CoordinatorCompleteTxn'>,
): StepFacts {
  const { txn, partitions } = before.transactions[transactionalId]!
  return [{ kind: 'completeTxn', transactionalId, txn, state: after.transactions[transactionalId]!.state, partitions }]
}

export function abortTimedOutFacts(
  { before, after }: Transition,
  { transactionalId }: ActionOf<'CoordinatorAbortTimedOut'>,
): StepFacts {
  const was = before.transactions[transactionalId]!
  const to = after.transactions[transactionalId]!.epoch
  return [{ kind: 'abortTimedOut', transactionalId, txn: was.txn, from: was.epoch, to }]
}
