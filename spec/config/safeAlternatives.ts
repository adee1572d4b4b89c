// For each setting that decides a delivery guarantee, the value that keeps it: what blame (src/run/blame.ts) sets, one
// setting at a time, to find which of a scenario's settings a counterexample needs. Each entry says where the setting
// may be written, its effective value in a resolved scenario, the safe value for that scenario (none when it already
// has it, or when the setting cannot matter there), and why, in one line.
import { PLATFORM_BROKER_DEFAULTS } from './defaults.js'
import type { BlockName } from './raw.js'
import { hasTls, withTls } from './security.js'
import { KAFKA_VERSIONS, type KafkaVersion, type Scenario } from './types.js'
import { atLeast } from './versions.js'

/** A block and key a setting is written under. */
export interface SettingPlace {
  readonly block: BlockName
  readonly key: string
}

export interface SafeAlternative {
  /** The setting as reports name it: Kafka's property name, or `block.key` for kafkacheck's own blocks. */
  readonly setting: string
  /**
   * Where it may be written, the one that wins first (a topic-level setting over the broker default it overrides).
   * A change goes where the user wrote it, else to the first place.
   */
  readonly places: readonly SettingPlace[]
  /** Its effective value in `scenario`, as the resolved configuration holds it. */
  readonly effective: (scenario: Scenario) => string
  /**
   * The safe values for `scenario`, most preferred first (the first one Kafka accepts with the rest of the scenario
   * is the one checked); empty when the scenario already has a safe value or the setting cannot matter there.
   */
  readonly safe: (scenario: Scenario) => readonly string[]
  /** Why the safe value keeps the guarantee, in one line. */
  readonly why: string
  /** Settings held at their effective values while this one changes (an upgrade keeps the cluster's metadata mode). */
  readonly keeping?: (scenario: Scenario) => readonly (SettingPlace & { readonly value: string })[]
  /** Settings that change with this one, written or not (the other clients and the listener a protocol moves with). */
  readonly together?: (scenario: Scenario) => readonly (SettingPlace & { readonly value: string })[]
}

const consumes = (s: Scenario) => s.cluster.consumers > 0
const transactional = (s: Scenario) => s.producer['transactional.id'] !== null
const pipeline = (s: Scenario) => s.app.pipeline === 'consume-transform-produce'
/** Event Hubs fixes replication and the broker settings; changing them is refused (spec/config/topic.ts). */
const brokerSettable = (s: Scenario) => s.kafka.platform !== 'event-hubs'
const manualCommit = (s: Scenario) => consumes(s) && !s.consumer['enable.auto.commit']
const when = (condition: boolean, value: string): readonly string[] => (condition ? [value] : [])

/**
 * The versions at which a delivery rule the model follows was fixed (spec/params.ts and the defaults' timelines), and
 * which scenarios each concerns: a scenario older than a fix that concerns it is version-gated, and its version is a
 * candidate. (3.9's unclean election under KRaft and 2.5's processing during a cooperative rebalance change
 * behaviour for the worse, so they are not fixes.)
 */
const DELIVERY_FIXES: readonly { readonly since: KafkaVersion; readonly concerns: (s: Scenario) => boolean }[] = [
  { since: '0.11', concerns: () => true }, // KIP-101: truncation by leader epoch, not high watermark
  { since: '2.0', concerns: () => true }, // KIP-279: OffsetsForLeaderEpoch answers the epoch too
  { since: '2.2', concerns: s => s.kafka.metadata === 'zookeeper' }, // KAFKA-7235: the controller notices a bounce
  { since: '2.3', concerns: consumes }, // KIP-320: consumers detect a truncated log
  { since: '2.5', concerns: transactional }, // KIP-447 (offsets fenced by generation), KIP-360 (unknown producer)
  { since: '3.6', concerns: transactional }, // KIP-890 part 1: transaction verification on by default
  { since: '3.7', concerns: () => true }, // KAFKA-15583: the high watermark waits for min.insync.replicas
  { since: '4.0', concerns: transactional }, // KIP-890 part 2: transaction.version 2 for new clusters
]

export const SAFE_ALTERNATIVES: readonly SafeAlternative[] = [
  {
    setting: 'kafka.version',
    places: [{ block: 'kafka', key: 'version' }],
    effective: s => s.kafka.version,
    // Every version newer than the scenario's, newest first (the newest that accepts the rest of the scenario is
    // checked), when a fix the model follows came after it.
    safe: s =>
      DELIVERY_FIXES.some(fix => fix.concerns(s) && !atLeast(s.kafka.version, fix.since))
        ? KAFKA_VERSIONS.filter(v => !atLeast(s.kafka.version, v)).reverse()
        : [],
    why:
      'later versions fix delivery bugs the model follows: leader epochs (KIP-101, KIP-279), bounces noticed ' +
      '(KAFKA-7235), consumer truncation detection (KIP-320), fencing by generation (KIP-447), transaction ' +
      'verification and epoch bumps (KIP-890), effectiveMinIsr (KAFKA-15583)',
    // An upgrade keeps ZooKeeper (so the newest version with it is 3.9), rather than take a newer version's default:
    // KRaft elects no unclean leader before 3.9, which would make unclean election look fixed by the version.
    keeping: s => (s.kafka.metadata === 'zookeeper' ? [{ block: 'kafka', key: 'metadata', value: 'zookeeper' }] : []),
  },
  {
    setting: 'acks',
    places: [{ block: 'producer', key: 'acks' }],
    effective: s => s.producer.acks,
    safe: s => when(s.producer.acks !== 'all', 'all'),
    why: 'the leader answers only once every in-sync replica has the record (ProducerConfig acks)',
  },
  {
    setting: 'enable.idempotence',
    places: [{ block: 'producer', key: 'enable.idempotence' }],
    effective: s => String(s.producer['enable.idempotence']),
    safe: s => when(atLeast(s.kafka.version, '0.11') && !s.producer['enable.idempotence'], 'true'),
    why: 'the leader drops a retried batch it already has and refuses one out of order, by producer id and sequence (KIP-98)',
  },
  {
    setting: 'max.in.flight.requests.per.connection',
    places: [{ block: 'producer', key: 'max.in.flight.requests.per.connection' }],
    effective: s => String(s.producer['max.in.flight.requests.per.connection']),
    // With idempotence up to 5 keep their order (KAFKA-5494); without, only one request in flight does.
    safe: s => when(!s.producer['enable.idempotence'] && s.producer['max.in.flight.requests.per.connection'] > 1, '1'),
    why: 'without idempotence a retried batch can land after a later one; with one request in flight none can (ProducerConfig)',
  },
  {
    setting: 'min.insync.replicas',
    places: [
      { block: 'topic', key: 'min.insync.replicas' },
      { block: 'broker', key: 'min.insync.replicas' },
    ],
    effective: s => String(s.topic['min.insync.replicas']),
    // 2 needs a second replica to count: with replication.factor 1 it would be above it (capped from 3.7, every
    // acks=all write refused before), which proves nothing. With replication.factor 2 it holds at the cost of
    // availability: one broker down stops acks=all writes.
    safe: s => when(brokerSettable(s) && s.topic['replication.factor'] >= 2 && s.topic['min.insync.replicas'] < 2, '2'),
    why: 'acks=all then needs a second replica to have the record, so one broker lost loses nothing acknowledged (Kafka docs, min.insync.replicas)',
  },
  {
    setting: 'unclean.leader.election.enable',
    places: [
      { block: 'topic', key: 'unclean.leader.election.enable' },
      { block: 'broker', key: 'unclean.leader.election.enable' },
    ],
    effective: s => String(s.topic['unclean.leader.election.enable']),
    safe: s => when(brokerSettable(s) && s.topic['unclean.leader.election.enable'], 'false'),
    why: 'only an in-sync replica, which has every acknowledged record, may become leader (KIP-106 made false the default in 0.11)',
  },
  {
    setting: 'log.flush.interval.messages',
    places: [
      { block: 'topic', key: 'flush.messages' },
      { block: 'broker', key: 'log.flush.interval.messages' },
    ],
    effective: s => String(s.broker['log.flush.interval.messages']),
    // It matters only where a broker can lose what it had not fsynced.
    safe: s =>
      when(brokerSettable(s) && s.faults['lossy-crash'] > 0 && s.broker['log.flush.interval.messages'] !== 1, '1'),
    why: 'every append is fsynced before it counts, so a power loss keeps it (Kafka leaves fsync to the OS by default)',
  },
  {
    setting: 'transaction.partition.verification.enable',
    places: [{ block: 'broker', key: 'transaction.partition.verification.enable' }],
    effective: s => String(s.broker['transaction.partition.verification.enable']),
    safe: s =>
      when(
        transactional(s) && atLeast(s.kafka.version, '3.6') && !s.broker['transaction.partition.verification.enable'],
        'true',
      ),
    why: 'the leader asks the coordinator before a write opens a transaction, so a late write cannot hang one or join the next (KIP-890 part 1)',
  },
  {
    setting: 'transaction.version',
    places: [{ block: 'broker', key: 'transaction.version' }],
    effective: s => String(s.broker['transaction.version']),
    safe: s => when(transactional(s) && atLeast(s.kafka.version, '4.0') && s.broker['transaction.version'] < 2, '2'),
    why: 'the coordinator bumps the producer epoch with every transaction, which fences a late write of the last one (KIP-890 part 2)',
  },
  ...(['producer', 'consumer'] as const).map((role): SafeAlternative => ({
    setting: 'ssl.endpoint.identification.algorithm',
    places: [{ block: role, key: 'ssl.endpoint.identification.algorithm' }],
    effective: s => s.security?.[role]?.['ssl.endpoint.identification.algorithm'] ?? 'https',
    // Only a TLS connection has a certificate to check.
    safe: s => {
      const client = s.security?.[role]
      return when(
        client != null && hasTls(client['security.protocol']) && client['ssl.endpoint.identification.algorithm'] === '',
        'https',
      )
    },
    why: "the client checks the broker's host name against its certificate, so a man-in-the-middle with another trusted certificate is refused (KIP-294)",
  })),
  {
    setting: 'security.protocol',
    places: [{ block: 'producer', key: 'security.protocol' }],
    effective: s => s.security?.producer['security.protocol'] ?? 'PLAINTEXT',
    // Against an attacker on the network only; the same protocol with TLS added.
    safe: s => {
      const protocol = s.security?.producer['security.protocol']
      const attacker = s.faults.eavesdrop + s.faults.mitm > 0
      return when(attacker && protocol !== undefined && !hasTls(protocol), withTls(protocol ?? 'PLAINTEXT'))
    },
    why: 'TLS encrypts the connection, its SASL exchange and its records, and lets the client check who answers',
    // The consumers and the listener move to TLS with the producers, or the change would only cut them off: the
    // listener keeps its name (and so its JAAS entries) and listener.security.protocol.map gives it the TLS protocol.
    together: s => {
      const security = s.security
      if (security === null) return []
      const moved = new Set([
        security.producer.listener,
        ...(security.consumer === null ? [] : [security.consumer.listener]),
      ])
      const map = security.listeners
        .map(l => `${l.name}:${moved.has(l.name) ? withTls(l.protocol) : l.protocol}`)
        .join(',')
      return [
        { block: 'broker', key: 'listener.security.protocol.map', value: map },
        ...(security.consumer === null
          ? []
          : [
              {
                block: 'consumer' as const,
                key: 'security.protocol',
                value: withTls(security.consumer['security.protocol']),
              },
            ]),
      ]
    },
  },
  {
    setting: 'allow.everyone.if.no.acl.found',
    places: [{ block: 'broker', key: 'allow.everyone.if.no.acl.found' }],
    effective: s => String(s.security?.['allow.everyone.if.no.acl.found'] ?? false),
    safe: s =>
      when(s.security?.['authorizer.class.name'] != null && s.security['allow.everyone.if.no.acl.found'], 'false'),
    why: 'a resource without ACLs is then closed to everyone but super users, not open to every principal (the authorizer docs)',
  },
  {
    setting: 'enable.auto.commit',
    places: [{ block: 'consumer', key: 'enable.auto.commit' }],
    effective: s => String(s.consumer['enable.auto.commit']),
    safe: s => when(consumes(s) && s.consumer['enable.auto.commit'], 'false'),
    why: 'poll() auto-commits what the previous poll returned, processed or not; the application commits after processing instead',
  },
  {
    setting: 'auto.offset.reset',
    places: [{ block: 'consumer', key: 'auto.offset.reset' }],
    effective: s => s.consumer['auto.offset.reset'],
    safe: s => when(consumes(s) && s.consumer['auto.offset.reset'] !== 'earliest', 'earliest'),
    why: 'a partition without a committed offset is read from its start, not its end, so nothing written before is skipped',
  },
  {
    setting: 'isolation.level',
    places: [{ block: 'consumer', key: 'isolation.level' }],
    effective: s => s.consumer['isolation.level'],
    // Only transactions make it matter.
    safe: s =>
      when(consumes(s) && transactional(s) && s.consumer['isolation.level'] !== 'read_committed', 'read_committed'),
    why: "the consumer reads up to the last stable offset and skips aborted transactions' records (KIP-98)",
  },
  {
    setting: 'app.commit',
    places: [{ block: 'app', key: 'commit' }],
    effective: s => s.app.commit,
    safe: s => when(manualCommit(s) && s.app.commit === 'before-process', 'after-process'),
    why: 'a record committed before it is processed is lost when the consumer crashes in between (at-most-once)',
  },
  {
    setting: 'app.commit-interval',
    places: [{ block: 'app', key: 'commit-interval' }],
    effective: s => s.app['commit-interval'],
    safe: s => when(manualCommit(s) && s.app['commit-interval'] === 'periodic', 'every-batch'),
    why: 'what was processed since the last periodic commit is processed again by the next owner',
  },
  {
    setting: 'app.commit-on-revoke',
    places: [{ block: 'app', key: 'commit-on-revoke' }],
    effective: s => String(s.app['commit-on-revoke']),
    safe: s =>
      when(
        manualCommit(s) && !pipeline(s) && s.app['commit-interval'] === 'periodic' && !s.app['commit-on-revoke'],
        'true',
      ),
    why: 'onPartitionsRevoked commits what was processed before the partition moves (ConsumerRebalanceListener)',
  },
  {
    setting: 'app.processing',
    places: [{ block: 'app', key: 'processing' }],
    effective: s => s.app.processing,
    safe: s => when(consumes(s) && s.app.processing === 'async', 'sync'),
    why: "on the polling thread a commit never runs ahead of processing, nor behind a partition's new owner",
  },
  {
    setting: 'app.resend-on-failure',
    places: [{ block: 'app', key: 'resend-on-failure' }],
    effective: s => String(s.app['resend-on-failure']),
    safe: s => when(s.app['resend-on-failure'], 'false'),
    why: 'a batch that failed may still have been written; sending it again is a new record the broker cannot recognise',
  },
  {
    setting: 'app.retry',
    places: [{ block: 'app', key: 'retry' }],
    effective: s => s.app.retry,
    safe: s => when(consumes(s) && s.app.retry === 'retry-topic', 'blocking'),
    why: "retrying in place (Spring's DefaultErrorHandler) keeps a key's order; a retry topic moves on past the record",
  },
  {
    setting: 'app.dlq-await-ack',
    places: [{ block: 'app', key: 'dlq-await-ack' }],
    effective: s => String(s.app['dlq-await-ack']),
    safe: s => when(consumes(s) && s.app.dlq && !s.app['dlq-await-ack'], 'true'),
    why: 'the commit past a dead-lettered record waits until the dead-letter write is acknowledged',
  },
  {
    setting: 'app.transactional-id',
    places: [{ block: 'app', key: 'transactional-id' }],
    effective: s => s.app['transactional-id'],
    // Before KIP-447 (2.5) only a transactional.id per input partition fences a pipeline's zombie.
    safe: s =>
      !transactional(s)
        ? []
        : pipeline(s)
          ? when(!atLeast(s.kafka.version, '2.5') && s.app['transactional-id'] !== 'per-partition', 'per-partition')
          : when(s.app['transactional-id'] === 'per-instance', 'stable'),
    why: "a new instance reusing the transactional.id fences the old one's epoch and aborts its open transaction (KIP-98)",
  },
  {
    setting: 'app.dedup',
    places: [{ block: 'app', key: 'dedup' }],
    effective: s => s.app.dedup,
    safe: s => when(s.app.dedup === 'seed-simplified', 'kafka'),
    why: "Kafka's own duplicate check (KIP-98, KIP-360), which never acknowledges a batch it did not store",
  },
]

/** Who set a default the user did not write: the platform's own server defaults, or Apache Kafka's for the version. */
export function defaultSource(scenario: Scenario, place: SettingPlace): string {
  const { platform, version } = scenario.kafka
  const platformDefaults = PLATFORM_BROKER_DEFAULTS[platform] as Readonly<Record<string, unknown>>
  const brokerKey = place.key === 'flush.messages' ? 'log.flush.interval.messages' : place.key
  const byPlatform = (place.block === 'topic' || place.block === 'broker') && brokerKey in platformDefaults
  if (byPlatform) return `${PLATFORM_NAMES[platform]} default`
  if (place.block === 'kafka' || place.block === 'app') return 'default'
  return `Kafka ${version} default`
}

const PLATFORM_NAMES: Readonly<Record<Scenario['kafka']['platform'], string>> = {
  apache: 'Apache Kafka',
  msk: 'MSK',
  'event-hubs': 'Event Hubs',
}
