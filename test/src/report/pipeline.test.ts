import { describe, expect, it } from 'vitest'
import { kafkaModel, NO_OFFSET, type State } from '../../../spec/index.js'
import { marksOf } from '../../../src/render/marks.js'
import { renderSvg, sequenceDiagram, stateGraph } from '../../../src/render/index.js'
import { explainViolation } from '../../../src/report/explain.js'
import { itfTrace, traceFromItf } from '../../../src/report/index.js'
import { describeSteps, stepsOf } from '../../../src/report/steps.js'
import { scenarioSummary, textTrace } from '../../../src/report/text.js'
import type { Counterexample } from '../../../src/run/counterexample.js'
import type { StepFact } from '../../../src/report/facts.js'
import { counterexamplesOf, PIPELINE, scenarioFromYaml, traceTo, walk } from './counterexamples.js'

/** The shortest violation of `property` in one of the small pipeline scenarios. */
function violation(scenario: keyof typeof PIPELINE, property: string): Counterexample {
  const found = counterexamplesOf(scenarioFromYaml(scenario, PIPELINE[scenario])).find(c => c.property === property)
  if (found === undefined) throw new Error(`${scenario} does not violate ${property}`)
  return found
}

/** The shortest trace of a pipeline scenario to a state where `reached` holds. */
const reach = (scenario: keyof typeof PIPELINE, reached: (s: State) => boolean): Counterexample =>
  traceTo(scenarioFromYaml(scenario, PIPELINE[scenario]), (_p, s) => reached(s))

/** The text of the last step of `c`. */
const lastText = (c: Counterexample): string => stepsOf(c).at(-1)!.text

/** An arrow's label line in a sequence diagram, found by the start of its label. */
const arrowLabel = (dot: string, label: string): string | undefined =>
  dot.split('\n').find(line => line.includes(`label="${label}`) && line.includes('_label'))

describe('a transactional pipeline before KIP-447 (Kafka 2.4)', () => {
  const c = violation('zombieBeforeKip447', 'ExactlyOnceOutput')
  const texts = stepsOf(c).map(step => step.text)

  it('is violated in 13 steps, and the explanation names the two commits that made the result visible', () => {
    expect(c.trace.length - 1).toBe(13)
    expect(explainViolation(c)).toBe(
      "ExactlyOnceOutput is violated: m1's result became visible twice: at steps 10 (zombie consumer 1 commits its " +
        'transaction) and 13 (consumer 2 commits its transaction)',
    )
  })

  it('tells the input, the transform into the open transaction, the offsets sent to it and the commits', () => {
    expect(texts[0]).toBe(
      "broker 1 leads partition 0 (epoch 0, ISR {1}); partition 0 already holds m1, the pipeline's input; 2 " +
        'consumers of group "orders" will start: each transforms what it reads and writes one result per record, in ' +
        'a transaction with its offsets (consume-transform-produce)',
    )
    expect(texts[2]).toBe(
      'the group coordinator completes the rebalance: generation 1, in which consumer 1 gets partition 0 ' +
        '(committed offset fetched at its next poll)',
    )
    expect(texts[4]).toBe(
      'consumer 1 transforms m1 from partition 0 (offset 0) and writes its result into its open transaction (not ' +
        'visible until it commits)',
    )
    expect(texts[5]).toBe(
      'consumer 1 sends its offsets to its transaction (sendOffsetsToTransaction): partition 0 → offset 1, pending ' +
        'at the group coordinator',
    )
    expect(texts[10]).toBe(
      "zombie consumer 1 commits its transaction (commitTransaction()): m1's result becomes visible; partition 0's " +
        'committed offset → 1; EndTxn carries no group generation, so nothing stops a zombie here',
    )
    expect(texts[13]).toBe(
      "consumer 2 commits its transaction (commitTransaction()): m1's result becomes visible a second time",
    )
  })

  it('names the new variables readably: the open transaction and the pending offsets per member and partition', () => {
    const changes = describeSteps(c)[5]!.changes.map(change => `${change.path}: ${change.shown}`)
    expect(changes).toContain('group / consumer 1 / partition 0 pending offset: -1 → 1')
    expect(describeSteps(c)[4]!.changes.map(change => `${change.path}: ${change.shown}`)).toContain(
      'consumer 1 / pending outputs: [] → [m1]',
    )
    const summary = scenarioSummary(c)
    expect(summary[1]).toMatch(/, transactional\.id="pipeline-tx" \(each pipeline member's producer has its own\)$/)
    expect(summary[2]).toMatch(
      /, offsets sent in each transaction, processing sync, assignor range, pipeline consume-transform-produce$/,
    )
    expect(textTrace(c)).toContain('group / consumer 1 / partition 0 pending offset')
  })

  it('draws the offsets and the commits as requests from the member to the group coordinator, without producers', () => {
    const dot = sequenceDiagram(c)
    expect([...dot.matchAll(/^ {2}(\w+)_head \[/gm)].map(m => m[1])).toEqual([
      'step',
      'broker0',
      'consumer0',
      'consumer1',
      'coordinator0',
    ])
    expect(arrowLabel(dot, 'TxnOffsetCommit p0=1\\npending in the txn"')).toBeDefined()
    expect(arrowLabel(dot, 'commitTransaction\\nm1 visible\\ncommit p0=1"')).toBeDefined()
    expect(arrowLabel(dot, 'commitTransaction\\nm1 visible again!"')).toBeDefined()
    expect(dot).toMatch(/ {2}consumer0_\d+(_0)? -> coordinator0_\d+(_0)? \[/)
    expect(dot).toContain('label="process m1\\nresults -> open txn"')
    expect(dot).toContain('visible m1 x2')
    expect(dot).toContain('consumer 1\\nconsume-transform-produce, transactional')
  })

  it('shows the open transactions, the committed offsets and the visible results in the state graph', () => {
    const graph = stateGraph(c)
    expect(graph).toContain('c1 txn: m1, p0=1 pending')
    expect(graph).toContain('committed p0=1')
    expect(graph).toContain('visible m1 x2')
    expect(graph).not.toContain('m1 acked')
  })

  it('renders with Graphviz', async () => {
    const svg = await renderSvg(sequenceDiagram(c))
    expect(svg).toContain('TxnOffsetCommit p0=1')
    expect(svg).toContain('visible again!')
  })

  it('comes back the same from an ITF file, with the pipeline parameters', () => {
    const back = traceFromItf(JSON.parse(JSON.stringify(itfTrace(c))))
    expect(back.trace).toEqual(c.trace)
    expect([back.params.pipeline, back.params.pipelineTransactional, back.params.txnOffsetsFenced]).toEqual([
      true,
      true,
      false,
    ])
  })
})

describe('a transactional pipeline from Kafka 2.5 (KIP-447)', () => {
  it("tells the coordinator refusing a zombie's offsets, and the abort and rewind that follow", () => {
    const c = reach('zombie', s => s.group.zombieOffsetsRefused)
    expect(lastText(c)).toBe(
      'zombie consumer 1 sends its offsets to its transaction (sendOffsetsToTransaction), but the group coordinator ' +
        'refuses them: it is no longer a member of the group (UNKNOWN_MEMBER_ID, checked since 2.5, KIP-447); so it ' +
        "aborts its transaction (abortTransaction()): m1's result is discarded and it rewinds partition 0 to the " +
        'committed offset, fetched again before it reads on',
    )
    expect(marksOf(stepsOf(c).at(-1)!.facts)).toEqual([
      {
        kind: 'arrow',
        from: { kind: 'consumer', index: 0 },
        to: { kind: 'coordinator', index: 0 },
        label: 'X TxnOffsetCommit: UNKNOWN_MEMBER_ID\n(generation 1, group at 1)\nabortTransaction\ndrop m1\nrewind p0',
        tone: 'error',
      },
    ])
  })

  it("tells a poll that waits for another member's pending transactional offsets (UNSTABLE_OFFSET_COMMIT)", () => {
    const c = reach('twoPartitions', s =>
      s.consumers.some(
        (consumer, i) =>
          consumer.phase === 'process' &&
          consumer.owned.some(
            partition =>
              consumer.positions[partition] === NO_OFFSET &&
              s.group.pendingTxnOffsets.some((pending, other) => other !== i && pending[partition] !== NO_OFFSET),
          ),
      ),
    )
    expect(lastText(c)).toBe(
      'consumer 2 polls and gets m2 from partition 1 (offset 0); its position on partition 1 was unknown, so ' +
        'auto.offset.reset=earliest moved it to offset 0; partition 0 waits: the transaction of consumer 1 holds ' +
        'pending offsets for it, so the group coordinator answers its OffsetFetch with UNSTABLE_OFFSET_COMMIT (KIP-447)',
    )
    expect(stepsOf(c).at(-2)!.text).toBe(
      'the group coordinator completes the rebalance: generation 2, in which consumer 2 gets partitions 0 and 1 ' +
        '(committed offsets fetched at its next poll)',
    )
    expect(marksOf(stepsOf(c).at(-1)!.facts)[0]!.label).toContain('p0: UNSTABLE_OFFSET_COMMIT')
  })

  it("tells the application's abort, before and after the offsets went into the transaction", () => {
    const before = stepWhere('faults', fact => fact.kind === 'txnAborted' && fact.discarded.offsets.length === 0)
    expect(before.text).toMatch(
      /^the application aborts consumer \d's transaction \(abortTransaction\(\), faults\.txn-abort\): m1's result is discarded and it rewinds partition 0 to the committed offset, fetched again before it reads on$/,
    )
    const after = stepWhere('faults', fact => fact.kind === 'txnAborted' && fact.discarded.offsets.length > 0)
    expect(after.text).toMatch(
      /^the application aborts consumer \d's transaction \(abortTransaction\(\), faults\.txn-abort\): m1's result is discarded, its pending offsets \(partition 0 → offset 1\) are dropped and it rewinds partition 0 to the committed offset, fetched again before it reads on$/,
    )
    expect(after.marks).toEqual([
      expect.objectContaining({
        kind: 'arrow',
        label: 'abortTransaction by the app\ndrop m1\ndrop pending p0=1\nrewind p0',
        tone: 'error',
      }),
    ])
  })

  it('tells a poll that fetches the committed offset (OffsetFetch) rather than resetting', () => {
    const fetched = stepWhere('faults', fact => fact.kind === 'poll' && fact.resets.some(r => r.committed !== null))
    expect(fetched.text).toMatch(
      /^consumer \d polls and gets nothing new; it fetches partition 0's committed offset \(OffsetFetch\): offset 1$/,
    )
    expect(fetched.marks[0]!.label).toBe('poll: nothing new\np0: committed offset 1')
  })

  it('tells a crash that leaves an open transaction to time out', () => {
    const c = reach('faults', s => s.consumers[0]!.phase === 'endTxn')
    const last = c.trace.at(-1)!.state
    const crash = { type: 'ConsumerCrash', consumer: 0 } as const
    const model = kafkaModel(c.params)
    expect(model.actions(last)).toContainEqual(crash)
    const crashed = { ...c, trace: [...c.trace, { action: crash, state: model.next(last, crash) }] }
    expect(lastText(crashed)).toBe(
      'consumer 1 crashes, losing its positions; its open transaction is left for transaction.timeout.ms to abort: ' +
        "m1's result is never visible and its pending offsets (partition 0 → offset 1) are dropped; the coordinator " +
        'misses its heartbeats (session.timeout.ms), removes it from the group and starts a rebalance',
    )
  })
})

describe('a pipeline without transactions', () => {
  it('makes each result visible as it is written, and explains a duplicate by the two writes', () => {
    const c = violation('plain', 'ExactlyOnceOutput')
    expect(stepsOf(c).map(step => step.text)).toContain(
      "consumer 1 transforms m1 from partition 0 (offset 0) and writes its result at once: m1's result becomes visible",
    )
    expect(lastText(c)).toBe(
      "consumer 2 transforms m1 from partition 0 (offset 0) and writes its result at once: m1's result becomes " +
        'visible a second time',
    )
    expect(explainViolation(c)).toMatch(
      /^ExactlyOnceOutput is violated: m1's result became visible twice: at steps \d+ \(consumer 1 writes it\) and \d+ \(consumer 2 writes it\)$/,
    )
  })
})

/** The first step of the random walks of a pipeline scenario with a fact that `wanted` picks, in words and marks. */
function stepWhere(scenario: keyof typeof PIPELINE, wanted: (fact: StepFact) => boolean) {
  const parsed = scenarioFromYaml(scenario, PIPELINE[scenario])
  for (let seed = 0; seed < 200; seed++)
    for (const step of stepsOf(walk(parsed, seed, 40)))
      if (step.facts.some(wanted)) return { text: step.text, marks: marksOf(step.facts) }
  throw new Error(`no walk of ${scenario} takes the step asked for`)
}
