// The application's error path: blocking retries, retry topics, dead-letter writes and poison records, each pinned
// by exploring a built-in scenario, and the serializer pairs that make a record poison.
import { describe, expect, it } from 'vitest'
import { alwaysFails, qualifiedName, KNOWN_DESERIALIZERS, KNOWN_SERIALIZERS } from '../../spec/config/serde.js'
import { resolveScenario } from '../../spec/config/resolve.js'
import { rawScenario } from './config/rawScenario.js'
import { run, shortest, verdict } from './scenarioFiles.js'

describe('retries and dead letters', () => {
  it('a record that keeps failing is retried in place, then dead-lettered with the write awaited', () => {
    const result = run('dlq-blocking-retry')
    expect(verdict(result, 'DlqComplete')).toBe('holds')
    expect(verdict(result, 'DlqWritten')).toBe('holds')
    expect(verdict(result, 'KeyOrderProcessing')).toBe('holds')
    // Dead-lettered is not processed: the end-to-end property says so.
    expect(verdict(result, 'NoLossEndToEnd')).toBe('violated')
  })

  it('a retry topic lets the second record of a key be processed before the first', () => {
    expect(shortest(run('retry-topic-reorders-key'), 'KeyOrderProcessing')).toEqual([
      'ProducerSend(m1)',
      'ProducerSend(m2)',
      'LeaderHandleProduce(m1)',
      'LeaderHandleProduce(m2)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
      'ConsumerProcessFail(c1, m1)',
      'ConsumerCommit(c1)',
      'ConsumerPoll(c1)',
      'ConsumerProcess(c1)',
      'RetryTopicProcess(m1)',
    ])
  })

  it('a dead-letter write nobody waits for can expire after the commit: the record is gone', () => {
    const trace = shortest(run('dlq-not-awaited'), 'DlqComplete')
    expect(trace.slice(-3)).toEqual(['ConsumerProcessFail(c1, m1)', 'ConsumerCommit(c1)', 'DeadLetterWriteExpire(m1)'])
  })
})

describe('poison records', () => {
  it('without an error-handling deserializer the partition is stuck at the first record', () => {
    expect(shortest(run('poison-record-stuck'), 'NoLossEndToEnd')).toEqual([
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'ProducerReceiveResponse(m1)',
      'ConsumerStart(c1)',
      'CoordinatorCompleteRebalance()',
      'ConsumerPoll(c1)',
    ])
  })

  it('with ErrorHandlingDeserializer the record is not retried and goes to the dead-letter topic', () => {
    const result = run('poison-record-dlq')
    expect(verdict(result, 'DlqComplete')).toBe('holds')
    expect(verdict(result, 'DlqWritten')).toBe('holds')
  })

  it('only pairs that fail on every record are poison', () => {
    const ser = (name: string) => qualifiedName(name, KNOWN_SERIALIZERS)
    const de = (name: string) => qualifiedName(name, KNOWN_DESERIALIZERS)
    expect(alwaysFails(ser('StringSerializer'), de('KafkaAvroDeserializer'))).toBe(true)
    expect(alwaysFails(ser('KafkaAvroSerializer'), de('JsonDeserializer'))).toBe(true)
    expect(alwaysFails(ser('KafkaAvroSerializer'), de('KafkaAvroDeserializer'))).toBe(false)
    // A String may hold JSON, and a StringDeserializer reads any bytes: no claim either way.
    expect(alwaysFails(ser('StringSerializer'), de('JsonDeserializer'))).toBe(false)
    expect(alwaysFails(ser('KafkaAvroSerializer'), de('StringDeserializer'))).toBe(false)
  })

  it('refuses the error path where it is not modelled: auto-commit, commit before processing, a worker thread', () => {
    const issue = (blocks: Parameters<typeof rawScenario>[0]) => {
      const result = resolveScenario(rawScenario({ cluster: { consumers: '1' }, ...blocks }))
      return result.ok ? 'accepted' : `${result.issue.block} ${result.issue.key}`
    }
    expect(issue({ app: { dlq: 'true' }, consumer: { 'enable.auto.commit': 'true' } })).toBe(
      'consumer enable.auto.commit',
    )
    expect(
      issue({ app: { retry: 'blocking', commit: 'before-process' }, consumer: { 'enable.auto.commit': 'false' } }),
    ).toBe('app commit')
    expect(issue({ app: { dlq: 'true' }, consumer: { 'enable.auto.commit': 'false' } })).toBe('accepted')
  })
})
