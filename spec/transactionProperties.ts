// The guarantees transactions give (KIP-98): what read_committed consumers see, that a fenced producer's writes stay
// invisible, and that no transaction is left hanging. Only for scenarios whose producer has a transactional.id.

import type { Action } from './actions.js'
import type { Params } from './params.js'
import { leaderReplica, sameProducerId, type PolledRecord, type State } from './state.js'
import { lastStableOffset, readCommittedReturns, txnFate } from './transactions.js'

/** Records the consumer's poll `action` just returned: the new batch, or what it handed to its worker. */
function polledBy(before: State, action: Action, after: State): readonly PolledRecord[] {
  if (action.type !== 'ConsumerPoll') return []
  const was = before.consumers[action.consumer]!
  const now = after.consumers[action.consumer]!
  if (now.handedOff.length > was.handedOff.length) return now.handedOff.slice(was.handedOff.length)
  return now.batch === was.batch ? [] : now.batch
}

/** Records a poll returned that belong to a transaction already aborted in the log they were read from. */
export function abortedReturned(p: Params, before: State, action: Action, after: State): PolledRecord[] {
  return polledBy(before, action, after).filter(record => {
    const leader = leaderReplica(p.assignment[record.partition]!, after.partitions[record.partition]!)
    return leader !== undefined && txnFate(p, leader.log, record.offset) === 'abort'
  })
}

/** Writes of a fenced producer epoch that a read_committed consumer can read: partition and offset. */
export function visibleZombieWrites(p: Params, s: State): { partition: number; offset: number }[] {
  const found: { partition: number; offset: number }[] = []
  s.partitions.forEach((partition, partitionIndex) => {
    const leader = leaderReplica(p.assignment[partitionIndex]!, partition)
    if (leader === undefined) return
    const end = lastStableOffset(p, leader)
    for (let offset = 0; offset < end; offset++)
      if (leader.log[offset]!.zombie && readCommittedReturns(p, leader.log, offset))
        found.push({ partition: partitionIndex, offset })
  })
  return found
}

/** Partitions whose last stable offset stays below the high watermark: a transaction left open. */
export function hangingPartitions(p: Params, s: State): number[] {
  const found: number[] = []
  s.partitions.forEach((partition, partitionIndex) => {
    const leader = leaderReplica(p.assignment[partitionIndex]!, partition)
    if (leader !== undefined && lastStableOffset(p, leader) < leader.highWatermark) found.push(partitionIndex)
  })
  return found
}

/**
 * Committed transactions the application processed only part of, in one partition: the offsets of the records it
 * processed and of those it did not.
 */
export function partlyProcessed(p: Params, s: State): { partition: number; processed: number[]; missed: number[] }[] {
  const found: { partition: number; processed: number[]; missed: number[] }[] = []
  s.partitions.forEach((partition, partitionIndex) => {
    const leader = leaderReplica(p.assignment[partitionIndex]!, partition)
    if (leader === undefined) return
    const { log } = leader
    const end = lastStableOffset(p, leader)
    const seen = new Set<number>()
    for (let offset = 0; offset < end; offset++) {
      const first = log[offset]!
      if (seen.has(offset) || first.kind !== 'data' || txnFate(p, log, offset) !== 'commit') continue
      // The records of one transaction: this producer id's data up to its next marker.
      const processed: number[] = []
      const missed: number[] = []
      for (let at = offset; at < end; at++) {
        const entry = log[at]!
        if (entry.producer !== first.producer || !sameProducerId(p, entry.instance, first.instance)) continue
        if (entry.kind !== 'data') break
        seen.add(at)
        ;(s.processed[entry.message]! > 0 ? processed : missed).push(at)
      }
      if (processed.length > 0 && missed.length > 0) found.push({ partition: partitionIndex, processed, missed })
    }
  })
  return found
}

/** The transaction properties, when the producers are transactional. */
export function transactionProperties(p: Params) {
  if (!p.transactional) return { invariants: {}, stepInvariants: {}, atQuiescence: {}, sometimes: {} }
  const consumers = p.consumers > 0
  return {
    invariants: {
      /** No write of a fenced producer epoch becomes visible to read_committed consumers. */
      ZombieFenced: (s: State) => visibleZombieWrites(p, s).length === 0,
    },
    stepInvariants: consumers
      ? {
          /** A consumer never returns a record of an aborted transaction (read_uncommitted ones do). */
          ReadCommittedHidesAborted: (before: State, action: Action, after: State) =>
            abortedReturned(p, before, action, after).length === 0,
        }
      : {},
    atQuiescence: {
      /** When everything has settled, no transaction is left open: every last stable offset reached its high watermark. */
      LastStableOffsetProgress: (s: State) => hangingPartitions(p, s).length === 0,
      ...(consumers
        ? {
            /** When everything has settled, the application processed all of each committed transaction's records in a partition, or none. */
            TransactionAtomicVisibility: (s: State) => partlyProcessed(p, s).length === 0,
          }
        : {}),
    },
    sometimes: {
      /** Some transaction commits (all its markers written). */
      TransactionCommitted: (s: State) => s.transactions.some(t => t.state === 'CompleteCommit'),
      ...(p.faults['txn-abort'] + p.faults['producer-restart'] + p.faults['delivery-timeout'] > 0
        ? { TransactionAborted: (s: State) => s.transactions.some(t => t.state === 'CompleteAbort') }
        : {}),
      ...(p.faults['producer-restart'] > 0 ? { ProducerFenced: (s: State) => s.transactions.some(t => t.fenced) } : {}),
    },
  }
}
