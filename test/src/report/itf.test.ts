import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { itfTrace, traceFromItf } from '../../../src/report/index.js'
import { builtIn, builtInNames, counterexample, counterexamplesOf, walk, walkedScenarios } from './counterexamples.js'

/** What a file round trip does to the document. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('ITF traces', () => {
  it('give back the same states and actions after a trip through JSON (random walks of every kind of model)', () => {
    const scenarios = walkedScenarios()
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: scenarios.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 40 }),
        (pick, seed, steps) => {
          const c = walk(scenarios[pick]!, seed, steps)
          const back = traceFromItf(throughJson(itfTrace(c)))
          expect(back.trace).toEqual(c.trace)
          expect(back.scenario).toEqual(c.scenario)
          expect(back.params).toEqual(c.params)
          expect([back.property, back.kind]).toEqual([c.property, c.kind])
        },
      ),
      { numRuns: 60 },
    )
  })

  it('give back every built-in counterexample, whatever the configuration', () => {
    const all = builtInNames().flatMap(name => counterexamplesOf(builtIn(name)))
    expect(all.length).toBeGreaterThan(20)
    for (const c of all) expect(traceFromItf(throughJson(itfTrace(c))).trace).toEqual(c.trace)
  })

  it('write the format Quint and Apalache read: #meta, vars, states with #bigint integers and the action taken', () => {
    const itf = itfTrace(counterexample('acks0-fire-and-forget', 'NoLossOfAcked')) as {
      '#meta': Record<string, unknown>
      vars: string[]
      states: Record<string, unknown>[]
    }
    expect(itf['#meta']['format']).toBe('ITF')
    expect(itf.vars).toContain('partitions')
    expect(itf.vars).toContain('mbt::actionTaken')
    expect(itf.states.map(s => s['mbt::actionTaken'])).toEqual(['init', 'ProducerSend', 'NetworkLoseRequest'])
    expect(itf.states[0]!['#meta']).toEqual({ index: 0 })
    expect(itf.states[1]!['mbt::nondetPicks']).toEqual({
      producer: { tag: 'Some', value: { '#bigint': '0' } },
      partition: { tag: 'Some', value: { '#bigint': '0' } },
      message: { tag: 'Some', value: { '#bigint': '0' } },
    })
    expect((itf.states[0]!['brokerAlive'] as unknown[])[0]).toBe(true)
    expect((itf.states[0]!['faults'] as Record<string, unknown>)['brokerCrash']).toEqual({ '#bigint': '0' })
  })

  it.each([
    ['a number', 42, 'the document is not a JSON object'],
    ['no #meta', { vars: [], states: [] }, '#meta.kafkacheck'],
    ['an unknown action', 'unknown-action', 'no known mbt::actionTaken'],
    ['a missing variable', 'missing-variable', 'lacks the variable'],
    ['a huge integer', 'huge-integer', 'not an integer kafkacheck can hold'],
  ])('refuse %s with one line saying what is wrong', (_what, input, message) => {
    const good = throughJson(itfTrace(counterexample('acks0-fire-and-forget', 'NoLossOfAcked'))) as {
      vars: string[]
      states: Record<string, unknown>[]
    }
    const broken =
      input === 'unknown-action'
        ? {
            ...good,
            states: good.states.map((s, i) => (i === 1 ? { ...s, 'mbt::actionTaken': 'ProducerExplode' } : s)),
          }
        : input === 'missing-variable'
          ? { ...good, states: good.states.map(({ partitions: _, ...s }) => s) }
          : input === 'huge-integer'
            ? {
                ...good,
                states: good.states.map(s => ({ ...s, processed: [{ '#bigint': '123456789012345678901234567890' }] })),
              }
            : input
    let error: unknown
    try {
      traceFromItf(broken)
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain(message)
    expect((error as Error).message).not.toContain('\n')
  })

  /** A written document of acks0-fire-and-forget (ProducerSend, then NetworkLoseRequest), to break in one place. */
  type Document = {
    '#meta': { kafkacheck: Record<string, unknown> }
    vars: string[]
    states: Record<string, unknown>[]
  }
  const written = (): Document =>
    throughJson(itfTrace(counterexample('acks0-fire-and-forget', 'NoLossOfAcked'))) as Document
  const bigint = (n: number) => ({ '#bigint': String(n) })
  const withMeta = (field: string, change: (value: unknown) => unknown) => (d: Document) => {
    d['#meta'].kafkacheck[field] = change(d['#meta'].kafkacheck[field])
  }
  const inState = (index: number, change: (state: Record<string, unknown>) => void) => (d: Document) =>
    change(d.states[index]!)

  it.each([
    [
      'parameters beyond what the model runs',
      withMeta('params', params => ({ ...(params as object), brokers: 99 })),
      '#meta.kafkacheck.params.brokers 99 is not an integer from 1 to 15',
    ],
    [
      'parameters without a field',
      withMeta('params', ({ acks: _, ...params }: any) => params),
      '#meta.kafkacheck.params.acks undefined is not one of 0, 1, "all"',
    ],
    [
      'a replica on a broker the cluster does not have',
      withMeta('params', params => ({ ...(params as object), assignment: [[3]] })),
      '#meta.kafkacheck.params.assignment[0][0]: 3 is not an integer from 0 to 0',
    ],
    [
      'a scenario without a setting reports print',
      withMeta('scenario', (scenario: any) => ({ ...scenario, topic: { ...scenario.topic, name: 7 } })),
      '#meta.kafkacheck.scenario.topic: name is 7, not a string',
    ],
    [
      'a property the model does not check',
      withMeta('property', () => 'NoLossOfAckedd'),
      '#meta.kafkacheck.property is "NoLossOfAckedd", not one of this model\'s invariant properties',
    ],
    [
      'a state outside the bounds of its parameters',
      inState(1, state => {
        ;(state['partitions'] as any)[0].leader = bigint(4)
      }),
      'state 1 is not a state of these parameters: partitions[0].leader: 4 is not an integer in [-1, 0]',
    ],
    [
      'a first state that is not the initial state',
      inState(0, state => {
        state['brokerAlive'] = [false]
      }),
      'state 0 is not the initial state of these parameters: brokerAlive[0] is false in the file, true in the model',
    ],
    [
      'an action the model does not enable there',
      inState(2, state => {
        state['mbt::actionTaken'] = 'BrokerCrash'
        state['mbt::nondetPicks'] = { broker: { tag: 'Some', value: bigint(0) }, lossy: { tag: 'Some', value: false } }
      }),
      'state 2\'s action {"type":"BrokerCrash","broker":0,"lossy":false} is not one the model enables after state 1',
    ],
    [
      'an action field of the wrong type',
      inState(1, state => {
        ;(state['mbt::nondetPicks'] as any).message.value = '0'
      }),
      'state 1\'s action {"type":"ProducerSend","producer":0,"partition":0,"message":"0"} is not one the model enables',
    ],
    [
      'a state the action does not lead to',
      inState(1, state => {
        ;(state['batches'] as any)[0].attempts = bigint(2)
      }),
      'state 1 is not where ProducerSend(m1) leads from state 0: batches[0].attempts is 2 in the file, 1 in the model',
    ],
  ])('refuse %s, saying where', (_what, breakIt, message) => {
    const broken = written()
    breakIt(broken)
    expect(() => traceFromItf(broken)).toThrow(`not a kafkacheck ITF trace: ${message}`)
  })
})
