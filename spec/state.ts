// The state of the whole system, declared once, grouped by owner as in a TLA+ spec's variable tuples: the producers
// and their batches, the brokers, the partitions' replicas, the requests on the wire, the consumer group, the history
// the properties read, and the fault budgets used. Each record kind is a schema (checker/schema.ts) whose ranges name
// the bounds `stateBounds` computes for one configuration; the TypeScript types, the constructors, the packed codec
// that fingerprints states, the ValidState check and the names reports give each variable all derive from it.
//
// Identifiers are indices: broker b, producer p, partition p, message m, consumer c; reports print them 1-based
// (broker 1, m1, c1) except partitions, which Kafka numbers from 0.

import {
  arrayOf,
  bool,
  constructor,
  counter,
  enumOf,
  history,
  int,
  listOf,
  record,
  setOf,
  updater,
  type Bounds,
  type Infer,
} from '../checker/schema.js'
import { MAX_RESENDS, type Params } from './params.js'

/** No broker leads the partition: it is offline until an eligible replica comes back. */
export const NO_LEADER = -1
/** A batch that is not in flight is sent to no broker. */
export const NO_BROKER = -1
/** A record the application has not sent yet has no partition. */
export const NO_PARTITION = -1
/** No sequence number: idempotence is off, or the batch has not been drained yet. */
export const NO_SEQUENCE = -1
/** No offset: not known (a new leader's view of a follower; a consumer's position to reset), or none committed. */
export const NO_OFFSET = -1
/** A consumer position not yet tied to a leader epoch: it came from a reset or a committed offset. */
export const NO_EPOCH = -1
/** A consumer before its first assignment belongs to no generation. */
export const NO_GENERATION = -1

/**
 * What a log entry is: a batch of data, or a transaction marker (a control batch that takes an offset of its own,
 * written by the transaction coordinator: KafkaApis.handleWriteTxnMarkersRequest).
 */
export const ENTRY_KINDS = ['data', 'commit', 'abort'] as const

/** One record batch in a replica's log. The model sends one record per batch. */
export const LogEntrySchema = record('LogEntry', {
  kind: enumOf(...ENTRY_KINDS),
  /** The record a data batch holds; 0 on a marker, which holds none (readers skip markers). */
  message: int(0, 'message', 'message'),
  /** The producer that wrote it, or whose transaction a marker ends. */
  producer: int(0, 'producer', 'producer'),
  /**
   * The producer instance that wrote it: each instance has its own producer id (InitProducerId), except instances
   * sharing a transactional.id (sameProducerId). On a marker, the instance whose transactional id it belongs to.
   */
  instance: int(0, 'instance'),
  producerEpoch: int(0, 'producerEpoch'),
  /** The batch's sequence number (KIP-98); NO_SEQUENCE when idempotence is off. */
  sequence: int(NO_SEQUENCE, 'sequence'),
  /** The leader epoch in which the batch was appended (KIP-101): with the offset, the batch's identity. */
  leaderEpoch: int(0, 'leaderEpoch'),
  /**
   * On a marker, which transaction of its transactional id it ends (the coordinator's count, 1 for the first); 0 on
   * data. The coordinator learns a marker is written from its acks=-1 WriteTxnMarkers response; the model reads it
   * off the log instead.
   */
  txn: int(0, 'txns'),
  /** History: the writer's epoch had already been fenced by its transaction coordinator when the leader appended it. */
  zombie: history(bool()),
})

export const ReplicaSchema = record('Replica', {
  log: listOf(LogEntrySchema, 'offset'),
  /** This replica's high watermark: on the leader, the partition's; on a follower, what the leader last told it. */
  highWatermark: int(0, 'offset'),
  /** The leader's record of this follower's log end offset, from its last fetch; NO_OFFSET when not known (new leader). */
  fetchedOffset: int(NO_OFFSET, 'offset'),
  /** Set on restart or leader change: the next fetch first truncates to where the log diverges (KIP-101). */
  mustTruncate: bool(),
})

/**
 * Which send of which record a request or response belongs to: the application's resends of a record and the
 * producer's attempts of each are different requests, and a response is matched to its own (the correlation id).
 */
const attemptFields = {
  /** The producer instance (its own producer id) that sent the request. */
  instance: int(0, 'instance'),
  /** The record's instance: how many times the application had sent it again when this request was made. */
  resends: int(0, 'resends'),
  /** The attempt this request was (1 for the first send). */
  attempt: int(1, 'attempts'),
  sequence: int(NO_SEQUENCE, 'sequence'),
  producerEpoch: int(0, 'producerEpoch'),
}

/** An acks=all produce request that was appended and waits in purgatory for the ISR to reach its offset. */
export const PendingAckSchema = record('PendingAck', {
  producer: int(0, 'producer', 'producer'),
  message: int(0, 'message', 'message'),
  ...attemptFields,
  offset: int(0, 'offset'),
  /** A delayed request the producer has given up on: it completes, but nobody hears the answer. */
  orphan: bool(),
})

export const PartitionSchema = record('Partition', {
  leader: int(NO_LEADER, 'broker', 'broker'),
  leaderEpoch: int(0, 'leaderEpoch'),
  /** In-sync replicas, broker indices in ascending order. */
  isr: setOf('broker', 'broker'),
  /** One per assigned replica, in the order of Params.assignment. */
  replicas: arrayOf(ReplicaSchema, 'replicas', { index: 'replica' }),
  /** The highest high watermark a leader has exposed (for HighWatermarkMonotonic). */
  exposedHighWatermark: history(int(0, 'offset')),
  purgatory: listOf(PendingAckSchema, 'requests'),
})

/**
 * `unsent`: the application has not called send() for it yet (only when the partition count can change).
 * `inTransaction`: a transactional producer's record the leader acknowledged, in a transaction not yet committed;
 * `acked` is for it what commitTransaction() returning makes it.
 */
export const BATCH_STATUSES = ['queued', 'inFlight', 'acked', 'failed', 'unsent', 'inTransaction'] as const

/** The producer's record of one message: where it is in the accumulator/sender pipeline. */
export const BatchSchema = record('Batch', {
  status: enumOf(...BATCH_STATUSES),
  /** The partition the partitioner chose when the application sent it; NO_PARTITION while unsent. */
  partition: int(NO_PARTITION, 'partition', 'partition'),
  /** The broker an in-flight batch was sent to; NO_BROKER when not in flight. */
  broker: int(NO_BROKER, 'broker', 'broker'),
  /** Attempts made so far (sends, including retries) of the current record. */
  attempts: int(0, 'attempts'),
  /** Sequence number once assigned (idempotence), NO_SEQUENCE otherwise; kept across retries (RecordAccumulator.drain). */
  sequence: int(NO_SEQUENCE, 'sequence'),
  producerEpoch: int(0, 'producerEpoch'),
  /** An epoch bump rewrote this batch's sequence after it was drained (ProducerBatch.sequenceHasBeenReset). */
  sequenceReset: bool(),
  /** Times the application sent it again after a failure (`app.resend-on-failure`). */
  resends: counter(int(0, 'resends')),
})

/** The idempotent producer's sequence state per partition, as TransactionManager keeps it (TxnPartitionEntry). */
const perPartition = <S extends Parameters<typeof arrayOf>[0]>(schema: S, element: string) =>
  arrayOf(schema, 'partitions', { index: 'partition', element })

/**
 * The client's transaction states the model reaches (TransactionManager.State): UNINITIALIZED until InitProducerId
 * answers, INITIALIZING while an abort's epoch bump waits for it (KIP-360), COMMITTING_TRANSACTION from the EndTxn
 * until its answer (commitTransaction() returns then), ABORTABLE_ERROR after a failed batch until the application
 * aborts. ABORTING passes within one step: what a restart does to an abort in flight, it does to the transaction.
 */
export const TXN_STATES = [
  'UNINITIALIZED',
  'INITIALIZING',
  'READY',
  'IN_TRANSACTION',
  'COMMITTING_TRANSACTION',
  'ABORTABLE_ERROR',
] as const

export const ProducerSchema = record('Producer', {
  /** Which instance of the application's producer runs: a restart starts a new one with a new producer id. */
  instance: int(0, 'instance'),
  /** The producer epoch (a new producer id is modelled as a new epoch: the broker sees a producer it must start anew). */
  epoch: int(0, 'producerEpoch'),
  /** Per partition, the accumulator's deque of queued messages, head first. */
  queues: perPartition(listOf(int(0, 'message', 'message'), 'messages'), 'queue'),
  /** The base sequence of the next new batch. */
  nextSequence: perPartition(int(0, 'records'), 'next sequence'),
  /** The epoch the partition's sequences count in; behind `epoch` until its old batches are done (KIP-360). */
  sequenceEpoch: perPartition(int(0, 'producerEpoch'), 'sequence epoch'),
  /** The sequence of the last acknowledged batch; NO_SEQUENCE when none since the sequences last restarted. */
  lastAckedSequence: perPartition(int(NO_SEQUENCE, 'sequence'), 'last acknowledged sequence'),
  /** After a batch expired in retry, the next sequence to prove (markSequenceUnresolved); NO_SEQUENCE when resolved. */
  unresolvedSequence: perPartition(int(NO_SEQUENCE, 'records'), 'unresolved sequence'),
  /** Partitions whose sequences the next epoch bump rewrites (partitionsToRewriteSequences): a bump is due. */
  bumpFor: setOf('partition', 'partition'),
  /** The transaction manager's state (TransactionManager.State); READY throughout without a transactional.id. */
  txnState: enumOf(...TXN_STATES),
  /** Partitions the coordinator has added to the open transaction (partitionsInTransaction). */
  txnPartitions: setOf('partition', 'partition'),
})

export const PRODUCE_ERRORS = [
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_TXN_STATE',
] as const
export type ProduceError = (typeof PRODUCE_ERRORS)[number]

/** A produce request on the wire, from a producer to a broker, for one message. */
export const ProduceRequestSchema = record('ProduceRequest', {
  producer: int(0, 'producer', 'producer'),
  broker: int(0, 'broker', 'broker'),
  partition: int(0, 'partition', 'partition'),
  message: int(0, 'message', 'message'),
  ...attemptFields,
  /** Timed out by the producer (a delayed request): still on its way, but its answer goes nowhere. */
  orphan: bool(),
})

/** A produce response on the wire, from a broker back to a producer. */
export const ProduceResponseSchema = record('ProduceResponse', {
  producer: int(0, 'producer', 'producer'),
  broker: int(0, 'broker', 'broker'),
  partition: int(0, 'partition', 'partition'),
  message: int(0, 'message', 'message'),
  ...attemptFields,
  error: enumOf('NONE', ...PRODUCE_ERRORS),
})

/** Faults injected so far, counted against the scenario's budgets. */
export const FaultsUsedSchema = record('FaultsUsed', {
  brokerCrash: counter(int(0, 'broker-crash')),
  lossyCrash: counter(int(0, 'lossy-crash')),
  brokerBounces: counter(int(0, 'broker-bounce')),
  lostRequest: counter(int(0, 'lost-request')),
  lostResponse: counter(int(0, 'lost-response')),
  delayedRequest: counter(int(0, 'delayed-request')),
  consumerCrash: counter(int(0, 'consumer-crash')),
  consumerPause: counter(int(0, 'consumer-pause')),
  partitionsAdded: counter(int(0, 'add-partition')),
  deliveryTimeouts: counter(int(0, 'delivery-timeout')),
  producerRestarts: counter(int(0, 'producer-restart')),
  coordinatorFailovers: counter(int(0, 'coordinator-crash')),
  txnAborts: counter(int(0, 'txn-abort')),
  processingFailures: counter(int(0, 'processing-failure')),
  interceptions: counter(int(0, 'mitm')),
})

/** The transaction coordinator's states of one transactional id (TransactionState). */
export const COORDINATOR_TXN_STATES = [
  'Empty',
  'Ongoing',
  'PrepareCommit',
  'PrepareAbort',
  'CompleteCommit',
  'CompleteAbort',
] as const

/** The transaction coordinator's metadata for one transactional.id (TransactionMetadata), as `__transaction_state` holds it. */
export const TransactionSchema = record('Transaction', {
  state: enumOf(...COORDINATOR_TXN_STATES),
  /** The producer epoch; NO_EPOCH before the first InitProducerId. */
  epoch: int(NO_EPOCH, 'producerEpoch'),
  /** The partitions added to the current transaction, ascending (topicPartitions). */
  partitions: setOf('partition', 'partition'),
  /** How many transactions this id has started: the one in progress or last completed. */
  txn: int(0, 'txns'),
  /** History: an InitProducerId or a timeout fenced an epoch with a transaction open. */
  fenced: history(bool()),
})

/** A record as a consumer received it from a poll. */
export const PolledRecordSchema = record('PolledRecord', {
  partition: int(0, 'partition', 'partition'),
  offset: int(0, 'offset'),
  message: int(0, 'message', 'message'),
})

/**
 * `idle`: not started yet; `active`: running its poll loop; `zombie`: stalled past max.poll.interval.ms, thrown out
 * of the group but still processing its batch; `down`: crashed.
 */
export const CONSUMER_STATUSES = ['idle', 'active', 'zombie', 'down'] as const

/**
 * Where the application's poll loop is: poll, [commit], process, [commit], poll again. A transactional
 * consume-transform-produce loop sends its offsets to the transaction after processing, then (`endTxn`) commits it.
 */
export const LOOP_PHASES = ['poll', 'commitBeforeProcess', 'process', 'commitAfterProcess', 'endTxn'] as const

/** One member of the consumer group: the Java KafkaConsumer plus the application's loop around it. */
export const ConsumerSchema = record('Consumer', {
  status: enumOf(...CONSUMER_STATUSES),
  /** The group generation of its current assignment; NO_GENERATION before its first. */
  generation: int(NO_GENERATION, 'generation'),
  /** It has sent JoinGroup for the rebalance in progress. */
  joined: bool(),
  /** Partitions assigned to it, ascending. */
  owned: setOf('partition', 'partition'),
  /** Per partition, the next offset to fetch; NO_OFFSET when unknown (to be reset by auto.offset.reset at the next fetch). */
  positions: arrayOf(int(NO_OFFSET, 'offset'), 'partitions', { index: 'partition', element: 'position' }),
  /** Per partition, the leader epoch of the last record fetched before the position (FetchPosition.offsetEpoch). */
  positionEpochs: arrayOf(int(NO_EPOCH, 'leaderEpoch'), 'partitions', {
    index: 'partition',
    element: 'position epoch',
  }),
  phase: enumOf(...LOOP_PHASES),
  /** Synchronous processing: the records of the last poll, not yet processed. */
  batch: listOf(PolledRecordSchema, 'polled'),
  /** Asynchronous processing: records handed to the worker thread, not yet processed. */
  handedOff: listOf(PolledRecordSchema, 'polled'),
  /** Asynchronous processing: per partition, the offset after the last record the worker finished; NO_OFFSET none. */
  processedUpTo: arrayOf(int(NO_OFFSET, 'offset'), 'partitions', { index: 'partition', element: 'processed up to' }),
  /** Deliveries of the record at its position that failed in a row, under blocking retries (FailedRecordTracker). */
  failures: int(0, 'retryAttempts'),
  /** The record those failed deliveries are of (FailedRecordTracker keys them by record); -1 for none. */
  failedRecord: int(-1, 'message', 'message'),
  /** A transactional pipeline: the inputs whose results its producer wrote in the open transaction, ascending. */
  pendingOutputs: listOf(int(0, 'message', 'message'), 'messages'),
})

/** The group coordinator's view of the group, and the offsets committed to __consumer_offsets. */
export const GroupSchema = record('Group', {
  generation: int(0, 'generation'),
  /** Consumers in the current generation, ascending. */
  members: setOf('consumer', 'consumer'),
  /** A rebalance is in progress (PreparingRebalance): members must rejoin before the next generation starts. */
  rebalancing: bool(),
  /** Per partition, the committed offset (the next record to read); NO_OFFSET when the group has none. */
  committed: arrayOf(int(NO_OFFSET, 'offset'), 'partitions', { index: 'partition', element: 'committed offset' }),
  /**
   * Per member, the offsets its producer's open transaction sent (TxnOffsetCommit), not yet committed
   * (GroupMetadata.pendingTransactionalOffsetCommits, one producer id per member); NO_OFFSET for none.
   */
  pendingTxnOffsets: arrayOf(
    arrayOf(int(NO_OFFSET, 'offset'), 'partitions', { index: 'partition', element: 'pending offset' }),
    'consumers',
    { index: 'consumer', element: 'pending offsets' },
  ),
  /**
   * Per partition, the members with pending transactional offsets for it, in the order they were appended to
   * __consumer_offsets: a commit materialises one only if it is newer than the committed offset
   * (GroupMetadata.completePendingTxnOffsetCommit, CommitRecordMetadataAndOffset.olderThan).
   */
  pendingTxnOrder: arrayOf(listOf(int(0, 'consumerSlot', 'consumer'), 'consumers'), 'partitions', {
    index: 'partition',
    element: 'pending order',
  }),
  /**
   * Per partition, the member whose producer last called initTransactions() with the partition's transactional.id
   * (`app.transactional-id: per-partition`); -1 for none.
   */
  partitionProducer: arrayOf(int(-1, 'consumerSlot'), 'partitions', { index: 'partition', element: 'producer' }),
  /** History: a zombie member's transaction was refused (KIP-447: UNKNOWN_MEMBER_ID; per partition: PRODUCER_FENCED). */
  zombieOffsetsRefused: history(bool()),
})

/**
 * `unconnected`: not connected yet; `authenticated`: its connection is up and authenticated (every request may
 * follow); `refused`: the brokers refused it (a protocol mismatch or failed authentication: the same configuration
 * gets the same answer every time); `rejected`: it refused a man-in-the-middle's certificate and will connect again.
 */
export const CONNECTION_STATUSES = ['unconnected', 'authenticated', 'refused', 'rejected'] as const

/** One client's connection to the brokers: every broker has the same listeners, so each connects the same way. */
export const ConnectionSchema = record('Connection', {
  status: enumOf(...CONNECTION_STATUSES),
  /** It reached the brokers through a man-in-the-middle, which relays (and reads) everything it sends. */
  viaAttacker: bool(),
  /** History: an attacker read a password or bearer token it sent. */
  credentialsRead: history(bool()),
  /** History: an attacker read a record it sent or fetched. */
  recordsRead: history(bool()),
  /** History: it took a man-in-the-middle for the broker. */
  impersonated: history(bool()),
})

export const StateSchema = record('State', {
  /** How many partitions the topic has now; the slots beyond are partitions an operator may still add. */
  topicPartitions: int('initialPartitions', 'partitions'),
  producers: arrayOf(ProducerSchema, 'producers', { index: 'producer' }),
  /** One per message, in Params.messages order. */
  batches: arrayOf(BatchSchema, 'messages', { index: 'message', element: 'batch' }),
  brokerAlive: arrayOf(bool(), 'brokers', { index: 'broker', element: 'alive' }),
  partitions: arrayOf(PartitionSchema, 'partitions', { index: 'partition' }),
  /** Requests in flight; per (producer, broker) connection they are delivered in this order (TCP). */
  requests: listOf(ProduceRequestSchema, 'requests'),
  responses: listOf(ProduceResponseSchema, 'requests'),
  consumers: arrayOf(ConsumerSchema, 'consumers', { index: 'consumer' }),
  group: GroupSchema,
  /** One per transactional.id (see transactionalIds): none without transactions. */
  transactions: arrayOf(TransactionSchema, 'transactionalIds', { index: 'transactional id' }),
  /**
   * Records handed to the retry topic, in order, not yet processed from it (`app.retry: retry-topic`). One per failed
   * delivery, so a message can be here more than once (a duplicate in the log, a redelivery after a rebalance).
   */
  retryTopic: listOf(int(0, 'message', 'message'), 'polled'),
  /** Dead-letter writes the application did not wait for, still in flight (`app.dlq-await-ack: false`); as above. */
  deadLetterInFlight: listOf(int(0, 'message', 'message'), 'polled'),
  /** How many times each message reached the dead-letter topic, capped at 2. */
  deadLettered: history(arrayOf(int(0, 2), 'messages', { index: 'message', element: 'times dead-lettered' })),
  /** How many times the application processed each message, capped at 2 (for the end-to-end properties). */
  processed: history(arrayOf(int(0, 2), 'messages', { index: 'message', element: 'times processed' })),
  /** The producers' connections, then the consumers'; none when the scenario says nothing about security. */
  connections: arrayOf(ConnectionSchema, 'clients', { index: 'client' }),
  /** History: an eavesdropper read records a follower fetched over an unencrypted inter-broker listener. */
  replicationRead: history(bool()),
  faults: FaultsUsedSchema,
})

export type LogEntry = Infer<typeof LogEntrySchema>
export type Replica = Infer<typeof ReplicaSchema>
export type PendingAck = Infer<typeof PendingAckSchema>
export type Partition = Infer<typeof PartitionSchema>
export type BatchStatus = (typeof BATCH_STATUSES)[number]
export type Batch = Infer<typeof BatchSchema>
export type Producer = Infer<typeof ProducerSchema>
export type ProduceRequest = Infer<typeof ProduceRequestSchema>
export type ProduceResponse = Infer<typeof ProduceResponseSchema>
export type FaultsUsed = Infer<typeof FaultsUsedSchema>
export type PolledRecord = Infer<typeof PolledRecordSchema>
export type ConsumerStatus = (typeof CONSUMER_STATUSES)[number]
export type LoopPhase = (typeof LOOP_PHASES)[number]
export type Consumer = Infer<typeof ConsumerSchema>
export type Group = Infer<typeof GroupSchema>
export type EntryKind = (typeof ENTRY_KINDS)[number]
export type TxnState = (typeof TXN_STATES)[number]
export type CoordinatorTxnState = (typeof COORDINATOR_TXN_STATES)[number]
export type Transaction = Infer<typeof TransactionSchema>
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number]
export type Connection = Infer<typeof ConnectionSchema>
export type State = Infer<typeof StateSchema>

/**
 * The largest value each named range can take in this configuration: how far the model can go, counted from the
 * parameters (each bound is argued below). A value beyond its bound is refused by the codec, never packed.
 */
export function stateBounds(p: Params): Bounds {
  const messages = p.messages.length
  const crashes = p.faults['broker-crash'] + p.faults['lossy-crash'] + p.faults['broker-bounce']
  // Each record the application sends (a message and each resend of it) gets at most p.attempts produce requests,
  // and every append comes from one request: the most entries a log, the wire or the purgatory can ever hold.
  // A record is sent again after a failure (resend-on-failure) and by every new producer instance after a restart.
  const records = messages * (1 + (p.resendOnFailure ? MAX_RESENDS : 0)) * (1 + p.faults['producer-restart'])
  // A batch makes at most p.attempts attempts (Kafka's retries); the search expands none beyond p.attemptsExplored,
  // so one more is the most a state can show.
  const attempts = Math.min(p.attempts, p.attemptsExplored + 1)
  const requests = records * attempts
  // A transaction's marker takes an offset in each of its partitions, written again after each leader change that
  // truncated it away.
  const txns = p.transactional ? records : 0
  const markers = txns * p.partitions * (1 + crashes)
  // A generation starts at every rebalance: members joining (start, restart, a zombie's return), members removed
  // (crash, pause), a partition added; a cooperative rebalance may take one follow-up round for each.
  const rebalances =
    p.consumers + 2 * p.faults['consumer-crash'] + 2 * p.faults['consumer-pause'] + p.faults['add-partition']
  const generations = 2 * rebalances
  return {
    broker: p.brokers - 1,
    brokers: p.brokers,
    partition: p.partitions - 1,
    partitions: p.partitions,
    initialPartitions: p.initialPartitions,
    replicas: p.assignment[0]?.length ?? 0,
    producer: p.producers - 1,
    producers: p.producers,
    consumer: p.consumers - 1,
    // A consumer index in a list that stays empty without consumers: the range must not be.
    consumerSlot: Math.max(0, p.consumers - 1),
    consumers: p.consumers,
    message: messages - 1,
    messages,
    records,
    requests,
    offset: requests + markers,
    // Sequences restart at each epoch; within one, each record is numbered at most once.
    sequence: records - 1,
    // Every epoch bump answers the failure of one attempt (a gap, a failed or an expired batch); a transactional id's
    // epoch also goes up at each instance's InitProducerId, at each fence of an open transaction (one per restart) and
    // at the bump after an abort (one per transaction).
    producerEpoch: requests + (p.transactional ? 2 * (1 + p.faults['producer-restart']) + records : 0),
    // A leader is elected when its broker crashes or when a replica of a leaderless partition restarts.
    leaderEpoch: 2 * crashes,
    attempts,
    resends: p.resendOnFailure ? MAX_RESENDS : 0,
    instance: p.faults['producer-restart'],
    retryAttempts: p.retryAttempts - 1,
    transactionalIds: transactionalIds(p),
    // Each transaction holds at least one record sent (AddPartitionsToTxn only for a partition with a queued record).
    txns,
    generation: generations,
    // A poll returns at most every committed record of every partition; records handed to a worker pile up at most
    // once per generation (a rebalance can rewind a position).
    polled: (generations + 1) * p.partitions * requests,
    clients: clients(p),
    client: Math.max(0, clients(p) - 1),
    ...p.faults,
  }
}

/** Clients with a connection of their own in the state: every producer and consumer, once security is modelled. */
export const clients = (p: Params): number => (p.security === null ? 0 : p.producers + p.consumers)

/** The connection index of consumer `consumer`: the producers' come first. */
export const consumerClient = (p: Params, consumer: number): number => p.producers + consumer

/**
 * How many transactional ids the producers use: none without transactions; one per producer when each instance of
 * the application's producer reuses it (`app.transactional-id: stable`), one per instance when each takes a new one.
 */
export const transactionalIds = (p: Params): number =>
  p.transactional ? p.producers * (p.transactionalIdPerInstance ? 1 + p.faults['producer-restart'] : 1) : 0

/** The index of the transactional id instance `instance` of producer `producer` uses. */
export const transactionalIdOf = (p: Params, producer: number, instance: number): number =>
  p.transactionalIdPerInstance ? producer * (1 + p.faults['producer-restart']) + instance : producer

/** Which producer and instance transactional id `id` belongs to: the inverse of transactionalIdOf. */
export function transactionalIdOwner(p: Params, id: number): { producer: number; instance: number } {
  if (!p.transactionalIdPerInstance) return { producer: id, instance: 0 }
  const instances = 1 + p.faults['producer-restart']
  return { producer: Math.floor(id / instances), instance: id % instances }
}

/**
 * Whether two writes of one producer come from the same producer id: each instance has its own, except that
 * instances sharing a transactional.id share its producer id (InitProducerId bumps the epoch instead).
 */
export const sameProducerId = (p: Params, instance: number, other: number): boolean =>
  instance === other || (p.transactional && !p.transactionalIdPerInstance)

// Constructors and updaters: the only places records are built, so every record of a kind has one shape.

/** One constructor per record kind, each taking every field by name: `make.batch({ status: 'queued', ... })`. */
export const make = {
  logEntry: constructor(LogEntrySchema),
  replica: constructor(ReplicaSchema),
  pendingAck: constructor(PendingAckSchema),
  partition: constructor(PartitionSchema),
  batch: constructor(BatchSchema),
  producer: constructor(ProducerSchema),
  produceRequest: constructor(ProduceRequestSchema),
  produceResponse: constructor(ProduceResponseSchema),
  faultsUsed: constructor(FaultsUsedSchema),
  polledRecord: constructor(PolledRecordSchema),
  consumer: constructor(ConsumerSchema),
  group: constructor(GroupSchema),
  transaction: constructor(TransactionSchema),
  connection: constructor(ConnectionSchema),
  state: constructor(StateSchema),
}

export const updateReplica = updater(ReplicaSchema)
export const updatePendingAck = updater(PendingAckSchema)
export const updatePartition = updater(PartitionSchema)
export const updateBatch = updater(BatchSchema)
export const updateProducer = updater(ProducerSchema)
export const updateProduceRequest = updater(ProduceRequestSchema)
export const updateProduceResponse = updater(ProduceResponseSchema)
export const updateFaults = updater(FaultsUsedSchema)
export const updateConsumer = updater(ConsumerSchema)
export const updateGroup = updater(GroupSchema)
export const updateTransaction = updater(TransactionSchema)
export const updateConnection = updater(ConnectionSchema)
export const update = updater(StateSchema)

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
