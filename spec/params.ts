// The model's parameters: the effective Kafka configuration of a scenario reduced to what the specification reads,
// plus the bounds that keep the state space finite. Derived once per check, never changed during it.

import { atLeast } from './config/versions.js'
import type { AssignorName, Faults, Scenario, Truncation } from './config/types.js'
import { partitionForKey } from './partitioner.js'
import { ERROR_HANDLING_DESERIALIZER, poisonRecords } from './config/serde.js'
import { securityParams, type SecurityParams } from './security.js'

/**
 * The largest sizes the model accepts, checked as input before any search: each state field's width follows from
 * them (spec/state.ts stateBounds), and with all of them at once every field still fits a 32-bit word (a test
 * checks it). No search this large would finish anyway.
 */
export const MODEL_LIMITS = {
  brokers: 15,
  partitions: 15,
  producers: 15,
  consumers: 15,
  messages: 60,
  retries: 100,
  faultBudget: 7,
} as const

/** The application sends a failed record again at most this many times (`app.resend-on-failure`). */
export const MAX_RESENDS = 1

/** How many acknowledgements the leader waits for (`acks`): none, the leader's own append, or the whole ISR. */
export type Acks = 0 | 1 | 'all'

export interface Params {
  readonly brokers: number
  /** Partition slots: the topic's partitions plus those `faults.add-partition` may add. */
  readonly partitions: number
  /** The topic's partitions at the start. */
  readonly initialPartitions: number
  /** Per partition slot, the assigned replicas (broker indices) in preference order: the first is the preferred leader. */
  readonly assignment: readonly (readonly number[])[]
  /**
   * The ISR size acks=all writes need: min.insync.replicas, capped at the replication factor from 3.7
   * (Partition.effectiveMinIsr, KAFKA-15583); before, a larger value makes every acks=all write fail.
   */
  readonly minInsyncReplicas: number
  /**
   * From 3.7 (KAFKA-15583, Partition.maybeIncrementLeaderHW returns while isUnderMinIsr) the high watermark does not
   * advance while the ISR is below minInsyncReplicas, for every acks; before, it advances with any ISR.
   */
  readonly highWatermarkNeedsMinIsr: boolean
  readonly uncleanLeaderElection: boolean
  /** How followers truncate after a leader change (high watermark, KIP-101's epoch end offset, KIP-279's exchange). */
  readonly truncation: Truncation
  /**
   * A ZooKeeper controller before 2.2 could miss a broker that restarted within the session timeout (the ephemeral
   * znode deleted and re-created between two reads): no failure handling, so it stays in every ISR. From 2.2
   * (KAFKA-7235) the controller sees the higher broker epoch and runs onBrokerFailure then onBrokerStartup; a KRaft
   * controller fences the old incarnation first (ClusterControlManager.registerBroker).
   */
  readonly bounceUnnoticed: boolean
  /** A lossy crash loses the latest, unflushed record (false when `log.flush.interval.messages=1`: every append is fsynced). */
  readonly unflushedTailIsLost: boolean

  readonly producers: number
  /**
   * Messages in the order the application sends them; each belongs to one producer. `partitionFor[n]` is where the
   * default partitioner puts its key while the topic has n partitions.
   */
  readonly messages: readonly {
    readonly producer: number
    readonly key: string
    readonly partitionFor: readonly number[]
  }[]
  readonly acks: Acks
  readonly idempotence: boolean
  /** Broker duplicate check: Kafka's (KIP-98) or the seed notes' simplified "append only if last+1, else just ack". */
  readonly dedup: 'kafka' | 'seed-simplified'
  /** KIP-360 (2.5): a broker with no state for a producer accepts any sequence instead of UNKNOWN_PRODUCER_ID. */
  readonly acceptUnknownProducer: boolean
  /**
   * What the idempotent producer restarts when its sequences break. From 2.5 (KIP-360,
   * TransactionManager.bumpIdempotentProducerEpoch) it bumps the epoch and rewrites only the failing partitions'
   * sequences (partitionsToRewriteSequences), the others following once their old batches are done; before, it gets
   * a new producer id (resetProducerId) and every partition starts again.
   */
  readonly epochBumpScope: 'partition' | 'producer'
  readonly maxInFlight: number
  /** Attempts Kafka makes per batch: 1 + retries (Sender.canRetry); retries=MAX means it never gives up by count. */
  readonly attempts: number
  /**
   * Attempts per batch the search expands (1 + bound.retries): a state where a batch made more is checked but not
   * explored further, and the report says this bound cut the search. It never fails a batch.
   */
  readonly attemptsExplored: number
  /** From 2.1 (KIP-91, Sender.getExpiredInflightBatches) a batch in flight can expire too; before, only queued ones. */
  readonly expiresInFlight: boolean
  readonly resendOnFailure: boolean
  /**
   * The producer has a transactional.id: it runs its records in transactions (KIP-98), committed by the application
   * once every record is acknowledged. Modelled from 2.5, whose client bumps its epoch after an abortable error
   * (KIP-360).
   */
  readonly transactional: boolean
  /**
   * `app.pipeline: consume-transform-produce`: each consumer writes one output record per input record with its own
   * producer. The input topic already holds the records (an upstream application wrote and acknowledged them), so
   * the scenario's producers send nothing. With a transactional.id (`pipelineTransactional`) each member's producer
   * writes the outputs and the consumed offsets in one transaction (sendOffsetsToTransaction); without one, the
   * output is written at once and the offsets committed apart.
   */
  readonly pipeline: boolean
  readonly pipelineTransactional: boolean
  /**
   * From 2.5 (KIP-447) the group coordinator checks a TxnOffsetCommit's member and generation (UNKNOWN_MEMBER_ID
   * for a zombie removed from the group) and answers OffsetFetch with UNSTABLE_OFFSET_COMMIT while a transaction holds pending offsets for
   * the partition; before, a transactional.id per input partition was what fenced a zombie.
   */
  readonly txnOffsetsFenced: boolean
  /** What the application does with a record whose processing fails (`app.retry`), and how many deliveries it tries. */
  readonly retry: 'none' | 'blocking' | 'retry-topic'
  readonly retryAttempts: number
  /** A record given up goes to a dead-letter topic, its write awaited before the commit or not (`app.dlq-await-ack`). */
  readonly dlq: boolean
  readonly dlqAwaitAck: boolean
  /**
   * Every record is a poison record: the consumer's value deserializer fails on what the producer's serializer
   * writes (spec/config/serde.ts). Without Spring's ErrorHandlingDeserializer poll() throws at the record, every
   * time; with it the record reaches the application with the exception, which does not retry it.
   */
  readonly poison: boolean
  readonly errorHandlingDeserializer: boolean
  /**
   * `app.transactional-id: per-partition` in a transactional pipeline: a transactional.id per input partition, the
   * pattern before KIP-447. A member taking a partition calls initTransactions() with its id, which fences the
   * producer that held it (TransactionCoordinator.handleInitProducerId): its open transaction is aborted and its
   * later TxnOffsetCommit and EndTxn get PRODUCER_FENCED.
   */
  readonly pipelineIdPerPartition: boolean
  /** `app.transactional-id: per-instance`: each producer instance takes a new transactional.id, so none fences another. */
  readonly transactionalIdPerInstance: boolean
  /**
   * From 3.6 (KIP-890 part 1, KAFKA-14884, `transaction.partition.verification.enable`, on by default) a leader asks the coordinator
   * before a transactional write opens a transaction on a partition, and refuses it when the partition is not in the
   * producer's ongoing transaction: a late write can no longer leave a transaction hanging.
   */
  readonly verifiesTxnPartitions: boolean
  /**
   * Transaction version 2 (KIP-890 part 2, `transaction.version=2`, 4.0): the coordinator bumps the producer epoch
   * with every EndTxn (TransactionMetadata.prepareAbortOrCommit), its markers carry the new epoch and the producer
   * takes it from the answer, so a late write of a finished transaction is refused.
   */
  readonly epochBumpPerTransaction: boolean

  readonly consumers: number
  readonly groupId: string
  readonly autoCommit: boolean
  readonly commit: 'before-process' | 'after-process'
  /** After processing, the application commits every batch, or only sometimes (`app.commit-interval: periodic`). */
  readonly commitEveryBatch: boolean
  readonly processing: 'sync' | 'async'
  readonly commitOnRevoke: boolean
  /**
   * From 2.3 (KIP-320, SubscriptionState.maybeCompleteValidation) a consumer checks its position against the leader
   * epoch of what it last fetched after a leader change, and goes back to where the logs diverge; before, only a
   * position beyond the log end (OFFSET_OUT_OF_RANGE) is reset.
   */
  readonly validatesPositions: boolean
  /** From 2.5 (KAFKA-8421) poll() returns records during a rebalance once the member has rejoined; before, it waits. */
  readonly pollsDuringRebalance: boolean
  /** The group already existed: it starts with committed offsets at the start of every initial partition. */
  readonly groupExists: boolean
  readonly autoOffsetReset: 'earliest' | 'latest' | 'none'
  readonly readCommitted: boolean
  readonly assignor: AssignorName

  /** Each client's connection, decided from the security settings; null when the scenario has none (spec/security.ts). */
  readonly security: SecurityParams | null

  readonly faults: Faults
}

/** Reduces a validated scenario to the model's parameters. */
export function paramsOf(scenario: Scenario): Params {
  const { topic, producer, consumer, app, cluster, bound } = scenario
  const brokers = cluster.brokers
  const replicationFactor = topic['replication.factor']
  const partitions = topic.partitions + scenario.faults['add-partition']
  // Kafka's default placement spreads leaders: partition p's replicas start at broker p (mod brokers).
  const assignment = Array.from({ length: partitions }, (_, p) =>
    Array.from({ length: replicationFactor }, (_, r) => (p + r) % brokers),
  )
  const messages = Array.from({ length: bound.messages }, (_, m) => {
    const key = app.keys[m % app.keys.length]!
    const partitionFor = Array.from({ length: partitions + 1 }, (_, n) => (n === 0 ? -1 : partitionForKey(key, n)))
    return { producer: m % cluster.producers, key, partitionFor }
  })
  const acks = producer.acks === 'all' ? 'all' : producer.acks === '1' ? 1 : 0
  return {
    brokers,
    partitions,
    initialPartitions: topic.partitions,
    assignment,
    minInsyncReplicas: atLeast(scenario.kafka.version, '3.7')
      ? Math.min(topic['min.insync.replicas'], replicationFactor)
      : topic['min.insync.replicas'],
    highWatermarkNeedsMinIsr: atLeast(scenario.kafka.version, '3.7'),
    // A ZooKeeper controller elects uncleanly when the topic allows it; a KRaft controller only from 3.9 (KAFKA-12670).
    uncleanLeaderElection:
      topic['unclean.leader.election.enable'] &&
      (scenario.kafka.metadata === 'zookeeper' || atLeast(scenario.kafka.version, '3.9')),
    truncation: scenario.broker.truncation,
    bounceUnnoticed: scenario.kafka.metadata === 'zookeeper' && !atLeast(scenario.kafka.version, '2.2'),
    unflushedTailIsLost: scenario.broker['log.flush.interval.messages'] > 1,
    producers: cluster.producers,
    messages,
    acks,
    idempotence: producer['enable.idempotence'],
    dedup: app.dedup,
    acceptUnknownProducer: atLeast(scenario.kafka.version, '2.5'),
    epochBumpScope: atLeast(scenario.kafka.version, '2.5') ? 'partition' : 'producer',
    maxInFlight: producer['max.in.flight.requests.per.connection'],
    attempts: 1 + producer.retries,
    attemptsExplored: 1 + bound.retries,
    expiresInFlight: atLeast(scenario.kafka.version, '2.1'),
    resendOnFailure: app['resend-on-failure'],
    transactional: producer['transactional.id'] !== null && app.pipeline === 'none',
    pipeline: app.pipeline === 'consume-transform-produce',
    pipelineTransactional: producer['transactional.id'] !== null && app.pipeline === 'consume-transform-produce',
    txnOffsetsFenced: atLeast(scenario.kafka.version, '2.5'),
    pipelineIdPerPartition:
      producer['transactional.id'] !== null &&
      app.pipeline === 'consume-transform-produce' &&
      app['transactional-id'] === 'per-partition',
    retry: app.retry,
    retryAttempts: app['retry-attempts'],
    dlq: app.dlq,
    dlqAwaitAck: app['dlq-await-ack'],
    poison: poisonRecords(producer, consumer),
    errorHandlingDeserializer: consumer['value.deserializer'] === ERROR_HANDLING_DESERIALIZER,
    transactionalIdPerInstance: app['transactional-id'] === 'per-instance',
    verifiesTxnPartitions: scenario.broker['transaction.partition.verification.enable'],
    epochBumpPerTransaction: scenario.broker['transaction.version'] >= 2,
    consumers: cluster.consumers,
    groupId: consumer['group.id'],
    autoCommit: consumer['enable.auto.commit'],
    commit: app.commit,
    commitEveryBatch: app['commit-interval'] === 'every-batch',
    processing: app.processing,
    commitOnRevoke: app['commit-on-revoke'],
    pollsDuringRebalance: atLeast(scenario.kafka.version, '2.5'),
    validatesPositions: atLeast(scenario.kafka.version, '2.3'),
    groupExists: app.group === 'existing',
    autoOffsetReset: consumer['auto.offset.reset'],
    readCommitted: consumer['isolation.level'] === 'read_committed',
    // The group runs the first protocol every member supports; all members share one configuration here.
    assignor: consumer['partition.assignment.strategy'][0] ?? 'range',
    security: securityParams(scenario),
    faults: scenario.faults,
  }
}
