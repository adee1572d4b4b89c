// A Spring Boot service's application.yml (or .properties), with its profiles, read as Spring Boot binds it: each
// spring.kafka.* key to the client it configures, in Kafka's spelling, with the file and line it came from; the
// listener's ack-mode as the app block's commit settings; warnings only for what changes meaning.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatOrigin, resolveScenario, type RawBlock, type RawScenario, type Warning } from '../../../spec/index.js'
import { formatIssue } from '../../../src/input/errors.js'
import { readScenarioFlags, type ScenarioFlags } from '../../../src/input/scenario.js'
import { profilesMatch } from '../../../src/input/springFiles.js'
import { REPOSITORY } from '../cli/kafkacheck.js'

const YML = 'test/fixtures/spring/application.yml'
const PROPERTIES = 'test/fixtures/spring/application.properties'
const PROD = 'test/fixtures/spring/application-prod.yml'

function read(flags: ScenarioFlags, cwd = REPOSITORY): RawScenario {
  const raw = readScenarioFlags(flags, cwd)
  if ('kind' in raw) throw new Error(formatIssue(raw))
  return raw
}

function resolved(flags: ScenarioFlags, cwd = REPOSITORY) {
  const raw = read(flags, cwd)
  const resolution = resolveScenario(raw)
  if (!resolution.ok) throw new Error(formatIssue(resolution.issue))
  return { raw, ...resolution }
}

function failure(flags: ScenarioFlags, cwd: string): string {
  const raw = readScenarioFlags(flags, cwd)
  if ('kind' in raw) return formatIssue(raw)
  const resolution = resolveScenario(raw)
  if (resolution.ok) throw new Error('expected bad input')
  return formatIssue(resolution.issue)
}

/** Each entry of a block as `value @ file:line`. */
const entries = (block: RawBlock | undefined): Record<string, string> =>
  Object.fromEntries(
    [...(block ?? new Map())].map(([key, entry]) => [
      key,
      `${typeof entry.value === 'string' ? entry.value : entry.value.join(',')} @ ${formatOrigin(entry.origin)}`,
    ]),
  )

/** What a person is warned about: everything but the translations. */
const warningsOf = (warnings: readonly Warning[]) =>
  warnings.filter(w => w.kind !== 'dialect').map(w => `${formatOrigin(w.origin)}: ${w.message}`)

/** A folder holding `files`, for the cases the fixtures do not show. */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-spring-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

describe('a Spring Boot application.yml', () => {
  it('gives each client its settings in Kafka spelling, each with the file and line it came from', () => {
    const { raw } = resolved({ spring: YML })
    expect(entries(raw.blocks.producer)).toEqual({
      'bootstrap.servers': `localhost:9092 @ ${YML}:9`,
      'client.id': `orders-service @ ${YML}:10`,
      acks: `all @ ${YML}:12`,
      'batch.size': `32768 @ ${YML}:13`,
      'compression.type': `lz4 @ ${YML}:14`,
      'key.serializer': `org.apache.kafka.common.serialization.StringSerializer @ ${YML}:15`,
      'value.serializer': `org.springframework.kafka.support.serializer.JsonSerializer @ ${YML}:16`,
      'enable.idempotence': `true @ ${YML}:18`,
      'linger.ms': `20 @ ${YML}:19`,
      'delivery.timeout.ms': `120000 @ ${YML}:20`,
    })
    expect(entries(raw.blocks.consumer)).toEqual({
      'bootstrap.servers': `localhost:9092 @ ${YML}:9`,
      'client.id': `orders-service @ ${YML}:10`,
      'group.id': `orders-service @ ${YML}:22`,
      'auto.offset.reset': `earliest @ ${YML}:23`,
      'max.poll.records': `100 @ ${YML}:24`,
      'isolation.level': `read_committed @ ${YML}:25`,
      'key.deserializer': `org.apache.kafka.common.serialization.StringDeserializer @ ${YML}:26`,
      'value.deserializer': `org.springframework.kafka.support.serializer.ErrorHandlingDeserializer @ ${YML}:27`,
      'spring.deserializer.value.delegate.class': `org.springframework.kafka.support.serializer.JsonDeserializer @ ${YML}:29`,
      'max.poll.interval.ms': `300000 @ ${YML}:31`,
      // Not in the file: Spring Kafka's container turns auto-commit off unless it is set.
      'enable.auto.commit': 'false @ Spring Kafka default',
    })
    expect(entries(raw.blocks.app)).toEqual({
      commit: `after-process @ ${YML}:33`,
      'commit-interval': `every-batch @ ${YML}:33`,
    })
  })

  it('resolves to the effective configuration the service runs with, and warns about nothing', () => {
    const { scenario, warnings } = resolved({ spring: YML })
    expect(scenario.producer).toMatchObject({
      acks: 'all',
      'enable.idempotence': true,
      'linger.ms': 20,
      'delivery.timeout.ms': 120000,
      'transactional.id': null,
    })
    expect(scenario.consumer).toMatchObject({
      'group.id': 'orders-service',
      'enable.auto.commit': false,
      'auto.offset.reset': 'earliest',
      'isolation.level': 'read_committed',
      'max.poll.records': 100,
    })
    expect(scenario.app).toMatchObject({
      commit: 'after-process',
      'commit-interval': 'every-batch',
      processing: 'sync',
    })
    expect(scenario.cluster.consumers).toBe(1)
    expect(warningsOf(warnings)).toEqual([])
  })

  it('notes every Spring key it read, with what it became, for --verbose', () => {
    const { warnings } = resolved({ spring: YML })
    const notes = warnings.filter(w => w.kind === 'dialect').map(w => `${formatOrigin(w.origin)}: ${w.message}`)
    expect(notes).toContain(
      `${YML}:9: spring.kafka.bootstrap-servers is read as bootstrap.servers (spring spelling), ` +
        'for the producer and the consumer',
    )
    expect(notes).toContain(
      `${YML}:13: spring.kafka.producer.batch-size is read as batch.size (spring spelling); ` +
        'spring.kafka.producer.batch-size=32KB is read as batch.size=32768, for the producer',
    )
    expect(notes).toContain(
      `${YML}:33: spring.kafka.listener.ack-mode=record is read as app commit=after-process ` +
        'commit-interval=every-batch: the offset is committed when the listener returns from each record',
    )
    expect(notes).toContain(
      `${YML}:30: spring.kafka.consumer.properties.spring.json.trusted.packages is read by the serializers or ` +
        'deserializers, not by the Kafka client; not modelled',
    )
    // server.port, management.*, logging.*: not Kafka's, and not worth a line.
    expect(notes.filter(note => !note.includes('spring.kafka.'))).toEqual([])
  })

  it('reads application.properties with the same keys to the same configuration', () => {
    const yml = resolved({ spring: YML })
    const properties = resolved({ spring: PROPERTIES })
    expect(properties.scenario.producer).toEqual(yml.scenario.producer)
    expect(properties.scenario.consumer).toEqual(yml.scenario.consumer)
    expect(properties.scenario.app).toEqual(yml.scenario.app)
    expect(warningsOf(properties.warnings)).toEqual([])
    expect(properties.raw.blocks.producer!.get('acks')!.origin).toEqual({ file: PROPERTIES, line: 8 })
  })
})

describe('Spring profiles', () => {
  it('applies application-prod.yml over application.yml key by key', () => {
    const raw = read({ spring: YML, springProfile: 'prod' })
    const producer = entries(raw.blocks.producer)
    expect(producer['bootstrap.servers']).toBe(
      `kafka-1.prod.internal:9093,kafka-2.prod.internal:9093,kafka-3.prod.internal:9093 @ ${PROD}:4`,
    )
    expect(producer['security.protocol']).toBe(`SASL_SSL @ ${PROD}:9`)
    expect(producer['sasl.mechanism']).toBe(`PLAIN @ ${PROD}:14`)
    expect(producer.acks).toBe(`all @ ${YML}:12`)
    const consumer = entries(raw.blocks.consumer)
    expect(consumer['auto.offset.reset']).toBe(`latest @ ${PROD}:19`)
    expect(consumer['group.id']).toBe(`orders-service @ ${YML}:22`)
    expect(consumer['sasl.jaas.config']).toMatch(new RegExp(`password="orders-pw-4c1d"; @ ${PROD}:15$`))
    expect(raw.notes.map(n => n.message)).toContain(
      'spring.kafka.consumer.auto-offset-reset is read as auto.offset.reset (spring spelling), for the consumer; ' +
        `it replaces ${YML}:23`,
    )
  })

  it('resolves the prod profile against the brokers it connects to, without a warning', () => {
    const { scenario, warnings } = resolved({
      spring: YML,
      springProfile: 'prod',
      broker: 'test/fixtures/spring/server-prod.properties',
    })
    expect(scenario.consumer['auto.offset.reset']).toBe('latest')
    expect(scenario.security?.consumer?.['security.protocol']).toBe('SASL_SSL')
    expect(warningsOf(warnings)).toEqual([])
  })

  it('activates the profiles the file names in spring.profiles.active, and documents for them', () => {
    const dir = folder({
      'application.yml': [
        'spring:',
        '  profiles:',
        '    active: batch',
        '  kafka:',
        '    consumer:',
        '      group-id: billing',
        '    listener:',
        '      ack-mode: batch',
        '---',
        'spring:',
        '  config:',
        '    activate:',
        '      on-profile: batch & !local',
        '  kafka:',
        '    listener:',
        '      ack-mode: count_time',
        '      ack-count: 100',
        '      ack-time: 5s',
        '---',
        'spring.config.activate.on-profile: local',
        'spring.kafka.consumer.group-id: billing-local',
        '',
      ].join('\n'),
    })
    const { raw } = resolved({ spring: 'application.yml' }, dir)
    expect(entries(raw.blocks.app)).toEqual({
      commit: 'after-process @ application.yml:16',
      'commit-interval': 'periodic @ application.yml:16',
    })
    expect(entries(raw.blocks.consumer)['group.id']).toBe('billing @ application.yml:6')
    // --spring-profile replaces what the file activates.
    const local = read({ spring: 'application.yml', springProfile: 'local' }, dir)
    expect(entries(local.blocks.consumer)['group.id']).toBe('billing-local @ application.yml:21')
    expect(entries(local.blocks.app)['commit-interval']).toBe('every-batch @ application.yml:8')
  })

  it('reads #--- documents of a .properties file, and a profile .properties next to a .yml', () => {
    const dir = folder({
      'application.yml': 'spring.kafka.producer.acks: 1\nspring.kafka.consumer.group-id: g\n',
      'application-eu.properties': [
        'spring.kafka.producer.acks=all',
        '#---',
        'spring.config.activate.on-profile=eu',
        'spring.kafka.consumer.group-id=g-eu',
        '#---',
        'spring.config.activate.on-profile=us',
        'spring.kafka.consumer.group-id=g-us',
        '',
      ].join('\n'),
    })
    const { raw } = resolved({ spring: 'application.yml', springProfile: 'eu' }, dir)
    expect(entries(raw.blocks.producer).acks).toBe('all @ application-eu.properties:1')
    expect(entries(raw.blocks.consumer)['group.id']).toBe('g-eu @ application-eu.properties:4')
  })

  it('refuses a profile with no file and no document of its own, naming what it looked for', () => {
    expect(failure({ spring: YML, springProfile: 'staging' }, REPOSITORY)).toBe(
      '--spring-profile staging: no application-staging.yml, application-staging.yaml, application-staging.properties ' +
        'next to it, and no document of it has spring.config.activate.on-profile: staging (test/fixtures/spring/application.yml)',
    )
  })

  it.each([
    ['prod', ['prod'], true],
    ['prod', ['dev'], false],
    ['!prod', ['dev'], true],
    ['prod & eu', ['prod', 'eu'], true],
    ['prod & eu', ['prod'], false],
    ['prod | eu', ['eu'], true],
    ['dev, test', ['test'], true],
    ['(prod | staging) & !local', ['staging'], true],
    ['(prod | staging) & !local', ['staging', 'local'], false],
  ] as const)('on-profile %j with %j active is %s', (expression, active, expected) => {
    expect(profilesMatch(expression, active)).toBe(expected)
  })

  it.each(['', 'prod &', '(prod', 'prod)'])('on-profile %j is not an expression', expression => {
    expect(profilesMatch(expression, ['prod'])).toBeNull()
  })
})

describe('the listener ack-mode', () => {
  const withAckMode = (mode: string, extra = '') =>
    folder({
      'application.properties': `spring.kafka.consumer.group-id=g\nspring.kafka.listener.ack-mode=${mode}\n${extra}`,
    })

  // Spring Kafka reference, "Committing Offsets": every mode commits after the listener processed; TIME and COUNT
  // skip some batches, which app commit-interval=periodic lets the model do.
  it.each([
    ['RECORD', 'every-batch'],
    ['BATCH', 'every-batch'],
    ['TIME', 'periodic'],
    ['COUNT', 'periodic'],
    ['COUNT_TIME', 'periodic'],
    ['MANUAL', 'every-batch'],
    ['MANUAL_IMMEDIATE', 'every-batch'],
    ['manual-immediate', 'every-batch'],
    ['count_time', 'periodic'],
  ])('%s commits after processing, %s', (mode, interval) => {
    const { scenario, warnings } = resolved({ spring: 'application.properties' }, withAckMode(mode))
    expect(scenario.app).toMatchObject({ commit: 'after-process', 'commit-interval': interval, processing: 'sync' })
    expect(scenario.consumer['enable.auto.commit']).toBe(false)
    expect(warningsOf(warnings)).toEqual([])
  })

  it('is not used when the Kafka consumer auto-commits, and says so', () => {
    const dir = withAckMode('RECORD', 'spring.kafka.consumer.enable-auto-commit=true\n')
    const { raw, scenario, warnings } = resolved({ spring: 'application.properties' }, dir)
    expect(raw.blocks.app).toBeUndefined()
    expect(scenario.consumer['enable.auto.commit']).toBe(true)
    expect(warningsOf(warnings)).toEqual([
      'application.properties:2: spring.kafka.listener.ack-mode is used only with enable.auto.commit=false; with ' +
        'enable.auto.commit=true (application.properties:3) the Kafka consumer commits by itself and the container ' +
        'does not; ignored',
    ])
  })

  it('names the file, the line and the modes there are when the value is not one', () => {
    expect(failure({ spring: 'application.properties' }, withAckMode('EVERY_RECORD'))).toBe(
      'application.properties:2: spring.kafka.listener.ack-mode=EVERY_RECORD is not allowed; allowed: RECORD, BATCH, ' +
        'TIME, COUNT, COUNT_TIME, MANUAL, MANUAL_IMMEDIATE',
    )
  })

  it('warns that async acks are not checked, with a manual mode', () => {
    const dir = withAckMode('MANUAL', 'spring.kafka.listener.async-acks=true\n')
    expect(warningsOf(resolved({ spring: 'application.properties' }, dir).warnings)).toEqual([
      expect.stringMatching(/^application\.properties:3: spring\.kafka\.listener\.async-acks=true lets the listener/),
    ])
  })

  it('reads retry topics as the app retry setting', () => {
    const dir = folder({ 'application.yml': 'spring.kafka:\n  consumer.group-id: g\n  retry.topic.enabled: true\n' })
    const { scenario, warnings } = resolved({ spring: 'application.yml' }, dir)
    expect(scenario.app.retry).toBe('retry-topic')
    expect(warningsOf(warnings)).toEqual([])
  })
})

describe('what Spring Boot does with the keys', () => {
  it('binds camelCase, snake_case and [bracketed] names as their canonical form', () => {
    const dir = folder({
      'application.yml': [
        'spring:',
        '  kafka:',
        '    bootstrapServers: broker:9092',
        '    producer:',
        '      compression_type: zstd',
        '      properties:',
        '        "[enable.idempotence]": false',
        '        acks: 1',
        '    consumer:',
        '      groupId: g',
        '',
      ].join('\n'),
    })
    const raw = read({ spring: 'application.yml' }, dir)
    expect(entries(raw.blocks.producer)).toMatchObject({
      'bootstrap.servers': 'broker:9092 @ application.yml:3',
      'compression.type': 'zstd @ application.yml:5',
      'enable.idempotence': 'false @ application.yml:7',
      acks: '1 @ application.yml:8',
    })
    expect(entries(raw.blocks.consumer)['group.id']).toBe('g @ application.yml:10')
  })

  it('folds bootstrap-servers[0], [1] of a .properties file into one list', () => {
    const dir = folder({
      'application.properties': 'spring.kafka.bootstrap-servers[0]=a:9092\nspring.kafka.bootstrap-servers[1]=b:9092\n',
    })
    expect(entries(read({ spring: 'application.properties' }, dir).blocks.producer)['bootstrap.servers']).toBe(
      'a:9092,b:9092 @ application.properties:1',
    )
  })

  it('puts a shared pass-through only where a client has the property', () => {
    const dir = folder({
      'application.yml': [
        'spring.kafka:',
        '  properties:',
        '    enable.idempotence: true',
        '    isolation.level: read_committed',
        '    security.protocol: PLAINTEXT',
        '  consumer.group-id: g',
        '',
      ].join('\n'),
    })
    const { raw, warnings } = resolved({ spring: 'application.yml' }, dir)
    expect(Object.keys(entries(raw.blocks.producer))).toEqual(['enable.idempotence', 'security.protocol'])
    expect(Object.keys(entries(raw.blocks.consumer))).toEqual([
      'isolation.level',
      'security.protocol',
      'group.id',
      'enable.auto.commit',
    ])
    expect(warningsOf(warnings)).toEqual([])
  })

  it("lets a client's own setting replace a shared one quietly, and warns when two spellings of one disagree", () => {
    const dir = folder({
      'application.yml': [
        'spring.kafka:',
        '  bootstrap-servers: shared:9092',
        '  producer:',
        '    bootstrap-servers: own:9092',
        '    compression-type: lz4',
        '    properties:',
        '      compression.type: zstd',
        '',
      ].join('\n'),
    })
    const { raw, warnings } = resolved({ spring: 'application.yml' }, dir)
    expect(entries(raw.blocks.producer)).toMatchObject({
      'bootstrap.servers': 'own:9092 @ application.yml:4',
      'compression.type': 'zstd @ application.yml:7',
    })
    expect(warningsOf(warnings)).toEqual([
      'application.yml:5: spring.kafka.producer.compression-type=lz4 is replaced by ' +
        'spring.kafka.producer.properties.compression.type=zstd ' +
        '(application.yml:7), which Spring Boot applies after it; ignored',
    ])
  })

  it('warns about names Spring Boot does not have, since Spring drops them without a word', () => {
    const dir = folder({
      'application.yml': [
        'spring.kafka:',
        '  producer:',
        '    linger-ms: 5',
        '  consumer:',
        '    group-id: g',
        '  listener:',
        '    ack-mod: record',
        '  streams:',
        '    application-id: orders',
        '    properties.processing.guarantee: exactly_once_v2',
        '',
      ].join('\n'),
    })
    expect(warningsOf(resolved({ spring: 'application.yml' }, dir).warnings)).toEqual([
      'application.yml:3: spring.kafka.producer.linger-ms is not a Spring Boot property, so Spring ignores it ' +
        '(spring.kafka.producer.properties.linger.ms would pass linger.ms to the producer)',
      "application.yml:7: unknown Spring Boot property 'spring.kafka.listener.ack-mod' (did you mean " +
        'spring.kafka.listener.ack-mode?); Spring ignores it',
      'application.yml:9: spring.kafka.streams.* configures Kafka Streams (2 settings), which kafkacheck does not ' +
        'model; ignored',
    ])
  })

  it('resolves ${...} placeholders from the files, their defaults, or says a value is missing', () => {
    const dir = folder({
      'application.yml': [
        'app.kafka.group: billing',
        'spring.kafka:',
        '  bootstrap-servers: ${KAFKA_SERVERS:localhost:9092}',
        '  consumer:',
        '    group-id: ${app.kafka.group}',
        '    client-id: ${HOSTNAME}',
        '',
      ].join('\n'),
    })
    const { raw, warnings } = resolved({ spring: 'application.yml' }, dir)
    expect(entries(raw.blocks.consumer)).toMatchObject({
      'bootstrap.servers': 'localhost:9092 @ application.yml:3',
      'group.id': 'billing @ application.yml:5',
      'client.id': '${HOSTNAME} @ application.yml:6',
    })
    expect(warningsOf(warnings)).toEqual([
      'application.yml:6: spring.kafka.consumer.client-id uses ${HOSTNAME}, which these files do not set (Spring ' +
        'would take it from the environment or another property source); read as written',
    ])
  })

  it('says that a transactional producer makes the listener container transactional', () => {
    const dir = folder({
      'application.properties':
        'spring.kafka.producer.transaction-id-prefix=payments-tx-\nspring.kafka.consumer.group-id=payments\n',
    })
    const { scenario, warnings } = resolved({ spring: 'application.properties' }, dir)
    expect(scenario.producer['transactional.id']).toBe('payments-tx-')
    expect(warningsOf(warnings)).toEqual([
      expect.stringMatching(
        /^application\.properties:1: with spring\.kafka\.producer\.transaction-id-prefix, Spring Boot wires a KafkaTransactionManager/,
      ),
    ])
  })

  it('leaves the consumer out of a service that only produces', () => {
    const dir = folder({ 'application.yml': 'spring.kafka.producer.acks: all\n' })
    const { raw, scenario } = resolved({ spring: 'application.yml' }, dir)
    expect(raw.blocks.consumer).toBeUndefined()
    expect(scenario.cluster.consumers).toBe(0)
  })

  it('names the file, line and column of a YAML mistake, and refuses other file types', () => {
    const dir = folder({ 'application.yml': 'spring:\n  kafka:\n    acks: [all\n', 'application.json': '{}' })
    expect(failure({ spring: 'application.yml' }, dir)).toMatch(/^application\.yml:\d+:\d+: /)
    expect(failure({ spring: 'application.json' }, dir)).toBe(
      'cannot read application.json: a Spring Boot configuration is a .yml, .yaml or .properties file',
    )
    expect(failure({ spring: 'missing.yml' }, dir)).toBe('cannot read missing.yml: no such file')
  })
})

describe('one application.properties given as --producer and as --consumer', () => {
  it('does not warn that each client ignores the other one’s keys, and says a line both ignore once', () => {
    const warnings = warningsOf(resolved({ producer: PROPERTIES, consumer: PROPERTIES }).warnings)
    expect(warnings.filter(w => / not the (producer|consumer)$/.test(w.replace(/; ignored$/, '')))).toEqual([])
    expect(warnings.filter(w => w.includes('ack-mode'))).toEqual([
      `${PROPERTIES}:27: spring.kafka.listener.ack-mode decides when Spring commits offsets; kafkacheck check ` +
        "--spring reads it as the app block's; ignored",
    ])
  })
})
