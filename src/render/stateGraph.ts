// The state graph around a counterexample, for small models: every reachable state, every transition, and the
// counterexample's path highlighted from the initial state to the violation. A graph with more states than a person
// can read is folded by breadth-first depth instead: one node per depth with its state count, the counterexample's
// states drawn on their own, and the graph's label says so.

import { FingerprintEncoder, type Model } from '../../checker/index.js'
import { kafkaModel, type Action, type Params, type State } from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { explainViolation } from '../report/explain.js'
import { stableOffsetShown } from '../report/factsShared.js'
import { actionName, counted, entryLabel, entryOf, messageName, transactionalIdName } from '../report/names.js'
import { stepsOf } from '../report/steps.js'
import { attributes, wrapLines } from './dot.js'

const DEFAULT_MAX_NODES = 200
/** A folded graph explores at most this many states before it reports its counts as lower bounds. */
const EXPLORATION_LIMIT = 100_000

interface Explored {
  /** Fingerprint of each state, in BFS discovery order. */
  readonly keys: string[]
  readonly depth: number[]
  /** The states and transitions themselves, kept only for a graph drawn in full. */
  readonly states: State[]
  readonly edges: Map<string, { readonly from: number; readonly to: number; readonly action: Action }>
  /** Transitions from depth d that discovered a state, per d. */
  readonly discoveries: number[]
  /** False when the exploration stopped at its limit with states left to explore. */
  complete: boolean
}

function fingerprinter(model: Model<State, Action>): (s: State) => string {
  const encoder = new FingerprintEncoder()
  return s => {
    encoder.reset()
    if (model.encode) model.encode(s, encoder)
    else encoder.value(s)
    encoder.finish()
    return `${encoder.hi}:${encoder.lo}`
  }
}

/** Breadth-first exploration up to `maxDepth` and at most `limit` states; `keep` also records states and edges. */
function explore(
  model: Model<State, Action>,
  key: (s: State) => string,
  maxDepth: number,
  limit: number,
  keep: boolean,
): Explored {
  const explored: Explored = { keys: [], depth: [], states: [], edges: new Map(), discoveries: [], complete: true }
  const index = new Map<string, number>()
  const queue: State[] = []
  const add = (s: State, depth: number): number => {
    const k = key(s)
    const known = index.get(k)
    if (known !== undefined) return known
    if (queue.length >= limit) {
      explored.complete = false
      return -1
    }
    index.set(k, queue.length)
    explored.keys.push(k)
    explored.depth.push(depth)
    if (keep) explored.states.push(s)
    queue.push(s)
    return queue.length - 1
  }
  for (const s of model.init()) add(s, 0)
  for (let head = 0; head < queue.length && explored.complete; head++) {
    const s = queue[head]!
    const depth = explored.depth[head]!
    if (depth >= maxDepth || (model.constraint && !model.constraint(s))) continue
    for (const action of model.actions(s)) {
      const known = queue.length
      const to = add(model.next(s, action), depth + 1)
      if (to < 0) break
      if (queue.length > known) explored.discoveries[depth] = (explored.discoveries[depth] ?? 0) + 1
      if (keep && !explored.edges.has(`${head}>${to}`)) explored.edges.set(`${head}>${to}`, { from: head, to, action })
    }
  }
  return explored
}

/**
 * A state in a few short lines: the producers' records, each partition's leader log (with its last stable offset
 * when transactional), the transactions, the processing. A pipeline's input is written before it starts, so it shows
 * the members' open transactions and the committed offsets instead of the records.
 */
function summary(c: Counterexample, s: State): string {
  const { params: p } = c
  const records = p.pipeline
    ? pipelineSummary(s)
    : [s.batches.map((b, m) => `${messageName(m)} ${b.status}`).join(', ')]
  const logs = s.partitions.map((partition, i) => {
    const at = p.assignment[i]!.indexOf(partition.leader)
    if (at < 0) return `p${i}: offline`
    const leader = partition.replicas[at]!
    const log = leader.log.map(e => entryLabel(entryOf(p, e))).join(' ')
    const stable = stableOffsetShown(p, leader)
    return `p${i} on b${partition.leader + 1}: [${log}] HW ${leader.highWatermark}${stable === null ? '' : ` LSO ${stable}`}`
  })
  const transactions =
    s.transactions.length === 0
      ? []
      : [s.transactions.map((t, id) => `${transactionalIdName(id)} ${t.state} e${t.epoch}`).join(', ')]
  const counts = s.processed.map((n, m) => `${messageName(m)} x${n}`).join(' ')
  const processed = s.consumers.length === 0 ? [] : [`${p.pipeline ? 'visible' : 'processed'} ${counts}`]
  return [...records, ...logs, ...transactions, ...processed, ...errorPathSummary(p, s)].join('\n')
}

/** The retry topic's waiting records and the dead-letter topic's, when the scenario uses them. */
function errorPathSummary(p: Params, s: State): string[] {
  const retry =
    p.retry === 'retry-topic' && s.retryTopic.length > 0
      ? [`retry topic: ${s.retryTopic.map(messageName).join(' ')}`]
      : []
  const inFlight =
    s.deadLetterInFlight.length === 0 ? '' : `, in flight ${s.deadLetterInFlight.map(messageName).join(' ')}`
  const dlq = p.dlq ? [`DLQ ${s.deadLettered.map((n, m) => `${messageName(m)} x${n}`).join(' ')}${inFlight}`] : []
  return [...retry, ...dlq]
}

/** "committed p0=1", then each member's open transaction: "c1 txn: m1, p0=1 pending". */
function pipelineSummary(s: State): string[] {
  const committed = s.group.committed.map((offset, i) => `p${i}=${offset < 0 ? '-' : offset}`).join(' ')
  const open = s.consumers.flatMap((consumer, i) => {
    const pending = s.group.pendingTxnOffsets[i]!.flatMap((offset, partition) =>
      offset < 0 ? [] : [`p${partition}=${offset}`],
    )
    if (consumer.pendingOutputs.length === 0 && pending.length === 0) return []
    const outputs = consumer.pendingOutputs.map(messageName).join(' ')
    return [
      `c${i + 1} txn: ${[outputs, pending.length === 0 ? '' : `${pending.join(' ')} pending`].filter(Boolean).join(', ')}`,
    ]
  })
  return [`committed ${committed}`, ...open]
}

/** The state graph of `c`'s model with the counterexample highlighted, or its BFS-depth folding above `maxNodes`. */
export function stateGraph(c: Counterexample, options?: { maxNodes?: number }): string {
  const maxNodes = options?.maxNodes ?? DEFAULT_MAX_NODES
  const model = kafkaModel(c.params)
  const key = fingerprinter(model)
  const pathKeys = c.trace.map(step => key(step.state))
  const pathStep = new Map(pathKeys.map((k, step) => [k, step]))
  const lastDepth = c.trace.length - 1
  const full = explore(model, key, Number.POSITIVE_INFINITY, maxNodes, true)
  const explored = full.complete ? full : explore(model, key, lastDepth, EXPLORATION_LIMIT, false)

  const out: string[] = ['digraph states {']
  const emit = (line: string) => out.push(`  ${line}`)
  const note = full.complete
    ? `${full.keys.length} reachable states; the counterexample is drawn in red`
    : `${explored.complete ? '' : 'at least '}${explored.keys.length} states up to depth ${lastDepth}, more than ${maxNodes}: ` +
      'folded by breadth-first depth, with the counterexample drawn in red'
  const label = `${c.scenario.name}: ${wrapLines(explainViolation(c), 100)}\n${note}`
  emit(
    `graph${attributes({ label, labelloc: 't', fontname: 'Helvetica', fontsize: 12, rankdir: 'TB', nodesep: 0.2, ranksep: 0.35 })}`,
  )
  emit(
    `node${attributes({ fontname: 'Helvetica', fontsize: 9, shape: 'box', style: 'rounded,filled', fillcolor: 'white', color: 'gray50' })}`,
  )
  emit(`edge${attributes({ fontname: 'Helvetica', fontsize: 9, color: 'gray70' })}`)

  const title = (step: number) =>
    step === 0 ? 'initial state' : step === lastDepth ? `X ${c.property}` : `step ${step}`
  const highlight = (step: number) =>
    step === lastDepth
      ? { fillcolor: 'mistyrose', color: 'red3', penwidth: 2 }
      : { fillcolor: 'lightgoldenrod1', color: 'red3', penwidth: 2 }
  // Hovering over a step of the counterexample shows what happened in it, as the text trace tells it.
  const steps = stepsOf(c)
  const pathEdge = (step: number) => ({
    label: `${step}. ${actionName(c.trace[step]!.action!)}`,
    tooltip: steps[step]!.text,
    color: 'red3',
    fontcolor: 'red3',
    penwidth: 2.2,
    class: `step step-${step}`,
  })

  if (full.complete) {
    full.states.forEach((s, index) => {
      const step = pathStep.get(full.keys[index]!)
      const head = step === undefined ? `depth ${full.depth[index]}` : title(step)
      emit(
        `s${index}${attributes({ label: `${head}\n${summary(c, s)}`, ...(step === undefined ? {} : highlight(step)) })}`,
      )
    })
    for (const { from, to, action } of full.edges.values()) {
      const step = pathStep.get(full.keys[to]!)
      const onPath =
        step !== undefined &&
        step > 0 &&
        pathStep.get(full.keys[from]!) === step - 1 &&
        sameAction(c.trace[step]!.action!, action)
      emit(`s${from} -> s${to}${attributes(onPath ? pathEdge(step) : { tooltip: actionName(action) })}`)
    }
  } else {
    const counts: number[] = []
    for (const depth of explored.depth) counts[depth] = (counts[depth] ?? 0) + 1
    counts.forEach((count, depth) => {
      emit(
        `{ rank=same; d${depth}${attributes({ label: `depth ${depth}\n${counted(count, 'state')}`, shape: 'ellipse', style: 'filled', fillcolor: 'gray92' })}; p${depth} }`,
      )
      if (depth > 0)
        emit(
          `d${depth - 1} -> d${depth}${attributes({ label: `${explored.discoveries[depth - 1] ?? 0} new`, fontcolor: 'gray40' })}`,
        )
    })
    c.trace.forEach((step, at) => {
      emit(`p${at}${attributes({ label: `${title(at)}\n${summary(c, step.state)}`, ...highlight(at) })}`)
      if (at > 0) emit(`p${at - 1} -> p${at}${attributes(pathEdge(at))}`)
    })
  }
  out.push('}')
  return out.join('\n') + '\n'
}

const sameAction = (a: Action, b: Action): boolean => actionName(a) === actionName(b)
