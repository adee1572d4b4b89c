// Kafka's documented defaults for the properties the model reads, per version, and the platforms' own server
// defaults. Sources: the Kafka configuration docs (kafka.apache.org/documentation, per-version tables as collected by
// kafka-options-explorer.conduktor.io) and the KIP named on each line. Validation rules live in producer.ts etc.
import type { AssignorName, ConsumerConfig, KafkaVersion, Platform, ProducerConfig, Truncation } from './types.js'
import { valueAt, type Timeline } from './versions.js'

/** Java's Integer.MAX_VALUE, the "retry forever" value of `retries`. */
export const INT_MAX = 2147483647

/** Java's Long.MAX_VALUE (9223372036854775807) cannot be a JS number; every value this large means "never". */
export const LONG_MAX_AS_NUMBER = Number.MAX_SAFE_INTEGER

export const PRODUCER_DEFAULTS = {
  acks: [
    ['0.10', '1'],
    ['3.0', 'all'], // KIP-679
  ],
  'enable.idempotence': [
    ['0.10', false],
    ['3.0', true], // KIP-679 (not applied in 3.0.0 and 3.1.0: KAFKA-13598, see producer.ts)
  ],
  retries: [
    ['0.10', 0],
    ['2.1', INT_MAX], // KIP-91
  ],
  'max.in.flight.requests.per.connection': [['0.10', 5]],
  // Before 2.1 there is no delivery timeout (KIP-91): only `retries` bounds a batch, so no time limit applies.
  'delivery.timeout.ms': [
    ['0.10', LONG_MAX_AS_NUMBER],
    ['2.1', 120000], // KIP-91
  ],
  'request.timeout.ms': [['0.10', 30000]],
  'linger.ms': [
    ['0.10', 0],
    ['4.0', 5], // KIP-1030
  ],
  'retry.backoff.ms': [['0.10', 100]],
} as const satisfies Record<string, Timeline<string | number | boolean>>

export const CONSUMER_DEFAULTS = {
  'enable.auto.commit': [['0.10', true]],
  'auto.commit.interval.ms': [['0.10', 5000]],
  'auto.offset.reset': [['0.10', 'latest']],
  'isolation.level': [['0.10', 'read_uncommitted']], // the setting arrives in 0.11 (KIP-98); before, nothing is hidden
  'partition.assignment.strategy': [
    ['0.10', ['range']],
    ['3.0', ['range', 'cooperative-sticky']], // KIP-726: [RangeAssignor, CooperativeStickyAssignor]
  ],
  // 0.10.0 had 30000; 0.10.1 lowered it to 10000 along with KIP-62, and '0.10' stands for the latest 0.10 release.
  'session.timeout.ms': [
    ['0.10', 10000],
    ['3.0', 45000], // KIP-735
  ],
  'heartbeat.interval.ms': [['0.10', 3000]],
  'max.poll.interval.ms': [['0.10', 300000]], // KIP-62 (0.10.1)
  'max.poll.records': [['0.10', 500]], // KIP-41 (0.10.0)
} as const satisfies Record<string, Timeline<string | number | boolean | readonly AssignorName[]>>

/** server.properties defaults that become a topic's settings when the topic does not set its own. */
export const BROKER_DEFAULTS = {
  'default.replication.factor': [['0.10', 1]],
  'num.partitions': [['0.10', 1]],
  'min.insync.replicas': [['0.10', 1]],
  'unclean.leader.election.enable': [
    ['0.10', true],
    ['0.11', false], // KIP-106
  ],
  'log.flush.interval.messages': [['0.10', LONG_MAX_AS_NUMBER]], // Long.MAX_VALUE: leave fsync to the OS
} as const satisfies Record<string, Timeline<number | boolean>>

/** How a follower truncates after a leader change: by high watermark before KIP-101 (0.11), by leader epoch after. */
export const TRUNCATION: Timeline<Truncation> = [
  ['0.10', 'high-watermark'],
  ['0.11', 'epoch-end-offset'], // KIP-101: OffsetsForLeaderEpoch answers an end offset only
  ['2.0', 'leader-epoch'], // KIP-279 (KAFKA-6361): it answers the epoch too, and the follower asks again
]

/** The server defaults the model reads, as one record. */
export interface ServerDefaults {
  readonly 'default.replication.factor': number
  readonly 'num.partitions': number
  readonly 'min.insync.replicas': number
  readonly 'unclean.leader.election.enable': boolean
  readonly 'log.flush.interval.messages': number
}

/** The server defaults a platform runs with, over Apache Kafka's own. */
export const PLATFORM_BROKER_DEFAULTS: Readonly<Record<Platform, Partial<ServerDefaults>>> = {
  apache: {},
  // docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html, for a cluster in 3 Availability
  // Zones (2-AZ clusters get RF 2 and min ISR 1). MSK keeps unclean election on for clusters without tiered storage.
  msk: { 'default.replication.factor': 3, 'min.insync.replicas': 2, 'unclean.leader.election.enable': true },
  // Event Hubs fixes replication (three copies, learn.microsoft.com/azure/event-hubs/apache-kafka-configurations:
  // "Broker/server configurations: not configurable"). It documents no min ISR; it acknowledges a write once it is
  // durably replicated, which we model as a majority of the three: min.insync.replicas=2, no unclean election.
  'event-hubs': { 'default.replication.factor': 3, 'min.insync.replicas': 2, 'unclean.leader.election.enable': false },
}

/** Apache Kafka's server defaults for `version`, under the platform's own. */
export const serverDefaults = (version: KafkaVersion, platform: Platform): ServerDefaults => ({
  'default.replication.factor': valueAt(BROKER_DEFAULTS['default.replication.factor'], version),
  'num.partitions': valueAt(BROKER_DEFAULTS['num.partitions'], version),
  'min.insync.replicas': valueAt(BROKER_DEFAULTS['min.insync.replicas'], version),
  'unclean.leader.election.enable': valueAt<boolean>(BROKER_DEFAULTS['unclean.leader.election.enable'], version),
  'log.flush.interval.messages': valueAt(BROKER_DEFAULTS['log.flush.interval.messages'], version),
  ...PLATFORM_BROKER_DEFAULTS[platform],
})

type ProducerDefaults = Omit<ProducerConfig, 'transactional.id' | 'value.serializer'>

/** The Java producer's defaults in `version`, before any validation or override. */
export const producerDefaults = (version: KafkaVersion): ProducerDefaults => ({
  acks: valueAt<ProducerConfig['acks']>(PRODUCER_DEFAULTS.acks, version),
  'enable.idempotence': valueAt<boolean>(PRODUCER_DEFAULTS['enable.idempotence'], version),
  retries: valueAt<number>(PRODUCER_DEFAULTS.retries, version),
  'max.in.flight.requests.per.connection': valueAt(PRODUCER_DEFAULTS['max.in.flight.requests.per.connection'], version),
  'delivery.timeout.ms': valueAt<number>(PRODUCER_DEFAULTS['delivery.timeout.ms'], version),
  'request.timeout.ms': valueAt(PRODUCER_DEFAULTS['request.timeout.ms'], version),
  'linger.ms': valueAt<number>(PRODUCER_DEFAULTS['linger.ms'], version),
  'retry.backoff.ms': valueAt(PRODUCER_DEFAULTS['retry.backoff.ms'], version),
})

/** The Java consumer's defaults in `version` (group.id and the deserializers have none). */
export const consumerDefaults = (
  version: KafkaVersion,
): Omit<ConsumerConfig, 'group.id' | 'value.deserializer' | 'spring.deserializer.value.delegate.class'> => ({
  'enable.auto.commit': valueAt(CONSUMER_DEFAULTS['enable.auto.commit'], version),
  'auto.commit.interval.ms': valueAt(CONSUMER_DEFAULTS['auto.commit.interval.ms'], version),
  'auto.offset.reset': valueAt(CONSUMER_DEFAULTS['auto.offset.reset'], version),
  'isolation.level': valueAt(CONSUMER_DEFAULTS['isolation.level'], version),
  'partition.assignment.strategy': valueAt<readonly AssignorName[]>(
    CONSUMER_DEFAULTS['partition.assignment.strategy'],
    version,
  ),
  'session.timeout.ms': valueAt<number>(CONSUMER_DEFAULTS['session.timeout.ms'], version),
  'heartbeat.interval.ms': valueAt(CONSUMER_DEFAULTS['heartbeat.interval.ms'], version),
  'max.poll.interval.ms': valueAt(CONSUMER_DEFAULTS['max.poll.interval.ms'], version),
  'max.poll.records': valueAt(CONSUMER_DEFAULTS['max.poll.records'], version),
})
