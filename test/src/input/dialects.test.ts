import { describe, expect, it } from 'vitest'
import {
  KEY_ALIASES,
  normalizeProperty,
  normalizeValue,
  parseSpringDataSize,
  parseSpringDuration,
  SPRING_PASS_THROUGH,
  springPropertyName,
  VALUE_ALIASES,
} from '../../../src/input/dialects.js'
import type { KafkaRole } from '../../../spec/config/raw.js'

const roleOf = (role: KafkaRole | 'any'): KafkaRole => (role === 'any' ? 'producer' : role)

describe('the key alias table', () => {
  it.each(KEY_ALIASES.map(alias => [alias.from, alias.to, alias] as const))('%s is read as %s', (_from, _to, alias) => {
    const normalized = normalizeProperty(roleOf(alias.role), alias.from, '1')
    expect(normalized).toMatchObject({ kind: 'property', key: alias.to })
    expect(normalized.kind === 'property' && normalized.note).toContain(
      `read as ${alias.to} (${alias.dialect} spelling)`,
    )
  })

  it.each(SPRING_PASS_THROUGH.map(p => [p.prefix, p] as const))('%sX is read as X', (_prefix, passThrough) => {
    expect(normalizeProperty(roleOf(passThrough.role), `${passThrough.prefix}retries`, '3')).toMatchObject({
      kind: 'property',
      key: 'retries',
      value: '3',
    })
  })
})

describe('the translations people rely on', () => {
  it.each([
    ['producer', 'acks', '-1', 'acks', 'all'],
    ['producer', 'request.required.acks', '1', 'acks', '1'],
    ['producer', 'message.send.max.retries', '3', 'retries', '3'],
    ['producer', 'max.in.flight', '1', 'max.in.flight.requests.per.connection', '1'],
    ['producer', 'queue.buffering.max.ms', '5', 'linger.ms', '5'],
    ['producer', 'message.timeout.ms', '300000', 'delivery.timeout.ms', '300000'],
    ['consumer', 'auto.offset.reset', 'largest', 'auto.offset.reset', 'latest'],
    ['consumer', 'auto.offset.reset', 'smallest', 'auto.offset.reset', 'earliest'],
    ['producer', 'spring.kafka.producer.properties.enable.idempotence', 'false', 'enable.idempotence', 'false'],
    [
      'consumer',
      'spring.kafka.consumer.properties.isolation.level',
      'read_committed',
      'isolation.level',
      'read_committed',
    ],
    ['producer', 'spring.kafka.producer.acks', 'all', 'acks', 'all'],
    ['producer', 'spring.kafka.producer.retries', '2', 'retries', '2'],
    ['producer', 'spring.kafka.producer.transaction-id-prefix', 'tx-', 'transactional.id', 'tx-'],
    ['consumer', 'spring.kafka.consumer.group-id', 'g', 'group.id', 'g'],
    ['consumer', 'spring.kafka.consumer.enable-auto-commit', 'false', 'enable.auto.commit', 'false'],
    ['consumer', 'spring.kafka.consumer.auto-offset-reset', 'earliest', 'auto.offset.reset', 'earliest'],
    ['consumer', 'spring.kafka.consumer.auto-commit-interval', '100ms', 'auto.commit.interval.ms', '100'],
    [
      'consumer',
      'partition.assignment.strategy',
      'org.apache.kafka.clients.consumer.StickyAssignor',
      'partition.assignment.strategy',
      'sticky',
    ],
  ] as const)('%s %s=%s is %s=%s', (role, key, value, canonicalKey, canonicalValue) => {
    expect(normalizeProperty(role, key, value)).toMatchObject({
      kind: 'property',
      key: canonicalKey,
      value: canonicalValue,
    })
  })
})

describe('the value alias table', () => {
  it.each(VALUE_ALIASES.map(alias => [alias.key, alias.from, alias.to] as const))(
    '%s=%s is read as %s',
    (key, from, to) => {
      expect(normalizeValue(key, from).value).toBe(to)
      expect(normalizeValue(key, from.toUpperCase()).value).toBe(to)
    },
  )

  it('translates every element of an assignor list', () => {
    expect(
      normalizeValue(
        'partition.assignment.strategy',
        'org.apache.kafka.clients.consumer.RangeAssignor, org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
      ).value,
    ).toBe('range,cooperative-sticky')
    expect(normalizeValue('partition.assignment.strategy', ['RoundRobinPartitionAssignor', 'sticky']).value).toEqual([
      'roundrobin',
      'sticky',
    ])
  })

  it('leaves values of other keys alone', () => {
    expect(normalizeValue('retries', '-1').value).toBe('-1')
    expect(normalizeValue('acks', '1').value).toBe('1')
  })
})

describe('dialects', () => {
  it('reads Python snake_case as dotted names', () => {
    expect(normalizeProperty('producer', 'enable_idempotence', 'True')).toEqual({
      kind: 'property',
      key: 'enable.idempotence',
      value: 'True',
      note: 'enable_idempotence is read as enable.idempotence (python spelling)',
    })
    expect(normalizeProperty('producer', 'max_in_flight_requests_per_connection', '1')).toMatchObject({
      key: 'max.in.flight.requests.per.connection',
    })
    expect(normalizeProperty('consumer', 'group_id', 'g')).toMatchObject({ key: 'group.id' })
    expect(normalizeProperty('consumer', 'auto_offset_reset', 'smallest')).toMatchObject({
      key: 'auto.offset.reset',
      value: 'earliest',
    })
  })

  it('reads Spring Boot names as the Kafka properties Spring Boot sets from them', () => {
    expect(normalizeProperty('consumer', 'spring.kafka.consumer.fetch-min-size', '1KB')).toMatchObject({
      key: 'fetch.min.bytes',
      value: '1024',
    })
    expect(normalizeProperty('producer', 'spring.kafka.producer.batch-size', '32KB')).toMatchObject({
      key: 'batch.size',
      value: '32768',
    })
    expect(
      normalizeProperty('consumer', 'spring.kafka.consumer.ssl.trust-store-location', 'file:/t.jks'),
    ).toMatchObject({
      key: 'ssl.truststore.location',
    })
    expect(normalizeProperty('producer', 'spring.kafka.security.protocol', 'SASL_SSL')).toMatchObject({
      key: 'security.protocol',
    })
    expect(normalizeProperty('consumer', 'spring.kafka.consumer.auto-commit-interval', '5s')).toEqual({
      kind: 'property',
      key: 'auto.commit.interval.ms',
      value: '5000',
      note:
        'spring.kafka.consumer.auto-commit-interval is read as auto.commit.interval.ms (spring spelling); ' +
        'spring.kafka.consumer.auto-commit-interval=5s is read as auto.commit.interval.ms=5000',
    })
    expect(normalizeProperty('consumer', 'spring.kafka.consumer.isolation-level', 'read-committed')).toMatchObject({
      key: 'isolation.level',
      value: 'read_committed',
    })
    expect(normalizeProperty('consumer', 'spring.kafka.consumer.isolation-level', 'READ_COMMITTED')).toMatchObject({
      value: 'read_committed',
    })
    expect(normalizeProperty('consumer', 'isolation.level', 'READ_COMMITTED')).toMatchObject({
      value: 'READ_COMMITTED',
    })
  })

  it('ignores Spring settings of another role, and Spring settings that are not Kafka properties', () => {
    expect(normalizeProperty('producer', 'spring.kafka.consumer.group-id', 'g')).toEqual({
      kind: 'ignored',
      reason: 'spring.kafka.consumer.group-id configures the consumer, not the producer',
    })
    expect(normalizeProperty('producer', 'spring.application.name', 'app').kind).toBe('ignored')
    expect(normalizeProperty('producer', 'spring.kafka.producer.linger-ms', '5')).toEqual({
      kind: 'ignored',
      reason:
        'spring.kafka.producer.linger-ms is not a Spring Boot property, so Spring ignores it ' +
        '(spring.kafka.producer.properties.linger.ms would pass linger.ms to the producer)',
    })
    expect(normalizeProperty('consumer', 'spring.kafka.listener.ack-mode', 'RECORD')).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('app block'),
    })
  })

  it('ignores librdkafka settings the Java client does not have, but not in server.properties', () => {
    expect(normalizeProperty('producer', 'queue.buffering.max.messages', '1000').kind).toBe('ignored')
    expect(normalizeProperty('consumer', 'topic.metadata.refresh.interval.ms', '1').kind).toBe('ignored')
    expect(normalizeProperty('producer', 'socket.connection.setup.timeout.ms', '1').kind).toBe('property')
    expect(normalizeProperty('broker', 'socket.send.buffer.bytes', '1').kind).toBe('property')
  })

  it('leaves Kafka’s own names untouched, without a note', () => {
    expect(normalizeProperty('producer', 'acks', 'all')).toEqual({
      kind: 'property',
      key: 'acks',
      value: 'all',
      note: null,
    })
    expect(normalizeProperty('producer', 'acks', '-1')).toEqual({
      kind: 'property',
      key: 'acks',
      value: 'all',
      note: null,
    })
  })
})

describe('Spring relaxed binding', () => {
  it.each([
    ['spring.kafka.bootstrapServers', 'spring.kafka.bootstrap-servers'],
    ['spring.kafka.bootstrap_servers', 'spring.kafka.bootstrap-servers'],
    ['SPRING.KAFKA.CONSUMER.GROUP-ID', 'spring.kafka.consumer.group-id'],
    ['spring.kafka.properties[sasl.jaas.config]', 'spring.kafka.properties.sasl.jaas.config'],
    [
      'spring.kafka.consumer.properties.spring.json.trusted.packages',
      'spring.kafka.consumer.properties.spring.json.trusted.packages',
    ],
    ['spring.kafka.producer.properties.enable.idempotence', 'spring.kafka.producer.properties.enable.idempotence'],
    ['spring.kafka.bootstrap-servers[1]', 'spring.kafka.bootstrap-servers[1]'],
    ['spring.kafka.jaas.options.loginModuleName', 'spring.kafka.jaas.options.loginModuleName'],
  ])('%s is %s', (written, canonical) => expect(springPropertyName(written)).toBe(canonical))

  it('reads a camelCase Spring name as its kebab-case one', () => {
    expect(normalizeProperty('producer', 'spring.kafka.producer.transactionIdPrefix', 'tx-')).toMatchObject({
      key: 'transactional.id',
      note: 'spring.kafka.producer.transactionIdPrefix is read as transactional.id (spring spelling)',
    })
  })
})

describe('Spring data sizes', () => {
  it.each([
    ['16384', 16384],
    ['16KB', 16384],
    ['1MB', 1048576],
    ['2gb', 2147483648],
    ['10B', 10],
  ])('%s is %d bytes', (text, bytes) => expect(parseSpringDataSize(text)).toBe(bytes))

  it.each(['', '16 KB', '1.5MB', '16KiB'])('%j is not a data size', text =>
    expect(parseSpringDataSize(text)).toBeNull(),
  )
})

describe('Spring durations', () => {
  it.each([
    ['5000', 5000],
    ['5s', 5000],
    ['100ms', 100],
    ['2m', 120000],
    ['1h', 3600000],
    ['1d', 86400000],
    ['1500us', 1],
    ['PT5S', 5000],
    ['PT0.5S', 500],
    ['PT1M30S', 90000],
    ['P1DT1H', 90000000],
  ])('%s is %d ms', (text, ms) => expect(parseSpringDuration(text)).toBe(ms))

  it.each(['', 'five seconds', '5 s', 'P', 'PT', '-5s'])('%j is not a duration', text =>
    expect(parseSpringDuration(text)).toBeNull(),
  )
})
