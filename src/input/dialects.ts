// The spellings people paste, translated to the Java client's property names and values: librdkafka (and the
// clients built on it: confluent-kafka-python, -go, -dotnet), kafka-python's snake_case, and Spring Boot's
// spring.kafka.* properties. The tables are data so that tests and docs can walk every row.
// Only names change here: defaults stay the Java client's (librdkafka's own defaults differ, e.g. linger.ms=5).
// The Spring names are Spring Boot's KafkaProperties (spring-boot-autoconfigure, 3.x): a name it does not have is
// ignored by Spring's binder, so it is said to be ignored here too rather than guessed at.
import type { KafkaRole } from '../../spec/index.js'

export type Dialect = 'kafka' | 'librdkafka' | 'python' | 'spring'

export interface KeyAlias {
  readonly dialect: Dialect
  readonly from: string
  readonly to: string
  /** The only role the key belongs to, or 'any'. */
  readonly role: KafkaRole | 'any'
  /** How the value is written in that dialect, when it is not Kafka's own text. */
  readonly value?: 'spring-duration' | 'spring-data-size'
}

/** Spring Boot's SSL properties (KafkaProperties.Ssl), each under spring.kafka., spring.kafka.producer. and .consumer. */
const SPRING_SSL: readonly (readonly [string, string])[] = [
  ['ssl.key-password', 'ssl.key.password'],
  ['ssl.key-store-certificate-chain', 'ssl.keystore.certificate.chain'],
  ['ssl.key-store-key', 'ssl.keystore.key'],
  ['ssl.key-store-location', 'ssl.keystore.location'],
  ['ssl.key-store-password', 'ssl.keystore.password'],
  ['ssl.key-store-type', 'ssl.keystore.type'],
  ['ssl.trust-store-certificates', 'ssl.truststore.certificates'],
  ['ssl.trust-store-location', 'ssl.truststore.location'],
  ['ssl.trust-store-password', 'ssl.truststore.password'],
  ['ssl.trust-store-type', 'ssl.truststore.type'],
  ['ssl.protocol', 'ssl.protocol'],
  ['security.protocol', 'security.protocol'],
]

const SPRING_SCOPES: readonly (readonly [string, KafkaRole | 'any'])[] = [
  ['spring.kafka.', 'any'],
  ['spring.kafka.producer.', 'producer'],
  ['spring.kafka.consumer.', 'consumer'],
]

const springSsl = (): KeyAlias[] =>
  SPRING_SCOPES.flatMap(([prefix, role]) =>
    SPRING_SSL.map(([from, to]) => ({ dialect: 'spring' as const, from: `${prefix}${from}`, to, role })),
  )

/** A Spring Boot property of one client that only renames a Kafka property (KafkaProperties.Producer, .Consumer). */
const springClient = (
  role: 'producer' | 'consumer',
  from: string,
  to: string,
  value?: KeyAlias['value'],
): KeyAlias => ({
  dialect: 'spring',
  from: `spring.kafka.${role}.${from}`,
  to,
  role,
  ...(value === undefined ? {} : { value }),
})

/** librdkafka's aliases, from its CONFIGURATION.md ("Alias for ..."), and Spring Boot's named properties. */
export const KEY_ALIASES: readonly KeyAlias[] = [
  { dialect: 'librdkafka', from: 'request.required.acks', to: 'acks', role: 'producer' },
  { dialect: 'librdkafka', from: 'message.send.max.retries', to: 'retries', role: 'producer' },
  { dialect: 'librdkafka', from: 'max.in.flight', to: 'max.in.flight.requests.per.connection', role: 'producer' },
  { dialect: 'librdkafka', from: 'queue.buffering.max.ms', to: 'linger.ms', role: 'producer' },
  { dialect: 'librdkafka', from: 'message.timeout.ms', to: 'delivery.timeout.ms', role: 'producer' },
  { dialect: 'librdkafka', from: 'compression.codec', to: 'compression.type', role: 'producer' },
  { dialect: 'librdkafka', from: 'metadata.broker.list', to: 'bootstrap.servers', role: 'any' },
  { dialect: 'librdkafka', from: 'fetch.message.max.bytes', to: 'max.partition.fetch.bytes', role: 'consumer' },
  { dialect: 'librdkafka', from: 'fetch.wait.max.ms', to: 'fetch.max.wait.ms', role: 'consumer' },
  { dialect: 'librdkafka', from: 'auto.commit.enable', to: 'enable.auto.commit', role: 'consumer' },
  { dialect: 'spring', from: 'spring.kafka.bootstrap-servers', to: 'bootstrap.servers', role: 'any' },
  { dialect: 'spring', from: 'spring.kafka.client-id', to: 'client.id', role: 'any' },
  ...springSsl(),
  springClient('producer', 'acks', 'acks'),
  springClient('producer', 'retries', 'retries'),
  springClient('producer', 'batch-size', 'batch.size', 'spring-data-size'),
  springClient('producer', 'buffer-memory', 'buffer.memory', 'spring-data-size'),
  springClient('producer', 'compression-type', 'compression.type'),
  springClient('producer', 'key-serializer', 'key.serializer'),
  springClient('producer', 'value-serializer', 'value.serializer'),
  springClient('producer', 'bootstrap-servers', 'bootstrap.servers'),
  springClient('producer', 'client-id', 'client.id'),
  // DefaultKafkaProducerFactory gives each producer transactionIdPrefix + n (0, 1, ...) as its transactional.id.
  springClient('producer', 'transaction-id-prefix', 'transactional.id'),
  // KafkaTemplate's own prefix, "override the transaction id prefix in the producer factory".
  { dialect: 'spring', from: 'spring.kafka.template.transaction-id-prefix', to: 'transactional.id', role: 'producer' },
  springClient('consumer', 'group-id', 'group.id'),
  springClient('consumer', 'enable-auto-commit', 'enable.auto.commit'),
  springClient('consumer', 'auto-offset-reset', 'auto.offset.reset'),
  springClient('consumer', 'isolation-level', 'isolation.level'),
  springClient('consumer', 'max-poll-records', 'max.poll.records'),
  springClient('consumer', 'key-deserializer', 'key.deserializer'),
  springClient('consumer', 'value-deserializer', 'value.deserializer'),
  springClient('consumer', 'bootstrap-servers', 'bootstrap.servers'),
  springClient('consumer', 'client-id', 'client.id'),
  springClient('consumer', 'fetch-min-size', 'fetch.min.bytes', 'spring-data-size'),
  springClient('consumer', 'auto-commit-interval', 'auto.commit.interval.ms', 'spring-duration'),
  springClient('consumer', 'heartbeat-interval', 'heartbeat.interval.ms', 'spring-duration'),
  springClient('consumer', 'max-poll-interval', 'max.poll.interval.ms', 'spring-duration'),
  springClient('consumer', 'fetch-max-wait', 'fetch.max.wait.ms', 'spring-duration'),
]

/** Spring Boot prefixes under which Kafka's own property names are passed through unchanged. */
export const SPRING_PASS_THROUGH: readonly { readonly prefix: string; readonly role: KafkaRole | 'any' }[] = [
  { prefix: 'spring.kafka.properties.', role: 'any' },
  { prefix: 'spring.kafka.producer.properties.', role: 'producer' },
  { prefix: 'spring.kafka.consumer.properties.', role: 'consumer' },
  { prefix: 'spring.kafka.admin.properties.', role: 'broker' },
]

export interface ValueAlias {
  readonly dialect: Dialect
  readonly key: string
  readonly from: string
  readonly to: string
}

const ASSIGNOR_PACKAGE = 'org.apache.kafka.clients.consumer.'

/** Other spellings of values, per canonical key. Matched case-insensitively. */
export const VALUE_ALIASES: readonly ValueAlias[] = [
  { dialect: 'kafka', key: 'acks', from: '-1', to: 'all' },
  { dialect: 'librdkafka', key: 'auto.offset.reset', from: 'smallest', to: 'earliest' },
  { dialect: 'librdkafka', key: 'auto.offset.reset', from: 'beginning', to: 'earliest' },
  { dialect: 'librdkafka', key: 'auto.offset.reset', from: 'largest', to: 'latest' },
  { dialect: 'librdkafka', key: 'auto.offset.reset', from: 'end', to: 'latest' },
  { dialect: 'librdkafka', key: 'auto.offset.reset', from: 'error', to: 'none' },
  { dialect: 'kafka', key: 'partition.assignment.strategy', from: `${ASSIGNOR_PACKAGE}RangeAssignor`, to: 'range' },
  {
    dialect: 'kafka',
    key: 'partition.assignment.strategy',
    from: `${ASSIGNOR_PACKAGE}RoundRobinAssignor`,
    to: 'roundrobin',
  },
  { dialect: 'kafka', key: 'partition.assignment.strategy', from: `${ASSIGNOR_PACKAGE}StickyAssignor`, to: 'sticky' },
  {
    dialect: 'kafka',
    key: 'partition.assignment.strategy',
    from: `${ASSIGNOR_PACKAGE}CooperativeStickyAssignor`,
    to: 'cooperative-sticky',
  },
  { dialect: 'python', key: 'partition.assignment.strategy', from: 'RangePartitionAssignor', to: 'range' },
  { dialect: 'python', key: 'partition.assignment.strategy', from: 'RoundRobinPartitionAssignor', to: 'roundrobin' },
  { dialect: 'python', key: 'partition.assignment.strategy', from: 'StickyPartitionAssignor', to: 'sticky' },
]

/** Spring Boot binds these to Java enums, so READ_COMMITTED and read-committed both mean Kafka's read_committed. */
const SPRING_ENUM_KEYS = new Set(['isolation.level', 'auto.offset.reset'])

/** librdkafka properties with no Java client counterpart: accepted, and said to be ignored. */
const LIBRDKAFKA_ONLY = new Set([
  'api.version.request',
  'batch.num.messages',
  'broker.address.family',
  'broker.address.ttl',
  'broker.version.fallback',
  'builtin.features',
  'coordinator.query.interval.ms',
  'debug',
  'delivery.report.only.error',
  'enable.auto.offset.store',
  'enable.gapless.guarantee',
  'enable.partition.eof',
  'enable.random.seed',
  'enabled_events',
  'fetch.error.backoff.ms',
  'fetch.queue.backoff.ms',
  'group.protocol.type',
  'log.connection.close',
  'log.queue',
  'log.thread.name',
  'log_level',
  'message.copy.max.bytes',
  'message.max.bytes',
  'partitioner',
  'queue.buffering.backpressure.threshold',
  'queue.buffering.max.kbytes',
  'queue.buffering.max.messages',
  'queued.max.messages.kbytes',
  'queued.min.messages',
  'queuing.strategy',
  'receive.message.max.bytes',
  'statistics.interval.ms',
  'sticky.partitioning.linger.ms',
  'topic.blacklist',
])
const LIBRDKAFKA_ONLY_PREFIXES = ['topic.metadata.', 'socket.'] // socket.connection.setup.timeout.* is Java's too

const JAVA_SOCKET_KEYS = new Set(['socket.connection.setup.timeout.ms', 'socket.connection.setup.timeout.max.ms'])

export type Normalized =
  | {
      readonly kind: 'property'
      readonly key: string
      readonly value: string | readonly string[]
      /** Set when the key or value was translated from another dialect. */
      readonly note: string | null
    }
  | { readonly kind: 'ignored'; readonly reason: string }

const UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

/** A Spring Boot Duration ("5s", "100ms", ISO-8601 "PT5S"; a bare number is milliseconds) in whole ms, or null. */
export function parseSpringDuration(text: string): number | null {
  const trimmed = text.trim()
  const simple = /^(\d+)(ns|us|ms|s|m|h|d)?$/i.exec(trimmed)
  if (simple !== null) return Math.floor(Number(simple[1]) * UNITS_MS[(simple[2] ?? 'ms').toLowerCase()]!)
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(trimmed)
  if (iso === null || /^PT?$/i.test(trimmed)) return null
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = iso
  const ms = Number(days) * UNITS_MS.d! + Number(hours) * UNITS_MS.h! + Number(minutes) * UNITS_MS.m!
  return Math.floor(ms + Number(seconds) * 1000)
}

const BYTES: Readonly<Record<string, number>> = { b: 1, kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 }

/** A Spring DataSize ("16KB", "1MB"; binary multiples; a bare number is bytes) in bytes, or null. */
export function parseSpringDataSize(text: string): number | null {
  const match = /^([+-]?\d+)([a-z]{0,2})$/i.exec(text.trim())
  const unit = BYTES[(match?.[2] || 'b').toLowerCase()]
  return match === null || unit === undefined ? null : Number(match[1]) * unit
}

/** A segment of a Spring property name: `[...]` keeps what it holds as written (a map key, or a list index). */
function nameSegments(name: string): { readonly text: string; readonly bracketed: boolean }[] {
  const segments: { text: string; bracketed: boolean }[] = []
  let current = ''
  const end = () => {
    if (current !== '') segments.push({ text: current, bracketed: false })
    current = ''
  }
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!
    if (c === '.') end()
    else if (c === '[' && name.indexOf(']', i) > i) {
      end()
      const close = name.indexOf(']', i)
      segments.push({ text: name.slice(i + 1, close), bracketed: true })
      i = close
    } else current += c
  }
  end()
  return segments
}

/** The Spring properties that are maps: their keys are Kafka's own names (or JAAS options), kept as written. */
const SPRING_MAPS =
  /^spring\.kafka\.(?:(?:producer|consumer|admin|streams)\.)?properties$|^spring\.kafka\.jaas\.options$/

/**
 * A Spring Boot property name in its canonical form, as Spring's relaxed binding reads it: `bootstrapServers`,
 * `bootstrap_servers` and `BOOTSTRAP-SERVERS` are all `bootstrap-servers`; the keys of `properties` maps keep their
 * spelling (`properties[sasl.jaas.config]` is `properties.sasl.jaas.config`); a list index stays `[0]`.
 */
export function springPropertyName(written: string): string {
  const segments = nameSegments(written.trim())
  let name = ''
  for (const [i, { text, bracketed }] of segments.entries()) {
    if (SPRING_MAPS.test(name)) return [name, ...segments.slice(i).map(segment => segment.text)].join('.')
    if (bracketed && /^\d+$/.test(text)) name += `[${text}]`
    else {
      const part = bracketed
        ? text
        : text
            .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
            .replaceAll('_', '-')
            .toLowerCase()
      name = name === '' ? part : `${name}.${part}`
    }
  }
  return name
}

const roleMatches = (wanted: KafkaRole | 'any', role: KafkaRole) => wanted === 'any' || wanted === role

const isLibrdkafkaOnly = (role: KafkaRole, key: string) =>
  (role === 'producer' || role === 'consumer') &&
  !JAVA_SOCKET_KEYS.has(key) &&
  (LIBRDKAFKA_ONLY.has(key) || LIBRDKAFKA_ONLY_PREFIXES.some(prefix => key.startsWith(prefix)))

/** Translates one value to Kafka's spelling (a list element by element), with the aliases it used. */
export function normalizeValue(
  key: string,
  value: string | readonly string[],
): { readonly value: string | readonly string[]; readonly used: readonly ValueAlias[] } {
  const used: ValueAlias[] = []
  const one = (text: string) => {
    const alias = VALUE_ALIASES.find(a => a.key === key && a.from.toLowerCase() === text.trim().toLowerCase())
    if (alias !== undefined) used.push(alias)
    return alias?.to ?? text.trim()
  }
  if (typeof value !== 'string') return { value: value.map(one), used }
  return { value: key === 'partition.assignment.strategy' ? value.split(',').map(one).join(',') : one(value), used }
}

type KeyResult =
  { readonly key: string; readonly dialect: Dialect; readonly alias: KeyAlias | null } | { readonly ignored: string }

function springKey(role: KafkaRole, key: string): KeyResult {
  const passThrough = SPRING_PASS_THROUGH.find(p => key.startsWith(p.prefix))
  if (passThrough !== undefined)
    return roleMatches(passThrough.role, role)
      ? { key: key.slice(passThrough.prefix.length), dialect: 'spring', alias: null }
      : {
          ignored: `${key} configures the ${passThrough.role === 'broker' ? 'admin client' : passThrough.role}, not the ${role}`,
        }
  if (key === 'spring.kafka.listener.ack-mode')
    return {
      ignored: `${key} decides when Spring commits offsets; kafkacheck check --spring reads it as the app block's`,
    }
  const [, owner, name = ''] = /^spring\.kafka\.(producer|consumer)\.(.+)$/.exec(key) ?? []
  if (owner === undefined) return { ignored: `${key} is a Spring Boot setting, not a Kafka client property` }
  if (owner !== role) return { ignored: `${key} configures the ${owner}, not the ${role}` }
  // Spring Boot binds only the names KafkaProperties has and drops the rest without a word.
  const kafkaName = name.replaceAll('-', '.')
  return {
    ignored:
      `${key} is not a Spring Boot property, so Spring ignores it ` +
      `(spring.kafka.${owner}.properties.${kafkaName} would pass ${kafkaName} to the ${owner})`,
  }
}

function canonicalKey(role: KafkaRole, writtenKey: string): KeyResult {
  const written = writtenKey.startsWith('spring.') ? springPropertyName(writtenKey) : writtenKey
  const alias = KEY_ALIASES.find(a => a.from === written && roleMatches(a.role, role))
  if (alias !== undefined) return { key: alias.to, dialect: alias.dialect, alias }
  // ErrorHandlingDeserializer reads its delegate from the consumer's own properties, under Spring's name.
  if (written === 'spring.deserializer.value.delegate.class' && role === 'consumer')
    return { key: written, dialect: 'kafka', alias: null }
  if (written.startsWith('spring.')) return springKey(role, written)
  if (isLibrdkafkaOnly(role, written))
    return { ignored: `${written} is a librdkafka setting the Java client does not have` }
  if (written.includes('_') && !written.includes('.')) {
    const dotted = canonicalKey(role, written.replaceAll('_', '.'))
    return 'ignored' in dotted ? dotted : { ...dotted, dialect: 'python' }
  }
  return { key: written, dialect: 'kafka', alias: null }
}

/** One written key and value, in `role`'s block, as the Java client would name and spell them. */
export function normalizeProperty(
  role: KafkaRole,
  writtenKey: string,
  writtenValue: string | readonly string[],
): Normalized {
  const written = writtenKey.trim()
  const result = canonicalKey(role, written)
  if ('ignored' in result) return { kind: 'ignored', reason: result.ignored }
  const { key, dialect, alias } = result
  const notes = key === written ? [] : [`${written} is read as ${key} (${dialect} spelling)`]
  const translated = normalizeValue(key, writtenValue)
  let value = translated.value
  for (const { dialect: from, from: text, to } of translated.used)
    if (from !== 'kafka') notes.push(`${key}=${text} is read as ${to} (${from} spelling)`)
  if (alias?.dialect === 'spring' && SPRING_ENUM_KEYS.has(key) && typeof value === 'string') {
    const constant = value.toLowerCase().replaceAll('-', '_')
    if (constant !== value) notes.push(`${key}=${value} is read as ${constant} (spring spelling)`)
    value = constant
  }
  if (alias?.value !== undefined && typeof value === 'string') {
    const parsed = alias.value === 'spring-duration' ? parseSpringDuration(value) : parseSpringDataSize(value)
    if (parsed !== null && String(parsed) !== value) {
      notes.push(`${written}=${value} is read as ${key}=${parsed}`)
      value = String(parsed)
    }
  }
  return { kind: 'property', key, value, note: notes.length === 0 ? null : notes.join('; ') }
}
