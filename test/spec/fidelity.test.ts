// Rules checked against Kafka's source, each with the version or setting that changes it: the verdict is found by
// exploring the model on both sides of the change, and the shortest counterexample is pinned.
import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import type { KafkaVersion, Scenario } from '../../spec/config/types.js'
import { kafkaModel, paramsOf, type State } from '../../spec/index.js'
import { builtIn, paramsFor, run, shortest, verdict } from './scenarioFiles.js'
import { rawScenario } from './config/rawScenario.js'
import { resolveScenario } from '../../spec/config/resolve.js'

const onVersion = (version: KafkaVersion) => (s: Scenario) => ({ ...s, kafka: { ...s.kafka, version } })

describe('the high watermark (Partition.appendRecordsToLeader, maybeIncrementLeaderHW)', () => {
  it('commits an acks=0 or acks=1 append at once when the leader is the whole ISR', () => {
    for (const acks of ['0', '1'] as const) {
      const p = paramsFor('acks1-single-replica-retry', s => ({ ...s, producer: { ...s.producer, acks } }))
      const model = kafkaModel(p)
      let state = model.init()[0]!
      for (const type of ['ProducerSend', 'LeaderHandleProduce'] as const)
        state = model.next(
          state,
          [...model.actions(state)].find(a => a.type === type)!,
        )
      expect(state.partitions[0]!.replicas[0]!.highWatermark, `acks=${acks}`).toBe(1)
    }
  })

  it('lets a consumer read an acks=1 record on one replica, and a retry duplicates it', () => {
    const result = run('acks1-single-replica-retry')
    expect(verdict(result, 'NoLossEndToEnd')).toBe('holds')
    expect(shortest(result, 'NoDuplicateInLog')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'NetworkLoseResponse(m1)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
    ])
    expect(verdict(result, 'NoDuplicateProcessing')).toBe('violated')
  })

  it('before 3.7 passes a batch while the ISR is below min.insync.replicas; from 3.7 (KAFKA-15583) it waits', () => {
    const before = run('isr-shrink-after-append-before-3.7')
    expect(shortest(before, 'NoDuplicateInLog')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b2)',
      'LeaderShrinkIsr(p0, b2)', // HW 0 -> 1 with ISR {1}: NOT_ENOUGH_REPLICAS_AFTER_APPEND for a committed batch
      'ProducerReceiveResponse(m1)',
      'ProducerSend(m1)',
      'FollowerFetch(p0, b2)',
      'LeaderHandleProduce(m1)',
      'LeaderShrinkIsr(p0, b2)',
    ])
    const from37 = run('isr-shrink-after-append-before-3.7', onVersion('3.7'))
    expect(verdict(from37, 'NoDuplicateInLog')).toBe('holds')
    expect(verdict(from37, 'RecordAcknowledged')).toBe('holds')
  })
})

describe('min.insync.replicas above the replication factor (Partition.effectiveMinIsr, 3.7)', () => {
  it('is accepted with a warning that says what the version does with it', () => {
    const resolve = (version: string) =>
      resolveScenario(
        rawScenario({ kafka: { version }, topic: { 'replication.factor': '2', 'min.insync.replicas': '3' } }),
      )
    const before = resolve('3.6')
    const after = resolve('3.7')
    if (!before.ok || !after.ok) return expect.fail('the topic must be accepted')
    expect(before.warnings.map(w => w.message)).toContainEqual(
      expect.stringContaining('every acks=all write fails with NOT_ENOUGH_REPLICAS'),
    )
    expect(after.warnings.map(w => w.message)).toContainEqual(expect.stringContaining('uses 2 (effectiveMinIsr)'))
  })

  it('acknowledges nothing before 3.7, and acknowledges with the full ISR from 3.7', () => {
    expect(verdict(run('min-isr-above-replication-factor'), 'RecordAcknowledged')).toBe('unreached')
    expect(verdict(run('min-isr-above-replication-factor', onVersion('3.7')), 'RecordAcknowledged')).toBe('holds')
  })
})

describe('ZooKeeper and KRaft (kafka.metadata)', () => {
  const resolveKafka = (kafka: Record<string, string>) => resolveScenario(rawScenario({ kafka }))

  it('defaults to ZooKeeper before 3.3 and to KRaft from 3.3 (KIP-833); Amazon MSK runs ZooKeeper unless told', () => {
    const metadata = (kafka: Record<string, string>) => {
      const result = resolveKafka(kafka)
      return result.ok ? result.scenario.kafka.metadata : result.issue.message
    }
    expect(metadata({ version: '3.2' })).toBe('zookeeper')
    expect(metadata({ version: '3.3' })).toBe('kraft')
    expect(metadata({ version: '3.7', platform: 'msk' })).toBe('zookeeper')
    expect(metadata({ version: '4.0', platform: 'msk' })).toBe('kraft')
    expect(metadata({ version: '2.7', metadata: 'kraft' })).toBe(
      'scenario.yaml:2: kafka metadata=kraft is not allowed; allowed: zookeeper (KRaft came in 2.8)',
    )
    expect(metadata({ version: '4.0', metadata: 'zookeeper' })).toBe(
      'scenario.yaml:2: kafka metadata=zookeeper is not allowed; allowed: kraft (Kafka 4.0 removed ZooKeeper)',
    )
  })

  it('elects an unclean leader with ZooKeeper, and with KRaft only from 3.9 (KAFKA-12670)', () => {
    expect(verdict(run('unclean-election'), 'NoLossOfAcked')).toBe('violated')
    const kraft38 = run('unclean-election-kraft')
    expect(verdict(kraft38, 'NoLossOfAcked')).toBe('holds')
    expect(verdict(run('unclean-election-kraft', onVersion('3.9')), 'NoLossOfAcked')).toBe('violated')
    const zookeeper38 = run('unclean-election-kraft', s => ({ ...s, kafka: { ...s.kafka, metadata: 'zookeeper' } }))
    expect(verdict(zookeeper38, 'NoLossOfAcked')).toBe('violated')
  })
})

describe('the idempotent producer (Sender, TransactionManager, RecordAccumulator; KIP-360 from 2.5)', () => {
  it('reorders when a leader with no state for it takes the second batch after refusing the first (KAFKA-15591)', () => {
    expect(shortest(run('acks-all-rf3-minisr2'), 'PartitionOrder')).toEqual([
      'BrokerCrash(b1)', // broker 2 leads, with no producer state
      'ProducerSend(m1)',
      'ProducerSend(m2)',
      'LeaderShrinkIsr(p0, b3)',
      'LeaderHandleProduce(m1)', // NOT_ENOUGH_REPLICAS
      'ProducerReceiveResponse(m1)',
      'ProducerSend(m1)',
      'FollowerFetch(p0, b3)',
      'LeaderHandleProduce(m2)', // sequence 1 from an unknown producer: appended (ProducerAppendInfo.checkSequence)
      'LeaderHandleProduce(m1)', // OUT_OF_ORDER_SEQUENCE_NUMBER
      'ProducerReceiveResponse(m1)', // a real gap: bump the epoch (TransactionManager.canRetry)
      'ProducerBumpEpoch(p1)',
      'ProducerSend(m1)', // epoch 1, sequence 0: a new epoch starts at 0, so it is written after m2
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b3)',
      'FollowerFetch(p0, b3)',
    ])
    expect(verdict(run('acks-all-rf3-minisr2'), 'NoLossOfAcked')).toBe('holds')
  })

  it('keeps two partitions exact through a lost request and response, within every retry bound', () => {
    // The old model failed a batch when the search stopped retrying it, then rewrote every partition's sequences:
    // a duplicate at bound.retries 1 that bound.retries 2 did not have.
    for (const retries of [0, 1, 2]) {
      const result = run('idempotent-two-partitions', s => ({ ...s, bound: { ...s.bound, retries } }))
      for (const property of ['NoDuplicateInLog', 'PartitionOrder', 'NoLossOfAcked'])
        expect(verdict(result, property), `${property} at bound.retries ${retries}`).toBe('holds')
      expect(result.exhaustive).toBe(retries === 2)
    }
  })

  it('never fails a batch because the search bound stopped retrying it: only retries or a delivery timeout do', () => {
    const p = paramsFor('acks-all-rf3-minisr2')
    expect(p.attempts).toBe(2 ** 31) // retries=MAX: Kafka gives up only by time
    const model = kafkaModel(p)
    const result = check(
      { ...model, invariants: { NoBatchFails: (s: State) => s.batches.every(b => b.status !== 'failed') } },
      { maxDepth: builtIn('acks-all-rf3-minisr2').bound.depth },
    )
    expect(verdict(result, 'NoBatchFails')).toBe('holds')
    expect(result.stoppedBy).toBe('constraint') // the bound cut the search instead, and says so
  })

  it('expires a batch in flight from 2.1 (KIP-91), and a resend on the TimeoutException writes it twice', () => {
    expect(shortest(run('delivery-timeout-resend'), 'NoDuplicateInLog')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerExpireBatch(m1)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
    ])
    expect(verdict(run('delivery-timeout-resend', onVersion('2.0')), 'NoDuplicateInLog')).toBe('holds')
  })
})

describe('consumer commits during a rebalance (ConsumerCoordinator.sendOffsetCommitRequest, KAFKA-8421)', () => {
  it('from 2.5 lets a rejoined member process, fails its commit, and the next owner repeats the records', () => {
    const result = run('cooperative-rebalance')
    expect(shortest(result, 'NoDuplicateProcessing')).toEqual([
      'ProducerSend(m2)',
      'LeaderHandleProduce(m2)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerStart(c2)',
      'ConsumerJoinGroup(c1)', // c1 rejoins and, from 2.5, keeps polling its partitions
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
      'ConsumerCommit(c1)', // no stable generation: RebalanceInProgressException, nothing committed
      'CoordinatorCompleteRebalance()',
      'ConsumerJoinGroup(c1)',
      'ConsumerJoinGroup(c2)',
      'CoordinatorCompleteRebalance()', // partition 1 moves to c2 at the old committed offset
      'ConsumerPoll(c2)',
      'ConsumerProcess(c2)',
    ])
    expect(verdict(result, 'SinglePartitionOwner')).toBe('holds')
    expect(verdict(run('cooperative-rebalance', onVersion('2.4')), 'NoDuplicateProcessing')).toBe('holds')
  })
})

describe('follower truncation after leader changes (KIP-101, KIP-279)', () => {
  it('in 0.11-1.1 leaves a follower diverged for good after fast leader changes; from 2.0 the logs converge', () => {
    expect(shortest(run('epoch-truncation-before-kip279'), 'ReplicasConverge')).toEqual([
      'ProducerSend(m1)',
      'ProducerSend(m2)',
      'LeaderHandleProduce(m1)', // m1 at offset 0 on broker 1, epoch 0
      'ProducerReceiveResponse(m1)',
      'BrokerCrash(b1)', // broker 2 leads in epoch 1
      'ProducerSend(m2)',
      'LeaderHandleProduce(m2)', // m2 at offset 0 on broker 2, epoch 1
      'BrokerRestart(b1)',
      'BrokerCrash(b1)',
      'BrokerRestart(b1)',
      'BrokerCrash(b2)', // broker 1 leads uncleanly in epoch 2, with m1
      'BrokerRestart(b2)',
      'FollowerFetch(p0, b2)', // asks for epoch 1's end: broker 1 never had epoch 1 and answers 1, so m2 stays
    ])
    const from20 = run('epoch-truncation-before-kip279', s => ({
      ...s,
      kafka: { ...s.kafka, version: '2.0' },
      broker: { ...s.broker, truncation: 'leader-epoch' },
    }))
    expect(verdict(from20, 'ReplicasConverge')).toBe('holds')
  })

  it('takes the truncation rule from the version: high watermark, then epoch end offsets (0.11), then KIP-279 (2.0)', () => {
    const truncation = (version: string) => {
      const result = resolveScenario(rawScenario({ kafka: { version, metadata: 'zookeeper' } }))
      return result.ok ? result.scenario.broker.truncation : result.issue.message
    }
    expect(['0.10', '0.11', '1.1', '2.0', '3.7'].map(truncation)).toEqual([
      'high-watermark',
      'epoch-end-offset',
      'epoch-end-offset',
      'leader-epoch',
      'leader-epoch',
    ])
  })
})

describe('a broker bounce inside the failure-detection window (KIP-101 scenario 1, KAFKA-7235)', () => {
  it('before 0.11 loses an acknowledged record: the bounced follower stays in the ISR and truncates to its lagging HW', () => {
    expect(shortest(run('broker-bounce-before-kip101'), 'NoLossOfAcked')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b2)', // broker 2 gets m1; the answer carries high watermark 0
      'FollowerFetch(p0, b2)', // the leader counts it (high watermark 1) after answering with 0
      'ProducerReceiveResponse(m1)',
      'BrokerBounce(b2)', // unnoticed by the controller: still in the ISR; truncates to its high watermark, 0
      'BrokerCrash(b1)', // broker 2 is elected cleanly, without m1
    ])
    const withEpochs = resolveScenario(
      rawScenario({
        kafka: { version: '0.11' },
        cluster: { brokers: '2' },
        topic: { 'replication.factor': '2', 'unclean.leader.election.enable': 'false' },
        producer: { acks: 'all', retries: '1' },
        faults: { 'broker-bounce': '1', 'broker-crash': '1' },
        bound: { messages: '1', retries: '1' },
      }),
    )
    if (!withEpochs.ok) return expect.fail(withEpochs.issue.message)
    expect(verdict(check(kafkaModel(paramsOf(withEpochs.scenario))), 'NoLossOfAcked')).toBe('holds')
  })

  it('is a failure and a startup to a controller that notices it: ZooKeeper from 2.2, and KRaft', () => {
    const noticed = (kafka: Record<string, string>) => {
      const result = resolveScenario(rawScenario({ kafka }))
      return result.ok ? !paramsOf(result.scenario).bounceUnnoticed : result.issue.message
    }
    expect(noticed({ version: '2.1', metadata: 'zookeeper' })).toBe(false)
    expect(noticed({ version: '2.2', metadata: 'zookeeper' })).toBe(true)
    expect(noticed({ version: '3.7' })).toBe(true)
  })
})

describe('a producer restart (TransactionCoordinator.handleInitProducerId without a transactional.id)', () => {
  it('gets a new producer id, so a record the old instance had written is written again', () => {
    expect(shortest(run('producer-restart-duplicate'), 'NoDuplicateInLog')).toEqual([
      'ProducerSend(m1)',
      'ProducerRestart(p1)', // the application sends m1 again through the new instance
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'LeaderHandleDelayedProduce(m1)', // the old instance's request: another producer id, so not a duplicate to it
    ])
    const once = run('producer-restart-duplicate', s => ({ ...s, faults: { ...s.faults, 'producer-restart': 0 } }))
    expect(verdict(once, 'NoDuplicateInLog')).toBe('holds')
  })
})

describe('a group coordinator failover (GroupMetadataManager, ConsumerCoordinator.commitOffsetsSync)', () => {
  it('loses a commitSync that times out, keeps the group, and the next owner repeats the records', () => {
    expect(shortest(run('coordinator-failover-commit'), 'NoDuplicateProcessing')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
      'CoordinatorFailover(c1)', // the commit times out; the group keeps generation 1
      'ConsumerStart(c2)',
      'ConsumerJoinGroup(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)', // from the committed offset, still none
      'ConsumerProcess(c1)',
    ])
    expect(verdict(run('eager-rebalance'), 'NoDuplicateProcessing')).toBe('holds')
  })
})

describe('consumer position validation after a leader change (KIP-320, SubscriptionState.maybeCompleteValidation)', () => {
  it('before 2.3 a consumer skips a record written under its position after truncation; from 2.3 it goes back', () => {
    expect(shortest(run('consumer-truncation-before-kip320'), 'NoRecordSkipped')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'LeaderShrinkIsr(p0, b2)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)', // m1 at offset 0, epoch 0
      'BrokerCrash(b1)', // broker 2 is elected uncleanly, epoch 1, empty
      'ProducerSend(m2)',
      'LeaderHandleProduce(m2)', // m2 at offset 0
      'ProducerReceiveResponse(m2)',
      'BrokerRestart(b1)',
      'FollowerFetch(p0, b1)',
      'FollowerFetch(p0, b1)',
      'ConsumerProcess(c1)',
      'ConsumerCommit(c1)', // offset 1: m2 is never read
    ])
    const validated = run('consumer-truncation-before-kip320', onVersion('2.3'))
    expect(verdict(validated, 'NoRecordSkipped')).toBe('holds')
  })
})
