import { describe, expect, it } from 'vitest'
import type { Latency } from '../../../src/run/latency.js'
import { readScenario } from '../../../src/run/load.js'
import { checkMatrix, parseVariation, type Matrix } from '../../../src/run/matrix.js'
import { scenarioFileFor } from '../../../src/run/scenarioSource.js'
import { REPOSITORY, workspace } from '../cli/kafkacheck.js'

describe('--vary keys', () => {
  it.each([
    ['acks=0,1,all', 'producer', 'acks', ['0', '1', 'all']],
    ['request.required.acks=1,all', 'producer', 'acks', ['1', 'all']],
    ['enable.auto.commit=true,false', 'consumer', 'enable.auto.commit', ['true', 'false']],
    ['min.insync.replicas=1,2', 'topic', 'min.insync.replicas', ['1', '2']],
    ['log.flush.interval.messages=1,100', 'broker', 'log.flush.interval.messages', ['1', '100']],
    ['broker.min.insync.replicas=1, 2', 'broker', 'min.insync.replicas', ['1', '2']],
    ['topic.min.insync.replicas=1', 'topic', 'min.insync.replicas', ['1']],
    ['faults.broker-crash=0,1', 'faults', 'broker-crash', ['0', '1']],
    ['kafka.version=2.8,3.7', 'kafka', 'version', ['2.8', '3.7']],
    ['app.commit=before-process,after-process', 'app', 'commit', ['before-process', 'after-process']],
  ])('reads %s as %s %s', (spec, block, key, values) => {
    expect(parseVariation(spec)).toEqual({ label: spec.slice(0, spec.indexOf('=')), block, key, values })
  })

  it.each([
    ['acks', '--vary acks is not allowed; allowed: key=value,value,...'],
    ['acks=', '--vary acks= is not allowed'],
    ['acks=1,,all', '--vary acks=1,,all is not allowed'],
    ['=1', '--vary =1 is not allowed'],
    ['ackss=1', "--vary ackss=1: unknown key 'ackss' (did you mean acks?)"],
    ['expect.NoLossOfAcked=holds', "unknown key 'expect.NoLossOfAcked'"],
  ])('refuses %s', (spec, message) => {
    expect(() => parseVariation(spec)).toThrow(message)
  })
})

const quiet = () => ({ update: () => {}, done: () => {} })

/** `kafkacheck matrix <scenario> --vary ...` through the library, in the folder `cwd`. */
const matrixOf = (scenario: string, vary: readonly string[], cwd = REPOSITORY): Matrix =>
  checkMatrix(readScenario(scenarioFileFor(scenario, cwd), cwd), vary.map(parseVariation), {}, quiet)

function measured(latency: Latency) {
  if (latency.status !== 'measured') throw new Error(`latency not measured: ${latency.reason}`)
  return latency
}

describe('the latency columns', () => {
  const matrix = matrixOf('acks1-leader-crash', ['acks=0,1,all'])
  const byAcks = new Map(matrix.points.map(point => [point.values[0]!, measured(point.latency)]))

  it('are strictly increasing from acks=0 through acks=1 to acks=all', () => {
    const shortest = ['0', '1', 'all'].map(acks => byAcks.get(acks)!.shortest)
    // Not cut by any bound: the figures are exact.
    for (const bounds of shortest) expect(bounds.low).toBe(bounds.high)
    const hops = shortest.map(bounds => bounds.low)
    expect(hops[0]).toBeLessThan(hops[1]!)
    expect(hops[1]).toBeLessThan(hops[2]!)
    expect(hops).toEqual([0, 2, 6])
  })

  it('come from runs of the model: acks=0 is acknowledged at the send, acks=all after the follower fetches', () => {
    expect(byAcks.get('0')!.shortestRun).toEqual(['ProducerSend(m1)'])
    expect(byAcks.get('1')!.shortestRun).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
    ])
    expect(byAcks.get('all')!.shortestRun).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b2)',
      'FollowerFetch(p0, b2)',
      'ProducerReceiveResponse(m1)',
    ])
  })

  it('put the worst case within the faults at or above the shortest run, above it where a crash forces a retry', () => {
    for (const [acks, latency] of byAcks) {
      expect(latency.worst.low, `acks=${acks}`).toBeGreaterThanOrEqual(latency.shortest.high)
    }
    // acks=1: the leader crashes after its append; the retry to the new leader is one more request.
    expect(byAcks.get('1')!.worst).toEqual({ low: 3, high: 3 })
    expect(measured(matrix.baseLatency)).toMatchObject({ shortest: { low: 2 }, worst: { low: 3 } })
  })

  it('say never when no run acknowledges, and give bounds when the search was cut', () => {
    const dir = workspace({
      'above-rf.yaml': `description: min.insync.replicas above the replication factor, before 3.7 capped it.
kafka: { version: "3.6" }
cluster: { brokers: 2 }
topic: { partitions: 1, replication.factor: 2, min.insync.replicas: 3 }
producer: { acks: all, retries: 1 }
bound: { messages: 1 }
`,
    })
    const matrix = matrixOf('above-rf.yaml', ['retries=0,3'], dir)
    const [noRetry, retries] = matrix.points.map(point => measured(point.latency))
    // retries=0: NOT_ENOUGH_REPLICAS fails the only attempt, and the check agrees that nothing is acknowledged.
    expect(noRetry!.shortest).toEqual({ low: Infinity, high: Infinity })
    expect(noRetry!.cutBy).toBeUndefined()
    const verdict = matrix.points[0]!.run.properties.find(p => p.name === 'RecordAcknowledged')?.verdict
    expect(verdict).toBe('unreached')
    // retries=3 and bound.retries=1: the third attempt is beyond the bound, so only a lower bound is certain.
    expect(retries!.cutBy).toBe('bound.retries=1')
    expect(retries!.shortest).toEqual({ low: 4, high: Infinity })
  })
})
