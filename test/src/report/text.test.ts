import { describe, expect, it } from 'vitest'
import { describeSteps, explainViolation, textTrace } from '../../../src/report/index.js'
import { builtIn, counterexample, counterexamplesOf } from './counterexamples.js'

describe('textTrace', () => {
  it('tells the retry-without-idempotence duplicate step by step, with only what each step changed', () => {
    expect(textTrace(counterexample('retries-without-idempotence', 'NoDuplicateInLog'))).toMatchInlineSnapshot(`
      "NoDuplicateInLog violated (invariant) in scenario "retries-without-idempotence", 5 steps
        Without idempotence a retry after a lost response writes the record a second time.
        Kafka 3.7 · 1 broker · topic "topic": 1 partition, replication.factor=1, min.insync.replicas=1,
          unclean.leader.election.enable=false
        producer: acks=all, enable.idempotence=false, max.in.flight.requests.per.connection=5, retries=2147483647 (searched up
          to 2 attempts per batch)
        messages: m1 key "key-1" → partition 0 (producer 1); m2 key "key-1" → partition 0 (producer 1)
        faults allowed: lost-response 1

      0. broker 1 leads partition 0 (epoch 0, ISR {1}); producer 1 will send m1 and m2 to partition 0
      1. producer 1 sends m1 to broker 1, the leader of partition 0 (attempt 1)
           producer 1 / partition 0 queue  [m1, m2] → [m2]
           m1 batch / status               queued → inFlight
           m1 batch / broker               none → broker 1
           m1 batch / attempts             0 → 1
           requests                        [] → [m1: producer 1 → broker 1]
      2. broker 1 (leader of partition 0, epoch 0) appends m1 at offset 0; high watermark 0 → 1; answers producer 1: OK
           partition 0 / broker 1 / log             [] → [m1 (epoch 0)]
           partition 0 / broker 1 / high watermark  0 → 1
           partition 0 / exposed high watermark     0 → 1
           requests                                 [m1: producer 1 → broker 1] → []
           responses                                [] → [m1 OK: broker 1 → producer 1]
      3. the connection from producer 1 to broker 1 breaks; m1's response is lost; m1 goes back to the queue to be retried (1
         attempt used)
           producer 1 / partition 0 queue  [m2] → [m1, m2]
           m1 batch / status               inFlight → queued
           m1 batch / broker               broker 1 → none
           responses                       [m1 OK: broker 1 → producer 1] → []
           faults / lost response          0 → 1
      4. producer 1 retries m1 to broker 1, the leader of partition 0 (attempt 2)
           producer 1 / partition 0 queue  [m1, m2] → [m2]
           m1 batch / status               queued → inFlight
           m1 batch / broker               none → broker 1
           m1 batch / attempts             1 → 2
           requests                        [] → [m1: producer 1 → broker 1]
      5. broker 1 (leader of partition 0, epoch 0) appends m1 at offset 1, a second copy: m1 is already at offset 0; high
         watermark 1 → 2; answers producer 1: OK
           partition 0 / broker 1 / log             [m1 (epoch 0)] → [m1 (epoch 0), m1 (epoch 0)]
           partition 0 / broker 1 / high watermark  1 → 2
           partition 0 / exposed high watermark     1 → 2
           requests                                 [m1: producer 1 → broker 1] → []
           responses                                [] → [m1 OK: broker 1 → producer 1]

      ✕ NoDuplicateInLog is violated: m1 appears twice in the committed log of partition 0 (offsets 0 and 1 on leader broker 1)
      "
    `)
  })

  it('ends with the violated property and the records involved', () => {
    const text = textTrace(counterexample('acks1-leader-crash', 'NoLossOfAcked'))
    expect(text.trimEnd().split('\n').pop()).toBe(
      "✕ NoLossOfAcked is violated: m1 was acknowledged at step 3 and is missing from the log of partition 0's leader (broker 2)",
    )
  })
})

describe('explainViolation', () => {
  it.each([
    ['acks1-leader-crash', 'PartitionOrder'],
    ['hw-truncation-before-kip101', 'HighWatermarkMonotonic'],
    ['unclean-election', 'NoLossOfAcked'],
    ['commit-after-process-crash', 'NoDuplicateProcessing'],
    ['offset-reset-latest-new-group', 'NoLossEndToEnd'],
    ['epoch-truncation-before-kip279', 'ReplicasConverge'],
  ])('names the records that break %s / %s in one line', (name, property) => {
    const line = explainViolation(counterexample(name, property))
    expect(line).toMatch(new RegExp(`^${property} is violated: `))
    expect(line).toMatch(/\bm\d/)
    expect(line).not.toContain('\n')
    expect(line).toMatchSnapshot()
  })
})

describe('describeSteps', () => {
  it('gives the initial state no changes and every later step its changes under readable paths', () => {
    for (const c of counterexamplesOf(builtIn('commit-before-process-crash'))) {
      const steps = describeSteps(c)
      expect(steps.map(step => step.index)).toEqual(c.trace.map((_, i) => i))
      expect(steps[0]!.changes).toEqual([])
      for (const step of steps.slice(1)) {
        expect(step.changes.length).toBeGreaterThan(0)
        for (const change of step.changes) expect(change.path).not.toMatch(/partitions|replicas|batches|\[\d/)
      }
      expect(JSON.parse(JSON.stringify(steps))).toEqual(steps)
    }
  })
})
