import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BlockName, RawScenario } from '../../../spec/index.js'
import { readDeploymentFile } from '../../../src/input/brokerFiles.js'
import {
  bitnamiProperty,
  interpolate,
  kafkaDockerProperty,
  kafkaVersionOfTag,
  KAFKA_IMAGES,
  parseImage,
} from '../../../src/input/compose.js'
import { formatIssue, formatWarning, type LoadResult } from '../../../src/input/errors.js'
import { mskVersion } from '../../../src/input/msk.js'
import { loadScenarioFile, readScenarioFlags, scenarioFromFlags } from '../../../src/input/scenario.js'
import { REPOSITORY } from '../cli/kafkacheck.js'

const FIXTURES = 'test/fixtures/brokers'
const fixture = (name: string) => readFileSync(join(REPOSITORY, FIXTURES, name), 'utf8')

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kafkacheck-brokers-'))
})

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return name
}

/** A producer that reaches the listener on `port` (a broker with several listeners needs bootstrap.servers). */
const producer = (port: number) => {
  writeFileSync(join(dir, 'producer.properties'), `bootstrap.servers=localhost:${port}\nacks=all\n`)
  return join(dir, 'producer.properties')
}

function raw(flags: Parameters<typeof readScenarioFlags>[0], cwd = REPOSITORY): RawScenario {
  const read = readScenarioFlags(flags, cwd)
  if ('kind' in read) throw new Error(formatIssue(read))
  return read
}

/** A block as `key: value @ file:line`, the way a report names where a value came from. */
const written = (scenario: RawScenario, block: BlockName): Record<string, string> =>
  Object.fromEntries(
    [...(scenario.blocks[block] ?? new Map())].map(([key, { value, origin }]) => [
      key,
      `${String(value)} @ ${origin.file}:${origin.line}`,
    ]),
  )

function success(result: LoadResult) {
  if (!result.ok) throw new Error(formatIssue(result.issue))
  return result
}

function failure(result: LoadResult | RawScenario | { kind: string; message: string }): string {
  if ('ok' in result) {
    if (result.ok) throw new Error('expected a failure')
    return formatIssue(result.issue)
  }
  if (!('kind' in result)) throw new Error('expected a failure')
  return formatIssue(result as Parameters<typeof formatIssue>[0])
}

describe('environment variables as server properties', () => {
  it("Bitnami's KAFKA_CFG_ names: underscores to dots, lower case, listener names kept whole", () => {
    expect(bitnamiProperty('KAFKA_CFG_LOG_RETENTION_HOURS')).toBe('log.retention.hours')
    expect(bitnamiProperty('KAFKA_CFG_AUTO_CREATE_TOPICS_ENABLE')).toBe('auto.create.topics.enable')
    expect(bitnamiProperty('KAFKA_CFG_LISTENER_NAME_SASL_SSL_PLAIN_SASL_JAAS_CONFIG')).toBe(
      'listener.name.sasl_ssl.plain.sasl.jaas.config',
    )
    expect(bitnamiProperty('KAFKA_HEAP_OPTS')).toBeNull()
  })

  it("apache/kafka and cp-kafka's KAFKA_ names: _ is a dot, __ an underscore, ___ a dash", () => {
    expect(kafkaDockerProperty('KAFKA_MIN_INSYNC_REPLICAS')).toBe('min.insync.replicas')
    expect(kafkaDockerProperty('KAFKA_BROKER_ID')).toBe('broker.id')
    // KafkaDockerWrapperTest's own example.
    expect(kafkaDockerProperty('KAFKA_VALID___PROPERTY__ALL_CASES')).toBe('valid-property_all.cases')
    expect(kafkaDockerProperty('KAFKA_KAFKA_VALID_PROPERTY')).toBe('kafka.valid.property')
    expect(kafkaDockerProperty('CLUSTER_ID')).toBeNull()
  })

  it('images by repository, whatever the registry and tag', () => {
    expect(parseImage('docker.io/bitnami/kafka:3.7.0-debian-12-r0')).toEqual({
      repository: 'bitnami/kafka',
      tag: '3.7.0-debian-12-r0',
    })
    expect(parseImage('confluentinc/cp-kafka:7.6.1@sha256:abc')).toEqual({
      repository: 'confluentinc/cp-kafka',
      tag: '7.6.1',
    })
    expect(parseImage('localhost:5000/apache/kafka')).toEqual({ repository: 'apache/kafka', tag: null })
  })

  it('the Kafka version of an image tag; Confluent Platform is mapped to the Apache Kafka it ships', () => {
    const image = (repository: string) => KAFKA_IMAGES.find(i => i.repository === repository)!
    expect(kafkaVersionOfTag(image('bitnami/kafka'), '3.7.0-debian-12-r0')).toBe('3.7.0')
    expect(kafkaVersionOfTag(image('apache/kafka'), '3.8.0')).toBe('3.8.0')
    expect(kafkaVersionOfTag(image('confluentinc/cp-kafka'), '7.6.1')).toBe('3.6')
    expect(kafkaVersionOfTag(image('confluentinc/cp-server'), '8.0.0')).toBe('4.0')
    expect(kafkaVersionOfTag(image('confluentinc/cp-kafka'), '6.2.4')).toBe('2.8')
    expect(kafkaVersionOfTag(image('bitnami/kafka'), 'latest')).toBeNull()
  })

  it("Compose's interpolation: defaults are taken, $$ is a dollar, other variables stay as written", () => {
    expect(interpolate('${MIN_ISR:-2}')).toEqual({ value: '2', unknown: [] })
    expect(interpolate('${MIN_ISR-2}')).toEqual({ value: '2', unknown: [] })
    expect(interpolate('a$$b')).toEqual({ value: 'a$b', unknown: [] })
    expect(interpolate('${MIN_ISR}')).toEqual({ value: '${MIN_ISR}', unknown: ['${MIN_ISR}'] })
  })

  it("MSK's version names", () => {
    expect(mskVersion('3.6.0')).toEqual({ version: '3.6.0', kraft: false })
    expect(mskVersion('3.7.x')).toEqual({ version: '3.7', kraft: false })
    expect(mskVersion('3.7.x.kraft')).toEqual({ version: '3.7', kraft: true })
    expect(mskVersion('2.8.2.tiered')).toEqual({ version: '2.8.2', kraft: false })
  })
})

describe('each format resolves to its effective configuration, every value with its file and line', () => {
  it('a Bitnami compose file: three KRaft nodes, KAFKA_CFG_ settings, the version from the image tag', () => {
    const f = `${FIXTURES}/bitnami-compose.yml`
    const scenario = raw({ broker: f })
    expect(written(scenario, 'broker')).toMatchObject({
      'process.roles': `controller,broker @ ${f}:11`,
      'default.replication.factor': `3 @ ${f}:21`,
      'min.insync.replicas': `2 @ ${f}:22`,
      'unclean.leader.election.enable': `false @ ${f}:23`,
      'log.retention.hours': `168 @ ${f}:27`,
    })
    expect(Object.keys(written(scenario, 'broker'))).not.toContain('heap.opts')
    expect(written(scenario, 'cluster')).toEqual({ brokers: `3 @ ${f}:3` })
    expect(written(scenario, 'kafka')).toEqual({ version: `3.7 @ ${f}:5`, metadata: `kraft @ ${f}:11` })
    const { scenario: resolved, warnings } = success(
      scenarioFromFlags({ broker: f, producer: producer(9092) }, REPOSITORY),
    )
    expect(resolved.kafka).toEqual({ version: '3.7', platform: 'apache', metadata: 'kraft' })
    expect(resolved.cluster.brokers).toBe(3)
    expect(resolved.topic).toMatchObject({
      'replication.factor': 3,
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
    })
    expect(warnings.map(formatWarning)).toEqual([])
  })

  it('a Confluent compose file: ZooKeeper and three cp-kafka brokers, KAFKA_ settings, Confluent Platform 7.6 as Kafka 3.6', () => {
    const f = `${FIXTURES}/confluent-compose.yml`
    const scenario = raw({ broker: f })
    expect(written(scenario, 'broker')).toMatchObject({
      'broker.id': `1 @ ${f}:22`,
      'zookeeper.connect': `zookeeper:2181 @ ${f}:23`,
      'default.replication.factor': `3 @ ${f}:28`,
      'min.insync.replicas': `1 @ ${f}:29`,
      'unclean.leader.election.enable': `true @ ${f}:30`,
    })
    // JVM and logging variables are the image's own, not server properties.
    expect(Object.keys(written(scenario, 'broker'))).not.toContain('jmx.port')
    expect(written(scenario, 'cluster')).toEqual({ brokers: `3 @ ${f}:4` })
    expect(written(scenario, 'kafka')).toEqual({ version: `3.6 @ ${f}:15`, metadata: `zookeeper @ ${f}:23` })
    const { scenario: resolved, warnings } = success(
      scenarioFromFlags({ broker: f, producer: producer(9092) }, REPOSITORY),
    )
    expect(resolved.kafka).toEqual({ version: '3.6', platform: 'apache', metadata: 'zookeeper' })
    expect(resolved.topic).toMatchObject({ 'min.insync.replicas': 1, 'unclean.leader.election.enable': true })
    expect(warnings.map(formatWarning)).toEqual([
      `${f}:15: warning: confluentinc/cp-kafka:7.6.1 is Confluent Platform 7.6.1, which ships Apache Kafka 3.6`,
    ])
  })

  it('a Strimzi Kafka with node pools: the version, spec.kafka.config, and the brokers of the broker pools', () => {
    const f = `${FIXTURES}/strimzi-kafka.yaml`
    const scenario = raw({ broker: f })
    expect(written(scenario, 'broker')).toEqual({
      'offsets.topic.replication.factor': `3 @ ${f}:62`,
      'transaction.state.log.replication.factor': `3 @ ${f}:63`,
      'transaction.state.log.min.isr': `2 @ ${f}:64`,
      'default.replication.factor': `3 @ ${f}:65`,
      'min.insync.replicas': `2 @ ${f}:66`,
      'unclean.leader.election.enable': `false @ ${f}:67`,
      'auto.create.topics.enable': `false @ ${f}:68`,
    })
    // Three controllers and three brokers: only the broker pool holds partitions.
    expect(written(scenario, 'cluster')).toEqual({ brokers: `3 @ ${f}:29` })
    expect(written(scenario, 'kafka')).toEqual({ version: `3.7.0 @ ${f}:50`, metadata: `kraft @ ${f}:47` })
    expect(success(scenarioFromFlags({ broker: f, producer: producer(9092) }, REPOSITORY)).scenario.kafka).toEqual({
      version: '3.7',
      platform: 'apache',
      metadata: 'kraft',
    })
  })

  it('a Strimzi KafkaTopic given with --topic: topicName, partitions, replicas and topic configs', () => {
    const f = `${FIXTURES}/strimzi-topic.yaml`
    const scenario = raw({ topic: f })
    expect(written(scenario, 'topic')).toEqual({
      name: `orders.v1 @ ${f}:9`,
      partitions: `3 @ ${f}:10`,
      'replication.factor': `3 @ ${f}:11`,
      'min.insync.replicas': `2 @ ${f}:13`,
      'retention.ms': `604800000 @ ${f}:14`,
      'segment.bytes': `1073741824 @ ${f}:15`,
      'cleanup.policy': `delete @ ${f}:16`,
    })
    const { scenario: resolved } = success(
      scenarioFromFlags({ broker: `${FIXTURES}/strimzi-kafka.yaml`, topic: f }, REPOSITORY),
    )
    expect(resolved.topic).toEqual({
      name: 'orders.v1',
      partitions: 3,
      'replication.factor': 3,
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
    })
  })

  it('one file holding Kafka and KafkaTopic fills the broker and the topic', () => {
    file('cluster.yaml', `${fixture('strimzi-kafka.yaml')}---\n${fixture('strimzi-topic.yaml')}`)
    const scenario = raw({ broker: 'cluster.yaml' }, dir)
    expect(written(scenario, 'topic')).toMatchObject({ name: 'orders.v1 @ cluster.yaml:81' })
    expect(written(scenario, 'broker')).toMatchObject({ 'min.insync.replicas': '2 @ cluster.yaml:66' })
    expect(success(scenarioFromFlags({ broker: 'cluster.yaml' }, dir)).scenario.topic.partitions).toBe(3)
  })

  it('an MSK Terraform file: the heredoc lines, the cluster version and its broker count (a variable default)', () => {
    const f = `${FIXTURES}/msk.tf`
    const scenario = raw({ broker: f })
    expect(written(scenario, 'broker')).toEqual({
      'auto.create.topics.enable': `false @ ${f}:15`,
      'default.replication.factor': `3 @ ${f}:16`,
      'min.insync.replicas': `2 @ ${f}:17`,
      'unclean.leader.election.enable': `false @ ${f}:18`,
      'num.partitions': `1 @ ${f}:19`,
      'log.retention.hours': `168 @ ${f}:20`,
    })
    expect(written(scenario, 'kafka')).toEqual({ platform: `msk @ ${f}:9`, version: `3.6.0 @ ${f}:26` })
    expect(written(scenario, 'cluster')).toEqual({ brokers: `3 @ ${f}:6` })
    const { scenario: resolved, warnings } = success(
      scenarioFromFlags({ broker: f, producer: producer(9092) }, REPOSITORY),
    )
    expect(resolved.kafka).toEqual({ version: '3.6', platform: 'msk', metadata: 'zookeeper' })
    expect(resolved.topic).toMatchObject({ 'min.insync.replicas': 2, 'unclean.leader.election.enable': false })
    expect(warnings).toEqual([])
  })

  it("an MSK configuration's text: server properties on the MSK platform, whose defaults apply", () => {
    const f = `${FIXTURES}/msk-configuration.txt`
    const scenario = raw({ broker: f })
    expect(written(scenario, 'kafka')).toEqual({ platform: `msk @ ${f}:null` })
    expect(written(scenario, 'broker')).toMatchObject({ 'unclean.leader.election.enable': `true @ ${f}:12` })
    const { scenario: resolved } = success(scenarioFromFlags({ broker: f, version: '3.6' }, REPOSITORY))
    expect(resolved.kafka).toEqual({ version: '3.6', platform: 'msk', metadata: 'zookeeper' })
    expect(resolved.topic).toMatchObject({ 'min.insync.replicas': 2, 'unclean.leader.election.enable': true })
  })

  it('a flat YAML file of settings is read as YAML (quoted values stay values)', () => {
    file('broker.yaml', 'min.insync.replicas: "2"\nunclean.leader.election.enable: false\n')
    expect(written(raw({ broker: 'broker.yaml' }, dir), 'broker')).toEqual({
      'min.insync.replicas': '2 @ broker.yaml:1',
      'unclean.leader.election.enable': 'false @ broker.yaml:2',
    })
  })

  it('a plain server.properties stays what it was', () => {
    const scenario = raw({ broker: 'examples/server.properties' })
    expect(written(scenario, 'broker')).toMatchObject({
      'min.insync.replicas': '2 @ examples/server.properties:5',
    })
    expect(Object.keys(scenario.blocks.kafka ?? new Map())).toEqual([])
    expect(scenario.blocks.cluster).toBeUndefined()
  })

  it('--kafka-version and --platform win over what the file says', () => {
    const scenario = raw({ broker: `${FIXTURES}/bitnami-compose.yml`, version: '3.9' })
    expect(written(scenario, 'kafka')).toMatchObject({ version: '3.9 @ --kafka-version:null' })
  })
})

describe('in a scenario file', () => {
  it('broker: { file: ... } reads a compose file; what the scenario writes wins over what the file says', () => {
    file('compose.yml', fixture('bitnami-compose.yml'))
    file(
      's.yaml',
      'kafka: { version: "3.9" }\nbroker: { file: compose.yml, min.insync.replicas: 1 }\n' +
        'producer: { bootstrap.servers: "kafka-0:9092" }\n',
    )
    const { scenario, warnings } = success(loadScenarioFile('s.yaml', dir))
    expect(scenario.kafka).toEqual({ version: '3.9', platform: 'apache', metadata: 'kraft' })
    expect(scenario.cluster.brokers).toBe(3)
    expect(scenario.topic['min.insync.replicas']).toBe(1)
    expect(warnings.map(formatWarning)).toEqual([])
  })

  it('topic: { file: ..., name: ... } picks one KafkaTopic of several', () => {
    const second = fixture('strimzi-topic.yaml').replaceAll('orders', 'payments')
    file('topics.yaml', `${fixture('strimzi-topic.yaml')}---\n${second}`)
    file('s.yaml', 'topic: { file: topics.yaml, name: payments.v1 }\n')
    expect(success(loadScenarioFile('s.yaml', dir)).scenario.topic.name).toBe('payments.v1')
    file('all.yaml', 'topic: { file: topics.yaml }\n')
    expect(failure(loadScenarioFile('all.yaml', dir))).toBe(
      'topics.yaml:20: topic kind=KafkaTopic payments.v1 is not allowed; allowed: one KafkaTopic (kafkacheck checks ' +
        'one topic; this file holds orders.v1, payments.v1): name one in a scenario file, topic: { file: ..., name: <topic> }',
    )
  })
})

describe('docker-compose details', () => {
  it('merge keys, environment mappings, replicas, dedicated controllers and tool containers', () => {
    file(
      'compose.yml',
      `x-kafka: &kafka
  image: apache/kafka:3.9.0
  environment: &env
    KAFKA_PROCESS_ROLES: broker
    KAFKA_MIN_INSYNC_REPLICAS: \${MIN_ISR:-2}
    KAFKA_DEFAULT_REPLICATION_FACTOR: 3
services:
  controller:
    image: apache/kafka:3.9.0
    environment:
      KAFKA_PROCESS_ROLES: controller
  broker:
    <<: *kafka
    deploy:
      replicas: 4
  topics:
    image: apache/kafka:3.9.0
    command: /opt/kafka/bin/kafka-topics.sh --create --topic orders --bootstrap-server broker:9092
`,
    )
    const scenario = raw({ broker: 'compose.yml' }, dir)
    expect(written(scenario, 'broker')).toEqual({
      'process.roles': 'broker @ compose.yml:4',
      'min.insync.replicas': '2 @ compose.yml:5',
      'default.replication.factor': '3 @ compose.yml:6',
    })
    expect(written(scenario, 'cluster')).toEqual({ brokers: '4 @ compose.yml:15' })
    expect(written(scenario, 'kafka')).toEqual({ version: '3.9.0 @ compose.yml:2', metadata: 'kraft @ compose.yml:4' })
    expect(scenario.notes.map(formatWarning)).toEqual([
      'compose.yml:16: warning: topics runs a command with the Kafka image; not a broker',
    ])
  })

  it('env_file entries, with their own file and line, under environment entries', () => {
    file('kafka.env', '# broker defaults\nKAFKA_CFG_MIN_INSYNC_REPLICAS=2\nKAFKA_CFG_NUM_PARTITIONS=1\n')
    file(
      'compose.yml',
      'services:\n  kafka:\n    image: bitnami/kafka:3.6\n    env_file: kafka.env\n' +
        '    environment:\n      - KAFKA_CFG_NUM_PARTITIONS=2\n',
    )
    const scenario = raw({ broker: 'compose.yml' }, dir)
    expect(written(scenario, 'broker')).toEqual({
      'min.insync.replicas': '2 @ kafka.env:2',
      'num.partitions': '2 @ compose.yml:6',
    })
  })

  it('says which variables the image does not read, and where brokers differ', () => {
    file(
      'compose.yml',
      `services:
  kafka-1:
    image: bitnami/kafka:3.7
    environment:
      - KAFKA_CFG_MIN_INSYNC_REPLICAS=2
      - KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE=true
  kafka-2:
    image: bitnami/kafka:3.7
    environment:
      - KAFKA_CFG_MIN_INSYNC_REPLICAS=1
  kafka-3:
    image: confluentinc/cp-kafka:7.6.0
    environment:
      KAFKA_CFG_MIN_INSYNC_REPLICAS: 2
`,
    )
    expect(raw({ broker: 'compose.yml' }, dir).notes.map(formatWarning)).toEqual([
      'compose.yml:6: warning: bitnami/kafka reads only KAFKA_CFG_* variables into server.properties, so ' +
        'KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE sets nothing (KAFKA_CFG_UNCLEAN_LEADER_ELECTION_ENABLE would set ' +
        'unclean.leader.election.enable); ignored',
      "compose.yml:14: warning: KAFKA_CFG_ is Bitnami's prefix: confluentinc/cp-kafka writes " +
        'KAFKA_CFG_MIN_INSYNC_REPLICAS as cfg.min.insync.replicas, which Kafka does not know ' +
        '(KAFKA_MIN_INSYNC_REPLICAS would set min.insync.replicas); ignored',
      "compose.yml:10: warning: kafka-2 sets min.insync.replicas=1 and kafka-1 sets 2 (line 5): kafkacheck runs every broker with kafka-1's settings",
      "compose.yml:11: warning: kafka-3 does not set min.insync.replicas and kafka-1 sets 2 (line 5): kafkacheck runs every broker with kafka-1's settings",
      "compose.yml:12: warning: kafka-3 runs confluentinc/cp-kafka:7.6.0 and kafka-1 bitnami/kafka:3.7: kafkacheck checks kafka-1's version",
    ])
  })

  it('brokers written alike say a thing once, at the first broker', () => {
    const broker = (id: number) =>
      `  broker-${id}:\n    image: confluentinc/cp-kafka:7.6.1\n    environment:\n      KAFKA_BROKER_ID: ${id}\n` +
      '      KAFKA_CFG_MIN_INSYNC_REPLICAS: 2\n'
    file('compose.yml', `services:\n${broker(1)}${broker(2)}${broker(3)}`)
    expect(raw({ broker: 'compose.yml' }, dir).notes.map(n => `${n.origin.line} ${n.kind} ${n.key}`)).toEqual([
      '6 ignored min.insync.replicas',
      '3 note version',
    ])
  })

  it('a password that differs between brokers is not printed', () => {
    const broker = (id: number, password: string) =>
      `  kafka-${id}:\n    image: bitnami/kafka:3.7\n    environment:\n      - KAFKA_CFG_SSL_KEY_PASSWORD=${password}\n`
    file('compose.yml', `services:\n${broker(1, 'first-secret-1')}${broker(2, 'second-secret-2')}`)
    const notes = raw({ broker: 'compose.yml' }, dir).notes.map(formatWarning)
    expect(notes).toEqual([
      "compose.yml:9: warning: kafka-2 sets ssl.key.password=*** and kafka-1 sets *** (line 5): kafkacheck runs every broker with kafka-1's settings",
    ])
  })

  it('a service that extends another takes its image and environment, its own entries last', () => {
    file(
      'compose.yml',
      `services:
  kafka-base:
    image: bitnami/kafka:3.8
    environment:
      - KAFKA_CFG_MIN_INSYNC_REPLICAS=2
      - KAFKA_CFG_NUM_PARTITIONS=1
    profiles: [template]
  kafka:
    extends: kafka-base
    environment:
      - KAFKA_CFG_NUM_PARTITIONS=3
    deploy:
      replicas: 3
`,
    )
    // The template has a profile, so Compose does not start it by default: three brokers, the service's own settings.
    const scenario = raw({ broker: 'compose.yml' }, dir)
    expect(written(scenario, 'cluster')).toEqual({ brokers: '3 @ compose.yml:13' })
    expect(written(scenario, 'broker')).toEqual({
      'min.insync.replicas': '2 @ compose.yml:5',
      'num.partitions': '3 @ compose.yml:11',
    })
    expect(scenario.notes.map(formatWarning)).toEqual([
      'compose.yml:7: warning: kafka-base starts only with profile template; not counted',
    ])
  })

  it('an unknown setting is warned about at its line, as in a .properties file', () => {
    file(
      'compose.yml',
      'services:\n  kafka:\n    image: bitnami/kafka:3.7\n    environment:\n' +
        '      - KAFKA_CFG_MIN_INSYNC_REPLICA=2\n',
    )
    const { warnings } = success(scenarioFromFlags({ broker: 'compose.yml' }, dir))
    expect(warnings.map(formatWarning)).toEqual([
      "compose.yml:5: warning: unknown broker property 'min.insync.replica' (did you mean min.insync.replicas?); ignored",
    ])
  })
})

describe('Strimzi details', () => {
  it('a ZooKeeper-based Kafka counts spec.kafka.replicas; what Strimzi manages itself is said to be ignored', () => {
    file(
      'kafka.yaml',
      `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: legacy
spec:
  kafka:
    version: 3.6.1
    replicas: 5
    config:
      listeners: PLAINTEXT://:9092
      min.insync.replicas: 3
  zookeeper:
    replicas: 3
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaUser
metadata:
  name: orders-app
`,
    )
    const scenario = raw({ broker: 'kafka.yaml' }, dir)
    expect(written(scenario, 'broker')).toEqual({ 'min.insync.replicas': '3 @ kafka.yaml:11' })
    expect(written(scenario, 'cluster')).toEqual({ brokers: '5 @ kafka.yaml:8' })
    expect(written(scenario, 'kafka')).toEqual({
      version: '3.6.1 @ kafka.yaml:7',
      metadata: 'zookeeper @ kafka.yaml:12',
    })
    expect(scenario.notes.map(formatWarning)).toEqual([
      'kafka.yaml:16: warning: KafkaUser orders-app (kafka.strimzi.io/v1beta2) is not a resource kafkacheck reads ' +
        '(Kafka, KafkaNodePool, KafkaTopic (apiVersion kafka.strimzi.io/...)); ignored',
      'kafka.yaml:10: warning: Strimzi configures listeners itself (listeners, security, broker ids and directories) ' +
        'and ignores it in spec.kafka.config; ignored',
    ])
  })

  it('node pools in another file: the brokers are not counted here, and it says so', () => {
    file(
      'kafka.yaml',
      'apiVersion: kafka.strimzi.io/v1\nkind: Kafka\nmetadata:\n  name: c\n  annotations:\n' +
        '    strimzi.io/node-pools: enabled\nspec:\n  kafka:\n    replicas: 1\n',
    )
    const scenario = raw({ broker: 'kafka.yaml' }, dir)
    expect(scenario.blocks.cluster).toBeUndefined()
    expect(scenario.notes.map(formatWarning)).toEqual([
      'kafka.yaml:6: warning: c takes its brokers from KafkaNodePool resources, which this file does not hold; give ' +
        'them in the same file to count the brokers',
    ])
  })
})

describe('MSK Terraform details', () => {
  it('server_properties from file("${path.module}/...") points at the properties file; <<- heredocs lose their indent', () => {
    file('server.properties', 'min.insync.replicas=2\n')
    file(
      'main.tf',
      'resource "aws_msk_configuration" "a" {\n  kafka_versions = ["3.7.x.kraft"]\n  name = "a"\n' +
        '  server_properties = file("${path.module}/server.properties")\n}\n',
    )
    const scenario = raw({ broker: 'main.tf' }, dir)
    expect(written(scenario, 'broker')).toEqual({ 'min.insync.replicas': '2 @ server.properties:1' })
    expect(written(scenario, 'kafka')).toEqual({
      platform: 'msk @ main.tf:1',
      version: '3.7 @ main.tf:2',
      metadata: 'kraft @ main.tf:2',
    })
    file(
      'indented.tf',
      'resource "aws_msk_configuration" "a" {\n  server_properties = <<-EOT\n    num.partitions = 1\n' +
        '    min.insync.replicas = 2\n  EOT\n}\n',
    )
    expect(written(raw({ broker: 'indented.tf' }, dir), 'broker')).toEqual({
      'num.partitions': '1 @ indented.tf:3',
      'min.insync.replicas': '2 @ indented.tf:4',
    })
  })
})

describe('bad files get one line naming the file, the line, the key and what is allowed', () => {
  const read = (name: string, text: string, role: 'broker' | 'topic' = 'broker') => {
    file(name, text)
    const result = readDeploymentFile(name, dir, { role })
    if (!('kind' in result)) throw new Error('expected a failure')
    const line = formatIssue(result)
    expect(line).not.toContain('\n')
    return line
  }

  it('a compose file with no Kafka service', () => {
    expect(
      read(
        'compose.yml',
        'services:\n  zookeeper:\n    image: confluentinc/cp-zookeeper:7.6.1\n  app:\n    build: .\n',
      ),
    ).toBe(
      'compose.yml:1: cluster services=zookeeper (confluentinc/cp-zookeeper:7.6.1), app is not allowed; allowed: at ' +
        'least one Kafka broker service, with image bitnami/kafka, bitnamilegacy/kafka, confluentinc/cp-kafka, ' +
        'confluentinc/cp-server, apache/kafka, apache/kafka-native',
    )
  })

  it('a replica count that is not a number', () => {
    expect(
      read('compose.yml', 'services:\n  kafka:\n    image: apache/kafka:3.8.0\n    deploy:\n      replicas: many\n'),
    ).toBe('compose.yml:5: cluster deploy.replicas=many is not allowed; allowed: a whole number')
  })

  it('a Strimzi resource of another kind', () => {
    expect(
      read('connect.yaml', 'apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaConnect\nmetadata:\n  name: c\n'),
    ).toBe(
      'connect.yaml:2: broker kind=KafkaConnect (kafka.strimzi.io/v1beta2) is not allowed; allowed: Kafka, ' +
        'KafkaNodePool, KafkaTopic (apiVersion kafka.strimzi.io/...)',
    )
  })

  it('a compose file given as a topic', () => {
    expect(read('compose.yml', fixture('bitnami-compose.yml'), 'topic')).toBe(
      'compose.yml: topic file=compose.yml (docker-compose) is not allowed; allowed: a topic .properties file or a ' +
        'Strimzi KafkaTopic; give a docker-compose file or an MSK configuration with --broker',
    )
  })

  it('Terraform without an MSK resource, an unclosed heredoc, server_properties from a template', () => {
    expect(read('main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')).toBe(
      'main.tf:1: broker resource=(none) is not allowed; allowed: a resource "aws_msk_configuration" with ' +
        'server_properties, or an "aws_msk_cluster"',
    )
    expect(read('open.tf', 'resource "aws_msk_configuration" "a" {\n  server_properties = <<P\na=1\n}\n')).toBe(
      'open.tf:2:23: heredoc P is not closed by a line holding only P',
    )
    expect(
      read('tpl.tf', 'resource "aws_msk_configuration" "a" {\n  server_properties = templatefile("p.tpl", {})\n}\n'),
    ).toBe(
      'tpl.tf:2: broker server_properties=templatefile("p.tpl", {}) is not allowed; allowed: a heredoc ' +
        '(<<PROPERTIES ... PROPERTIES), a string, or file("server.properties") next to the .tf file',
    )
  })

  it('a YAML file that is none of these (a Helm values.yaml)', () => {
    expect(read('values.yaml', 'controller:\n  replicaCount: 3\nbroker:\n  replicaCount: 3\n')).toBe(
      'values.yaml:1: broker file=values.yaml is not allowed; allowed: a docker-compose file (services:), Strimzi ' +
        'resources (apiVersion: kafka.strimzi.io/...), an MSK configuration (Terraform or its text) or a .properties file',
    )
  })

  it('a malformed compose file', () => {
    expect(read('compose.yml', 'services:\n  kafka: [\n')).toMatch(/^compose\.yml:3:1: /)
  })

  it('an env_file that is not there', () => {
    expect(read('compose.yml', 'services:\n  kafka:\n    image: bitnami/kafka:3.7\n    env_file: kafka.env\n')).toBe(
      'cannot read kafka.env: no such file',
    )
  })
})
