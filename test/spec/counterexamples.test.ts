// The classic ways Kafka loses, duplicates or reorders records, each pinned as its shortest counterexample (BFS),
// and the configurations that close them shown to hold.
import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import { modelFor, run, shortest, verdict } from './scenarioFiles.js'

describe('producer to log', () => {
  it('acks=0 loses a record whose request is lost, though the producer counted it as sent', () => {
    expect(shortest(run('acks0-fire-and-forget'), 'NoLossOfAcked')).toEqual([
      'ProducerSend(m1)',
      'NetworkLoseRequest(m1)',
    ])
  })

  it('acks=1 loses an acknowledged record when the leader dies before a follower fetched it', () => {
    expect(shortest(run('acks1-leader-crash'), 'NoLossOfAcked')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'BrokerCrash(b1)',
    ])
  })

  it('a retry after a lost response writes the record twice without idempotence', () => {
    expect(shortest(run('retries-without-idempotence'), 'NoDuplicateInLog')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'NetworkLoseResponse(m1)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
    ])
  })

  it('two batches in flight come back reordered when the connection breaks and both are re-enqueued at the front', () => {
    expect(shortest(run('inflight-reorder-without-idempotence'), 'PartitionOrder')).toEqual([
      'ProducerSend(m1)',
      'ProducerSend(m2)',
      'NetworkLoseRequest(m1)',
      'ProducerSend(m2)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m2)',
      'LeaderHandleProduce(m1)',
    ])
  })

  it('the idempotent producer keeps every record once and in order through lost requests and responses', () => {
    const result = run('idempotent-producer')
    expect(result.status).toBe('holds')
    expect(result.exhaustive).toBe(true)
    expect(result.stats.distinctStates).toMatchInlineSnapshot(`349`) // a change here is a change to the spec
  })

  it('turning idempotence off in the same scenario brings the duplicates back', () => {
    const result = check(
      modelFor('idempotent-producer', s => ({ ...s, producer: { ...s.producer, 'enable.idempotence': false } })),
    )
    expect(verdict(result, 'NoDuplicateInLog')).toBe('violated')
    expect(verdict(result, 'PartitionOrder')).toBe('violated')
  })

  it('an unclean election loses a record acknowledged by the only in-sync replica', () => {
    expect(shortest(run('unclean-election'), 'NoLossOfAcked')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'LeaderShrinkIsr(p0, b2)',
      'ProducerReceiveResponse(m1)',
      'BrokerCrash(b1)',
    ])
  })

  it('min.insync.replicas=2 keeps acknowledged records through a broker crash; 1 does not survive a power loss', () => {
    expect(verdict(run('acks-all-rf3-minisr1'), 'NoLossOfAcked')).toBe('violated')
    const twoReplicas = check(
      modelFor('acks-all-rf3-minisr1', s => ({ ...s, topic: { ...s.topic, 'min.insync.replicas': 2 } })),
    )
    expect(verdict(twoReplicas, 'NoLossOfAcked')).toBe('holds')
  })

  it('truncating to the high watermark (before KIP-101) loses an acknowledged record; leader epochs do not', () => {
    expect(shortest(run('hw-truncation-before-kip101'), 'NoLossOfAcked')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b2)',
      'FollowerFetch(p0, b2)',
      'FollowerFetch(p0, b3)',
      'FollowerFetch(p0, b3)',
      'ProducerReceiveResponse(m1)',
      'BrokerCrash(b1)',
      'BrokerCrash(b2)',
    ])
    const withEpochs = check(
      modelFor('hw-truncation-before-kip101', s => ({ ...s, broker: { ...s.broker, truncation: 'leader-epoch' } })),
    )
    expect(verdict(withEpochs, 'NoLossOfAcked')).toBe('holds')
  })

  it("the seed notes' dedup rule acknowledges a batch it never stores; Kafka's rule does not", () => {
    expect(verdict(run('seed-simplified-dedup'), 'NoLossOfAcked')).toBe('violated')
    const kafkaRule = check(modelFor('seed-simplified-dedup', s => ({ ...s, app: { ...s.app, dedup: 'kafka' } })))
    expect(verdict(kafkaRule, 'NoLossOfAcked')).toBe('holds')
  })

  it('a new leader can expose a lower high watermark than the old one (followers learn it one fetch late)', () => {
    expect(shortest(run('hw-truncation-before-kip101'), 'HighWatermarkMonotonic')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b2)',
      'FollowerFetch(p0, b2)',
      'FollowerFetch(p0, b3)',
      'FollowerFetch(p0, b3)',
      'BrokerCrash(b1)',
    ])
  })
})

describe('log to application', () => {
  it('committing before processing loses what a crash interrupts', () => {
    const trace = shortest(run('commit-before-process-crash'), 'NoLossEndToEnd')
    expect(trace.slice(-5)).toEqual([
      'ConsumerPoll(c1)',
      'ConsumerCommit(c1)',
      'ConsumerCrash(c1)',
      'ConsumerRestart(c1)',
      'CoordinatorCompleteRebalance()',
    ])
    expect(verdict(run('commit-before-process-crash'), 'NoDuplicateProcessing')).toBe('holds')
  })

  it('committing after processing repeats what a crash interrupts, and loses nothing', () => {
    const result = run('commit-after-process-crash')
    expect(shortest(result, 'NoDuplicateProcessing')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
      'ConsumerCrash(c1)',
      'ConsumerRestart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
    ])
    expect(verdict(result, 'NoLossEndToEnd')).toBe('holds')
  })

  it('auto-commit is at-least-once with processing on the polling thread, and loses records handed to a worker', () => {
    expect(verdict(run('auto-commit-sync'), 'NoLossEndToEnd')).toBe('holds')
    const async = run('auto-commit-async')
    expect(shortest(async, 'NoLossEndToEnd').slice(-5)).toEqual([
      'ConsumerPoll(c1)',
      'ConsumerPoll(c1, auto-commit)',
      'ConsumerCrash(c1)',
      'ConsumerRestart(c1)',
      'CoordinatorCompleteRebalance()',
    ])
  })

  it('auto.offset.reset=latest skips what a new group did not see being produced; earliest does not', () => {
    expect(verdict(run('offset-reset-latest-new-group'), 'NoLossEndToEnd')).toBe('violated')
    const earliest = check(
      modelFor('offset-reset-latest-new-group', s => ({
        ...s,
        consumer: { ...s.consumer, 'auto.offset.reset': 'earliest' },
      })),
    )
    expect(verdict(earliest, 'NoLossEndToEnd')).toBe('holds')
  })

  it('a partition added while the group reads with latest loses what is written there before the rebalance', () => {
    const trace = shortest(run('add-partition-offset-reset-latest'), 'NoLossEndToEnd')
    const added = trace.indexOf('AdminAddPartition()')
    expect(added).toBeGreaterThan(0)
    // m2's key moves to the new partition 1, and it is written there before the group hands the partition out.
    expect(trace.slice(added)).toEqual([
      'AdminAddPartition()',
      'ProducerAppSend(m2)',
      'ProducerSend(m2)',
      'LeaderHandleProduce(m2)',
      'ProducerReceiveResponse(m2)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
      'ConsumerCommit(c1)',
    ])
    const earliest = check(
      modelFor('add-partition-offset-reset-latest', s => ({
        ...s,
        consumer: { ...s.consumer, 'auto.offset.reset': 'earliest' },
      })),
    )
    expect(earliest.status).toBe('holds')
  })

  it('a rebalance repeats records processed but not committed, unless onPartitionsRevoked commits them', () => {
    expect(shortest(run('rebalance-no-commit-on-revoke'), 'NoDuplicateProcessing')).toContain('ConsumerSkipCommit(c1)')
    expect(run('rebalance-commit-on-revoke').status).toBe('holds')
  })

  it('a consumer past max.poll.interval.ms finishes its batch after the partition moved on', () => {
    const trace = shortest(run('max-poll-interval-zombie'), 'NoDuplicateProcessing')
    expect(trace).toContain('ConsumerPause(c1)')
    expect(trace.at(-1)).toBe('ConsumerProcess(c2)')
  })

  it('eager and cooperative rebalancing both keep a partition with one owner per generation', () => {
    for (const name of ['eager-rebalance', 'cooperative-rebalance']) {
      const result = run(name)
      expect(verdict(result, 'SinglePartitionOwner')).toBe('holds')
      expect(verdict(result, 'RebalanceHappened')).toBe('holds')
    }
  })
})
