// Transactions in words: the producer's initTransactions(), AddPartitionsToTxn, commit and abort, and the
// transaction coordinator writing markers, completing transactions and aborting abandoned ones.

import type {
  AbortTimedOut,
  AbortTransaction,
  AddPartitionToTxn,
  CommitTransaction,
  CompleteTxn,
  CompleteCommit,
  InitTransactions,
  WriteMarker,
} from './facts.js'
import { brokerName, messageList, partitionList, partitionName, producerName, transactionalIdName } from './names.js'

/** "transaction 2 of t1": the coordinator counts each transactional id's transactions from 1. */
const transactionName = (transactionalId: number, txn: number): string =>
  `transaction ${txn} of ${transactionalIdName(transactionalId)}`

export function initTransactionsWords(init: InitTransactions): string[] {
  const { producer, transactionalId, from, epoch } = init
  const [who, id] = [producerName(producer), transactionalIdName(transactionalId)]
  if (init.outcome === 'fenced')
    return [
      `${who} calls initTransactions() for ${id}`,
      `InitProducerId fences epoch ${from}: the coordinator aborts ${id}'s open transaction with epoch ${epoch} ` +
        `(PrepareAbort), and ${who} asks again once it is aborted (CONCURRENT_TRANSACTIONS)`,
    ]
  if (init.afterAbort)
    return [
      `${who} bumps its epoch after the abort with InitProducerId (KIP-360): ${id}'s epoch ${from} → ${epoch}, ` +
        'its sequences start over at 0',
    ]
  return [
    from < 0
      ? `${who} calls initTransactions(): InitProducerId gives ${id} producer epoch ${epoch}`
      : `${who} calls initTransactions(): InitProducerId bumps ${id}'s epoch ${from} → ${epoch}, fencing any older instance`,
  ]
}

export function addPartitionToTxnWords(added: AddPartitionToTxn): string[] {
  const { producer, partition, txn, transactionalId } = added
  return [
    added.begins
      ? `${producerName(producer)} begins a transaction and adds ${partitionName(partition)} to it ` +
        `(AddPartitionsToTxn): the coordinator starts ${transactionName(transactionalId, txn)} (Ongoing)`
      : `${producerName(producer)} adds ${partitionName(partition)} to ${transactionName(transactionalId, txn)} ` +
        `(AddPartitionsToTxn), which now spans ${partitionList(added.partitions)}`,
  ]
}

export const commitTransactionWords = ({ producer, transactionalId, txn, partitions }: CommitTransaction): string[] => [
  `${producerName(producer)} calls commitTransaction(): the coordinator persists PrepareCommit for ` +
    `${transactionName(transactionalId, txn)} and answers at once, before it writes the COMMIT markers to ` +
    `${partitionList(partitions)}; until the answer arrives the application does not know it committed`,
]

export function abortTransactionWords(abort: AbortTransaction): string[] {
  const { producer, resent, failed } = abort
  const name = transactionName(abort.transactionalId, abort.txn)
  const who =
    abort.why === 'application'
      ? `the application aborts ${name} (abortTransaction(), faults.txn-abort)`
      : `${producerName(producer)} aborts ${name} after a failed send (abortTransaction())`
  const coordinator = abort.prepared
    ? `the coordinator persists PrepareAbort; ABORT markers are to go to ${partitionList(abort.partitions)}`
    : 'its coordinator had already aborted it'
  return [
    `${who}: ${coordinator}`,
    resent.length === 0
      ? ''
      : `${messageList(resent)} ${resent.length === 1 ? 'goes' : 'go'} back to the application, which sends ` +
        `${resent.length === 1 ? 'it' : 'them'} again in the next transaction`,
    failed.length === 0
      ? ''
      : `${messageList(failed)} ${failed.length === 1 ? 'fails' : 'fail'} back to the application`,
    abort.bumpNext
      ? `${producerName(producer)} will bump its epoch with InitProducerId before its next transaction (KIP-360)`
      : '',
  ]
}

export const writeMarkerWords = (written: WriteMarker): string[] => [
  `the coordinator writes ${transactionalIdName(written.transactionalId)}'s ${written.marker.toUpperCase()} marker ` +
    `to ${partitionName(written.partition)} at offset ${written.offset} (leader ${brokerName(written.leader)}, ` +
    `producer epoch ${written.producerEpoch}): it ends transaction ${written.txn} there`,
]

export const completeCommitWords = ({ producer, transactionalId, txn, from, epoch }: CompleteCommit): string[] => [
  `${producerName(producer)} receives the answer to its EndTxn: commitTransaction() returns for ` +
    `${transactionName(transactionalId, txn)}` +
    (epoch === from ? '' : `, in producer epoch ${epoch} (transaction version 2 bumps it with every transaction)`),
]

export const completeTxnWords = ({ transactionalId, txn, state, partitions }: CompleteTxn): string[] => [
  `every marker of ${transactionName(transactionalId, txn)} is below the high watermark of ` +
    `${partitionList(partitions)}: the coordinator completes it (${state})`,
]

export const abortTimedOutWords = ({ transactionalId, txn, from, to }: AbortTimedOut): string[] => [
  `${transactionName(transactionalId, txn)} times out (transaction.timeout.ms): no producer instance is left to ` +
    `end it, so the coordinator fences epoch ${from} and aborts it with epoch ${to}`,
]
