// The application's poll loop around the Java KafkaConsumer. poll() returns the records from the consumer's position
// up to the high watermark of each partition it owns; the application processes them (the side effect the
// end-to-end properties count) and commits the next offset to read. When it commits decides the guarantee:
// before processing is at-most-once, after processing at-least-once. With enable.auto.commit, poll() itself commits
// the positions of the records the previous poll returned, whenever auto.commit.interval.ms has passed (any poll
// here): at-least-once with synchronous processing, and able to lose records when they are handed to another thread.

import type { ActionOf } from '../actions.js'
import type { Params } from '../params.js'
import { endOffsetForEpoch } from '../replication.js'
import { lastStableOffset, readCommittedReturns } from '../transactions.js'
import { initPartitionProducers, offsetFetch } from './pipeline.js'
import {
  NO_EPOCH,
  NO_OFFSET,
  addToSet,
  logEndOffset,
  make,
  replaceAt,
  leaderReplica,
  update,
  updateConsumer,
  updateFaults,
  updateGroup,
  type Consumer,
  type LogEntry,
  type LoopPhase,
  type PolledRecord,
  type State,
} from '../state.js'

/** The consumer belongs to the group's current generation: the coordinator accepts its commits. */
export function isCurrentMember(s: State, consumer: number): boolean {
  const c = s.consumers[consumer]!
  return c.status === 'active' && c.generation === s.group.generation && s.group.members.includes(consumer)
}

/**
 * OffsetCommit: stores `offsets` (per partition, NO_OFFSET to skip) for the partitions the consumer owns. The coordinator
 * refuses a commit from a member it no longer has or of an old generation (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID:
 * CommitFailedException), so a zombie's commit changes nothing; and a member that has rejoined a rebalance in progress
 * has no stable generation to commit with (ConsumerCoordinator.sendOffsetCommitRequest: generationIfStable() is null,
 * RebalanceInProgressException from 2.5, CommitFailedException before).
 */
export function commitOffsets(s: State, consumer: number, offsets: readonly number[]): State {
  if (commitDecision(s, consumer) !== 'accepted') return s
  const c = s.consumers[consumer]!
  let committed = s.group.committed
  for (const partition of c.owned) {
    const offset = offsets[partition]!
    if (offset !== NO_OFFSET && committed[partition] !== offset) committed = replaceAt(committed, partition, offset)
  }
  return committed === s.group.committed ? s : update(s, { group: updateGroup(s.group, { committed }) })
}

/** Whether the member's next commit is accepted, and if not why: the decision reports read. */
export function commitDecision(s: State, consumer: number): 'accepted' | 'not-a-member' | 'rebalance-in-progress' {
  if (!isCurrentMember(s, consumer)) return 'not-a-member'
  return s.group.rebalancing && s.consumers[consumer]!.joined ? 'rebalance-in-progress' : 'accepted'
}

/** The result of one fetch: positions after it (resets applied) and the records returned. */
export interface Fetched {
  readonly positions: readonly number[]
  readonly positionEpochs: readonly number[]
  readonly records: readonly PolledRecord[]
}

/**
 * What poll() fetches for the consumer: from each owned partition's leader, the records from its position up to the
 * high watermark (read_committed: up to the last stable offset, without aborted records). A
 * position that is unknown, or beyond the leader's log end (the log was truncated under it: OFFSET_OUT_OF_RANGE), is
 * reset by auto.offset.reset: earliest to the log start, latest to the high watermark, none leaves it unconsumed.
 */
export function fetchRecords(p: Params, s: State, consumer: number): Fetched {
  const c = s.consumers[consumer]!
  let positions = c.positions
  let positionEpochs = c.positionEpochs
  const records: PolledRecord[] = []
  for (const partitionIndex of c.owned) {
    const partition = s.partitions[partitionIndex]!
    const leader = leaderReplica(p.assignment[partitionIndex]!, partition)
    if (leader === undefined) continue // NOT_LEADER: the fetch is retried after a metadata refresh
    let position = positions[partitionIndex]!
    let epoch = positionEpochs[partitionIndex]!
    // KIP-320: after a leader change the position is validated against the epoch of what was last fetched; where the
    // leader's log parts from it (OffsetsForLeaderEpoch) before the position, the consumer goes back there, or with
    // auto.offset.reset=none gets a LogTruncationException for this partition.
    if (p.validatesPositions && position !== NO_OFFSET && epoch !== NO_EPOCH && epoch < partition.leaderEpoch) {
      const end = endOffsetForEpoch(leader.log, partition.leaderEpoch, epoch)
      if (end !== undefined && end < position) {
        if (p.autoOffsetReset === 'none') continue
        position = end
        epoch = end === 0 ? NO_EPOCH : leader.log[end - 1]!.leaderEpoch
      }
    }
    // read_committed reads up to the last stable offset, read_uncommitted up to the high watermark (UnifiedLog.read).
    const end = p.readCommitted ? lastStableOffset(p, leader) : leader.highWatermark
    if (p.pipeline && position === NO_OFFSET) {
      const committed = offsetFetch(p, s, consumer, partitionIndex)
      if (committed === undefined) continue // UNSTABLE_OFFSET_COMMIT: asked again at the next poll
      position = committed
    }
    if (position === NO_OFFSET || position > logEndOffset(leader)) {
      if (p.autoOffsetReset === 'none') continue // NoOffsetForPartitionException: this partition is never consumed
      // latest is ListOffsets(LATEST), which answers the last stable offset to a read_committed consumer.
      position = p.autoOffsetReset === 'earliest' ? 0 : end
      epoch = NO_EPOCH
    }
    // Poison records without an ErrorHandlingDeserializer: poll() throws RecordDeserializationException at the first
    // one, every time, and the position stays there (a stuck partition).
    if (p.poison && !p.errorHandlingDeserializer && returnsRecord(p, leader.log, position, end)) {
      if (position !== positions[partitionIndex]) positions = replaceAt(positions, partitionIndex, position)
      continue
    }
    // Markers are never returned, nor under read_committed an aborted transaction's records; the position steps over them.
    for (let offset = position; offset < end; offset++)
      if (returned(p, leader.log, offset))
        records.push(make.polledRecord({ partition: partitionIndex, offset, message: leader.log[offset]!.message }))
    if (end > position) {
      epoch = leader.log[end - 1]!.leaderEpoch
      position = end
    }
    if (position !== positions[partitionIndex]) positions = replaceAt(positions, partitionIndex, position)
    if (epoch !== positionEpochs[partitionIndex]) positionEpochs = replaceAt(positionEpochs, partitionIndex, epoch)
  }
  return { positions, positionEpochs, records }
}

/** Whether poll() hands the entry at `offset` to the application (CompletedFetch.nextFetchedRecord). */
const returned = (p: Params, log: readonly LogEntry[], offset: number): boolean =>
  p.readCommitted ? readCommittedReturns(p, log, offset) : log[offset]!.kind === 'data'

/** Whether poll() would hand the application a record between `from` and `end`: only records are deserialized. */
function returnsRecord(p: Params, log: readonly LogEntry[], from: number, end: number): boolean {
  for (let offset = from; offset < end; offset++) if (returned(p, log, offset)) return true
  return false
}

/** The offsets a commit after asynchronous processing may store: what the worker has finished. */
const processedOffsets = (c: Consumer): readonly number[] => c.processedUpTo

/** Whether committing `offsets` would change a committed offset. */
function commitChanges(s: State, consumer: number, offsets: readonly number[]): boolean {
  return commitOffsets(s, consumer, offsets) !== s
}

/** ConsumerPoll is enabled: a current member at the top of its loop, and the poll would change something. */
export function canPoll(p: Params, s: State, consumer: number, autoCommit: boolean): boolean {
  const c = s.consumers[consumer]!
  if (c.phase !== 'poll' || !isCurrentMember(s, consumer)) return false
  // During a rebalance poll() first rejoins; from 2.5 (KAFKA-8421) it then keeps returning records of the partitions
  // the member still owns (cooperative members keep theirs), before it waited for the rebalance to complete.
  if (s.group.rebalancing && (!c.joined || !p.pollsDuringRebalance)) return false
  if (autoCommit) return p.autoCommit && commitChanges(s, consumer, c.positions)
  if (
    p.processing === 'async' &&
    !p.autoCommit &&
    p.commit === 'after-process' &&
    commitChanges(s, consumer, processedOffsets(c))
  )
    return true
  const fetched = fetchRecords(p, s, consumer)
  return fetched.records.length > 0 || fetched.positions !== c.positions || fetched.positionEpochs !== c.positionEpochs
}

/** ConsumerPoll: one call of poll(), with `autoCommit` when the auto-commit interval has passed. */
export function consumerPoll(p: Params, s: State, { consumer, autoCommit }: ActionOf<'ConsumerPoll'>): State {
  let next = s
  if (autoCommit) next = commitOffsets(next, consumer, next.consumers[consumer]!.positions)
  if (p.processing === 'async' && !p.autoCommit && p.commit === 'after-process')
    next = commitOffsets(next, consumer, processedOffsets(next.consumers[consumer]!))
  next = initPartitionProducers(p, next, consumer)
  const c = next.consumers[consumer]!
  const { positions, positionEpochs, records } = fetchRecords(p, next, consumer)
  if (p.processing === 'async') {
    const handedOff = records.length > 0 ? [...c.handedOff, ...records] : c.handedOff
    next = withConsumer(next, consumer, updateConsumer(c, { positions, positionEpochs, handedOff }))
    // Committing before processing, with a worker thread: the positions are committed as the records are handed off.
    return !p.autoCommit && p.commit === 'before-process' ? commitOffsets(next, consumer, positions) : next
  }
  const phase: LoopPhase =
    records.length === 0 ? 'poll' : !p.autoCommit && p.commit === 'before-process' ? 'commitBeforeProcess' : 'process'
  return withConsumer(next, consumer, updateConsumer(c, { positions, positionEpochs, batch: records, phase }))
}

/**
 * ConsumerCommit is enabled: the loop is at one of its commit points (a zombie gets there too, and is refused). A
 * transactional pipeline commits its offsets in the transaction instead (pipeline.ts).
 */
export function canCommit(p: Params, s: State, consumer: number): boolean {
  const c = s.consumers[consumer]!
  return (
    !p.pipelineTransactional &&
    (c.status === 'active' || c.status === 'zombie') &&
    (c.phase === 'commitBeforeProcess' || c.phase === 'commitAfterProcess')
  )
}

/** ConsumerCommit: commitSync() of the consumer's positions, which already lie past the records just polled. */
export function consumerCommit(p: Params, s: State, { consumer }: ActionOf<'ConsumerCommit'>): State {
  const c = s.consumers[consumer]!
  const committed = commitOffsets(s, consumer, c.positions)
  const phase: LoopPhase = c.phase === 'commitBeforeProcess' ? 'process' : 'poll'
  return withConsumer(committed, consumer, updateConsumer(committed.consumers[consumer]!, { phase }))
}

/**
 * CoordinatorFailover is enabled: the budget is not spent and a member's commitSync would be accepted, so it is in
 * flight when the group's coordinator moves.
 */
export function canFailOver(p: Params, s: State, consumer: number): boolean {
  return (
    s.faults.coordinatorFailovers < p.faults['coordinator-crash'] &&
    canCommit(p, s, consumer) &&
    commitDecision(s, consumer) === 'accepted'
  )
}

/**
 * CoordinatorFailover: the group's coordinator moves to another broker (its __consumer_offsets partition changes
 * leader) while the member's commitSync is in flight. The request is answered NOT_COORDINATOR, the new coordinator
 * answers COORDINATOR_LOAD_IN_PROGRESS while it loads the group, and commitSync gives up at default.api.timeout.ms: the
 * offsets are not stored, and the application carries on. The group itself is loaded with its generation and members:
 * no rebalance (GroupMetadataManager, onGroupLoaded).
 */
export function coordinatorFailover(p: Params, s: State, { consumer }: ActionOf<'CoordinatorFailover'>): State {
  const c = s.consumers[consumer]!
  const phase: LoopPhase = c.phase === 'commitBeforeProcess' ? 'process' : 'poll'
  const counted = update(s, {
    faults: updateFaults(s.faults, { coordinatorFailovers: s.faults.coordinatorFailovers + 1 }),
  })
  return withConsumer(counted, consumer, updateConsumer(c, { phase }))
}

/** ConsumerSkipCommit is enabled: after processing, an application that commits only periodically may not commit now. */
export function canSkipCommit(p: Params, s: State, consumer: number): boolean {
  return !p.commitEveryBatch && canCommit(p, s, consumer) && s.consumers[consumer]!.phase === 'commitAfterProcess'
}

/** ConsumerSkipCommit: the commit interval has not passed; the loop polls again with the batch uncommitted. */
export function consumerSkipCommit(_p: Params, s: State, { consumer }: ActionOf<'ConsumerSkipCommit'>): State {
  return withConsumer(s, consumer, updateConsumer(s.consumers[consumer]!, { phase: 'poll' }))
}

/**
 * ConsumerProcess is enabled: the application holds polled records (a zombie keeps processing its batch) that it can
 * process; poison records only fail (errors.ts).
 */
export function canProcess(p: Params, s: State, consumer: number): boolean {
  const c = s.consumers[consumer]!
  return (c.status === 'active' || c.status === 'zombie') && c.phase === 'process' && !p.poison
}

/** ConsumerProcess: the application processes the batch poll() returned, in order, on the polling thread. */
export function consumerProcess(p: Params, s: State, { consumer }: ActionOf<'ConsumerProcess'>): State {
  const c = s.consumers[consumer]!
  // A transactional pipeline writes each result into its open transaction: visible only when it commits.
  if (p.pipelineTransactional) {
    let pendingOutputs = c.pendingOutputs
    for (const { message } of c.batch) pendingOutputs = addToSet(pendingOutputs, message)
    return withConsumer(s, consumer, updateConsumer(c, { batch: [], pendingOutputs, phase: 'commitAfterProcess' }))
  }
  const phase: LoopPhase = !p.autoCommit && p.commit === 'after-process' ? 'commitAfterProcess' : 'poll'
  return withConsumer(
    update(s, { processed: countProcessed(s.processed, c.batch) }),
    consumer,
    updateConsumer(c, { batch: [], phase, failures: 0, failedRecord: -1 }),
  )
}

/** WorkerProcess is enabled: records wait for the worker thread. */
export const canWorkerProcess = (s: State, consumer: number): boolean => s.consumers[consumer]!.handedOff.length > 0

/**
 * WorkerProcess: the application's worker thread processes the records the poll loop handed it. It keeps the offsets
 * to commit only for partitions the member still owns: records of a revoked partition are processed all the same.
 */
export function workerProcess(_p: Params, s: State, { consumer }: ActionOf<'WorkerProcess'>): State {
  const c = s.consumers[consumer]!
  let processedUpTo = c.processedUpTo
  for (const record of c.handedOff)
    if (c.owned.includes(record.partition) && record.offset + 1 > processedUpTo[record.partition]!)
      processedUpTo = replaceAt(processedUpTo, record.partition, record.offset + 1)
  return withConsumer(
    update(s, { processed: countProcessed(s.processed, c.handedOff) }),
    consumer,
    updateConsumer(c, { handedOff: [], processedUpTo }),
  )
}

/** Counts each record's message as processed once more, capped at 2: twice is already a duplicate. */
export function countProcessed(
  processed: readonly number[],
  records: readonly { readonly message: number }[],
): readonly number[] {
  let counted = processed
  for (const { message } of records) counted = replaceAt(counted, message, Math.min(2, counted[message]! + 1))
  return counted
}

/** `s` with consumer `consumer` replaced by `c`. */
export function withConsumer(s: State, consumer: number, c: Consumer): State {
  return update(s, { consumers: replaceAt(s.consumers, consumer, c) })
}
