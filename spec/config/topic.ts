// The topic as the broker creates it (server.properties defaults, the platform's own defaults, then the topic's
// settings), the broker behaviour the model reads, and the cluster it runs on.
import { INT_MAX, serverDefaults, TRUNCATION } from './defaults.js'
import { rejected } from './issues.js'
import type { Origin, Warning } from './raw.js'
import type { BlockReader } from './reader.js'
import type { BrokerConfig, KafkaVersion, Platform, Scenario, TopicConfig } from './types.js'
import { boolean, integer, nonEmptyText } from './values.js'
import { atLeast, formatRelease, valueAt, type KafkaRelease } from './versions.js'

export const DEFAULT_TOPIC_NAME = 'topic'

export interface Deployment {
  readonly topic: TopicConfig
  readonly broker: BrokerConfig
  readonly cluster: Scenario['cluster']
}

export interface DeploymentReaders {
  readonly topic: BlockReader
  readonly broker: BlockReader
  readonly cluster: BlockReader
}

/** What CreateTopics answers when there are fewer brokers than replicas, in the words of that version's broker. */
export function replicationFactorError(version: KafkaRelease['version'], replicas: number, brokers: number): string {
  const exception = 'org.apache.kafka.common.errors.InvalidReplicationFactorException: '
  // 4.0 runs only KRaft, whose controller places replicas (StripedReplicaPlacer); before, ZooKeeper-mode brokers
  // answered from AdminZkClient (some pre-2.0 releases wrote it lower-case without the final period).
  return atLeast(version, '4.0')
    ? `${exception}Unable to replicate the partition ${replicas} time(s): The target replication factor of ${replicas} ` +
        `cannot be reached because only ${brokers} broker(s) are registered.`
    : `${exception}Replication factor: ${replicas} larger than available brokers: ${brokers}.`
}

/** Event Hubs manages replication and the brokers itself; these settings cannot be chosen there. */
const EVENT_HUBS_FIXED: readonly (readonly [keyof DeploymentReaders, string])[] = [
  ['topic', 'replication.factor'],
  ['topic', 'min.insync.replicas'],
  ['topic', 'unclean.leader.election.enable'],
  ['topic', 'flush.messages'],
  ['broker', 'default.replication.factor'],
  ['broker', 'min.insync.replicas'],
  ['broker', 'unclean.leader.election.enable'],
  ['broker', 'log.flush.interval.messages'],
  ['cluster', 'brokers'],
]

const EVENT_HUBS_REASON =
  'Event Hubs keeps three replicas of every partition and manages brokers and durability itself; replication.factor, ' +
  'min.insync.replicas and other broker settings are not configurable (learn.microsoft.com/azure/event-hubs/apache-kafka-configurations)'

/** transaction.partition.verification.enable: from 3.6, on by default (TransactionLogConfigs). */
function partitionVerification(broker: BlockReader, version: KafkaVersion): boolean {
  if (atLeast(version, '3.6')) return broker.read('transaction.partition.verification.enable', boolean, true)
  if (broker.has('transaction.partition.verification.enable'))
    broker.refuse(
      'transaction.partition.verification.enable',
      'nothing before Kafka 3.6 (verification arrived with KIP-890 part 1)',
    )
  return false
}

/**
 * The finalized `transaction.version` feature level: settable from 4.0 (kafka-storage format or kafka-features), where
 * a new cluster gets 2 (the operations guide: "automatically enabled on the server since Apache Kafka 4.0").
 */
function transactionVersion(broker: BlockReader, version: KafkaVersion): number {
  if (!atLeast(version, '4.0')) {
    if (broker.has('transaction.version'))
      broker.refuse('transaction.version', 'nothing before Kafka 4.0 (the feature arrived with KIP-890 part 2)')
    return 0
  }
  return broker.read('transaction.version', integer(0, 2, '0, 1 or 2'), 2)
}

export function resolveDeployment(
  readers: DeploymentReaders,
  release: KafkaRelease,
  platform: Platform,
  warnings: Warning[],
): Deployment {
  const { topic, broker, cluster } = readers
  const { version } = release
  if (platform === 'event-hubs')
    for (const [block, key] of EVENT_HUBS_FIXED)
      if (readers[block].has(key))
        readers[block].reject(key, readers[block].written(key, ''), 'Azure Event Hubs', EVENT_HUBS_REASON)

  const server = serverDefaults(version, platform)
  const defaultReplication = broker.read(
    'default.replication.factor',
    integer(1, INT_MAX),
    server['default.replication.factor'],
  )
  const numPartitions = broker.read('num.partitions', integer(1, INT_MAX), server['num.partitions'])
  const defaultMinIsr = broker.read('min.insync.replicas', integer(1, INT_MAX), server['min.insync.replicas'])
  const defaultUnclean = broker.read(
    'unclean.leader.election.enable',
    boolean,
    server['unclean.leader.election.enable'],
  )
  const flushDefault = broker.read(
    'log.flush.interval.messages',
    integer(1, Number.MAX_SAFE_INTEGER),
    server['log.flush.interval.messages'],
  )

  const clusterPartitions = cluster.readOptional('partitions', integer(1, INT_MAX))
  const topicPartitions = topic.readOptional('partitions', integer(1, INT_MAX))
  if (clusterPartitions !== undefined && topicPartitions !== undefined && clusterPartitions !== topicPartitions)
    topic.refuse('partitions', `${clusterPartitions}, as cluster partitions says`, String(topicPartitions))
  const replicationFactor = topic.read('replication.factor', integer(1, INT_MAX), defaultReplication)
  const minIsr = topic.read('min.insync.replicas', integer(1, INT_MAX), defaultMinIsr)
  if (minIsr > replicationFactor) {
    // LogConfig only checks min.insync.replicas >= 1, so Kafka creates the topic. Partition.effectiveMinIsr (3.7,
    // KAFKA-15583) then uses min(min.insync.replicas, replication.factor); before, no ISR could ever be large enough.
    const reader = topic.has('min.insync.replicas') ? topic : broker
    const source = reader.has('min.insync.replicas')
      ? ''
      : ` (the ${platform === 'apache' ? 'broker' : platform} default)`
    warnings.push({
      kind: 'note',
      origin: reader.origin('min.insync.replicas'),
      block: reader === topic ? 'topic' : 'broker',
      key: 'min.insync.replicas',
      message: atLeast(version, '3.7')
        ? `min.insync.replicas=${minIsr}${source} is above replication.factor=${replicationFactor}: Kafka ${version} ` +
          `uses ${replicationFactor} (effectiveMinIsr), so acks=all needs every replica in the ISR`
        : `min.insync.replicas=${minIsr}${source} is above replication.factor=${replicationFactor}: Kafka ${version} ` +
          'accepts the topic, but every acks=all write fails with NOT_ENOUGH_REPLICAS (3.7 uses the smaller value)',
    })
  }

  const brokers = cluster.read('brokers', integer(1, INT_MAX), replicationFactor)
  if (replicationFactor > brokers) {
    const origin: Origin = topic.has('replication.factor')
      ? topic.origin('replication.factor')
      : broker.has('default.replication.factor')
        ? broker.origin('default.replication.factor')
        : cluster.origin('brokers')
    topic.fail(
      rejected(
        origin,
        'topic',
        'replication.factor',
        String(replicationFactor),
        `a Kafka ${formatRelease(release)} broker`,
        replicationFactorError(version, replicationFactor, brokers),
      ),
    )
  }

  return {
    topic: {
      name: topic.read('name', nonEmptyText, DEFAULT_TOPIC_NAME),
      partitions: topicPartitions ?? clusterPartitions ?? numPartitions,
      'replication.factor': replicationFactor,
      'min.insync.replicas': minIsr,
      'unclean.leader.election.enable': topic.read('unclean.leader.election.enable', boolean, defaultUnclean),
    },
    broker: {
      truncation: valueAt(TRUNCATION, version),
      'log.flush.interval.messages': topic.read('flush.messages', integer(1, Number.MAX_SAFE_INTEGER), flushDefault),
      'transaction.version': transactionVersion(broker, version),
      'transaction.partition.verification.enable': partitionVerification(broker, version),
    },
    cluster: {
      brokers,
      producers: cluster.read('producers', integer(1, INT_MAX), 1),
      consumers: cluster.read('consumers', integer(0, INT_MAX), 1),
    },
  }
}
