// The state of the whole system, grouped by owner as in a TLA+ spec's variable tuples: the producers and their
// batches, the brokers, the partitions' replicas, the requests on the wire, the consumer group, and the history
// the properties read. Everything is immutable plain data built by the constructors below, which give every record
// of a kind the same shape (measured: a fixed object shape makes successors several times cheaper than spreads).
//
// Identifiers are indices: broker b, producer p, partition p, message m, consumer c; reports print them 1-based
// (broker 1, m1, c1) except partitions, which Kafka numbers from 0.

/** No broker leads the partition: it is offline until an eligible replica comes back. */
export const NO_LEADER = -1

/** One record batch in a replica's log. The model sends one record per batch. */
export interface LogEntry {
  readonly message: number
  readonly producerEpoch: number
  /** The batch's sequence number (KIP-98); -1 when idempotence is off. */
  readonly sequence: number
  /** The leader epoch in which the batch was appended (KIP-101): with the offset, the batch's identity. */
  readonly leaderEpoch: number
}

export interface Replica {
  readonly log: readonly LogEntry[]
  /** This replica's high watermark: on the leader, the partition's; on a follower, what the leader last told it. */
  readonly highWatermark: number
  /** The leader's record of this follower's log end offset, from its last fetch; -1 when not known (new leader). */
  readonly fetchedOffset: number
  /** Set on restart or leader change: the next fetch first truncates to where the log diverges (KIP-101). */
  readonly mustTruncate: boolean
}

/** An acks=all produce request that was appended and waits in purgatory for the ISR to reach its offset. */
export interface PendingAck {
  readonly producer: number
  readonly message: number
  readonly offset: number
  /** A delayed request the producer has given up on: it completes, but nobody hears the answer. */
  readonly orphan: boolean
}

export interface Partition {
  readonly leader: number
  readonly leaderEpoch: number
  /** In-sync replicas, broker indices in ascending order. */
  readonly isr: readonly number[]
  /** One per assigned replica, in the order of Params.assignment. */
  readonly replicas: readonly Replica[]
  /** The highest high watermark a leader has exposed (history, for HighWatermarkMonotonic). */
  readonly exposedHighWatermark: number
  readonly purgatory: readonly PendingAck[]
}

/** `unsent`: the application has not called send() for it yet (only when the partition count can change). */
export type BatchStatus = 'unsent' | 'queued' | 'inFlight' | 'acked' | 'failed'

/** The producer's record of one message: where it is in the accumulator/sender pipeline. */
export interface Batch {
  readonly status: BatchStatus
  /** The partition the partitioner chose when the application sent it; -1 while unsent. */
  readonly partition: number
  /** The broker an in-flight batch was sent to; -1 when not in flight. */
  readonly broker: number
  /** Attempts made so far (sends, including retries) of the current record. */
  readonly attempts: number
  /** Sequence number once assigned (idempotence), -1 otherwise; kept across retries of one attempt chain. */
  readonly sequence: number
  readonly producerEpoch: number
  /** Times the application sent it again after a failure (`app.resend-on-failure`). */
  readonly resends: number
}

export interface Producer {
  /** Producer epoch; a bump (KIP-360) or a new producer id resets sequences, which the broker sees as a new epoch. */
  readonly epoch: number
  /** Per partition, the accumulator's deque of queued messages, head first. */
  readonly queues: readonly (readonly number[])[]
  /** Per partition, the next sequence number to assign. */
  readonly nextSequence: readonly number[]
  /** A batch failed for good under idempotence: bump the epoch once nothing is in flight (KIP-360). */
  readonly epochBumpPending: boolean
}

export type ProduceError =
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'NOT_ENOUGH_REPLICAS'
  | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
  | 'OUT_OF_ORDER_SEQUENCE_NUMBER'
  | 'INVALID_PRODUCER_EPOCH'
  | 'UNKNOWN_PRODUCER_ID'

/** A produce request on the wire, from a producer to a broker, for one message. */
export interface ProduceRequest {
  readonly producer: number
  readonly broker: number
  readonly partition: number
  readonly message: number
  readonly sequence: number
  readonly producerEpoch: number
  /** Timed out by the producer (a delayed request): still on its way, but its answer goes nowhere. */
  readonly orphan: boolean
}

/** A produce response on the wire, from a broker back to a producer. */
export interface ProduceResponse {
  readonly producer: number
  readonly broker: number
  readonly message: number
  readonly error: ProduceError | 'NONE'
}

/** Faults injected so far, counted against the scenario's budgets. */
export interface FaultsUsed {
  readonly brokerCrash: number
  readonly lossyCrash: number
  readonly lostRequest: number
  readonly lostResponse: number
  readonly delayedRequest: number
  readonly consumerCrash: number
  readonly consumerPause: number
  readonly partitionsAdded: number
}

/** A record as a consumer received it from a poll. */
export interface PolledRecord {
  readonly partition: number
  readonly offset: number
  readonly message: number
}

/**
 * `idle`: not started yet; `active`: running its poll loop; `zombie`: stalled past max.poll.interval.ms, thrown out
 * of the group but still processing its batch; `down`: crashed.
 */
export type ConsumerStatus = 'idle' | 'active' | 'zombie' | 'down'

/** Where the application's poll loop is: poll, [commit], process, [commit], poll again. */
export type LoopPhase = 'poll' | 'commitBeforeProcess' | 'process' | 'commitAfterProcess'

/** One member of the consumer group: the Java KafkaConsumer plus the application's loop around it. */
export interface Consumer {
  readonly status: ConsumerStatus
  /** The group generation of its current assignment; -1 before its first. */
  readonly generation: number
  /** It has sent JoinGroup for the rebalance in progress. */
  readonly joined: boolean
  /** Partitions assigned to it, ascending. */
  readonly owned: readonly number[]
  /** Per partition, the next offset to fetch; -1 when unknown (to be reset by auto.offset.reset at the next fetch). */
  readonly positions: readonly number[]
  readonly phase: LoopPhase
  /** Synchronous processing: the records of the last poll, not yet processed. */
  readonly batch: readonly PolledRecord[]
  /** Asynchronous processing: records handed to the worker thread, not yet processed. */
  readonly handedOff: readonly PolledRecord[]
  /** Asynchronous processing: per partition, the offset after the last record the worker finished; -1 none. */
  readonly processedUpTo: readonly number[]
}

/** The group coordinator's view of the group, and the offsets committed to __consumer_offsets. */
export interface Group {
  readonly generation: number
  /** Consumers in the current generation, ascending. */
  readonly members: readonly number[]
  /** A rebalance is in progress (PreparingRebalance): members must rejoin before the next generation starts. */
  readonly rebalancing: boolean
  /** Per partition, the committed offset (the next record to read); -1 when the group has none. */
  readonly committed: readonly number[]
}

export interface State {
  /** How many partitions the topic has now; the slots beyond are partitions an operator may still add. */
  readonly topicPartitions: number
  readonly producers: readonly Producer[]
  /** One per message, in Params.messages order. */
  readonly batches: readonly Batch[]
  readonly brokerAlive: readonly boolean[]
  readonly partitions: readonly Partition[]
  /** Requests in flight; per (producer, broker) connection they are delivered in this order (TCP). */
  readonly requests: readonly ProduceRequest[]
  readonly responses: readonly ProduceResponse[]
  readonly consumers: readonly Consumer[]
  readonly group: Group
  /** How many times the application processed each message, capped at 2 (history, for the end-to-end properties). */
  readonly processed: readonly number[]
  readonly faults: FaultsUsed
}

// Constructors: the only places records are built, so every record of a kind has one shape.

export const logEntry = (message: number, producerEpoch: number, sequence: number, leaderEpoch: number): LogEntry => ({
  message,
  producerEpoch,
  sequence,
  leaderEpoch,
})

export const replica = (
  log: readonly LogEntry[],
  highWatermark: number,
  fetchedOffset: number,
  mustTruncate: boolean,
): Replica => ({ log, highWatermark, fetchedOffset, mustTruncate })

export const updateReplica = (r: Replica, changes: Partial<Replica>): Replica =>
  replica(
    changes.log ?? r.log,
    changes.highWatermark ?? r.highWatermark,
    changes.fetchedOffset ?? r.fetchedOffset,
    changes.mustTruncate ?? r.mustTruncate,
  )

export const updatePartition = (p: Partition, changes: Partial<Partition>): Partition => ({
  leader: changes.leader ?? p.leader,
  leaderEpoch: changes.leaderEpoch ?? p.leaderEpoch,
  isr: changes.isr ?? p.isr,
  replicas: changes.replicas ?? p.replicas,
  exposedHighWatermark: changes.exposedHighWatermark ?? p.exposedHighWatermark,
  purgatory: changes.purgatory ?? p.purgatory,
})

export const batch = (
  status: BatchStatus,
  partition: number,
  broker: number,
  attempts: number,
  sequence: number,
  producerEpoch: number,
  resends: number,
): Batch => ({ status, partition, broker, attempts, sequence, producerEpoch, resends })

export const updateBatch = (b: Batch, changes: Partial<Batch>): Batch =>
  batch(
    changes.status ?? b.status,
    changes.partition ?? b.partition,
    changes.broker ?? b.broker,
    changes.attempts ?? b.attempts,
    changes.sequence ?? b.sequence,
    changes.producerEpoch ?? b.producerEpoch,
    changes.resends ?? b.resends,
  )

export const updateProducer = (p: Producer, changes: Partial<Producer>): Producer => ({
  epoch: changes.epoch ?? p.epoch,
  queues: changes.queues ?? p.queues,
  nextSequence: changes.nextSequence ?? p.nextSequence,
  epochBumpPending: changes.epochBumpPending ?? p.epochBumpPending,
})

export const produceRequest = (
  producer: number,
  broker: number,
  partition: number,
  message: number,
  sequence: number,
  producerEpoch: number,
  orphan: boolean,
): ProduceRequest => ({ producer, broker, partition, message, sequence, producerEpoch, orphan })

export const produceResponse = (
  producer: number,
  broker: number,
  message: number,
  error: ProduceError | 'NONE',
): ProduceResponse => ({ producer, broker, message, error })

export const pendingAck = (producer: number, message: number, offset: number, orphan: boolean): PendingAck => ({
  producer,
  message,
  offset,
  orphan,
})

export const updateFaults = (f: FaultsUsed, changes: Partial<FaultsUsed>): FaultsUsed => ({
  brokerCrash: changes.brokerCrash ?? f.brokerCrash,
  lossyCrash: changes.lossyCrash ?? f.lossyCrash,
  lostRequest: changes.lostRequest ?? f.lostRequest,
  lostResponse: changes.lostResponse ?? f.lostResponse,
  delayedRequest: changes.delayedRequest ?? f.delayedRequest,
  consumerCrash: changes.consumerCrash ?? f.consumerCrash,
  consumerPause: changes.consumerPause ?? f.consumerPause,
  partitionsAdded: changes.partitionsAdded ?? f.partitionsAdded,
})

export const polledRecord = (partition: number, offset: number, message: number): PolledRecord => ({
  partition,
  offset,
  message,
})

export const updateConsumer = (c: Consumer, changes: Partial<Consumer>): Consumer => ({
  status: changes.status ?? c.status,
  generation: changes.generation ?? c.generation,
  joined: changes.joined ?? c.joined,
  owned: changes.owned ?? c.owned,
  positions: changes.positions ?? c.positions,
  phase: changes.phase ?? c.phase,
  batch: changes.batch ?? c.batch,
  handedOff: changes.handedOff ?? c.handedOff,
  processedUpTo: changes.processedUpTo ?? c.processedUpTo,
})

export const updateGroup = (g: Group, changes: Partial<Group>): Group => ({
  generation: changes.generation ?? g.generation,
  members: changes.members ?? g.members,
  rebalancing: changes.rebalancing ?? g.rebalancing,
  committed: changes.committed ?? g.committed,
})

export const update = (s: State, changes: Partial<State>): State => ({
  topicPartitions: changes.topicPartitions ?? s.topicPartitions,
  producers: changes.producers ?? s.producers,
  batches: changes.batches ?? s.batches,
  brokerAlive: changes.brokerAlive ?? s.brokerAlive,
  partitions: changes.partitions ?? s.partitions,
  requests: changes.requests ?? s.requests,
  responses: changes.responses ?? s.responses,
  consumers: changes.consumers ?? s.consumers,
  group: changes.group ?? s.group,
  processed: changes.processed ?? s.processed,
  faults: changes.faults ?? s.faults,
})

// Small immutable-array helpers.

/** A copy of `array` with `array[index]` replaced. */
export function replaceAt<T>(array: readonly T[], index: number, value: T): readonly T[] {
  const copy = array.slice()
  copy[index] = value
  return copy
}

/** A copy of `array` without the element at `index`. */
export function removeAt<T>(array: readonly T[], index: number): readonly T[] {
  const copy = array.slice()
  copy.splice(index, 1)
  return copy
}

/** A sorted copy of the sorted number set `set` with `value` added. */
export function addToSet(set: readonly number[], value: number): readonly number[] {
  let at = 0
  while (at < set.length && set[at]! < value) at++
  if (set[at] === value) return set
  const copy = set.slice()
  copy.splice(at, 0, value)
  return copy
}

export const removeFromSet = (set: readonly number[], value: number): readonly number[] =>
  set.includes(value) ? set.filter(v => v !== value) : set

/** The log end offset: the offset the next appended batch gets. */
export const logEndOffset = (r: Replica): number => r.log.length

/** The replica of `broker` in partition `partition`, by its position in the assignment, or -1. */
export const replicaIndex = (assignment: readonly number[], broker: number): number => assignment.indexOf(broker)

/** The leader's replica of a partition assigned to `assignment`, or undefined while it has no leader. */
export const leaderReplica = (assignment: readonly number[], partition: Partition): Replica | undefined =>
  partition.leader === NO_LEADER ? undefined : partition.replicas[replicaIndex(assignment, partition.leader)]
