import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { levenshtein } from '../../../spec/config/knownKeys.js'
import { resolveScenario } from '../../../spec/config/resolve.js'
import { parseKafkaRelease } from '../../../spec/config/versions.js'
import { rawScenario, type Blocks } from './rawScenario.js'

function issueOf(blocks: Blocks) {
  const result = resolveScenario(rawScenario(blocks))
  if (result.ok) throw new Error('expected an issue')
  return result.issue
}

function warningsOf(blocks: Blocks) {
  const result = resolveScenario(rawScenario(blocks))
  if (!result.ok) throw new Error(result.issue.message)
  return result.warnings
}

describe('Kafka versions', () => {
  it.each([
    ['3.7', { version: '3.7', patch: null }],
    ['3.7.0', { version: '3.7', patch: 0 }],
    ['3.7.1', { version: '3.7', patch: 1 }],
    ['0.11.0.3', { version: '0.11', patch: null }],
    ['0.10', { version: '0.10', patch: null }],
    ['4.0.0', { version: '4.0', patch: 0 }],
  ])('reads %s', (text, release) => expect(parseKafkaRelease(text)).toEqual(release))

  it.each(['3', '3.10', '5.0', '3.7.1.2', 'latest', '', '0.9'])('refuses %j', text =>
    expect(parseKafkaRelease(text)).toBeNull(),
  )

  it('an unknown version names the allowed ones', () => {
    const issue = issueOf({ kafka: { version: '3.10' } })
    expect(issue.kind).toBe('invalid')
    expect(issue.message).toMatch(
      /^scenario\.yaml:1: kafka version=3\.10 is not allowed; allowed: 0\.10, 0\.11, .*, 4\.1/,
    )
  })
})

describe('invalid values name the source, the key and what is allowed', () => {
  it.each([
    [{ producer: { acks: '2' } }, 'scenario.yaml:1: producer acks=2 is not allowed; allowed: 0, 1, all, -1'],
    [
      { faults: { 'broker-crash': 'two' } },
      'scenario.yaml:1: faults broker-crash=two is not allowed; allowed: a non-negative integer',
    ],
    [
      { faults: { 'lost-request': '-1' } },
      'scenario.yaml:1: faults lost-request=-1 is not allowed; allowed: a non-negative integer',
    ],
    [{ bound: { messages: '0' } }, 'scenario.yaml:1: bound messages=0 is not allowed; allowed: a positive integer'],
    [
      { consumer: { 'enable.auto.commit': 'yes' } },
      'scenario.yaml:1: consumer enable.auto.commit=yes is not allowed; allowed: true, false',
    ],
    [
      { app: { commit: 'later' } },
      'scenario.yaml:1: app commit=later is not allowed; allowed: before-process, after-process',
    ],
    [
      { expect: { NoLossOfAcked: 'maybe' } },
      'scenario.yaml:1: expect NoLossOfAcked=maybe is not allowed; allowed: holds, violated, rejected',
    ],
    [
      { consumer: { 'isolation.level': 'READ_COMMITTED' } },
      'scenario.yaml:1: consumer isolation.level=READ_COMMITTED is not allowed; allowed: read_uncommitted, read_committed',
    ],
    [
      { kafka: { platform: 'confluent' } },
      'scenario.yaml:1: kafka platform=confluent is not allowed; allowed: apache, msk, event-hubs',
    ],
  ] as [Blocks, string][])('%j', (blocks, message) => {
    const issue = issueOf(blocks)
    expect(issue.kind).toBe('invalid')
    expect(issue.message).toBe(message)
  })

  it('min.insync.replicas above the replication factor is accepted, as Kafka does, with a note', () => {
    const result = resolveScenario(
      rawScenario({ topic: { 'replication.factor': '2', 'min.insync.replicas': '3' }, kafka: { version: '3.7' } }),
    )
    if (!result.ok) return expect.fail(result.issue.message)
    expect(result.scenario.topic['min.insync.replicas']).toBe(3)
    expect(result.warnings).toContainEqual({
      kind: 'note',
      origin: { file: 'scenario.yaml', line: 2 },
      block: 'topic',
      key: 'min.insync.replicas',
      message:
        'min.insync.replicas=3 is above replication.factor=2: Kafka 3.7 uses 2 (effectiveMinIsr), so acks=all ' +
        'needs every replica in the ISR',
    })
  })

  it('min.insync.replicas from the platform default above the replication factor says where it came from', () => {
    const result = resolveScenario(rawScenario({ kafka: { platform: 'msk' }, topic: { 'replication.factor': '1' } }))
    if (!result.ok) return expect.fail(result.issue.message)
    expect(result.warnings.map(w => w.message)).toContainEqual(expect.stringContaining('=2 (the msk default) is above'))
  })

  it('cluster and topic partitions that disagree', () => {
    expect(issueOf({ cluster: { partitions: '2' }, topic: { partitions: '3' } }).message).toBe(
      'scenario.yaml:2: topic partitions=3 is not allowed; allowed: 2, as cluster partitions says',
    )
  })

  it('unknown names in our own blocks are errors that suggest the closest name', () => {
    expect(issueOf({ faults: { 'broker-crahs': '1' } }).message).toMatch(
      /^scenario\.yaml:1: unknown fault 'broker-crahs' \(did you mean broker-crash\?\); allowed: broker-crash, /,
    )
    expect(issueOf({ cluster: { broker: '3' } }).message).toContain(
      "unknown cluster setting 'broker' (did you mean brokers?)",
    )
    expect(issueOf({ kafka: { versoin: '3.7' } }).kind).toBe('invalid')
    expect(issueOf({ bound: { time: '3' } }).kind).toBe('invalid')
  })
})

describe('configurations Kafka refuses', () => {
  it('a replication factor above the broker count, in the words of a ZooKeeper-era broker', () => {
    const issue = issueOf({
      kafka: { version: '3.7' },
      cluster: { brokers: '1' },
      topic: { 'replication.factor': '3' },
    })
    expect(issue.kind).toBe('rejected')
    expect(issue.message).toBe(
      'scenario.yaml:3: topic replication.factor=3 is rejected by a Kafka 3.7 broker: ' +
        'org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 3 larger than available brokers: 1.',
    )
  })

  it('and in the words of a KRaft controller from 4.0', () => {
    const issue = issueOf({
      kafka: { version: '4.0' },
      cluster: { brokers: '2' },
      topic: { 'replication.factor': '3' },
    })
    expect(issue.kind === 'rejected' && issue.reason).toBe(
      'org.apache.kafka.common.errors.InvalidReplicationFactorException: Unable to replicate the partition 3 time(s): ' +
        'The target replication factor of 3 cannot be reached because only 2 broker(s) are registered.',
    )
  })
})

describe('warnings', () => {
  it('an unknown key names the closest real one', () => {
    const [warning] = warningsOf({ producer: { ack: 'all' } })
    expect(warning).toMatchObject({ kind: 'unknown-key', key: 'ack', block: 'producer' })
    expect(warning?.message).toBe("unknown producer property 'ack' (did you mean acks?); ignored")
  })

  it("another role's property is pointed out", () => {
    expect(warningsOf({ producer: { 'group.id': 'g' } }).map(w => w.message)).toEqual([
      'group.id is a consumer property, not a producer one; ignored here',
    ])
  })

  it('real properties the model does not read are accepted silently', () => {
    expect(
      warningsOf({
        producer: { 'bootstrap.servers': 'b:9092', 'compression.type': 'zstd', 'sasl.mechanism': 'PLAIN' },
        consumer: { 'group.id': 'g', 'fetch.min.bytes': '1' },
        broker: { 'log.retention.hours': '168', 'listener.name.internal.ssl.keystore.location': '/k' },
        topic: { 'retention.ms': '1000', 'cleanup.policy': 'delete' },
      }),
    ).toEqual([])
  })

  it('the error path is refused where it is not modelled (auto-commit), never silently ignored; its off values are fine', () => {
    expect(issueOf({ app: { dlq: 'true', retry: 'blocking' }, cluster: { consumers: '1' } }).message).toBe(
      'scenario.yaml: consumer enable.auto.commit=true is not allowed; allowed: false with app.retry (modelled for a ' +
        'manual commit after processing)',
    )
    expect(warningsOf({ app: { dlq: 'false', retry: 'none' } })).toEqual([])
  })

  it('a consumer block without group.id gets the modelled group and a warning', () => {
    const result = resolveScenario(rawScenario({ consumer: { 'enable.auto.commit': 'false' } }))
    expect(result.ok && result.scenario.consumer['group.id']).toBe('kafkacheck')
    expect(result.ok && result.warnings.map(w => w.key)).toEqual(['group.id'])
  })
})

describe('levenshtein', () => {
  it('is the edit distance', () => {
    expect(levenshtein('ack', 'acks')).toBe(1)
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('', 'abc')).toBe(3)
  })
})

const VALUES: Readonly<Record<string, Record<string, fc.Arbitrary<string>>>> = {
  kafka: {
    version: fc.constantFrom(
      '0.10',
      '0.11',
      '1.0',
      '2.1',
      '2.4',
      '2.8',
      '3.0.0',
      '3.0.1',
      '3.1',
      '3.7.1',
      '4.0',
      '4.1',
    ),
    platform: fc.constantFrom('apache', 'msk', 'event-hubs'),
  },
  cluster: {
    brokers: fc.integer({ min: 1, max: 5 }).map(String),
    partitions: fc.integer({ min: 1, max: 4 }).map(String),
  },
  topic: {
    'replication.factor': fc.integer({ min: 1, max: 5 }).map(String),
    'min.insync.replicas': fc.integer({ min: 1, max: 5 }).map(String),
    'unclean.leader.election.enable': fc.constantFrom('true', 'false', 'TRUE'),
    'flush.messages': fc.constantFrom('1', '9223372036854775807'),
  },
  broker: {
    'default.replication.factor': fc.integer({ min: 1, max: 4 }).map(String),
    'min.insync.replicas': fc.integer({ min: 1, max: 3 }).map(String),
    'log.flush.interval.messages': fc.constantFrom('1', '1000'),
  },
  producer: {
    acks: fc.constantFrom('0', '1', 'all', '-1'),
    'enable.idempotence': fc.constantFrom('true', 'false'),
    retries: fc.constantFrom('0', '1', '3', '2147483647'),
    'max.in.flight.requests.per.connection': fc.integer({ min: 1, max: 8 }).map(String),
    'delivery.timeout.ms': fc.constantFrom('1000', '120000'),
    'linger.ms': fc.constantFrom('0', '5', '100'),
    'request.timeout.ms': fc.constantFrom('1000', '30000'),
    'transactional.id': fc.constantFrom('tx-1'),
  },
  consumer: {
    'group.id': fc.constantFrom('g1'),
    'enable.auto.commit': fc.constantFrom('true', 'false'),
    'auto.offset.reset': fc.constantFrom('earliest', 'latest', 'none'),
    'isolation.level': fc.constantFrom('read_committed', 'read_uncommitted'),
    'partition.assignment.strategy': fc.constantFrom('range', 'range,cooperative-sticky', 'sticky', 'roundrobin'),
  },
  app: { commit: fc.constantFrom('before-process', 'after-process'), dlq: fc.constantFrom('true', 'false') },
  faults: { 'broker-crash': fc.nat(3).map(String), 'lost-response': fc.nat(3).map(String) },
  bound: { messages: fc.integer({ min: 1, max: 4 }).map(String) },
}

const blocksArbitrary: fc.Arbitrary<Blocks> = fc.record(
  Object.fromEntries(
    Object.entries(VALUES).map(([block, keys]) => [block, fc.record(keys, { requiredKeys: [] })]),
  ) as Record<keyof Blocks, fc.Arbitrary<Record<string, string>>>,
  { requiredKeys: [] },
)

describe('any scenario of known keys with valid values', () => {
  it('resolves to a scenario or one issue, never an exception', () => {
    fc.assert(
      fc.property(blocksArbitrary, blocks => {
        const result = resolveScenario(rawScenario(blocks))
        if (result.ok) {
          const { topic } = result.scenario
          if (topic['min.insync.replicas'] > topic['replication.factor'])
            expect(result.warnings.map(w => w.key)).toContain('min.insync.replicas')
          expect(result.scenario.topic['replication.factor']).toBeLessThanOrEqual(result.scenario.cluster.brokers)
        } else {
          expect(['invalid', 'rejected']).toContain(result.issue.kind)
          expect(result.issue.message).not.toContain('\n')
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('any scenario at all', () => {
  it('resolves without an exception, whatever text the known keys hold', () => {
    const anyText = fc.oneof(fc.string(), fc.constantFrom('', ' ', '-1', '1e3', '0x10', '99999999999999999999', 'NaN'))
    const anyBlocks: fc.Arbitrary<Blocks> = fc.record(
      Object.fromEntries(
        Object.entries(VALUES).map(([block, keys]) => [
          block,
          fc.record(Object.fromEntries(Object.keys(keys).map(key => [key, fc.oneof(anyText, fc.array(anyText))])), {
            requiredKeys: [],
          }),
        ]),
      ) as Record<keyof Blocks, fc.Arbitrary<Record<string, string | string[]>>>,
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(anyBlocks, blocks => {
        const result = resolveScenario(rawScenario(blocks))
        expect(result.ok || result.issue.message.length > 0).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})
