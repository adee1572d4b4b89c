import { describe, expect, it } from 'vitest'
import { marksOf } from '../../../src/render/marks.js'
import { renderSvg, sequenceDiagram, stateGraph } from '../../../src/render/index.js'
import { explainViolation } from '../../../src/report/explain.js'
import { itfTrace, traceFromItf } from '../../../src/report/index.js'
import { stepsOf } from '../../../src/report/steps.js'
import { scenarioSummary } from '../../../src/report/text.js'
import type { Counterexample } from '../../../src/run/counterexample.js'
import { counterexamplesOf, ERROR_PATH, scenarioFromYaml } from './counterexamples.js'

/** The shortest violation of `property` in one of the small error-path scenarios. */
function violation(scenario: keyof typeof ERROR_PATH, property: string): Counterexample {
  const found = counterexamplesOf(scenarioFromYaml(scenario, ERROR_PATH[scenario])).find(c => c.property === property)
  if (found === undefined) throw new Error(`${scenario} does not violate ${property}`)
  return found
}

const texts = (c: Counterexample): string[] => stepsOf(c).map(step => step.text)
const marksAt = (c: Counterexample, step: number) => marksOf(stepsOf(c)[step]!.facts)

/** The lifelines of a sequence diagram, left to right. */
const lifelines = (dot: string): string[] => [...dot.matchAll(/^ {2}(\w+)_head \[/gm)].map(m => m[1]!)

describe('blocking retries, then the dead-letter topic', () => {
  const c = violation('blockingDlq', 'NoLossEndToEnd')

  it('tells the retry in place, then the record given up to the dead-letter topic', () => {
    expect(c.trace.length - 1).toBe(11)
    expect(texts(c)[7]).toBe(
      'processing m1 (offset 0 of partition 0) fails on consumer 1 (a transient error, faults.processing-failure); it ' +
        'retries it in place: it seeks back to offset 0 of partition 0 (delivery 1 of 2 failed)',
    )
    expect(texts(c)[10]).toBe(
      'processing m1 (offset 0 of partition 0) fails on consumer 1 (a transient error, faults.processing-failure); it ' +
        'gives m1 up after 2 deliveries and writes it to the dead-letter topic, waiting for the acknowledgement ' +
        'before it commits past it',
    )
    expect(explainViolation(c)).toBe(
      'NoLossEndToEnd is violated: nothing is left to happen, yet m1 (acknowledged at step 3, at offset 0 of ' +
        "partition 0, dead-lettered at step 10) was never processed; partition 0's committed offset is 1 and " +
        'consumer 1 is at offset 1',
    )
  })

  it('draws the retry as an event on the consumer and the dead-letter write as an arrow to its topic', () => {
    expect(marksAt(c, 7)).toEqual([
      {
        kind: 'event',
        at: { kind: 'consumer', index: 0 },
        label: 'X m1 fails\nretry in place (1/2 failed)\nseek p0 -> 0',
        tone: 'error',
      },
    ])
    expect(marksAt(c, 10)).toEqual([
      {
        kind: 'arrow',
        from: { kind: 'consumer', index: 0 },
        to: { kind: 'deadLetterTopic', index: 0 },
        label: 'X m1 fails\nm1 -> DLQ, awaited',
        tone: 'error',
      },
    ])
    const dot = sequenceDiagram(c)
    expect(lifelines(dot)).toEqual(['step', 'producer0', 'broker0', 'consumer0', 'coordinator0', 'deadLetterTopic0'])
    expect(dot).toContain('dead-letter topic\\nwrites awaited')
    expect(dot).toContain('holds m1 x1')
  })

  it('sums up the error path and comes back the same from an ITF file', () => {
    expect(scenarioSummary(c)[2]).toMatch(
      /, on failure: blocking retries \(2 deliveries\), then the dead-letter topic \(write awaited\)$/,
    )
    const back = traceFromItf(JSON.parse(JSON.stringify(itfTrace(c))))
    expect(back.trace).toEqual(c.trace)
    const p = back.params
    expect([p.retry, p.retryAttempts, p.dlq, p.dlqAwaitAck, p.poison, p.errorHandlingDeserializer]).toEqual([
      'blocking',
      2,
      true,
      true,
      false,
      false,
    ])
  })
})

describe('blocking retries without a dead-letter topic', () => {
  it('tells the records processed before the failing one, and the record only logged', () => {
    const c = violation('blockingLogged', 'NoLossEndToEnd')
    expect(texts(c)[10]).toBe(
      'consumer 1 processes m1 from partition 0 (offset 0); processing m2 (offset 1 of partition 0) fails on ' +
        'consumer 1 (a transient error, faults.processing-failure); it retries it in place: it seeks back to offset 1 ' +
        'of partition 0 (delivery 1 of 2 failed)',
    )
    expect(texts(c)[13]).toBe(
      'processing m2 (offset 1 of partition 0) fails on consumer 1 (a transient error, faults.processing-failure); ' +
        'it gives m2 up after 2 deliveries and only logs it (no dead-letter topic): it will commit past it',
    )
    expect(marksAt(c, 10)[0]!.label).toMatch(/^process m1\nX m2 fails/)
    expect(lifelines(sequenceDiagram(c))).not.toContain('deadLetterTopic0')
    expect(scenarioSummary(c)[2]).toMatch(/, on failure: blocking retries \(2 deliveries\), then only a log line$/)
  })
})

describe('a retry topic', () => {
  const c = violation('retryTopic', 'KeyOrderProcessing')

  it('tells the hand-over, the records polled again and the late processing that breaks key order', () => {
    expect(texts(c)[8]).toBe(
      'processing m1 (offset 0 of partition 0) fails on consumer 1 (a transient error, faults.processing-failure); it ' +
        'hands m1 to the retry topic and moves on; it seeks back to offset 1 of partition 0 to poll m2 again',
    )
    expect(texts(c)[12]).toBe(
      'the retry topic\'s listener processes m1, after m2 behind it in partition 0; m1 and m2 share key "key-1", so ' +
        "that key's records are processed out of offset order",
    )
    expect(explainViolation(c)).toBe(
      'KeyOrderProcessing is violated: m1 and m2 share key "key-1" in partition 0 (offsets 0 and 1), yet m2 was ' +
        "processed at step 11 (by consumer 1) and m1 only at step 12 (by the retry topic's listener)",
    )
  })

  it('draws the retry topic as a lifeline the consumer hands the record to, and its listener on it', () => {
    expect(marksAt(c, 8)).toEqual([
      {
        kind: 'arrow',
        from: { kind: 'consumer', index: 0 },
        to: { kind: 'retryTopic', index: 0 },
        label: 'X m1 fails\nm1 -> retry topic\nseek p0 -> 1',
        tone: 'error',
      },
    ])
    expect(marksAt(c, 12)).toEqual([
      {
        kind: 'event',
        at: { kind: 'retryTopic', index: 0 },
        label: 'listener: process m1\nafter m2 (same key!)',
        tone: 'error',
      },
    ])
    const dot = sequenceDiagram(c)
    expect(lifelines(dot)).toEqual(['step', 'producer0', 'broker0', 'consumer0', 'coordinator0', 'retryTopic0'])
    expect(dot).toMatch(/ {2}consumer0_8(_0)? -> retryTopic0_8(_0)? \[/)
    expect(scenarioSummary(c)[2]).toMatch(/, on failure: the retry topic$/)
  })

  it('renders with Graphviz', async () => {
    const svg = await renderSvg(sequenceDiagram(c))
    expect(svg).toContain('listener: process m1')
  })
})

describe('a dead-letter write nobody waits for', () => {
  it('tells the write left in flight and its expiry, and explains DlqComplete by it', () => {
    const c = violation('dlqNotAwaited', 'DlqComplete')
    expect(texts(c)[7]).toBe(
      'processing m1 (offset 0 of partition 0) fails on consumer 1 (a transient error, faults.processing-failure); it ' +
        'gives m1 up at once and writes it to the dead-letter topic, without waiting for the acknowledgement ' +
        '(app.dlq-await-ack: false): it may commit past it while the write is in flight',
    )
    expect(texts(c)[9]).toBe(
      "the dead-letter write of m1 runs out of delivery.timeout.ms: nobody waited for it, and partition 0's " +
        'committed offset 1 is already past it, so m1 is gone',
    )
    expect(explainViolation(c)).toBe(
      'DlqComplete is violated: nothing is left to happen, yet m1 is neither processed nor in the dead-letter topic: ' +
        'it was given up at step 7 and its dead-letter write, which nobody waited for, expired at step 9',
    )
    expect(marksAt(c, 9)).toEqual([
      {
        kind: 'event',
        at: { kind: 'deadLetterTopic', index: 0 },
        label: 'X m1 write expired\n(delivery.timeout.ms)\nm1 lost',
        tone: 'lost',
      },
    ])
    expect(sequenceDiagram(c)).toContain('dead-letter topic\\nwrites not awaited')
    expect(stateGraph(c)).toContain('DLQ m1 x0, in flight m1')
  })

  it('tells the write landing when it does', () => {
    const c = violation('dlqNotAwaited', 'NoLossEndToEnd')
    expect(texts(c).at(-1)).toBe('the dead-letter topic acknowledges the write of m1: m1 is in the dead-letter topic')
    expect(marksOf(stepsOf(c).at(-1)!.facts)[0]!.label).toBe('m1 written')
  })
})

describe('poison records', () => {
  it('through the ErrorHandlingDeserializer: names both classes, and gives the record up without retries', () => {
    const c = violation('poisonDlq', 'NoLossEndToEnd')
    expect(texts(c)[7]).toBe(
      'm1 (offset 0 of partition 0) cannot be deserialized (KafkaAvroDeserializer cannot read what StringSerializer ' +
        'wrote); ErrorHandlingDeserializer hands it on to consumer 1 with its DeserializationException, which is ' +
        'never retried; consumer 1 gives m1 up at once and writes it to the dead-letter topic, waiting for the ' +
        'acknowledgement before it commits past it',
    )
    expect(marksAt(c, 7)[0]!.label).toBe('X m1: DeserializationException\nm1 -> DLQ, awaited')
    const summary = scenarioSummary(c)
    expect(summary[1]).toMatch(/, value\.serializer=StringSerializer$/)
    expect(summary[2]).toContain(
      'value.deserializer=ErrorHandlingDeserializer (delegate KafkaAvroDeserializer): every record is poison ' +
        '(KafkaAvroDeserializer cannot read what StringSerializer wrote)',
    )
  })

  it('without it: poll() throws at the record every time, and DlqComplete says so', () => {
    const c = violation('poisonStuck', 'DlqComplete')
    expect(texts(c)[6]).toBe(
      'consumer 1 polls and gets nothing new; its position on partition 0 was unknown, so auto.offset.reset=earliest ' +
        'moved it to offset 0; poll() throws RecordDeserializationException at offset 0 of partition 0 ' +
        '(KafkaAvroDeserializer cannot read what StringSerializer wrote), and will every time: no ' +
        'ErrorHandlingDeserializer hands the record on, so partition 0 is stuck there',
    )
    expect(marksAt(c, 6)).toEqual([
      {
        kind: 'arrow',
        from: { kind: 'broker', index: 0 },
        to: { kind: 'consumer', index: 0 },
        label: 'poll: nothing new\nreset p0 -> 0 (earliest)\nX p0 @0: RecordDeserializationException',
        tone: 'error',
      },
    ])
    expect(explainViolation(c)).toBe(
      'DlqComplete is violated: nothing is left to happen, yet m1 is neither processed nor in the dead-letter topic: ' +
        'it never reached the application: from step 6 poll() throws RecordDeserializationException at offset 0 of ' +
        'partition 0 every time',
    )
  })
})
