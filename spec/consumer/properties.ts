// End-to-end guarantees, from the producer's acknowledgement to the application's processing, and the group's own
// safety properties.

import type { Action } from '../actions.js'
import type { Params } from '../params.js'
import { leaderReplica, type State } from '../state.js'
import { lastStableOffset, readCommittedReturns } from '../transactions.js'

/** Acknowledged messages the application never processed. */
export const unprocessedAcknowledged = (s: State): number[] =>
  s.batches.flatMap((b, message) => (b.status === 'acked' && s.processed[message] === 0 ? [message] : []))

/**
 * Records a consumer can read from a live leader's log (below the high watermark, or for read_committed the last
 * stable offset, without aborted ones) that the application never processed: partition, offset, message.
 */
export function skippedRecords(p: Params, s: State): { partition: number; offset: number; message: number }[] {
  const skipped: { partition: number; offset: number; message: number }[] = []
  s.partitions.forEach((partition, partitionIndex) => {
    const leader = leaderReplica(p.assignment[partitionIndex]!, partition)
    if (leader === undefined) return
    const end = p.readCommitted ? lastStableOffset(p, leader) : leader.highWatermark
    for (let offset = 0; offset < end; offset++) {
      const { kind, message } = leader.log[offset]!
      if (kind !== 'data' || (p.readCommitted && !readCommittedReturns(p, leader.log, offset))) continue
      if (s.processed[message] === 0) skipped.push({ partition: partitionIndex, offset, message })
    }
  })
  return skipped
}

/** Acknowledged messages neither processed nor in the dead-letter topic. */
export const unhandledAcknowledged = (s: State): number[] =>
  s.batches.flatMap((b, message) =>
    b.status === 'acked' && s.processed[message] === 0 && s.deadLettered[message] === 0 ? [message] : [],
  )

/**
 * Pairs [earlier, later] of one key's records in a partition where `after` processes `earlier` for the first time
 * though `later`, behind it in the leader's log, was processed already.
 */
export function processedOutOfOrder(p: Params, before: State, after: State): [number, number][] {
  const pairs: [number, number][] = []
  for (let message = 0; message < after.processed.length; message++) {
    if (before.processed[message] !== 0 || after.processed[message] === 0) continue
    const { key } = p.messages[message]!
    const partition = before.batches[message]!.partition
    const leader = partition < 0 ? undefined : leaderReplica(p.assignment[partition]!, before.partitions[partition]!)
    if (leader === undefined) continue
    const offsetOf = (m: number) => leader.log.findIndex(entry => entry.kind === 'data' && entry.message === m)
    const at = offsetOf(message)
    for (let later = 0; later < after.processed.length; later++)
      if (later !== message && p.messages[later]!.key === key && before.processed[later]! > 0) {
        const laterAt = offsetOf(later)
        if (at >= 0 && laterAt > at) pairs.push([message, later])
      }
  }
  return pairs
}

/** Messages the application processed more than once. */
export const processedTwice = (s: State): number[] =>
  s.processed.flatMap((count, message) => (count > 1 ? [message] : []))

/** Partitions owned by two members of the current generation at once. */
export function sharedPartitions(s: State): number[] {
  const shared: number[] = []
  const seen = new Set<number>()
  for (const consumer of s.group.members) {
    const c = s.consumers[consumer]!
    if (c.status !== 'active' || c.generation !== s.group.generation) continue
    for (const partition of c.owned) {
      if (seen.has(partition) && !shared.includes(partition)) shared.push(partition)
      seen.add(partition)
    }
  }
  return shared
}

/** The end-to-end and group properties, when the scenario has consumers. */
export function consumerProperties(p: Params) {
  if (p.consumers === 0) return { invariants: {}, stepInvariants: {}, atQuiescence: {}, sometimes: {} }
  const regroups = p.consumers > 1 || p.faults['consumer-crash'] + p.faults['consumer-pause'] > 0
  const errorPath = p.retry !== 'none' || p.dlq || p.poison || p.faults['processing-failure'] > 0
  return {
    invariants: {
      // In a pipeline the processing that counts is the output that becomes visible: its own property.
      ...(p.pipeline
        ? {
            /** A consume-transform-produce pipeline's visible output holds no input's result twice. */
            ExactlyOnceOutput: (s: State) => processedTwice(s).length === 0,
          }
        : {
            /** The application never processes a record twice. */
            NoDuplicateProcessing: (s: State) => processedTwice(s).length === 0,
          }),
      /** No two live members of one generation own the same partition. */
      SinglePartitionOwner: (s: State) => sharedPartitions(s).length === 0,
    },
    stepInvariants: {
      ...(errorPath
        ? {
            /** Records of one key are processed in offset order (a retry topic can break it). */
            KeyOrderProcessing: (before: State, _action: Action, after: State) =>
              processedOutOfOrder(p, before, after).length === 0,
          }
        : {}),
      /** A partition's committed offset never moves back. */
      CommittedOffsetMonotonic: (before: State, _action: Action, after: State) =>
        after.group.committed.every((offset, partition) => offset >= before.group.committed[partition]!),
    },
    atQuiescence: {
      /** When everything has settled, every acknowledged record was processed at least once. */
      NoLossEndToEnd: (s: State) => unprocessedAcknowledged(s).length === 0,
      /** When everything has settled, the application processed every record in every committed log. */
      NoRecordSkipped: (s: State) => skippedRecords(p, s).length === 0,
      ...(p.dlq
        ? {
            /** When everything has settled, every acknowledged record was processed or is in the dead-letter topic. */
            DlqComplete: (s: State) => unhandledAcknowledged(s).length === 0,
          }
        : {}),
    },
    sometimes: {
      // Poison records are never processed: the guard would only restate that.
      ...(p.poison
        ? {}
        : {
            /** Guards against a vacuous spec: the application processes some record. */
            RecordProcessed: (s: State) => s.processed.some(count => count > 0),
          }),
      ...(regroups ? { RebalanceHappened: (s: State) => s.group.generation >= 2 } : {}),
      ...(p.dlq ? { DlqWritten: (s: State) => s.deadLettered.some(count => count > 0) } : {}),
      ...(p.pipelineTransactional && (p.txnOffsetsFenced || p.pipelineIdPerPartition) && p.faults['consumer-pause'] > 0
        ? {
            /** The group coordinator refused a zombie member's offsets in its transaction (KIP-447: UNKNOWN_MEMBER_ID). */
            ZombieOffsetsRefused: (s: State) => s.group.zombieOffsetsRefused,
          }
        : {}),
      ...(p.faults['consumer-crash'] > 0
        ? {
            /** A member resumed a partition from an offset committed before a crash. */
            ResumedFromCommittedOffset: (s: State) =>
              s.faults.consumerCrash > 0 &&
              s.consumers.some(
                c =>
                  c.status === 'active' &&
                  c.owned.some(
                    partition =>
                      s.group.committed[partition]! > 0 && c.positions[partition] === s.group.committed[partition],
                  ),
              ),
          }
        : {}),
    },
  }
}
