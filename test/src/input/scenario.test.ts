import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { formatIssue, formatWarning, type LoadResult } from '../../../src/input/errors.js'
import { loadScenarioFile, scenarioFromFlags } from '../../../src/input/scenario.js'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kafkacheck-input-'))
})

const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

function failure(result: LoadResult): string {
  if (result.ok) throw new Error('expected a failure')
  const line = formatIssue(result.issue)
  expect(line).not.toContain('\n')
  return line
}

function success(result: LoadResult) {
  if (!result.ok) throw new Error(formatIssue(result.issue))
  return result
}

const DESIGN_EXAMPLE = `kafka:    { version: "3.7" }
cluster:  { brokers: 3 }
topic:    { partitions: 1, replication.factor: 3, min.insync.replicas: 2, unclean.leader.election.enable: false }
producer: { acks: all, enable.idempotence: true, max.in.flight.requests.per.connection: 5, retries: 3 }
consumer: { group.id: g1, enable.auto.commit: false, isolation.level: read_committed, auto.offset.reset: earliest }
app:      { commit: after-process, processing: sync, resend-on-failure: false }
faults:   { broker-crash: 1, lost-response: 1, lost-request: 0, consumer-crash: 1 }
bound:    { messages: 3, depth: 40 }
expect:   { NoLossOfAcked: holds, NoDuplicateInLog: holds, NoDuplicateProcessing: violated }
`

describe('scenario files', () => {
  it('reads the DESIGN.md example as written', () => {
    const { scenario, warnings } = success(loadScenarioFile(file('at-least-once.yaml', DESIGN_EXAMPLE)))
    expect(warnings).toEqual([])
    expect(scenario.name).toBe('at-least-once')
    expect(scenario.kafka).toEqual({ version: '3.7', platform: 'apache', metadata: 'kraft' })
    expect(scenario.producer).toMatchObject({ acks: 'all', 'enable.idempotence': true, retries: 3 })
    expect(scenario.consumer).toMatchObject({ 'group.id': 'g1', 'isolation.level': 'read_committed' })
    expect(scenario.faults).toMatchObject({ 'broker-crash': 1, 'lost-response': 1, 'consumer-crash': 1 })
    expect(scenario.bound).toMatchObject({ messages: 3, depth: 40 })
    expect(scenario.expect).toEqual({
      NoLossOfAcked: 'holds',
      NoDuplicateInLog: 'holds',
      NoDuplicateProcessing: 'violated',
    })
  })

  it('keeps a version as written, so 0.10 is not the number 0.1', () => {
    expect(success(loadScenarioFile(file('old.yaml', 'kafka:\n  version: 0.10\n'))).scenario.kafka.version).toBe('0.10')
  })

  it('takes name and description, and nested mappings as dotted keys', () => {
    const { scenario } = success(
      loadScenarioFile(
        file('s.yaml', 'name: nested\ndescription: RF written as a tree\ntopic:\n  replication:\n    factor: 2\n'),
      ),
    )
    expect(scenario.name).toBe('nested')
    expect(scenario.description).toBe('RF written as a tree')
    expect(scenario.topic['replication.factor']).toBe(2)
  })

  it('reads a block from a .properties file next to the YAML, with YAML keys overriding it', () => {
    file('producer.properties', '# tuned\nacks=1\nretries=5\nlinger.ms=7\n')
    const { scenario, warnings } = success(
      loadScenarioFile(
        file('s.yaml', 'kafka: { version: 3.7.1 }\nproducer: { file: producer.properties, retries: 9 }\n'),
      ),
    )
    expect(scenario.producer).toMatchObject({ acks: '1', retries: 9, 'linger.ms': 7, 'enable.idempotence': false })
    expect(warnings.map(formatWarning)).toEqual([
      `${join(dir, 'producer.properties')}:2: warning: idempotence is turned off because acks=1, not all ` +
        '(enable.idempotence was not set explicitly)',
    ])
  })

  it('a key repeated in one .properties file keeps the last value, with a warning', () => {
    const producer = file('producer.properties', 'acks=0\nacks=1\n')
    const { scenario, warnings } = success(scenarioFromFlags({ producer, version: '2.8' }))
    expect(scenario.producer.acks).toBe('1')
    expect(warnings.map(formatWarning)).toEqual([
      `${producer}:2: warning: acks is set again; this line replaces line 1`,
    ])
  })

  it('accepts lists as YAML sequences', () => {
    const { scenario } = success(
      loadScenarioFile(
        file(
          's.yaml',
          'consumer: { group.id: g, partition.assignment.strategy: [roundrobin, range] }\napp: { keys: [a, b] }\n',
        ),
      ),
    )
    expect(scenario.consumer['partition.assignment.strategy']).toEqual(['roundrobin', 'range'])
    expect(scenario.app.keys).toEqual(['a', 'b'])
  })

  it('translates dialects inside YAML blocks too', () => {
    const { scenario, warnings } = success(
      loadScenarioFile(
        file(
          's.yaml',
          'producer:\n  request.required.acks: -1\nconsumer:\n  group_id: g\n  auto_offset_reset: smallest\n',
        ),
      ),
    )
    expect(scenario.producer.acks).toBe('all')
    expect(scenario.consumer).toMatchObject({ 'group.id': 'g', 'auto.offset.reset': 'earliest' })
    expect(warnings.map(w => [w.kind, w.origin.line])).toEqual([
      ['dialect', 2],
      ['dialect', 4],
      ['dialect', 5],
    ])
  })

  it('warns on an unknown key with the closest known one and its line', () => {
    const { warnings } = success(loadScenarioFile(file('s.yaml', 'producer:\n  acks: all\n  ack: all\n')))
    expect(warnings.map(formatWarning)).toEqual([
      `${join(dir, 's.yaml')}:3: warning: unknown producer property 'ack' (did you mean acks?); ignored`,
    ])
  })

  it('follows YAML anchors and aliases', () => {
    const { scenario } = success(
      loadScenarioFile(
        file('s.yaml', 'topic: { replication.factor: &rf 3, min.insync.replicas: 2 }\ncluster: { brokers: *rf }\n'),
      ),
    )
    expect(scenario.cluster.brokers).toBe(3)
  })

  it('an empty file is the default scenario', () => {
    expect(success(loadScenarioFile(file('empty.yaml', ''))).scenario.kafka.version).toBe('4.1')
  })
})

describe('bad input gets one line naming the file, the key and what is allowed', () => {
  it('a missing scenario file', () => {
    expect(failure(loadScenarioFile(join(dir, 'nope.yaml')))).toBe(
      `cannot read ${join(dir, 'nope.yaml')}: no such file`,
    )
  })

  it('a missing .properties file named by a block', () => {
    expect(failure(loadScenarioFile(file('s.yaml', 'producer: { file: producer.properties }\n')))).toBe(
      `cannot read ${join(dir, 'producer.properties')}: no such file`,
    )
  })

  it('malformed YAML, with line and column', () => {
    expect(failure(loadScenarioFile(file('bad.yaml', 'kafka: { version: 3.7 }\nproducer: [acks\nfaults: 1\n')))).toBe(
      `${join(dir, 'bad.yaml')}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    )
  })

  it('a key written twice in YAML', () => {
    expect(failure(loadScenarioFile(file('dup.yaml', 'producer:\n  acks: 1\n  acks: all\n')))).toMatch(
      /dup\.yaml:3:3: Map keys must be unique$/,
    )
  })

  it('acks=2 in a .properties file', () => {
    file('producer.properties', '# producer\nbootstrap.servers=localhost:9092\nacks=2\n')
    expect(failure(loadScenarioFile(file('s.yaml', 'producer: { file: producer.properties }\n')))).toBe(
      `${join(dir, 'producer.properties')}:3: producer acks=2 is not allowed; allowed: 0, 1, all, -1`,
    )
  })

  it('min.insync.replicas below 1 (above the replication factor is allowed, as in Kafka)', () => {
    expect(
      failure(loadScenarioFile(file('s.yaml', 'topic:\n  replication.factor: 2\n  min.insync.replicas: 0\n'))),
    ).toBe(`${join(dir, 's.yaml')}:3: topic min.insync.replicas=0 is not allowed; allowed: 1..2147483647`)
  })

  it('a fault budget that is not a number', () => {
    expect(failure(loadScenarioFile(file('s.yaml', 'faults:\n  broker-crash: two\n')))).toBe(
      `${join(dir, 's.yaml')}:2: faults broker-crash=two is not allowed; allowed: a non-negative integer`,
    )
  })

  it('an unknown version', () => {
    expect(failure(loadScenarioFile(file('s.yaml', 'kafka: { version: "2.9" }\n')))).toMatch(
      new RegExp(
        `^${join(dir, 's.yaml').replaceAll('.', '\\.')}:1: kafka version=2\\.9 is not allowed; allowed: 0\\.10, .*2\\.8, 3\\.0, .*4\\.1`,
      ),
    )
  })

  it('an unknown block, with the allowed blocks', () => {
    expect(failure(loadScenarioFile(file('s.yaml', 'prodcer: { acks: 1 }\n')))).toBe(
      `${join(dir, 's.yaml')}:1: unknown block 'prodcer' (did you mean producer?); allowed: name, description, spring, ` +
        'kafka, cluster, topic, broker, producer, consumer, app, acls, scram-credentials, faults, bound, expect',
    )
  })

  it('a block that is not a mapping', () => {
    expect(failure(loadScenarioFile(file('s.yaml', 'producer: acks\n')))).toBe(
      `${join(dir, 's.yaml')}:1: producer=acks is not allowed; allowed: a mapping of settings`,
    )
  })

  it('a scenario that is not a mapping', () => {
    expect(failure(loadScenarioFile(file('s.yaml', '- producer\n')))).toMatch(
      /s\.yaml:1:1: a scenario is a mapping of blocks/,
    )
  })

  it('idempotence explicitly on with acks=1, in Kafka words', () => {
    expect(
      failure(
        loadScenarioFile(
          file('s.yaml', 'kafka: { version: "3.7" }\nproducer: { enable.idempotence: true, acks: 1 }\n'),
        ),
      ),
    ).toBe(
      `${join(dir, 's.yaml')}:2: producer acks=1 is rejected by the Kafka 3.7 producer: ` +
        'org.apache.kafka.common.config.ConfigException: Must set acks to all in order to use the idempotent producer. ' +
        'Otherwise we cannot guarantee idempotence.',
    )
  })
})

describe('the check --producer ... form', () => {
  it('reads .properties files by role, with faults, messages, version and platform from flags', () => {
    const producer = file('producer.properties', 'spring.kafka.producer.acks=1\n')
    const broker = file('server.properties', 'default.replication.factor=3\nmin.insync.replicas=2\n')
    const { scenario, warnings } = success(
      scenarioFromFlags({
        producer,
        broker,
        faults: 'broker-crash=1, lost-response=2',
        messages: '3',
        version: '2.8.2',
        platform: 'apache',
      }),
    )
    expect(scenario.name).toBe('custom')
    expect(scenario.kafka.version).toBe('2.8')
    expect(scenario.producer.acks).toBe('1')
    expect(scenario.topic).toMatchObject({ 'replication.factor': 3, 'min.insync.replicas': 2 })
    expect(scenario.cluster.brokers).toBe(3)
    expect(scenario.faults).toMatchObject({ 'broker-crash': 1, 'lost-response': 2 })
    expect(scenario.bound.messages).toBe(3)
    expect(warnings.map(w => w.kind)).toEqual(['dialect'])
  })

  it('names an unreadable flag file', () => {
    expect(failure(scenarioFromFlags({ consumer: join(dir, 'consumer.properties') }))).toBe(
      `cannot read ${join(dir, 'consumer.properties')}: no such file`,
    )
  })

  it('names a malformed --faults item', () => {
    expect(failure(scenarioFromFlags({ faults: 'broker-crash' }))).toBe(
      '--faults: faults faults=broker-crash is not allowed; allowed: name=count pairs separated by commas, e.g. broker-crash=1',
    )
  })

  it('names a bad --messages value by its flag', () => {
    expect(failure(scenarioFromFlags({ messages: 'many' }))).toBe(
      '--messages: bound messages=many is not allowed; allowed: a positive integer',
    )
  })

  it('names an unknown --kafka-version by its flag', () => {
    expect(failure(scenarioFromFlags({ version: '9.9' }))).toMatch(
      /^--kafka-version: kafka version=9\.9 is not allowed; allowed: 0\.10/,
    )
  })
})
