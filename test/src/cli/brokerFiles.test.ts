// `check --broker FILE` with the files teams already have, unchanged: docker-compose files (Bitnami and Confluent),
// Strimzi resources, Amazon MSK configurations. Each run shows the effective configuration the file resolves to, and
// a violation's blame names the line of that file to change.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kafkacheck, REPOSITORY, workspace } from './kafkacheck.js'

const fixture = (name: string) => readFileSync(join(REPOSITORY, 'test', 'fixtures', 'brokers', name), 'utf8')

/** The fixtures, a producer that reaches the listener on port 9092, and a scenario that points at a compose file. */
const folder = (extra: Readonly<Record<string, string>> = {}) =>
  workspace({
    'bitnami-compose.yml': fixture('bitnami-compose.yml'),
    'confluent-compose.yml': fixture('confluent-compose.yml'),
    'strimzi-kafka.yaml': fixture('strimzi-kafka.yaml'),
    'strimzi-topic.yaml': fixture('strimzi-topic.yaml'),
    'msk.tf': fixture('msk.tf'),
    'msk-configuration.txt': fixture('msk-configuration.txt'),
    'producer.properties': 'bootstrap.servers=localhost:9092\nacks=all\nenable.idempotence=true\n',
    ...extra,
  })

const ONE_CRASH = ['--producer', 'producer.properties', '--faults', 'broker-crash=1', '--messages', '1']

interface JsonReport {
  readonly effectiveConfig: {
    readonly kafka: Record<string, string>
    readonly cluster: Record<string, number>
    readonly topic: Record<string, unknown>
  }
  readonly warnings: readonly string[]
  readonly properties: readonly { readonly name: string; readonly verdict: string }[]
}

async function json(args: readonly string[], cwd: string): Promise<JsonReport> {
  const { stdout } = await kafkacheck(['check', ...args, '--json', '--no-blame', '--out', 'out'], cwd)
  return JSON.parse(stdout) as JsonReport
}

const verdict = (report: JsonReport, property: string) => report.properties.find(p => p.name === property)?.verdict

describe('check --broker with a docker-compose file', () => {
  it('a Confluent compose file: ZooKeeper, three brokers, Kafka 3.6; blame names the compose lines to change', async () => {
    const { code, stdout, stderr } = await kafkacheck(
      ['check', '--broker', 'confluent-compose.yml', ...ONE_CRASH, '--quiet'],
      folder(),
    )
    expect(stderr).toBe('')
    expect(code).toBe(1)
    expect(stdout).toContain('Effective configuration (Kafka 3.6, apache, zookeeper)')
    expect(stdout).toContain('cluster   brokers=3 producers=1 consumers=0')
    expect(stdout).toContain(
      'confluent-compose.yml:15: warning: confluentinc/cp-kafka:7.6.1 is Confluent Platform 7.6.1, which ships ' +
        'Apache Kafka 3.6',
    )
    expect(stdout).toMatch(/NoLossOfAcked +violated/)
    expect(stdout).toMatch(
      /NoLossOfAcked +needs min\.insync\.replicas=1 \(confluent-compose\.yml:29; .*\) and unclean\.leader\.election\.enable=true \(confluent-compose\.yml:30; /,
    )
  })

  it('a Bitnami compose file: three KRaft nodes hold every acknowledged record; one line changed, they do not', async () => {
    const cwd = folder({
      'weaker.yml': fixture('bitnami-compose.yml')
        .replace('bitnami/kafka:3.7', 'bitnami/kafka:3.9')
        .replace('KAFKA_CFG_MIN_INSYNC_REPLICAS=2', 'KAFKA_CFG_MIN_INSYNC_REPLICAS=1')
        .replace('KAFKA_CFG_UNCLEAN_LEADER_ELECTION_ENABLE=false', 'KAFKA_CFG_UNCLEAN_LEADER_ELECTION_ENABLE=true'),
    })
    const report = await json(['--broker', 'bitnami-compose.yml', ...ONE_CRASH], cwd)
    expect(report.effectiveConfig.kafka).toEqual({ version: '3.7', platform: 'apache', metadata: 'kraft' })
    expect(report.effectiveConfig.cluster.brokers).toBe(3)
    expect(report.effectiveConfig.topic).toMatchObject({
      'replication.factor': 3,
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
    })
    expect(report.warnings).toEqual([])
    expect(verdict(report, 'NoLossOfAcked')).toBe('holds')

    const { stdout } = await kafkacheck(['check', '--broker', 'weaker.yml', ...ONE_CRASH, '--quiet'], cwd)
    expect(stdout).toContain('Effective configuration (Kafka 3.9, apache, kraft)')
    expect(stdout).toMatch(/NoLossOfAcked +violated/)
    expect(stdout).toMatch(
      /needs min\.insync\.replicas=1 \(weaker\.yml:22; .*\) and unclean\.leader\.election\.enable=true \(weaker\.yml:23; /,
    )
  })

  it('a scenario file can point its broker block at a compose file', async () => {
    const scenario =
      'description: The staging cluster as docker compose runs it.\n' +
      'broker: { file: confluent-compose.yml }\n' +
      'producer: { file: producer.properties }\n' +
      'faults: { broker-crash: 1 }\nbound: { messages: 1 }\n' +
      'expect: { NoLossOfAcked: violated }\n'
    const { stdout } = await kafkacheck(
      ['check', 'staging.yaml', '--quiet', '--no-blame'],
      folder({ 'staging.yaml': scenario }),
    )
    expect(stdout).toContain('Effective configuration (Kafka 3.6, apache, zookeeper)')
    expect(stdout).toMatch(/NoLossOfAcked +violated .*expected violated ✓/)
  })
})

describe('check --broker with Strimzi resources and MSK configurations', () => {
  it('a Strimzi Kafka and KafkaTopic: the topic as the Topic Operator creates it, on the broker pools', async () => {
    const report = await json(
      ['--broker', 'strimzi-kafka.yaml', '--topic', 'strimzi-topic.yaml', ...ONE_CRASH],
      folder(),
    )
    expect(report.effectiveConfig.kafka).toEqual({ version: '3.7', platform: 'apache', metadata: 'kraft' })
    expect(report.effectiveConfig.cluster.brokers).toBe(3)
    expect(report.effectiveConfig.topic).toEqual({
      name: 'orders.v1',
      partitions: 3,
      'replication.factor': 3,
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
    })
    expect(verdict(report, 'NoLossOfAcked')).toBe('holds')
  })

  it('an MSK Terraform configuration runs on the MSK platform at the cluster version', async () => {
    const report = await json(['--broker', 'msk.tf', ...ONE_CRASH], folder())
    expect(report.effectiveConfig.kafka).toEqual({ version: '3.6', platform: 'msk', metadata: 'zookeeper' })
    expect(report.effectiveConfig.cluster.brokers).toBe(3)
    expect(report.effectiveConfig.topic).toMatchObject({
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
    })
  })

  it("MSK's default configuration keeps unclean election on: two crashes lose an acknowledged record", async () => {
    const report = await json(
      ['--broker', 'msk-configuration.txt', '--kafka-version', '3.6', ...ONE_CRASH, '--faults', 'broker-crash=2'],
      folder(),
    )
    expect(report.effectiveConfig.kafka).toEqual({ version: '3.6', platform: 'msk', metadata: 'zookeeper' })
    expect(report.effectiveConfig.topic).toMatchObject({ 'unclean.leader.election.enable': true })
    expect(verdict(report, 'NoLossOfAcked')).toBe('violated')
  })
})

describe('bad broker files are one line and exit 2', () => {
  it.each([
    [
      'a compose file with no Kafka service',
      'services:\n  zookeeper:\n    image: bitnami/zookeeper:3.9\n',
      'kafkacheck: compose.yml:1: cluster services=zookeeper (bitnami/zookeeper:3.9) is not allowed; allowed: at ' +
        'least one Kafka broker service, with image bitnami/kafka,',
    ],
    [
      'a Strimzi resource of another kind',
      'apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaUser\nmetadata:\n  name: alice\n',
      'kafkacheck: compose.yml:2: broker kind=KafkaUser (kafka.strimzi.io/v1beta2) is not allowed; allowed: Kafka, ' +
        'KafkaNodePool, KafkaTopic',
    ],
  ])('%s', async (_name, text, says) => {
    const { code, stdout, stderr } = await kafkacheck(
      ['check', '--broker', 'compose.yml', '--producer', 'producer.properties'],
      folder({ 'compose.yml': text }),
    )
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(stderr).toContain(says)
  })
})
