import { describe, expect, it } from 'vitest'
import { leaderReplica, type Params, type State } from '../../../spec/index.js'
import { renderSvg, sequenceDiagram, stateGraph } from '../../../src/render/index.js'
import { explainViolation } from '../../../src/report/explain.js'
import { itfTrace, traceFromItf } from '../../../src/report/index.js'
import { describeSteps, stepsOf } from '../../../src/report/steps.js'
import { textTrace } from '../../../src/report/text.js'
import type { Counterexample } from '../../../src/run/counterexample.js'
import { counterexample, counterexamplesOf, scenarioFromYaml, traceTo, TRANSACTIONAL } from './counterexamples.js'

/** One producer, one broker, no consumer and no abort: the transaction can only commit. */
const COMMITS = `description: One record in one transaction, committed.
kafka: { version: "3.7" }
cluster: { brokers: 1, producers: 1, consumers: 0 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: tx-1 }
faults: { txn-abort: 0 }
bound: { messages: BOUND }
`

/** The kinds of partition 0's leader log, in offset order. */
const logKinds = (p: Params, s: State): string[] =>
  leaderReplica(p.assignment[0]!, s.partitions[0]!)!.log.map(entry => entry.kind)

/** The trace to the first state whose committed transaction is complete, with `messages` records. */
const committed = (messages: number): Counterexample =>
  traceTo(scenarioFromYaml('commits', COMMITS.replace('BOUND', String(messages))), (p, s) =>
    s.transactions.some(t => t.state === 'CompleteCommit' && logKinds(p, s).length === messages + 1),
  )

/** The shortest violation of `property` in one of the small transactional scenarios. */
function violation(scenario: keyof typeof TRANSACTIONAL, property: string): Counterexample {
  const found = counterexamplesOf(scenarioFromYaml(scenario, TRANSACTIONAL[scenario])).find(
    c => c.property === property,
  )
  if (found === undefined) throw new Error(`${scenario} does not violate ${property}`)
  return found
}

/** `c` with its last state changed by `change`. */
function withLast(c: Counterexample, change: (s: State) => State): Counterexample {
  const last = c.trace[c.trace.length - 1]!
  return { ...c, trace: [...c.trace.slice(0, -1), { ...last, state: change(last.state) }] }
}

describe('a transaction in the text trace', () => {
  const c = committed(1)
  const text = textTrace(c)

  it('tells each step of the transaction in Kafka words', () => {
    expect(stepsOf(c).map(step => step.text)).toEqual([
      expect.stringContaining('broker 1 leads partition 0'),
      'producer 1 calls initTransactions(): InitProducerId gives t1 producer epoch 0',
      expect.stringMatching(/^producer 1 begins a transaction and adds partition 0 to it .* transaction 1 of t1/),
      expect.stringContaining('producer 1 sends m1 to broker 1'),
      expect.stringContaining('appends m1 at offset 0; high watermark 0 → 1 (last stable offset 0)'),
      expect.stringContaining('m1 is written in its open transaction, delivered once the transaction commits'),
      expect.stringMatching(/^producer 1 calls commitTransaction\(\): .*PrepareCommit.*does not know it committed$/),
      "the coordinator writes t1's COMMIT marker to partition 0 at offset 1 (leader broker 1, producer epoch 0): it " +
        'ends transaction 1 there; high watermark 1 → 2 (last stable offset 2)',
      expect.stringMatching(/^every marker of transaction 1 of t1 is below .* \(CompleteCommit\)$/),
    ])
  })

  it('tells the answer to EndTxn, after which the application counts the record delivered', () => {
    const answered = traceTo(scenarioFromYaml('commits', COMMITS.replace('BOUND', '1')), (_p, s) =>
      s.batches.every(b => b.status === 'acked'),
    )
    expect(stepsOf(answered).at(-1)!.text).toBe(
      'producer 1 receives the answer to its EndTxn: commitTransaction() returns for transaction 1 of t1; m1 is ' +
        'acknowledged',
    )
  })

  it('shows the marker in the log as a marker, never as a record', () => {
    const log = describeSteps(c)[7]!.changes.find(change => change.path === 'partition 0 / broker 1 / log')
    expect(log?.shown).toBe('[m1 (epoch 0, seq 0)] → [m1 (epoch 0, seq 0), COMMIT marker (t1) (epoch 0)]')
    expect(text).toContain('transactional.id="tx-1" (the same for each producer instance)')
    expect(text).toMatch(/t1 \/ state +PrepareCommit → CompleteCommit/)
  })

  it('tells a restarted instance fencing the old epoch and a timed-out transaction', () => {
    const fenced = traceTo(scenarioFromYaml('restartStable', TRANSACTIONAL.restartStable), (_p, s) =>
      s.transactions.some(t => t.fenced),
    )
    expect(stepsOf(fenced).at(-1)!.text).toBe(
      'producer 1 calls initTransactions() for t1; InitProducerId fences epoch 0: the coordinator aborts ' +
        "t1's open transaction with epoch 1 (PrepareAbort), and producer 1 asks again once it is aborted " +
        '(CONCURRENT_TRANSACTIONS)',
    )
    const timedOut = traceTo(scenarioFromYaml('restartPerInstance', TRANSACTIONAL.restartPerInstance), (_p, s) =>
      s.transactions.some(t => t.fenced),
    )
    expect(stepsOf(timedOut).at(-1)!.text).toBe(
      'transaction 1 of t1 times out (transaction.timeout.ms): no producer instance is left to end it, so the ' +
        'coordinator fences epoch 0 and aborts it with epoch 1',
    )
  })

  it('comes back the same from an ITF file', () => {
    const back = traceFromItf(JSON.parse(JSON.stringify(itfTrace(c))))
    expect(back.trace).toEqual(c.trace)
    expect(back.params.transactional).toBe(true)
  })
})

describe('a transaction in the diagrams', () => {
  const c = committed(1)
  const dot = sequenceDiagram(c)

  it('has a transaction coordinator lifeline between the producers and the brokers', () => {
    expect([...dot.matchAll(/^ {2}(\w+)_head \[/gm)].map(m => m[1])).toEqual([
      'step',
      'producer0',
      'transactionCoordinator0',
      'broker0',
    ])
    expect(dot).toContain('transaction coordinator\\ntransactional.id \\"tx-1\\"')
    expect(dot).toContain('t1: CompleteCommit, epoch 0, txn 1')
  })

  it('draws the transaction requests to the coordinator and the marker from it to the leader', () => {
    const arrow = (label: string) =>
      dot.split('\n').find(line => line.includes(`label="${label}`) && line.includes('_label'))
    for (const label of [
      'InitProducerId t1\\nepoch 0',
      'AddPartitionsToTxn p0\\nbegins txn 1',
      'EndTxn COMMIT (txn 1)',
    ])
      expect(arrow(label)).toBeDefined()
    expect(dot).toMatch(/ {2}producer0_\d+(_0)? -> transactionCoordinator0_\d+(_0)? \[/)
    expect(dot).toMatch(/ {2}transactionCoordinator0_\d+(_0)? -> broker0_\d+(_0)? \[/)
    expect(dot).toContain('label="COMMIT marker (t1) p0 @1\\nHW 1->2 LSO 2"')
  })

  it('renders with Graphviz, the marker written as a marker', async () => {
    const svg = await renderSvg(dot)
    expect(svg).toContain('COMMIT marker (t1) p0 @1')
    expect(svg).toContain('transaction coordinator')
  })

  it("shows the marker in the leader's log and the last stable offset beside the high watermark", () => {
    expect(dot).toContain('p0 (leader): [m1 COMMIT(t1)] HW 2 LSO 2')
    const graph = stateGraph(c)
    expect(graph).toContain('[m1 COMMIT(t1)] HW 2 LSO 2')
    expect(graph).toContain('t1 CompleteCommit e0')
  })

  it('leaves diagrams without transactions as they were: no coordinator lane, no LSO', () => {
    const plain = sequenceDiagram(counterexample('retries-without-idempotence', 'NoDuplicateInLog'))
    expect(plain).not.toContain('transactionCoordinator')
    expect(plain).not.toContain('LSO')
  })
})

describe('the explanations of the transaction properties', () => {
  it('ReadCommittedHidesAborted names the consumer, its isolation level and the aborted record', () => {
    expect(explainViolation(violation('abortReadUncommitted', 'ReadCommittedHidesAborted'))).toBe(
      'ReadCommittedHidesAborted is violated: consumer 1 (isolation.level=read_uncommitted) polls m1 at offset 0 of ' +
        "partition 0, a record of a transaction its partition's log has aborted",
    )
  })

  it('LastStableOffsetProgress names the record that opens the hanging transaction and the coordinator state', () => {
    const c = violation('hanging', 'LastStableOffsetProgress')
    expect(explainViolation(c)).toBe(
      'LastStableOffsetProgress is violated: nothing is left to happen, yet the last stable offset of partition 0 ' +
        'stays at 1, below its high watermark 2: m1 there opens a transaction of t1 that no marker ends (the ' +
        'coordinator has t1 Empty), so read_committed consumers read no further',
    )
    const late = stepsOf(c)[c.trace.length - 1]!.text
    expect(late).toContain('appends m1 at offset 1, a zombie write')
    expect(late).toContain('(last stable offset 1)')
  })

  it('ZombieFenced names the fenced write that read_committed consumers can read', () => {
    const c = withLast(committed(1), s => ({
      ...s,
      transactions: s.transactions.map(t => ({ ...t, epoch: 1 })),
      partitions: s.partitions.map(partition => ({
        ...partition,
        replicas: partition.replicas.map(r => ({ ...r, log: r.log.map(e => ({ ...e, zombie: e.kind === 'data' })) })),
      })),
    }))
    expect(explainViolation({ ...c, property: 'ZombieFenced' })).toBe(
      'ZombieFenced is violated: m1 at offset 0 of partition 0 was written with producer epoch 0 after the ' +
        'coordinator of t1 had fenced that epoch (it is at 1), yet its transaction committed and it is below the last ' +
        'stable offset 2: read_committed consumers read it',
    )
  })

  it('TransactionAtomicVisibility names what the application processed of one committed transaction, and what not', () => {
    const c = withLast(committed(2), s => ({ ...s, processed: [1, 0] }))
    expect(explainViolation({ ...c, property: 'TransactionAtomicVisibility', kind: 'quiescence' })).toBe(
      'TransactionAtomicVisibility is violated: nothing is left to happen, yet of one committed transaction in ' +
        'partition 0 the application processed m1 (offset 0) but never m2 (offset 1)',
    )
  })
})
