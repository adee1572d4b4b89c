// Transactions (KIP-98): the producer's TransactionManager, the transaction coordinator that owns each
// transactional.id (TransactionCoordinator, TransactionMetadata, persisted to __transaction_state), the markers it
// writes to every partition of a transaction, and what a partition derives from its log: which transaction a record
// belongs to, how it ended, and the last stable offset (ProducerStateManager).
//
// The application's loop: initTransactions(); beginTransaction(); send every record it has; commitTransaction(), or
// abortTransaction() after an error (its own, `faults.txn-abort`, or a failed send) and, with
// `app.resend-on-failure`, the same records again in the next transaction.
//
// Abstractions: a coordinator request and its answer are one step, taken when the coordinator would answer NONE
// (a retriable CONCURRENT_TRANSACTIONS is a step not yet enabled); each transition is persisted at once (acks=-1), so
// a coordinator that moves loads exactly this state and finishes a prepared transaction as this one would. A live
// producer's transaction never times out; an abandoned one (its instance restarted) is aborted by the timeout.

import type { ActionOf } from './actions.js'
import { MAX_RESENDS, type Params } from './params.js'
import { advanceHighWatermark } from './leader.js'
import { withProducer } from './producer.js'
import {
  NO_BROKER,
  NO_LEADER,
  NO_SEQUENCE,
  addToSet,
  leaderReplica,
  make,
  replaceAt,
  replicaIndex,
  sameProducerId,
  transactionalIdOf,
  transactionalIdOwner,
  update,
  updateBatch,
  updateFaults,
  updatePartition,
  updateProducer,
  updateReplica,
  updateTransaction,
  type LogEntry,
  type Producer,
  type Replica,
  type State,
  type Transaction,
} from './state.js'

// What a partition knows from its log.

/** Whether two log entries were written under one producer id. */
const sameWriter = (p: Params, a: LogEntry, b: LogEntry): boolean =>
  a.producer === b.producer && sameProducerId(p, a.instance, b.instance)

/**
 * How the transaction of the data batch at `offset` ended: by the first marker of its producer id after it, or
 * `open` while there is none. A partition keeps the open transaction's first offset per producer id
 * (ProducerStateEntry.currentTxnFirstOffset) and closes it at the marker (ProducerAppendInfo.appendEndTxnMarker).
 */
export function txnFate(p: Params, log: readonly LogEntry[], offset: number): 'commit' | 'abort' | 'open' {
  const end = markerOffset(p, log, offset)
  if (end < 0) return 'open'
  return log[end]!.kind === 'commit' ? 'commit' : 'abort'
}

/**
 * The last stable offset of a leader's replica (UnifiedLog.lastStableOffset): the first offset of a transaction that
 * is open or whose marker is not yet below the high watermark (ongoingTxns, unreplicatedTxns), else the high
 * watermark. Without transactions it is the high watermark.
 */
export function lastStableOffset(p: Params, replica: Replica): number {
  const { log, highWatermark } = replica
  if (!p.transactional) return highWatermark
  for (let offset = 0; offset < highWatermark; offset++) {
    const entry = log[offset]!
    if (entry.kind !== 'data') continue
    // The first record of an unstable transaction met in offset order is that transaction's first offset.
    const end = markerOffset(p, log, offset)
    if (end < 0 || end >= highWatermark) return offset
  }
  return highWatermark
}

/** The offset of the marker that ends the transaction of the data batch at `offset`, or -1 while it is open. */
function markerOffset(p: Params, log: readonly LogEntry[], offset: number): number {
  const entry = log[offset]!
  for (let at = offset + 1; at < log.length; at++) {
    const later = log[at]!
    if (later.kind !== 'data' && sameWriter(p, later, entry)) return at
  }
  return -1
}

/**
 * Whether a read_committed consumer ever returns the data batch at `offset` (CompletedFetch.nextFetchedRecord):
 * control batches never, records of an aborted transaction never (the aborted-transaction index).
 */
export function readCommittedReturns(p: Params, log: readonly LogEntry[], offset: number): boolean {
  const entry = log[offset]!
  return entry.kind === 'data' && (!p.transactional || txnFate(p, log, offset) !== 'abort')
}

/** Whether the producer id of `producer`'s instance `instance` has a transaction open in `log` (no marker since its last write). */
export function hasOpenTxn(p: Params, log: readonly LogEntry[], producer: number, instance: number): boolean {
  for (let at = log.length - 1; at >= 0; at--) {
    const entry = log[at]!
    if (entry.producer === producer && sameProducerId(p, entry.instance, instance)) return entry.kind === 'data'
  }
  return false
}

/**
 * KIP-890 part 1 (3.6, ReplicaManager.maybeStartTransactionVerificationForPartitions): a transactional write that
 * would open a transaction on the partition is verified with the coordinator, which refuses it unless the partition is
 * in the producer's ongoing transaction at this epoch (TransactionCoordinator.handleVerifyPartitionsInTransaction).
 */
export function verificationError(
  p: Params,
  s: State,
  log: readonly LogEntry[],
  request: { producer: number; instance: number; partition: number; producerEpoch: number },
): 'INVALID_PRODUCER_EPOCH' | 'INVALID_TXN_STATE' | 'NOT_ENOUGH_REPLICAS' | null {
  if (!p.transactional || !p.verifiesTxnPartitions) return null
  if (hasOpenTxn(p, log, request.producer, request.instance)) return null
  const t = s.transactions[transactionalIdOf(p, request.producer, request.instance)]!
  // PRODUCER_FENCED reaches the producer as INVALID_PRODUCER_EPOCH (AddPartitionsToTxnManager), and the retriable
  // CONCURRENT_TRANSACTIONS of a transaction being completed as NOT_ENOUGH_REPLICAS (ReplicaManager).
  if (t.epoch !== request.producerEpoch) return 'INVALID_PRODUCER_EPOCH'
  if (isPreparing(t)) return 'NOT_ENOUGH_REPLICAS'
  return t.state === 'Ongoing' && t.partitions.includes(request.partition) ? null : 'INVALID_TXN_STATE'
}

/** Whether a write with `producerEpoch` comes from an epoch its coordinator has already fenced (bumped past). */
export function fencedWrite(p: Params, s: State, producer: number, instance: number, producerEpoch: number): boolean {
  return p.transactional && producerEpoch < s.transactions[transactionalIdOf(p, producer, instance)]!.epoch
}

// The producer's side: TransactionManager.

const transactionOf = (p: Params, s: State, producer: number): Transaction =>
  s.transactions[transactionalIdOf(p, producer, s.producers[producer]!.instance)]!

const isPreparing = (t: Transaction): boolean => t.state === 'PrepareCommit' || t.state === 'PrepareAbort'

/** Whether `producer` has a record in one of `statuses`. */
function hasRecord(p: Params, s: State, producer: number, ...statuses: string[]): boolean {
  for (let m = 0; m < s.batches.length; m++)
    if (p.messages[m]!.producer === producer && statuses.includes(s.batches[m]!.status)) return true
  return false
}

/**
 * ProducerInitTransactions is enabled: the producer waits for its producer id and epoch (a new instance, or an abort
 * that needs an epoch bump, KIP-360), and the coordinator has no decision in progress (it would answer
 * CONCURRENT_TRANSACTIONS).
 */
export function canInitTransactions(p: Params, s: State, producer: number): boolean {
  const { txnState } = s.producers[producer]!
  return (
    p.transactional &&
    (txnState === 'UNINITIALIZED' || txnState === 'INITIALIZING') &&
    !isPreparing(transactionOf(p, s, producer))
  )
}

/**
 * ProducerInitTransactions: InitProducerId (TransactionCoordinator.handleInitProducerId). With a transaction of an
 * older epoch still open, the coordinator fences it first: epoch + 1 and PrepareAbort, whose markers carry the new
 * epoch (prepareFenceProducerEpoch), and the producer retries after CONCURRENT_TRANSACTIONS. Otherwise the epoch goes up
 * by one (prepareIncrementProducerEpoch; the first is 0) and the producer starts its sequences over in it.
 */
export function producerInitTransactions(
  p: Params,
  s: State,
  { producer }: ActionOf<'ProducerInitTransactions'>,
): State {
  const state = s.producers[producer]!
  const id = transactionalIdOf(p, producer, state.instance)
  const t = s.transactions[id]!
  if (t.state === 'Ongoing')
    return withTransaction(s, id, updateTransaction(t, { state: 'PrepareAbort', epoch: t.epoch + 1, fenced: true }))
  const epoch = t.epoch + 1
  const ready = inEpoch(updateProducer(state, { txnState: 'READY', txnPartitions: [] }), epoch)
  return withProducer(
    withTransaction(s, id, updateTransaction(t, { state: 'Empty', epoch, partitions: [] })),
    producer,
    ready,
  )
}

/**
 * ProducerAddPartitionToTxn is enabled: a record waits in the accumulator for a partition not yet in the transaction
 * (RecordAccumulator drains it only once TransactionManager.isSendToPartitionAllowed), and the coordinator can add it
 * (not while the previous transaction is still being completed: CONCURRENT_TRANSACTIONS).
 */
export function canAddPartitionToTxn(p: Params, s: State, producer: number, partition: number): boolean {
  const state = s.producers[producer]!
  if (!p.transactional || (state.txnState !== 'READY' && state.txnState !== 'IN_TRANSACTION')) return false
  if (state.queues[partition]!.length === 0 || state.txnPartitions.includes(partition)) return false
  const t = transactionOf(p, s, producer)
  return !isPreparing(t) && t.epoch === state.epoch
}

/**
 * ProducerAddPartitionToTxn: beginTransaction() (local) and the AddPartitionsToTxn the sender sends for a partition a
 * record goes to (TransactionManager.maybeAddPartition). The coordinator persists the partition in the transaction,
 * starting a new one if none is ongoing (TransactionCoordinator.handleAddPartitionsToTransaction → Ongoing).
 */
export function producerAddPartitionToTxn(
  p: Params,
  s: State,
  { producer, partition }: ActionOf<'ProducerAddPartitionToTxn'>,
): State {
  const state = s.producers[producer]!
  const id = transactionalIdOf(p, producer, state.instance)
  const t = s.transactions[id]!
  const started =
    t.state === 'Ongoing'
      ? updateTransaction(t, { partitions: addToSet(t.partitions, partition) })
      : updateTransaction(t, { state: 'Ongoing', partitions: [partition], txn: t.txn + 1 })
  return withProducer(
    withTransaction(s, id, started),
    producer,
    updateProducer(state, { txnState: 'IN_TRANSACTION', txnPartitions: addToSet(state.txnPartitions, partition) }),
  )
}

/**
 * ProducerCommitTransaction is enabled: every record of the transaction is acknowledged (commitTransaction() flushes
 * first: the EndTxn waits while the accumulator has incomplete batches) and the coordinator has it Ongoing.
 */
export function canCommitTransaction(p: Params, s: State, producer: number): boolean {
  const state = s.producers[producer]!
  if (!p.transactional || state.txnState !== 'IN_TRANSACTION') return false
  if (hasRecord(p, s, producer, 'queued', 'inFlight', 'unsent')) return false
  const t = transactionOf(p, s, producer)
  return t.state === 'Ongoing' && t.epoch === state.epoch
}

/**
 * ProducerCommitTransaction: EndTxn(COMMIT). The coordinator persists PrepareCommit (with transaction version 2 in a
 * new epoch) and answers at once (TransactionCoordinator.endTransaction), before any marker is written; the answer is
 * still on its way.
 */
export function producerCommitTransaction(
  p: Params,
  s: State,
  { producer }: ActionOf<'ProducerCommitTransaction'>,
): State {
  const state = s.producers[producer]!
  const id = transactionalIdOf(p, producer, state.instance)
  const t = s.transactions[id]!
  const epoch = p.epochBumpPerTransaction ? t.epoch + 1 : t.epoch
  return withProducer(
    withTransaction(s, id, updateTransaction(t, { state: 'PrepareCommit', epoch })),
    producer,
    updateProducer(state, { txnState: 'COMMITTING_TRANSACTION' }),
  )
}

/** ProducerCompleteCommit is enabled: the answer to the producer's EndTxn(COMMIT) is on its way. */
export const canCompleteCommit = (s: State, producer: number): boolean =>
  s.producers[producer]!.txnState === 'COMMITTING_TRANSACTION'

/**
 * ProducerCompleteCommit: the EndTxn answer arrives (TransactionManager.completeTransaction): commitTransaction()
 * returns and the application counts the records delivered; with transaction version 2 the producer takes the new
 * epoch from the answer. A restart before this step leaves the application unaware that the transaction committed.
 */
export function producerCompleteCommit(p: Params, s: State, { producer }: ActionOf<'ProducerCompleteCommit'>): State {
  const state = s.producers[producer]!
  const { epoch } = s.transactions[transactionalIdOf(p, producer, state.instance)]!
  const batches = s.batches.map((b, m) =>
    p.messages[m]!.producer === producer && b.status === 'inTransaction' ? updateBatch(b, { status: 'acked' }) : b,
  )
  return withProducer(
    update(s, { batches }),
    producer,
    inEpoch(updateProducer(state, { txnState: 'READY', txnPartitions: [] }), epoch),
  )
}

/** The producer in `epoch`: a new one (transaction version 2's EndTxn answer) starts every sequence over. */
function inEpoch(state: Producer, epoch: number): Producer {
  if (epoch === state.epoch) return state
  return updateProducer(state, {
    epoch,
    bumpFor: [],
    nextSequence: state.nextSequence.map(() => 0),
    sequenceEpoch: state.sequenceEpoch.map(() => epoch),
    lastAckedSequence: state.lastAckedSequence.map(() => NO_SEQUENCE),
    unresolvedSequence: state.unresolvedSequence.map(() => NO_SEQUENCE),
  })
}

/**
 * ProducerAbortTransaction is enabled: after a failed send (ABORTABLE_ERROR), or when the application decides to
 * (`faults.txn-abort`), once every batch already drained is complete: the EndTxn waits for them
 * (TransactionManager.nextRequest), and the sender keeps retrying those with a sequence.
 */
export function canAbortTransaction(p: Params, s: State, producer: number): boolean {
  const { txnState } = s.producers[producer]!
  const wanted =
    txnState === 'ABORTABLE_ERROR' || (txnState === 'IN_TRANSACTION' && s.faults.txnAborts < p.faults['txn-abort'])
  if (!p.transactional || !wanted) return false
  for (let m = 0; m < s.batches.length; m++) {
    const b = s.batches[m]!
    if (p.messages[m]!.producer !== producer) continue
    if (b.status === 'inFlight' || (b.status === 'queued' && b.sequence !== NO_SEQUENCE)) return false
  }
  return true
}

/**
 * ProducerAbortTransaction: abortTransaction(). The sender fails the batches never drained
 * (RecordAccumulator.abortUndrainedBatches: those without a sequence), the coordinator persists PrepareAbort (EndTxn(ABORT)), and after a
 * failed send the producer bumps its epoch next (epochBumpRequired: InitProducerId with its current epoch, KIP-360).
 * Every record of the transaction goes back to the application, which sends it again in the next transaction
 * when it may (`app.resend-on-failure`).
 */
export function producerAbortTransaction(
  p: Params,
  s: State,
  { producer }: ActionOf<'ProducerAbortTransaction'>,
): State {
  const state = s.producers[producer]!
  const id = transactionalIdOf(p, producer, state.instance)
  const t = s.transactions[id]!
  const byApplication = state.txnState === 'IN_TRANSACTION'
  // Transaction version 2 bumps the epoch with the EndTxn itself, and the producer needs no InitProducerId after it.
  const bumped = t.state === 'Ongoing' && p.epochBumpPerTransaction
  const epoch = bumped ? t.epoch + 1 : t.epoch
  let next = t.state === 'Ongoing' ? withTransaction(s, id, updateTransaction(t, { state: 'PrepareAbort', epoch })) : s
  if (byApplication)
    next = update(next, { faults: updateFaults(next.faults, { txnAborts: next.faults.txnAborts + 1 }) })
  const returned = (m: number) => {
    const { status } = next.batches[m]!
    return (
      p.messages[m]!.producer === producer && (status === 'queued' || status === 'inTransaction' || status === 'failed')
    )
  }
  const batches = next.batches.map((b, m) => {
    if (!returned(m)) return b
    if (!p.resendOnFailure || b.resends >= MAX_RESENDS) return updateBatch(b, { status: 'failed', broker: NO_BROKER })
    return make.batch({
      status: 'queued',
      partition: p.messages[m]!.partitionFor[next.topicPartitions]!,
      broker: NO_BROKER,
      attempts: 0,
      sequence: NO_SEQUENCE,
      producerEpoch: 0,
      sequenceReset: false,
      resends: b.resends + 1,
    })
  })
  const queues = state.queues.map((_, partition) =>
    batches.flatMap((b, m) =>
      p.messages[m]!.producer === producer && b.status === 'queued' && b.partition === partition ? [m] : [],
    ),
  )
  const aborted: Producer = inEpoch(
    updateProducer(state, {
      txnState: state.bumpFor.length > 0 && !bumped ? 'INITIALIZING' : 'READY',
      txnPartitions: [],
      queues,
    }),
    epoch,
  )
  return withProducer(update(next, { batches }), producer, aborted)
}

/**
 * The transactional producer's answer to a failed batch (TransactionManager.handleFailedBatch →
 * maybeTransitionToErrorState): an abortable error that needs an epoch bump before the next transaction.
 */
export function failTransaction(s: State, producer: number, partition: number): State {
  const state = s.producers[producer]!
  return withProducer(
    s,
    producer,
    updateProducer(state, { txnState: 'ABORTABLE_ERROR', bumpFor: addToSet(state.bumpFor, partition) }),
  )
}

// The coordinator's side.

/** Whether the entry at `offset` of `log` is the marker of transactional id `id`'s transaction `txn`. */
function isMarkerOf(p: Params, log: readonly LogEntry[], offset: number, id: number, txn: number): boolean {
  const entry = log[offset]!
  return entry.kind !== 'data' && entry.txn === txn && transactionalIdOf(p, entry.producer, entry.instance) === id
}

/** Whether `log` has the marker of transactional id `id`'s transaction `txn` below `end`. */
function hasMarker(p: Params, log: readonly LogEntry[], id: number, txn: number, end: number): boolean {
  for (let offset = 0; offset < end; offset++) if (isMarkerOf(p, log, offset, id, txn)) return true
  return false
}

/**
 * CoordinatorWriteMarker is enabled: the transaction is prepared, the partition is in it, its leader has not got the
 * marker yet, and it can take an acks=-1 write (a marker is appended with requiredAcks -1: the ISR must be at
 * min.insync.replicas). Without a leader the marker waits and is retried (TransactionMarkerChannelManager).
 */
export function canWriteMarker(p: Params, s: State, id: number, partitionIndex: number): boolean {
  const t = s.transactions[id]!
  if (!isPreparing(t) || !t.partitions.includes(partitionIndex)) return false
  const partition = s.partitions[partitionIndex]!
  if (partition.leader === NO_LEADER || partition.isr.length < p.minInsyncReplicas) return false
  const leader = leaderReplica(p.assignment[partitionIndex]!, partition)!
  return !hasMarker(p, leader.log, id, t.txn, leader.log.length)
}

/**
 * CoordinatorWriteMarker: WriteTxnMarkers to the partition's leader, which appends the COMMIT or ABORT control batch
 * with the transaction's epoch (KafkaApis.handleWriteTxnMarkersRequest); the marker replicates like data.
 */
export function coordinatorWriteMarker(
  p: Params,
  s: State,
  { transactionalId, partition: partitionIndex }: ActionOf<'CoordinatorWriteMarker'>,
): State {
  const t = s.transactions[transactionalId]!
  const partition = s.partitions[partitionIndex]!
  const leaderAt = replicaIndex(p.assignment[partitionIndex]!, partition.leader)
  const leader = partition.replicas[leaderAt]!
  const { producer, instance } = transactionalIdOwner(p, transactionalId)
  const marker = make.logEntry({
    kind: t.state === 'PrepareCommit' ? 'commit' : 'abort',
    message: 0,
    producer,
    instance,
    producerEpoch: t.epoch,
    sequence: NO_SEQUENCE,
    leaderEpoch: partition.leaderEpoch,
    txn: t.txn,
    zombie: false,
  })
  const appended = updatePartition(partition, {
    replicas: replaceAt(partition.replicas, leaderAt, updateReplica(leader, { log: [...leader.log, marker] })),
  })
  return advanceHighWatermark(p, s, partitionIndex, appended)
}

/**
 * CoordinatorCompleteTxn is enabled: every partition's marker is committed (its acks=-1 WriteTxnMarkers answered
 * NONE only once the high watermark passed it).
 */
export function canCompleteTxn(p: Params, s: State, id: number): boolean {
  const t = s.transactions[id]!
  if (!isPreparing(t)) return false
  return t.partitions.every(partitionIndex => {
    const leader = leaderReplica(p.assignment[partitionIndex]!, s.partitions[partitionIndex]!)
    return leader !== undefined && hasMarker(p, leader.log, id, t.txn, leader.highWatermark)
  })
}

/** CoordinatorCompleteTxn: every marker is written; the coordinator persists CompleteCommit or CompleteAbort. */
export function coordinatorCompleteTxn(
  _p: Params,
  s: State,
  { transactionalId }: ActionOf<'CoordinatorCompleteTxn'>,
): State {
  const t = s.transactions[transactionalId]!
  const state = t.state === 'PrepareCommit' ? 'CompleteCommit' : 'CompleteAbort'
  return withTransaction(s, transactionalId, updateTransaction(t, { state, partitions: [] }))
}

/**
 * CoordinatorAbortTimedOut is enabled: a transaction is ongoing whose producer instance is gone (restarted), so nothing
 * but transaction.timeout.ms ends it.
 */
export function canAbortTimedOut(p: Params, s: State, id: number): boolean {
  if (s.transactions[id]!.state !== 'Ongoing') return false
  const { producer, instance } = transactionalIdOwner(p, id)
  const current = s.producers[producer]!
  return p.transactionalIdPerInstance ? current.instance !== instance : current.txnState === 'UNINITIALIZED'
}

/**
 * CoordinatorAbortTimedOut: transaction.timeout.ms passed (TransactionCoordinator.abortTimedOutTransactions): the
 * coordinator fences the epoch (+1, from 0.11.0.2, KAFKA-6119) and aborts with it.
 */
export function coordinatorAbortTimedOut(
  _p: Params,
  s: State,
  { transactionalId }: ActionOf<'CoordinatorAbortTimedOut'>,
): State {
  const t = s.transactions[transactionalId]!
  return withTransaction(
    s,
    transactionalId,
    updateTransaction(t, { state: 'PrepareAbort', epoch: t.epoch + 1, fenced: true }),
  )
}

function withTransaction(s: State, id: number, t: Transaction): State {
  return update(s, { transactions: replaceAt(s.transactions, id, t) })
}
