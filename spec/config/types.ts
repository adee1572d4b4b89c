// The effective configuration of a scenario: what the real Kafka clients and brokers would run with, keyed by
// Kafka's own property names so that reports print exactly what a Kafka engineer would type. Everything here is
// plain data; `resolveScenario` (spec/config/resolve.ts) computes it from what the user wrote, per Kafka version.

/** Kafka versions whose defaults and fixes kafkacheck knows, oldest first. */
export const KAFKA_VERSIONS = [
  '0.10',
  '0.11',
  '1.0',
  '1.1',
  '2.0',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '3.0',
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '3.5',
  '3.6',
  '3.7',
  '3.8',
  '3.9',
  '4.0',
  '4.1',
] as const
export type KafkaVersion = (typeof KAFKA_VERSIONS)[number]

export const PLATFORMS = ['apache', 'msk', 'event-hubs'] as const
export type Platform = (typeof PLATFORMS)[number]

/**
 * How a follower finds where its log stops agreeing with a new leader's: by its high watermark (before KIP-101), by
 * the end offset the leader gives for the follower's latest epoch (KIP-101, 0.11-1.1), or by repeated epoch and offset
 * exchanges that find the last common epoch (KIP-279, 2.0).
 */
export type Truncation = 'high-watermark' | 'epoch-end-offset' | 'leader-epoch'

/** Where the cluster keeps its metadata and who elects leaders: a ZooKeeper-based controller, or KRaft (KIP-500). */
export const METADATA_MODES = ['zookeeper', 'kraft'] as const
export type MetadataMode = (typeof METADATA_MODES)[number]

/** The producer properties the model reads, with the values the Java client would use. */
export interface ProducerConfig {
  readonly acks: '0' | '1' | 'all'
  readonly 'enable.idempotence': boolean
  readonly retries: number
  readonly 'max.in.flight.requests.per.connection': number
  readonly 'delivery.timeout.ms': number
  readonly 'request.timeout.ms': number
  readonly 'linger.ms': number
  readonly 'retry.backoff.ms': number
  readonly 'transactional.id': string | null
  /** Fully qualified when kafkacheck knows the class (written by its simple name or in full); null when not set. */
  readonly 'value.serializer': string | null
}

export const ASSIGNORS = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const
export type AssignorName = (typeof ASSIGNORS)[number]

/** The consumer properties the model reads, with the values the Java client would use. */
export interface ConsumerConfig {
  readonly 'group.id': string
  readonly 'enable.auto.commit': boolean
  readonly 'auto.commit.interval.ms': number
  readonly 'auto.offset.reset': 'earliest' | 'latest' | 'none'
  readonly 'isolation.level': 'read_uncommitted' | 'read_committed'
  /** In preference order, as the client lists it; the group uses the first one every member supports. */
  readonly 'partition.assignment.strategy': readonly AssignorName[]
  readonly 'session.timeout.ms': number
  readonly 'heartbeat.interval.ms': number
  readonly 'max.poll.interval.ms': number
  readonly 'max.poll.records': number
  /** Fully qualified when kafkacheck knows the class; null when not set. */
  readonly 'value.deserializer': string | null
  /** Spring's ErrorHandlingDeserializer delegates to this class (passed among the consumer's properties). */
  readonly 'spring.deserializer.value.delegate.class': string | null
}

/** The topic as created: broker defaults (server.properties) overridden by topic-level settings. */
export interface TopicConfig {
  readonly name: string
  readonly partitions: number
  readonly 'replication.factor': number
  readonly 'min.insync.replicas': number
  readonly 'unclean.leader.election.enable': boolean
}

/** Broker behaviour that is not a topic setting. */
export interface BrokerConfig {
  /** How a restarted or demoted follower truncates: by its high watermark (before KIP-101) or by leader epoch. */
  readonly truncation: Truncation
  /** `log.flush.interval.messages`: 1 means every append is fsynced, so a lossy crash loses nothing. */
  readonly 'log.flush.interval.messages': number
  /**
   * The `transaction.version` feature (KIP-1022): 2 bumps the producer epoch with every transaction (KIP-890 part 2).
   * A cluster created with 4.0 or later starts at 2 (TransactionVersion.TV_2 bootstraps at 4.0-IV2); 0 before 4.0.
   */
  readonly 'transaction.version': number
  /** From 3.6 (KIP-890 part 1, KAFKA-14884): leaders verify a write that opens a transaction; false before 3.6. */
  readonly 'transaction.partition.verification.enable': boolean
}

/** How the application around the clients behaves (not Kafka properties; names from DESIGN.md). */
export interface AppConfig {
  readonly commit: 'before-process' | 'after-process'
  /** A manual commit after every batch, or only now and then (every N records or seconds): what was processed since is uncommitted. */
  readonly 'commit-interval': 'every-batch' | 'periodic'
  readonly processing: 'sync' | 'async'
  readonly 'resend-on-failure': boolean
  /**
   * With a producer transactional.id: each new producer instance reuses it (`stable`) or takes its own
   * (`per-instance`); in a pipeline, one per input partition (`per-partition`, the pattern before KIP-447).
   */
  readonly 'transactional-id': 'stable' | 'per-instance' | 'per-partition'
  /** `consume-transform-produce`: every consumer writes one output record per input record it processes. */
  readonly pipeline: 'none' | 'consume-transform-produce'
  /**
   * What the application does when processing a record fails: nothing more (`none`), retry it in place (`blocking`,
   * Spring's DefaultErrorHandler seeks back to it), or hand it to a retry topic and move on (`retry-topic`).
   */
  readonly retry: 'none' | 'blocking' | 'retry-topic'
  /** Deliveries of a failing record under blocking retries before it is given up (Spring's default back-off: 10). */
  readonly 'retry-attempts': number
  /** A record given up goes to a dead-letter topic (DeadLetterPublishingRecoverer); without one it is only logged. */
  readonly dlq: boolean
  /** The application waits for the dead-letter write's acknowledgement before it commits past the record. */
  readonly 'dlq-await-ack': boolean
  readonly 'commit-on-revoke': boolean
  /** A new group has no committed offsets; an existing one has committed everything written before the scenario. */
  readonly group: 'new' | 'existing'
  /** The broker's duplicate check: Kafka's (KIP-98), or the seed notes' "append only if seq = last+1, else just ack". */
  readonly dedup: 'kafka' | 'seed-simplified'
  /** Record keys, used in turn by the messages the producers send; the partitioner maps each to a partition. */
  readonly keys: readonly string[]
}

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number]
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER', 'GSSAPI'] as const
export type SaslMechanism = (typeof SASL_MECHANISMS)[number]

/**
 * Whether a client's credentials match what the broker holds: the listener's JAAS `user_<name>` entries for PLAIN,
 * the SCRAM credentials in the cluster's metadata for SCRAM. Decided once while resolving, so that no password goes
 * further than the resolver.
 */
export type CredentialCheck = 'valid' | 'unknown-user' | 'wrong-password' | 'not-checked'

/** How one client role (the producers, or the consumers) connects: its security settings, passwords left out. */
export interface ClientSecurity {
  readonly 'security.protocol': SecurityProtocol
  readonly 'sasl.mechanism': SaslMechanism
  /** The login module of `sasl.jaas.config`, by its simple name; null when not set. */
  readonly loginModule: string | null
  readonly username: string | null
  readonly credentials: CredentialCheck
  /** `https` (the default from 2.0, KIP-294) verifies the broker's host name against its certificate; '' does not. */
  readonly 'ssl.endpoint.identification.algorithm': string
  /** A keystore the client can present when the broker asks for a certificate (`ssl.client.auth`). */
  readonly 'ssl.keystore.location': string | null
  /** The listener its bootstrap.servers reach. */
  readonly listener: string
}

/** One listener of the brokers (`listeners`), with its protocol and, for SASL, its mechanisms. */
export interface ListenerSecurity {
  readonly name: string
  readonly port: number
  readonly protocol: SecurityProtocol
  /** `sasl.enabled.mechanisms`, or `listener.name.<name>.sasl.enabled.mechanisms`; empty without SASL. */
  readonly mechanisms: readonly SaslMechanism[]
  /** `ssl.client.auth`, or its per-listener override. */
  readonly 'ssl.client.auth': 'none' | 'requested' | 'required'
}

/** An ACL as `kafka-acls --add --allow-principal P --operation O --topic T` (or `--group G`) creates it. */
export interface Acl {
  readonly principal: string
  readonly operation: 'READ' | 'WRITE' | 'ALL'
  readonly resource: 'topic' | 'group'
  /** The resource name, or `*` for every one. */
  readonly name: string
}

export interface SecurityConfig {
  readonly producer: ClientSecurity
  /** Null without consumers. */
  readonly consumer: ClientSecurity | null
  readonly listeners: readonly ListenerSecurity[]
  /** The listener brokers replicate over (`inter.broker.listener.name`, or `security.inter.broker.protocol`). */
  readonly 'inter.broker.listener.name': string
  /** Null: no authorizer, so every request is allowed. */
  readonly 'authorizer.class.name': string | null
  readonly 'allow.everyone.if.no.acl.found': boolean
  readonly 'super.users': readonly string[]
  readonly acls: readonly Acl[]
  /** Users with SCRAM credentials, per mechanism (the passwords are not kept). */
  readonly 'scram-credentials': Readonly<Record<string, readonly SaslMechanism[]>>
}

/** How hostile the world is: how many times each fault may happen in one run. */
export interface Faults {
  readonly 'broker-crash': number
  readonly 'lossy-crash': number
  /** A broker restarts at once, before the controller has seen it fail (zookeeper.session.timeout.ms). */
  readonly 'broker-bounce': number
  readonly 'lost-request': number
  readonly 'lost-response': number
  readonly 'delayed-request': number
  /** A batch's delivery.timeout.ms runs out (before 2.1: request.timeout.ms in the accumulator) and it fails. */
  readonly 'delivery-timeout': number
  readonly 'producer-restart': number
  readonly 'consumer-crash': number
  readonly 'consumer-pause': number
  readonly 'coordinator-crash': number
  /** An operator adds a partition to the topic (kafka-topics.sh --alter --partitions). */
  readonly 'add-partition': number
  /** The application aborts an open transaction instead of committing it (an error of its own). */
  readonly 'txn-abort': number
  /** Processing a record throws once (a transient error: the next delivery of it succeeds). */
  readonly 'processing-failure': number
  /** An eavesdropper on the network (0 or 1): it reads every byte that crosses the wire unencrypted. */
  readonly eavesdrop: number
  /** A man-in-the-middle intercepts a client's connection and presents its own certificate, or none. */
  readonly mitm: number
}
export const FAULT_NAMES = [
  'broker-crash',
  'lossy-crash',
  'broker-bounce',
  'lost-request',
  'lost-response',
  'delayed-request',
  'delivery-timeout',
  'producer-restart',
  'consumer-crash',
  'consumer-pause',
  'coordinator-crash',
  'add-partition',
  'txn-abort',
  'processing-failure',
  'eavesdrop',
  'mitm',
] as const satisfies readonly (keyof Faults)[]

/** The search bound: how many messages the producers send, how deep and how wide the checker may go. */
export interface Bound {
  readonly messages: number
  /**
   * Retries per batch the search expands: a state where a batch needs more is checked but not explored further, and
   * the report says this bound cut the search. It never fails a batch: Kafka's own `retries` and the
   * `delivery-timeout` fault do.
   */
  readonly retries: number
  readonly depth: number
  readonly states: number
}

export const VERDICTS = ['holds', 'violated', 'rejected'] as const
export type ExpectedVerdict = (typeof VERDICTS)[number]

/** A scenario after validation: every value effective, every default applied. */
export interface Scenario {
  readonly name: string
  readonly description: string
  readonly kafka: { readonly version: KafkaVersion; readonly platform: Platform; readonly metadata: MetadataMode }
  readonly cluster: { readonly brokers: number; readonly producers: number; readonly consumers: number }
  readonly topic: TopicConfig
  readonly broker: BrokerConfig
  readonly producer: ProducerConfig
  readonly consumer: ConsumerConfig
  readonly app: AppConfig
  /** Listeners, authentication and authorization; null when the scenario says nothing about security. */
  readonly security: SecurityConfig | null
  readonly faults: Faults
  readonly bound: Bound
  /** Property name -> the verdict the scenario's author expects (`kafkacheck ci` compares). */
  readonly expect: Readonly<Record<string, ExpectedVerdict>>
}
