import { describe, expect, it } from 'vitest'
import { resolveScenario } from '../../../spec/config/resolve.js'
import type { Scenario } from '../../../spec/config/types.js'
import { rawScenario, type Blocks } from './rawScenario.js'

function resolved(blocks: Blocks): Scenario {
  const result = resolveScenario(rawScenario(blocks))
  if (!result.ok) throw new Error(result.issue.message)
  return result.scenario
}

const at = (version: string) => resolved({ kafka: { version } })

describe('version defaults', () => {
  it.each([
    ['2.4', '1', false, 0],
    ['3.7', 'all', true, 0],
    ['4.0', 'all', true, 5],
  ] as const)(
    'a Kafka %s producer defaults to acks=%s, enable.idempotence=%s, linger.ms=%d',
    (v, acks, idem, linger) => {
      const { producer } = at(v)
      expect(producer.acks).toBe(acks)
      expect(producer['enable.idempotence']).toBe(idem)
      expect(producer['linger.ms']).toBe(linger)
    },
  )

  it('retries and delivery.timeout.ms follow KIP-91 (2.1)', () => {
    expect(at('2.0').producer.retries).toBe(0)
    expect(at('2.0').producer['delivery.timeout.ms']).toBe(Number.MAX_SAFE_INTEGER)
    expect(at('2.1').producer.retries).toBe(2147483647)
    expect(at('2.1').producer['delivery.timeout.ms']).toBe(120000)
  })

  it('the consumer session timeout and assignors change in 3.0 (KIP-735, KIP-726)', () => {
    expect(at('2.8').consumer['session.timeout.ms']).toBe(10000)
    expect(at('2.8').consumer['partition.assignment.strategy']).toEqual(['range'])
    expect(at('3.0').consumer['session.timeout.ms']).toBe(45000)
    expect(at('3.0').consumer['partition.assignment.strategy']).toEqual(['range', 'cooperative-sticky'])
  })

  it('unclean leader election and truncation change in 0.11 (KIP-106, KIP-101), truncation again in 2.0 (KIP-279)', () => {
    expect(at('0.10').topic['unclean.leader.election.enable']).toBe(true)
    expect(at('0.10').broker.truncation).toBe('high-watermark')
    expect(at('0.11').topic['unclean.leader.election.enable']).toBe(false)
    expect(at('0.11').broker.truncation).toBe('epoch-end-offset')
    expect(at('2.0').broker.truncation).toBe('leader-epoch')
  })

  it('an empty scenario gets the newest version, one broker, one replica and the documented app defaults', () => {
    const scenario = resolved({})
    expect(scenario.kafka).toEqual({ version: '4.1', platform: 'apache', metadata: 'kraft' })
    expect(scenario.cluster).toEqual({ brokers: 1, producers: 1, consumers: 0 }) // no consumer block: producer side only
    expect(scenario.topic).toEqual({
      name: 'topic',
      partitions: 1,
      'replication.factor': 1,
      'min.insync.replicas': 1,
      'unclean.leader.election.enable': false,
    })
    expect(scenario.broker['log.flush.interval.messages']).toBe(Number.MAX_SAFE_INTEGER)
    expect(scenario.app).toEqual({
      commit: 'after-process',
      'commit-interval': 'every-batch',
      group: 'new',
      processing: 'sync',
      'resend-on-failure': false,
      'transactional-id': 'stable',
      pipeline: 'none',
      retry: 'none',
      'retry-attempts': 10,
      dlq: false,
      'dlq-await-ack': true,
      'commit-on-revoke': false,
      dedup: 'kafka',
      keys: ['key-1'],
    })
    expect(scenario.bound).toEqual({ messages: 2, retries: 1, depth: 60, states: 2_000_000 })
    expect(Object.values(scenario.faults).every(budget => budget === 0)).toBe(true)
  })

  it('the brokers default to the replication factor', () => {
    expect(resolved({ topic: { 'replication.factor': '3' } }).cluster.brokers).toBe(3)
    expect(resolved({ broker: { 'default.replication.factor': '2' } }).cluster.brokers).toBe(2)
  })

  it('partitions may sit in cluster or topic, and fall back to num.partitions', () => {
    expect(resolved({ cluster: { partitions: '3' } }).topic.partitions).toBe(3)
    expect(resolved({ topic: { partitions: '2' } }).topic.partitions).toBe(2)
    expect(resolved({ broker: { 'num.partitions': '4' } }).topic.partitions).toBe(4)
  })
})

describe('MSK', () => {
  it('runs with the MSK default configuration: RF 3, min ISR 2, unclean election on', () => {
    const scenario = resolved({ kafka: { platform: 'msk', version: '3.7' } })
    expect(scenario.topic['replication.factor']).toBe(3)
    expect(scenario.topic['min.insync.replicas']).toBe(2)
    expect(scenario.topic['unclean.leader.election.enable']).toBe(true)
    expect(scenario.cluster.brokers).toBe(3)
  })

  it('lets the scenario set replication factor and min ISR', () => {
    const scenario = resolved({
      kafka: { platform: 'msk' },
      topic: { 'replication.factor': '2', 'min.insync.replicas': '1', 'unclean.leader.election.enable': 'false' },
    })
    expect(scenario.topic['replication.factor']).toBe(2)
    expect(scenario.topic['min.insync.replicas']).toBe(1)
    expect(scenario.topic['unclean.leader.election.enable']).toBe(false)
  })
})

describe('Event Hubs', () => {
  it('runs three replicas with a majority in sync', () => {
    const scenario = resolved({ kafka: { platform: 'event-hubs' } })
    expect(scenario.topic['replication.factor']).toBe(3)
    expect(scenario.topic['min.insync.replicas']).toBe(2)
    expect(scenario.cluster.brokers).toBe(3)
  })

  it.each([
    ['topic', 'replication.factor'],
    ['topic', 'min.insync.replicas'],
    ['broker', 'default.replication.factor'],
    ['broker', 'min.insync.replicas'],
  ] as const)('rejects a scenario that sets %s %s', (block, key) => {
    const result = resolveScenario(rawScenario({ kafka: { platform: 'event-hubs' }, [block]: { [key]: '3' } }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issue.kind).toBe('rejected')
    expect(result.issue.message).toMatch(
      new RegExp(`^scenario\\.yaml:2: ${block} ${key}=3 is rejected by Azure Event Hubs`),
    )
    expect(result.issue.message).toContain('not configurable')
  })
})
