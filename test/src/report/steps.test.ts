import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACTION_TYPES, type Action } from '../../../spec/actions.js'
import { commitDecision, nextRequest, produceDecision } from '../../../spec/index.js'
import { marksOf } from '../../../src/render/marks.js'
import type { Counterexample } from '../../../src/run/counterexample.js'
import { stepFacts } from '../../../src/report/stepFacts.js'
import { stepsOf } from '../../../src/report/steps.js'
import { wordsOf } from '../../../src/report/words.js'
import { counterexample, walk, walkedScenarios } from './counterexamples.js'

/** Each step's facts, words and marks, straight from the trace. */
function described(c: Counterexample) {
  return c.trace.slice(1).map((step, i) => {
    const facts = stepFacts(c.params, c.trace[i]!.state, step.action!, step.state)
    return { facts, text: wordsOf(facts), marks: marksOf(facts) }
  })
}

/** How many times `pattern` occurs in `text`. */
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0

describe('step facts', () => {
  const scenarios = walkedScenarios()

  it('describe every step of random walks in words, with at least one mark, and never print a raw index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), (pick, seed) => {
        for (const { text, marks } of described(walk(scenarios[pick]!, seed, 40))) {
          expect(text).not.toBe('')
          const outsideQuotes = text.replace(/"[^"]*"/g, '""') // record keys are the user's text, e.g. "order-1"
          expect(outsideQuotes).not.toMatch(/undefined|NaN|-1\b|\[object|broker 0\b|producer 0\b|consumer 0\b|\bm0\b/)
          expect(marks.length).toBeGreaterThan(0)
          for (const mark of marks) expect(mark.label).not.toMatch(/undefined|NaN|\[object/)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('have words for every action type the specification has', () => {
    const seen = new Set<Action['type']>()
    for (const scenario of scenarios)
      for (let seed = 0; seed < 40; seed++)
        for (const step of walk(scenario, seed, 40).trace.slice(1)) seen.add(step.action!.type)
    expect([...seen].sort()).toEqual([...ACTION_TYPES].sort())
  })

  it('tell elections, high watermark moves and answers alike in the words and in the diagram', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), (pick, seed) => {
        for (const { facts, text, marks } of described(walk(scenarios[pick]!, seed, 40))) {
          const labels = marks.map(mark => mark.label).join('\n')
          const elections = facts.filter(fact => fact.kind === 'election').length
          expect([count(text, /is elected leader/g), count(labels, /new leader of/g)]).toEqual([elections, elections])
          const moves = facts.filter(fact => fact.kind === 'highWatermark' && fact.from !== null).length
          expect([count(text, /(?<!follower's )high watermark \d+ → /g), count(labels, /HW \d+->/g)]).toEqual([
            moves,
            moves,
          ])
          const answered = facts.flatMap(fact => (fact.kind === 'answers' ? fact.responses : []))
          expect(count(text, / answers producer \d+: m\d+ /g)).toBe(answered.length)
          for (const r of answered) expect(labels).toMatch(new RegExp(`answer [m\\d ]*\\bm${r.message + 1}\\b`))
        }
      }),
      { numRuns: 40 },
    )
  })

  it('tell a produce request and a commit as the specification decided them (produceDecision, commitDecision)', () => {
    const seen = new Set<string>()
    for (const scenario of scenarios)
      for (let seed = 0; seed < 20; seed++) {
        const c = walk(scenario, seed, 40)
        described(c).forEach(({ text, marks }, i) => {
          const before = c.trace[i]!.state
          const action = c.trace[i + 1]!.action!
          if (action.type === 'LeaderHandleProduce') {
            const request = before.requests[nextRequest(before, action.producer, action.broker)]!
            const verdict = produceDecision(c.params, before, request)
            seen.add(verdict.kind)
            if (verdict.kind === 'reject')
              expect(text).toContain(`rejects m${request.message + 1} with ${verdict.error}`)
            else if (verdict.kind === 'append') expect(text).toContain(`appends m${request.message + 1} at offset`)
            else expect(text).toMatch(/duplicate of offset|does not store/)
          }
          if (action.type === 'ConsumerCommit') {
            const decision = commitDecision(before, action.consumer)
            seen.add(decision)
            const label = marks[0]!.label
            if (decision === 'accepted')
              expect([text, label]).toEqual([expect.stringMatching(/ commits/), expect.stringMatching(/^commit/)])
            else if (decision === 'not-a-member') expect(text).toMatch(/commitSync is refused.*CommitFailedException/)
            else
              expect([text, label]).toEqual([
                expect.stringContaining('RebalanceInProgressException'),
                'X commit fails: rebalance in progress',
              ])
          }
        })
      }
    expect([...seen].sort()).toEqual([
      'accepted',
      'append',
      'duplicate',
      'not-a-member',
      'rebalance-in-progress',
      'reject',
    ])
  })

  it('are the same for a trace read back from a file, whose states share no parts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scenarios.length - 1 }), fc.nat(), (pick, seed) => {
        const c = walk(scenarios[pick]!, seed, 40)
        const copied = { ...c, trace: c.trace.map(step => JSON.parse(JSON.stringify(step)) as typeof step) }
        expect(described(copied)).toEqual(described(c))
      }),
      { numRuns: 40 },
    )
  })
})

describe('stepsOf', () => {
  it('describes a counterexample once, however many reports read it', () => {
    const c = counterexample('retries-without-idempotence', 'NoDuplicateInLog')
    const steps = stepsOf(c)
    expect(stepsOf(c)).toBe(steps)
    expect(steps.map(step => step.facts[0]!.kind)).toEqual([
      'start',
      'send',
      'produce',
      'responsesLost',
      'send',
      'produce',
    ])
    expect(stepsOf({ ...c })).not.toBe(steps)
    expect(stepsOf({ ...c })).toEqual(steps)
  })
})
