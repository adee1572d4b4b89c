// Transactions (KIP-98): the anomalies each built-in scenario pins as its shortest counterexample, the version and
// isolation flips that close them, and the partition-side rules (last stable offset, markers, fencing) as examples.
import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import { resolveScenario } from '../../spec/config/resolve.js'
import { lastStableOffset, readCommittedReturns, txnFate } from '../../spec/transactions.js'
import { sequenceVerdict } from '../../spec/leader.js'
import { make, type LogEntry } from '../../spec/state.js'
import { rawScenario } from './config/rawScenario.js'
import { modelFor, paramsFor, run, shortest, verdict } from './scenarioFiles.js'

describe('what read_committed consumers see', () => {
  it('a read_uncommitted consumer returns a record of an aborted transaction', () => {
    expect(shortest(run('txn-read-uncommitted-abort'), 'ReadCommittedHidesAborted')).toEqual([
      'ProducerInitTransactions(p1)',
      'ProducerAddPartitionToTxn(p1, p0)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'ProducerAbortTransaction(p1)',
      'CoordinatorWriteMarker(t1, p0)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
    ])
  })

  it('read_committed never does, and still gets every committed record', () => {
    const result = run('txn-read-committed-abort')
    expect(result.status).toBe('holds')
    expect(result.exhaustive).toBe(true)
    expect(verdict(result, 'TransactionCommitted')).toBe('holds')
    expect(verdict(result, 'TransactionAborted')).toBe('holds')
  })
})

describe('fencing and hanging transactions', () => {
  it('a restarted producer with the same transactional.id fences the old epoch; its late write never shows', () => {
    const result = run('txn-zombie-stable-id')
    expect(verdict(result, 'ZombieFenced')).toBe('holds')
    expect(verdict(result, 'ProducerFenced')).toBe('holds')
  })

  it('with a new transactional.id per instance nothing fences the old one: the timeout aborts its transaction', () => {
    const result = run('txn-zombie-per-instance-id')
    expect(verdict(result, 'ZombieFenced')).toBe('holds')
    expect(verdict(result, 'LastStableOffsetProgress')).toBe('holds')
    // ProducerFenced is reached by the timeout's epoch bump, not by the new instance.
    expect(verdict(result, 'ProducerFenced')).toBe('holds')
  })

  it('a restart between EndTxn and its answer commits the record twice: the application never learned it committed', () => {
    expect(shortest(run('txn-restart-before-commit-returns'), 'NoDuplicateInLog')).toEqual([
      'ProducerInitTransactions(p1)',
      'ProducerAddPartitionToTxn(p1, p0)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'ProducerCommitTransaction(p1)',
      'ProducerRestart(p1)',
      'CoordinatorWriteMarker(t1, p0)',
      'CoordinatorCompleteTxn(t1)',
      'ProducerInitTransactions(p1)',
      'ProducerAddPartitionToTxn(p1, p0)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'ProducerCommitTransaction(p1)',
      'CoordinatorWriteMarker(t1, p0)',
    ])
  })

  it('before 3.6 a late write after the abort marker leaves the transaction hanging', () => {
    expect(shortest(run('txn-hanging-before-kip890'), 'LastStableOffsetProgress')).toEqual([
      'ProducerInitTransactions(p1)',
      'ProducerAddPartitionToTxn(p1, p0)',
      'ProducerSend(m1)',
      'NetworkDelayRequest(m1)',
      'ProducerExpireBatch(m1)',
      'ProducerAbortTransaction(p1)',
      'CoordinatorWriteMarker(t1, p0)',
      'CoordinatorCompleteTxn(t1)',
      'ProducerInitTransactions(p1)',
      'LeaderHandleDelayedProduce(m1)',
    ])
  })

  it('3.6 verifies the write with the coordinator (KIP-890 part 1) and nothing hangs', () => {
    expect(run('txn-no-hanging-kip890').status).toBe('holds')
    // The same scenario, only the version flipped back.
    const older = check(
      modelFor('txn-no-hanging-kip890', s => ({
        ...s,
        kafka: { ...s.kafka, version: '3.5' },
        broker: { ...s.broker, 'transaction.partition.verification.enable': false },
      })),
    )
    expect(verdict(older, 'LastStableOffsetProgress')).toBe('violated')
  })

  it('before 3.6 a late write of a bumped-away epoch joins the next transaction and is committed with it', () => {
    expect(shortest(run('txn-zombie-write-before-kip890'), 'ZombieFenced')).toEqual([
      'ProducerInitTransactions(p1)',
      'ProducerAddPartitionToTxn(p1, p0)',
      'ProducerSend(m1)',
      'NetworkDelayRequest(m1)',
      'ProducerExpireBatch(m1)',
      'ProducerAbortTransaction(p1)',
      'CoordinatorWriteMarker(t1, p0)',
      'CoordinatorCompleteTxn(t1)',
      'ProducerInitTransactions(p1)',
      'ProducerAddPartitionToTxn(p1, p0)',
      'ProducerSend(m1)',
      'LeaderHandleDelayedProduce(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'ProducerCommitTransaction(p1)',
      'CoordinatorWriteMarker(t1, p0)',
    ])
    const verified = check(
      modelFor('txn-zombie-write-before-kip890', s => ({
        ...s,
        kafka: { ...s.kafka, version: '3.6' },
        broker: { ...s.broker, 'transaction.partition.verification.enable': true },
      })),
    )
    expect(verified.status).toBe('holds')
  })
})

describe('transaction version 2 (KIP-890 part 2)', () => {
  it('an epoch bump with every EndTxn refuses the late write even without partition verification', () => {
    expect(run('txn-late-write-tv2').status).toBe('holds')
    const tv0 = check(
      modelFor('txn-late-write-tv2', s => ({ ...s, broker: { ...s.broker, 'transaction.version': 0 } })),
    )
    expect(verdict(tv0, 'ZombieFenced')).toBe('violated')
  })

  it('is a 4.0 feature: on by default there, refused as a setting before', () => {
    const resolve = (blocks: Parameters<typeof rawScenario>[0]) => resolveScenario(rawScenario(blocks))
    const newest = resolve({})
    expect(newest.ok && newest.scenario.broker['transaction.version']).toBe(2)
    const older = resolve({ kafka: { version: '3.9' }, broker: { 'transaction.version': '2' } })
    expect(older.ok || `${older.issue.block} ${older.issue.key}`).toBe('broker transaction.version')
  })
})

const p = paramsFor('txn-read-committed-abort')
const data = (message: number, sequence: number, producerEpoch = 0): LogEntry =>
  make.logEntry({
    kind: 'data',
    message,
    producer: 0,
    instance: 0,
    producerEpoch,
    sequence,
    leaderEpoch: 0,
    txn: 0,
    zombie: false,
  })
const marker = (kind: 'commit' | 'abort', txn: number, producerEpoch = 0): LogEntry =>
  make.logEntry({
    kind,
    message: 0,
    producer: 0,
    instance: 0,
    producerEpoch,
    sequence: -1,
    leaderEpoch: 0,
    txn,
    zombie: false,
  })
const replica = (log: LogEntry[], highWatermark: number) =>
  make.replica({ log, highWatermark, fetchedOffset: 0, mustTruncate: false })

describe('the partition side (ProducerStateManager, UnifiedLog)', () => {
  it('the last stable offset stops at an open transaction and at one whose marker is not yet below the high watermark', () => {
    expect(lastStableOffset(p, replica([data(0, 0)], 1))).toBe(0)
    expect(lastStableOffset(p, replica([data(0, 0), marker('commit', 1)], 1))).toBe(0)
    expect(lastStableOffset(p, replica([data(0, 0), marker('commit', 1)], 2))).toBe(2)
  })

  it('a record takes the fate of its producer id`s next marker; read_committed skips aborted ones and markers', () => {
    const log = [data(0, 0), marker('abort', 1), data(0, 1), marker('commit', 2)]
    expect([0, 2].map(offset => txnFate(p, log, offset))).toEqual(['abort', 'commit'])
    expect(log.map((_, offset) => readCommittedReturns(p, log, offset))).toEqual([false, false, true, false])
  })

  it('a marker with a higher epoch fences the older one (ProducerAppendInfo.appendEndTxnMarker)', () => {
    const request = make.produceRequest({
      producer: 0,
      broker: 0,
      partition: 0,
      message: 0,
      instance: 0,
      resends: 0,
      attempt: 1,
      sequence: 1,
      producerEpoch: 0,
      orphan: true,
    })
    expect(sequenceVerdict(p, [data(0, 0), marker('abort', 1, 1)], request)).toEqual({
      kind: 'reject',
      error: 'INVALID_PRODUCER_EPOCH',
    })
  })
})

describe('the configuration', () => {
  const resolve = (blocks: Parameters<typeof rawScenario>[0]) => resolveScenario(rawScenario(blocks))

  it('a transactional.id gives the application one abort to explore by default', () => {
    const result = resolve({ producer: { 'transactional.id': 'tx' } })
    expect(result.ok && result.scenario.faults['txn-abort']).toBe(1)
  })

  it('refuses transactional settings without a transactional.id, and transactions before 2.5', () => {
    const refused = (blocks: Parameters<typeof rawScenario>[0]) => {
      const result = resolve(blocks)
      return result.ok ? 'accepted' : `${result.issue.block} ${result.issue.key}`
    }
    expect(refused({ faults: { 'txn-abort': '1' } })).toBe('faults txn-abort')
    expect(refused({ faults: { 'txn-abort': '0' } })).toBe('accepted')
    expect(refused({ app: { 'transactional-id': 'stable' } })).toBe('app transactional-id')
    expect(refused({ kafka: { version: '2.4' }, producer: { 'transactional.id': 'tx' } })).toBe(
      'producer transactional.id',
    )
  })
})

describe('consume-transform-produce (KIP-447)', () => {
  it('from 2.5 a zombie member`s offsets are refused by generation, and each input`s result is visible once', () => {
    const result = run('eos-pipeline-zombie')
    expect(result.status).toBe('holds')
    expect(verdict(result, 'ZombieOffsetsRefused')).toBe('holds')
  })

  it('before 2.5 the zombie commits its transaction while the new owner processes the record again', () => {
    expect(shortest(run('eos-pipeline-zombie-before-kip447'), 'ExactlyOnceOutput')).toEqual([
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
      'ConsumerSendOffsetsToTxn(c1)',
      'ConsumerPause(c1)',
      'ConsumerStart(c2)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c2)',
      'ConsumerCommitTxn(c1)',
      'ConsumerProcess(c2)',
      'ConsumerSendOffsetsToTxn(c2)',
      'ConsumerCommitTxn(c2)',
    ])
  })

  it('before 2.5 a transactional.id per input partition fences the zombie instead, and each result is visible once', () => {
    const result = run('eos-pipeline-per-partition-id-before-kip447')
    expect(result.status).toBe('holds')
    expect(verdict(result, 'ZombieOffsetsRefused')).toBe('holds')
  })

  it('without a transactional.id the same pipeline writes a result twice after a crash', () => {
    const result = check(
      modelFor('eos-pipeline-zombie', s => ({
        ...s,
        producer: { ...s.producer, 'transactional.id': null },
        faults: { ...s.faults, 'consumer-pause': 0, 'consumer-crash': 1 },
      })),
    )
    expect(verdict(result, 'ExactlyOnceOutput')).toBe('violated')
  })
})

describe('InitProducerId and the transaction timeout', () => {
  it('refuses a transaction.timeout.ms above the broker`s transaction.max.timeout.ms, as the coordinator does', () => {
    const result = resolveScenario(
      rawScenario({
        producer: { 'transactional.id': 'tx', 'transaction.timeout.ms': '1000000' },
        broker: { 'transaction.max.timeout.ms': '900000' },
      }),
    )
    expect(result.ok || result.issue.message).toMatch(
      /producer transaction.timeout.ms=1000000 is rejected by a Kafka .* transaction coordinator \(InitProducerId\): The transaction timeout is larger than the maximum value allowed by the broker/,
    )
  })
})

describe('a fault that could never happen is refused, not ignored', () => {
  it('coordinator-crash needs a consumer committing with commitSync', () => {
    const result = resolveScenario(
      rawScenario({ producer: { 'transactional.id': 'tx' }, faults: { 'coordinator-crash': '1' } }),
    )
    expect(result.ok || `${result.issue.block} ${result.issue.key}`).toBe('faults coordinator-crash')
  })
})
