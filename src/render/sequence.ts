// The counterexample as a sequence diagram in Graphviz DOT: one lifeline per process (the producers, their
// transaction coordinator when they are transactional, each broker with its role at the start, the consumers and
// their group coordinator when the state has any), one row per step with its number, and in that row the step's
// arrow or event. Faults look different from normal traffic: lost messages are red dashed arrows ending in a bar,
// crashes red boxes, elections gold boxes. The last row shows where every process ended up, and under it the
// violated property is called out.
//
// The layout is computed here and pinned (neato with fixed positions): Graphviz's own ranking bends an arrow that
// spans several lifelines around its label, while a sequence diagram needs straight arrows with the label above.
// Column gaps and row heights come from Helvetica's widths, with room to spare, so that labels never collide.

import type { Params, State } from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { explainViolation } from '../report/explain.js'
import { stableOffsetShown } from '../report/factsShared.js'
import {
  brokerName,
  consumerName,
  entryLabel,
  entryOf,
  messageName,
  producerName,
  transactionalIdName,
} from '../report/names.js'
import { stepsOf } from '../report/steps.js'
import { attributes, quote, wrapLines } from './dot.js'
import {
  attackerLane,
  deadLetterTopicLane,
  marksOf,
  retryTopicLane,
  transactionCoordinatorLane,
  type Lane,
  type Mark,
  type Tone,
} from './marks.js'

const FONT_SIZE = 10
const LINE_HEIGHT = 12.5
/** Space between a lane's widest box and its neighbour's, and around an arrow's label. */
const GAP = 24
const ROW_GAP = 12
const BOX_MARGIN = { x: 8, y: 5 }
const STEP_COLUMN = 36

/** Helvetica's advance widths (AFM, 1/1000 em) for ASCII 32–126, the metrics Graphviz itself lays text out with. */
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 222, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
]

/** The width of one line of text in points; any other character counts as a full em (arrows, CJK). */
function textWidth(text: string, size = FONT_SIZE): number {
  let width = 0
  for (const ch of text) width += HELVETICA[(ch.codePointAt(0) ?? 0) - 32] ?? 1000
  return (width / 1000) * size
}

const linesOf = (text: string): string[] => text.split('\n')
const blockWidth = (text: string, size = FONT_SIZE): number =>
  Math.max(...linesOf(text).map(line => textWidth(line, size)))
const blockHeight = (text: string): number => linesOf(text).length * LINE_HEIGHT
const boxWidth = (text: string): number => blockWidth(text) + 2 * BOX_MARGIN.x
const boxHeight = (text: string): number => blockHeight(text) + 2 * BOX_MARGIN.y

// The transaction coordinator sits between the producers and the brokers: it talks to both. The retry and
// dead-letter topics come last, written to by the consumers only.
const LANE_ORDER: readonly Lane['kind'][] = [
  'producer',
  'transactionCoordinator',
  'broker',
  'consumer',
  'coordinator',
  'retryTopic',
  'deadLetterTopic',
  'attacker',
]

/**
 * The processes that have a lifeline: everything the state has, plus anything a step's marks refer to. A pipeline's
 * input is written before the trace starts, so its producers have no lifeline unless a mark refers to them. The
 * retry and dead-letter topics have one when the scenario uses them.
 */
function lanesOf(p: Params, initial: State, marks: readonly Mark[]): Lane[] {
  const consumers = initial.consumers.length > 0
  const lanes: Lane[] = [
    ...(p.pipeline ? [] : initial.producers.map((_, index): Lane => ({ kind: 'producer', index }))),
    ...(initial.transactions.length > 0 ? [transactionCoordinatorLane] : []),
    ...initial.brokerAlive.map((_, index): Lane => ({ kind: 'broker', index })),
    ...initial.consumers.map((_, index): Lane => ({ kind: 'consumer', index })),
    ...(consumers ? [{ kind: 'coordinator', index: 0 } as const] : []),
    ...(consumers && p.retry === 'retry-topic' ? [retryTopicLane] : []),
    ...(consumers && p.dlq ? [deadLetterTopicLane] : []),
    ...(p.faults.eavesdrop + p.faults.mitm > 0 ? [attackerLane] : []),
  ]
  const known = new Set(lanes.map(laneKey))
  for (const mark of marks)
    for (const lane of mark.kind === 'arrow' ? [mark.from, mark.to] : [mark.at])
      if (!known.has(laneKey(lane))) {
        known.add(laneKey(lane))
        lanes.push(lane)
      }
  return lanes.sort((a, b) => LANE_ORDER.indexOf(a.kind) - LANE_ORDER.indexOf(b.kind) || a.index - b.index)
}

const laneKey = (lane: Lane): string => `${lane.kind}${lane.index}`

/** What a lane is called, and its role when the trace starts. */
function laneTitle(c: Counterexample, lane: Lane): string {
  const { params: p } = c
  const initial = c.trace[0]!.state
  switch (lane.kind) {
    case 'producer':
      return `${producerName(lane.index)}\nacks=${p.acks}${p.idempotence ? ', idempotent' : ''}${p.transactional ? ', transactional' : ''}`
    case 'transactionCoordinator':
      return `transaction coordinator\ntransactional.id ${JSON.stringify(c.scenario.producer['transactional.id'])}`
    case 'broker': {
      const roles = initial.partitions.flatMap((partition, i) => {
        if (partition.leader === lane.index) return [`leader p${i} (epoch ${partition.leaderEpoch})`]
        return p.assignment[i]!.includes(lane.index) ? [`follower p${i}`] : []
      })
      return [brokerName(lane.index), ...roles].join('\n')
    }
    case 'consumer':
      return p.pipeline
        ? `${consumerName(lane.index)}\nconsume-transform-produce${p.pipelineTransactional ? ', transactional' : ''}`
        : consumerName(lane.index)
    case 'coordinator':
      return `group coordinator\n${JSON.stringify(p.groupId)}`
    case 'retryTopic':
      return 'retry topic\nits listener processes later'
    case 'deadLetterTopic':
      return `dead-letter topic\nwrites ${p.dlqAwaitAck ? 'awaited' : 'not awaited'}`
    case 'attacker':
      return `attacker on the network\n${[p.faults.eavesdrop > 0 ? 'eavesdrops' : '', p.faults.mitm > 0 ? 'man-in-the-middle' : ''].filter(w => w !== '').join(', ')}`
  }
}

/** Where each process ended up: a broker's logs, a producer's records, a consumer's partitions, the group's offsets. */
function laneEnd(c: Counterexample, lane: Lane): string {
  const { params: p } = c
  const last = c.trace[c.trace.length - 1]!.state
  switch (lane.kind) {
    case 'producer':
      return last.batches
        .flatMap((b, m) => (p.messages[m]!.producer === lane.index ? [`${messageName(m)} ${b.status}`] : []))
        .join('\n')
    case 'broker': {
      const logs = last.partitions.flatMap((partition, i) => {
        const at = p.assignment[i]!.indexOf(lane.index)
        if (at < 0) return []
        const replica = partition.replicas[at]!
        const leads = partition.leader === lane.index
        const log = replica.log.map(e => entryLabel(entryOf(p, e))).join(' ')
        const stable = leads ? stableOffsetShown(p, replica) : null
        return [
          `p${i}${leads ? ' (leader)' : ''}: [${log}] HW ${replica.highWatermark}${stable === null ? '' : ` LSO ${stable}`}`,
        ]
      })
      return [...(last.brokerAlive[lane.index] ? [] : ['down']), ...logs].join('\n')
    }
    case 'transactionCoordinator':
      return last.transactions
        .map((t, id) => `${transactionalIdName(id)}: ${t.state}, epoch ${t.epoch}, txn ${t.txn}`)
        .join('\n')
    case 'consumer': {
      const consumer = last.consumers[lane.index]!
      return [
        consumer.status,
        `owns ${consumer.owned.length === 0 ? '-' : consumer.owned.map(i => `p${i}`).join(' ')}`,
        ...(consumer.pendingOutputs.length === 0
          ? []
          : [`open txn: ${consumer.pendingOutputs.map(messageName).join(' ')}`]),
      ].join('\n')
    }
    case 'coordinator': {
      const processed = last.processed.map((count, m) => `${messageName(m)} x${count}`).join(' ')
      const committed = last.group.committed.map((offset, i) => `p${i}=${offset < 0 ? '-' : offset}`).join(' ')
      // A transaction's offsets wait at the coordinator until it ends.
      const pending = last.group.pendingTxnOffsets.flatMap((offsets, consumer) => {
        const held = offsets.flatMap((offset, i) => (offset < 0 ? [] : [`p${i}=${offset}`]))
        return held.length === 0 ? [] : [`pending c${consumer + 1}: ${held.join(' ')}`]
      })
      return [
        `generation ${last.group.generation}`,
        `committed ${committed}`,
        ...pending,
        `${p.pipeline ? 'visible' : 'processed'} ${processed}`,
      ].join('\n')
    }
    case 'retryTopic':
      return last.retryTopic.length === 0 ? 'empty' : `waiting: ${last.retryTopic.map(messageName).join(' ')}`
    case 'deadLetterTopic':
      return [
        `holds ${last.deadLettered.map((count, m) => `${messageName(m)} x${count}`).join(' ')}`,
        ...(last.deadLetterInFlight.length === 0
          ? []
          : [`in flight: ${last.deadLetterInFlight.map(messageName).join(' ')}`]),
      ].join('\n')
    case 'attacker': {
      const read = [
        last.connections.some(c => c.credentialsRead) ? 'credentials' : '',
        last.connections.some(c => c.recordsRead) || last.replicationRead ? 'records' : '',
      ].filter(what => what !== '')
      return read.length === 0 ? 'read nothing' : `read ${read.join(' and ')}`
    }
  }
}

interface Look {
  readonly color: string
  readonly fill: string
  readonly fontcolor: string
  readonly dashed: boolean
}

const LOOKS: Readonly<Record<Tone, Look>> = {
  request: { color: 'black', fill: 'white', fontcolor: 'black', dashed: false },
  response: { color: 'darkgreen', fill: 'honeydew', fontcolor: 'darkgreen', dashed: false },
  error: { color: 'darkorange3', fill: 'papayawhip', fontcolor: 'darkorange4', dashed: false },
  replication: { color: 'royalblue3', fill: 'aliceblue', fontcolor: 'royalblue4', dashed: false },
  local: { color: 'gray40', fill: 'gray96', fontcolor: 'black', dashed: false },
  lost: { color: 'red3', fill: 'mistyrose', fontcolor: 'red3', dashed: true },
  delayed: { color: 'darkorange3', fill: 'papayawhip', fontcolor: 'darkorange4', dashed: true },
  crash: { color: 'red3', fill: 'red3', fontcolor: 'white', dashed: false },
  restart: { color: 'darkgreen', fill: 'honeydew', fontcolor: 'black', dashed: true },
  election: { color: 'goldenrod3', fill: 'lightgoldenrod1', fontcolor: 'black', dashed: false },
}

type Arrow = Extract<Mark, { kind: 'arrow' }>

/** One step's row: its arrows, each on a line of its own, and its events, one box per lane. */
interface Row {
  readonly step: number
  readonly arrows: readonly Arrow[]
  readonly events: ReadonlyMap<string, { readonly tone: Tone; readonly label: string }>
}

function rowOf(step: number, marks: readonly Mark[]): Row {
  const arrows: Arrow[] = []
  const events = new Map<string, { tone: Tone; label: string }>()
  for (const mark of marks) {
    // An arrow from a lane to itself says nothing an event box would not.
    const event =
      mark.kind === 'event' ? mark : laneKey(mark.from) === laneKey(mark.to) ? { ...mark, at: mark.from } : undefined
    if (event === undefined) arrows.push(mark as Arrow)
    else {
      const earlier = events.get(laneKey(event.at))
      events.set(laneKey(event.at), {
        tone: earlier?.tone ?? event.tone,
        label: earlier ? `${earlier.label}\n${event.label}` : event.label,
      })
    }
  }
  return { step, arrows, events }
}

/** Column centres: each lane far enough from the last for its boxes, and for every arrow label that ends there. */
function columns(
  lanes: readonly Lane[],
  boxes: ReadonlyMap<string, readonly string[]>,
  rows: readonly Row[],
): Map<string, number> {
  const x = new Map<string, number>()
  const order = lanes.map(laneKey)
  const halfWidth = (lane: Lane) => Math.max(30, ...(boxes.get(laneKey(lane)) ?? []).map(box => boxWidth(box) / 2))
  lanes.forEach((lane, at) => {
    const previous = lanes[at - 1]
    let centre =
      previous === undefined
        ? STEP_COLUMN + GAP + halfWidth(lane)
        : x.get(laneKey(previous))! + halfWidth(previous) + GAP + halfWidth(lane)
    for (const row of rows)
      for (const arrow of row.arrows) {
        const [left, right] = [arrow.from, arrow.to].sort(
          (a, b) => order.indexOf(laneKey(a)) - order.indexOf(laneKey(b)),
        ) as [Lane, Lane]
        if (laneKey(right) === laneKey(lane) && x.has(laneKey(left)))
          centre = Math.max(centre, x.get(laneKey(left))! + blockWidth(arrow.label) + 2 * GAP)
      }
    x.set(laneKey(lane), centre)
  })
  return x
}

const inches = (points: number): number => Math.round((points / 72) * 1000) / 1000
const pos = (x: number, y: number): string => `${inches(x)},${inches(y)}!`

/** The sequence diagram of `c`, as DOT. */
export function sequenceDiagram(c: Counterexample): string {
  const { params: p, trace } = c
  const steps = stepsOf(c)
    .slice(1)
    .map(step => ({ index: step.index, marks: marksOf(step.facts) }))
  const lanes = lanesOf(
    p,
    trace[0]!.state,
    steps.flatMap(step => step.marks),
  )
  const rows = steps.map(step => rowOf(step.index, step.marks))
  const titles = new Map(lanes.map(lane => [laneKey(lane), laneTitle(c, lane)]))
  const ends = new Map(lanes.map(lane => [laneKey(lane), laneEnd(c, lane)]))
  const boxes = new Map(
    lanes.map(lane => {
      const key = laneKey(lane)
      const events = rows.flatMap(row => (row.events.has(key) ? [row.events.get(key)!.label] : []))
      return [key, [titles.get(key)!, ends.get(key)!, ...events]]
    }),
  )
  const x = columns(lanes, boxes, rows)
  const xOf = (lane: Lane) => x.get(laneKey(lane))!

  const out: string[] = []
  const emit = (line: string) => out.push(`  ${line}`)
  const title =
    `${c.scenario.name}: ${c.property} violated\n` +
    `topic ${JSON.stringify(c.scenario.topic.name)}, acks=${p.acks}, enable.idempotence=${p.idempotence}, ` +
    `min.insync.replicas=${p.minInsyncReplicas}`
  out.push('digraph sequence {')
  emit(
    `graph${attributes({ layout: 'neato', splines: 'line', outputorder: 'edgesfirst', label: title, labelloc: 't', fontname: 'Helvetica', fontsize: 14, pad: 0.2 })}`,
  )
  emit(
    `node${attributes({ fontname: 'Helvetica', fontsize: FONT_SIZE, margin: `${inches(BOX_MARGIN.x)},${inches(BOX_MARGIN.y)}`, height: 0.1, width: 0.1 })}`,
  )
  emit(`edge${attributes({ fontname: 'Helvetica', fontsize: FONT_SIZE })}`)

  // Rows top to bottom (Graphviz's y grows upwards, so y falls as the trace goes on).
  let y = 0
  const headHeight = Math.max(...lanes.map(lane => boxHeight(titles.get(laneKey(lane))!)))
  emit(`step_head${attributes({ shape: 'plaintext', label: 'step', pos: pos(STEP_COLUMN / 2, y) })}`)
  for (const lane of lanes)
    emit(
      `${laneKey(lane)}_head${attributes({ shape: 'box', style: 'rounded,filled', fillcolor: 'gray92', color: 'gray50', label: titles.get(laneKey(lane))!, pos: pos(xOf(lane), y) })}`,
    )
  let below = headHeight / 2

  for (const row of rows) {
    const { step, arrows, events } = row
    const eventHalf = Math.max(0, ...[...events.values()].map(event => boxHeight(event.label) / 2))
    const labelHeights = arrows.map(arrow => blockHeight(arrow.label) + 4)
    // Each arrow gets a line of its own with its label above it; the events sit on the first line.
    const firstTop = Math.max(eventHalf, labelHeights[0] ?? 0)
    y -= below + ROW_GAP + firstTop
    const lineY = [y]
    for (const height of labelHeights.slice(1)) lineY.push(lineY[lineY.length - 1]! - (6 + height))
    below = Math.max(eventHalf, y - lineY[lineY.length - 1]! + 6)
    const tag = { class: `step step-${step}`, tooltip: `step ${step}` }

    emit(
      `step_${step}${attributes({ shape: 'plaintext', label: String(step), fontsize: 11, pos: pos(STEP_COLUMN / 2, y), ...tag, id: `step-${step}` })}`,
    )
    for (const [key, event] of events) {
      const look = LOOKS[event.tone]
      emit(
        `${key}_${step}${attributes({
          shape: 'box',
          style: look.dashed
            ? 'filled,dashed'
            : event.tone === 'crash' || event.tone === 'election'
              ? 'filled,bold'
              : 'filled',
          color: look.color,
          fillcolor: look.fill,
          fontcolor: look.fontcolor,
          label: event.label,
          pos: pos(x.get(key)!, y),
          ...tag,
        })}`,
      )
    }
    arrows.forEach((arrow, at) => {
      const look = LOOKS[arrow.tone]
      const lineAt = lineY[at]!
      const end = (lane: Lane) => {
        const key = laneKey(lane)
        if (at === 0 && events.has(key)) return `${key}_${step}`
        const point = `${key}_${step}_${at}`
        emit(
          `${point}${attributes({ shape: 'point', width: 0.01, height: 0.01, color: 'gray60', pos: pos(xOf(lane), lineAt) })}`,
        )
        return point
      }
      const from = end(arrow.from)
      const to = end(arrow.to)
      emit(
        `${from} -> ${to}${attributes({
          color: look.color,
          style: look.dashed ? 'dashed,bold' : 'solid',
          arrowhead: arrow.tone === 'lost' ? 'tee' : 'normal',
          penwidth: arrow.tone === 'lost' ? 2 : 1.2,
          ...tag,
        })}`,
      )
      const middle = (xOf(arrow.from) + xOf(arrow.to)) / 2
      const labelY = lineAt + (blockHeight(arrow.label) + 4) / 2
      emit(
        `${from}_label${attributes({ shape: 'plaintext', margin: 0, label: arrow.label, fontcolor: look.fontcolor, pos: pos(middle, labelY), ...tag })}`,
      )
    })
  }

  const endHeight = Math.max(...lanes.map(lane => boxHeight(ends.get(laneKey(lane))!)))
  y -= below + ROW_GAP + endHeight / 2 + 6
  emit(`step_end${attributes({ shape: 'plaintext', label: 'end', pos: pos(STEP_COLUMN / 2, y) })}`)
  for (const lane of lanes) {
    const key = laneKey(lane)
    emit(
      `${key}_end${attributes({ shape: 'box', style: 'filled', fillcolor: 'gray97', color: 'gray60', label: { dot: quote(ends.get(key)!, 'left') }, pos: pos(xOf(lane), y) })}`,
    )
    emit(`${key}_head -> ${key}_end${attributes({ arrowhead: 'none', color: 'gray70' })}`)
  }

  const callout = `X ${wrapLines(explainViolation(c), 80)}`
  const left = Math.min(...lanes.map(xOf))
  const right = Math.max(...lanes.map(xOf))
  y -= endHeight / 2 + GAP + boxHeight(callout) / 2
  emit(
    `violation${attributes({
      shape: 'box',
      style: 'filled,bold',
      color: 'red3',
      fillcolor: 'mistyrose',
      fontcolor: 'red4',
      fontsize: 12,
      label: { dot: quote(callout, 'left') },
      pos: pos((left + right) / 2, y),
      id: 'violation',
      class: 'violation',
    })}`,
  )
  out.push('}')
  return out.join('\n') + '\n'
}
