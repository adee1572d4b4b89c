import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { itfTrace, traceFromItf } from '../../../src/report/index.js'
import { counterexample, walk, walkedScenarios } from './counterexamples.js'

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
})
