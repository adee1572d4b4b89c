// The latency measure's Kafka side: where acks=0 acknowledges, which fetches acks=all waits for, and the claim that
// lets the measure leave consumer actions out (they never touch what the produce path reads).
import { describe, expect, it } from 'vitest'
import { check, costToGoal } from '../../checker/index.js'
import {
  actionLabel,
  latencyRole,
  LATENCY_STEPS,
  produceLatency,
  type Action,
  type Params,
  type State,
} from '../../spec/index.js'
import { kafkaModel } from '../../spec/kafka.js'
import { paramsFor } from './scenarioFiles.js'

function cheapest(p: Params) {
  const measure = produceLatency(p)!
  const result = costToGoal(kafkaModel(p), measure)
  const run = (result.cheapestRun ?? []).slice(1).map(step => step.action!)
  return { result, run: run.map(actionLabel), hops: run.reduce((sum, a) => sum + measure.cost(a), 0) }
}

describe('the latency measure', () => {
  it('counts no hop for acks=0: the record is acknowledged as it is written to the socket', () => {
    const { result, run } = cheapest(paramsFor('acks0-fire-and-forget'))
    expect(run).toEqual(['ProducerSend(m1)'])
    expect(result.unhindered).toEqual({ low: 0, high: 0 })
  })

  it('counts the produce round trip for acks=1', () => {
    const { run, hops } = cheapest(paramsFor('acks1-leader-crash'))
    expect(run).toEqual(['ProducerSend(m1)', 'LeaderHandleProduce(m1)', 'ProducerReceiveResponse(m1)'])
    expect(hops).toBe(2)
  })

  it('has acks=all wait for two fetches by every follower in the ISR, whatever min.insync.replicas says', () => {
    for (const minIsr of [1, 2]) {
      const p = paramsFor('acks-all-rf3-minisr2', s => ({ ...s, topic: { ...s.topic, 'min.insync.replicas': minIsr } }))
      const { result, run, hops } = cheapest(p)
      // The first fetch copies the record, the next one tells the leader so and moves the high watermark.
      expect(run.filter(label => label === 'FollowerFetch(p0, b2)')).toHaveLength(2)
      expect(run.filter(label => label === 'FollowerFetch(p0, b3)')).toHaveLength(2)
      expect(hops).toBe(1 + 4 * 2 + 1)
      expect(result.unhindered.low).toBe(hops)
      expect(result.forced.low).toBeGreaterThan(hops)
    }
  })

  it('counts abortTransaction() after a failed send as the application carrying on, and the txn-abort budget as a fault', () => {
    const p = paramsFor('txn-read-committed-abort')
    const [initial] = kafkaModel(p).init()
    const inState = (txnState: State['producers'][number]['txnState']): State => ({
      ...initial!,
      producers: [{ ...initial!.producers[0]!, txnState }],
    })
    const abort: Action = { type: 'ProducerAbortTransaction', producer: 0 }
    expect(latencyRole(inState('ABORTABLE_ERROR'), abort)).toBe('path')
    expect(latencyRole(inState('IN_TRANSACTION'), abort)).toBe('fault')
  })

  it('measures nothing for a pipeline, whose input is acknowledged before the scenario starts', () => {
    expect(produceLatency(paramsFor('eos-pipeline-zombie'))).toBeUndefined()
  })

  it.each(['at-least-once-end-to-end', 'dlq-not-awaited', 'txn-read-committed-abort', 'cooperative-rebalance'])(
    'leaves consumer actions out soundly: in %s none changes the producers, brokers, requests or responses',
    name => {
      const p = paramsFor(name)
      const model = kafkaModel(p)
      const producePath = (s: State) => [
        s.producers,
        s.batches,
        s.partitions,
        s.requests,
        s.responses,
        s.brokerAlive,
        s.topicPartitions,
        s.transactions,
      ]
      let consumerSteps = 0
      const result = check(
        {
          ...model,
          invariants: {},
          atQuiescence: {},
          sometimes: {},
          stepInvariants: {
            ConsumerLeavesProducePathAlone: (before, action, after) => {
              if (LATENCY_STEPS[action.type].role !== 'consumer') return true
              consumerSteps++
              return producePath(after).every((part, i) => part === producePath(before)[i])
            },
          },
        },
        { maxStates: 10_000 },
      )
      expect(result.status).toBe('holds')
      expect(consumerSteps).toBeGreaterThan(20)
    },
  )
})
