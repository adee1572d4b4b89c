// The real property names of each role, from Kafka's configuration docs (3.x/4.x: producer, consumer, broker and
// topic configs). A real key the model does not read is accepted silently; any other key gets a warning naming the
// closest real one, since it is usually a typo. Families with many members (ssl.*, sasl.*) are matched by prefix.
import type { KafkaRole } from './raw.js'
import type { KafkaVersion } from './types.js'

const CLIENT_COMMON = [
  'auto.include.jmx.reporter',
  'bootstrap.servers',
  'client.dns.lookup',
  'client.id',
  'config.providers',
  'connections.max.idle.ms',
  'enable.metrics.push',
  'interceptor.classes',
  'metadata.max.age.ms',
  'metadata.recovery.rebootstrap.trigger.ms',
  'metadata.recovery.strategy',
  'metric.reporters',
  'metrics.num.samples',
  'metrics.recording.level',
  'metrics.sample.window.ms',
  'receive.buffer.bytes',
  'reconnect.backoff.max.ms',
  'reconnect.backoff.ms',
  'request.timeout.ms',
  'retry.backoff.max.ms',
  'retry.backoff.ms',
  'security.protocol',
  'security.providers',
  'send.buffer.bytes',
  'socket.connection.setup.timeout.max.ms',
  'socket.connection.setup.timeout.ms',
]

const PRODUCER = [
  ...CLIENT_COMMON,
  'acks',
  'batch.size',
  'buffer.memory',
  'compression.gzip.level',
  'compression.lz4.level',
  'compression.type',
  'compression.zstd.level',
  'delivery.timeout.ms',
  'enable.idempotence',
  'key.serializer',
  'linger.ms',
  'max.block.ms',
  'max.in.flight.requests.per.connection',
  'max.request.size',
  'metadata.max.idle.ms',
  'partitioner.adaptive.partitioning.enable',
  'partitioner.availability.timeout.ms',
  'partitioner.class',
  'partitioner.ignore.keys',
  'retries',
  'transaction.timeout.ms',
  'transaction.two.phase.commit.enable',
  'transactional.id',
  'value.serializer',
]

const CONSUMER = [
  ...CLIENT_COMMON,
  'allow.auto.create.topics',
  'auto.commit.interval.ms',
  'auto.offset.reset',
  'check.crcs',
  'client.rack',
  'default.api.timeout.ms',
  'enable.auto.commit',
  'exclude.internal.topics',
  'fetch.max.bytes',
  'fetch.max.wait.ms',
  'fetch.min.bytes',
  'group.id',
  'group.instance.id',
  'group.protocol',
  'group.remote.assignor',
  'heartbeat.interval.ms',
  'isolation.level',
  'key.deserializer',
  'max.partition.fetch.bytes',
  'max.poll.interval.ms',
  'max.poll.records',
  'partition.assignment.strategy',
  'session.timeout.ms',
  'spring.deserializer.value.delegate.class',
  'value.deserializer',
]

const BROKER = [
  'advertised.listeners',
  'allow.everyone.if.no.acl.found',
  'authorizer.class.name',
  'auto.create.topics.enable',
  'auto.leader.rebalance.enable',
  'background.threads',
  'broker.id',
  'broker.id.generation.enable',
  'broker.rack',
  'compression.type',
  'connections.max.idle.ms',
  'control.plane.listener.name',
  'controlled.shutdown.enable',
  'controlled.shutdown.max.retries',
  'controlled.shutdown.retry.backoff.ms',
  'default.replication.factor',
  'delete.records.purgatory.purge.interval.requests',
  'delete.topic.enable',
  'eligible.leader.replicas.enable',
  'fetch.purgatory.purge.interval.requests',
  'inter.broker.listener.name',
  'inter.broker.protocol.version',
  'leader.imbalance.check.interval.seconds',
  'leader.imbalance.per.broker.percentage',
  'listener.security.protocol.map',
  'listeners',
  'log.cleanup.policy',
  'log.dir',
  'log.dirs',
  'log.flush.interval.messages',
  'log.flush.interval.ms',
  'log.flush.offset.checkpoint.interval.ms',
  'log.flush.scheduler.interval.ms',
  'log.flush.start.offset.checkpoint.interval.ms',
  'log.index.interval.bytes',
  'log.index.size.max.bytes',
  'log.message.format.version',
  'log.message.timestamp.after.max.ms',
  'log.message.timestamp.before.max.ms',
  'log.message.timestamp.difference.max.ms',
  'log.message.timestamp.type',
  'log.preallocate',
  'log.retention.bytes',
  'log.retention.check.interval.ms',
  'log.retention.hours',
  'log.retention.minutes',
  'log.retention.ms',
  'log.roll.hours',
  'log.roll.jitter.hours',
  'log.roll.jitter.ms',
  'log.roll.ms',
  'log.segment.bytes',
  'log.segment.delete.delay.ms',
  'max.connections',
  'max.connections.per.ip',
  'max.connections.per.ip.overrides',
  'max.incremental.fetch.session.cache.slots',
  'message.max.bytes',
  'min.insync.replicas',
  'node.id',
  'num.io.threads',
  'num.network.threads',
  'num.partitions',
  'num.recovery.threads.per.data.dir',
  'num.replica.alter.log.dirs.threads',
  'num.replica.fetchers',
  'offset.metadata.max.bytes',
  'process.roles',
  'producer.id.expiration.ms',
  'producer.purgatory.purge.interval.requests',
  'queued.max.request.bytes',
  'queued.max.requests',
  'replica.fetch.backoff.ms',
  'replica.fetch.max.bytes',
  'replica.fetch.min.bytes',
  'replica.fetch.response.max.bytes',
  'replica.fetch.wait.max.ms',
  'replica.high.watermark.checkpoint.interval.ms',
  'replica.lag.time.max.ms',
  'replica.selector.class',
  'replica.socket.receive.buffer.bytes',
  'replica.socket.timeout.ms',
  'request.timeout.ms',
  'reserved.broker.max.id',
  'security.inter.broker.protocol',
  'socket.listen.backlog.size',
  'socket.receive.buffer.bytes',
  'socket.request.max.bytes',
  'socket.send.buffer.bytes',
  'super.users',
  'transactional.id.expiration.ms',
  'unclean.leader.election.enable',
]

const TOPIC = [
  'cleanup.policy',
  'compression.gzip.level',
  'compression.lz4.level',
  'compression.type',
  'compression.zstd.level',
  'delete.retention.ms',
  'file.delete.delay.ms',
  'flush.messages',
  'flush.ms',
  'follower.replication.throttled.replicas',
  'index.interval.bytes',
  'leader.replication.throttled.replicas',
  'local.retention.bytes',
  'local.retention.ms',
  'max.compaction.lag.ms',
  'max.message.bytes',
  'message.downconversion.enable',
  'message.format.version',
  'message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.difference.max.ms',
  'message.timestamp.type',
  'min.cleanable.dirty.ratio',
  'min.compaction.lag.ms',
  'min.insync.replicas',
  'preallocate',
  'remote.log.copy.disable',
  'remote.log.delete.on.disable',
  'remote.storage.enable',
  'retention.bytes',
  'retention.ms',
  'segment.bytes',
  'segment.index.bytes',
  'segment.jitter.ms',
  'segment.ms',
  'unclean.leader.election.enable',
  // Not topic configs but what `kafka-topics --create` takes; the scenario's topic block holds them (DESIGN.md).
  'name',
  'partitions',
  'replication.factor',
]

const CLIENT_PREFIXES = ['sasl.', 'ssl.']

/** Families of keys too large to list, accepted by prefix. */
const PREFIXES: Readonly<Record<KafkaRole, readonly string[]>> = {
  producer: CLIENT_PREFIXES,
  consumer: CLIENT_PREFIXES,
  broker: [
    'confluent.',
    'controller.',
    'group.',
    'listener.name.',
    'log.cleaner.',
    'metadata.',
    'metric.',
    'metrics.',
    'offsets.',
    'quota.',
    'remote.log.',
    'sasl.',
    'share.',
    'ssl.',
    'transaction.',
    'zookeeper.',
  ],
  topic: [],
}

const KEYS: Readonly<Record<KafkaRole, ReadonlySet<string>>> = {
  producer: new Set(PRODUCER),
  consumer: new Set(CONSUMER),
  broker: new Set(BROKER),
  topic: new Set(TOPIC),
}

export const isKnownKey = (role: KafkaRole, key: string): boolean =>
  KEYS[role].has(key) || PREFIXES[role].some(prefix => key.startsWith(prefix))

/** Properties the model reads that appeared after the oldest version kafkacheck knows; older clients ignore them. */
export const INTRODUCED_IN: Readonly<Record<string, { readonly version: KafkaVersion; readonly by: string }>> = {
  'producer enable.idempotence': { version: '0.11', by: 'KIP-98' },
  'producer transactional.id': { version: '0.11', by: 'KIP-98' },
  'producer delivery.timeout.ms': { version: '2.1', by: 'KIP-91' },
  'consumer isolation.level': { version: '0.11', by: 'KIP-98' },
}

/** Edit distance (insertions, deletions, substitutions), two rows at a time. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}

/** The candidate nearest to `name`, if it is near enough to be the intended one (a third of the name, at least 2). */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1
  for (const candidate of candidates) {
    const distance = levenshtein(name, candidate)
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

export const closestKey = (role: KafkaRole, key: string): string | null => closestName(key, KEYS[role])
