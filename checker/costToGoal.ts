// The least cost of reaching a goal, alone and against an adversary. Actions carry a cost (a non-negative integer:
// most cost nothing) and a role: a `move` is the system's, taken when it brings the goal closer; a `fault` is an
// adversary's, taken when it pushes the goal away (it may also never be taken); a `skip` is not explored at all.
// The reachable graph up to the goal is built explicitly (goal states are not expanded), then solved as a
// shortest-path game: in a state the adversary may play any fault or let the system move, and the system picks its
// cheapest move; a state's value is the cost the system can be held to, Infinity when the goal is out of its reach.
// With nonnegative costs the values settle in increasing order (a generalised Dijkstra): a system state when its
// first successor settles, an adversary state when all of them have.

import { Fingerprinter } from './fingerprint.js'
import type { ActionLike, Model, Step, Trace } from './model.js'
import { FingerprintSet, FULL } from './store.js'

/** Whose action it is, for the cost search. */
export type CostRole = 'move' | 'fault' | 'skip'

export interface CostToGoalOptions<S, A extends ActionLike> {
  /** States where a run ends: they are not expanded. */
  readonly goal: (state: S) => boolean
  /** What taking `action` costs: a non-negative integer. */
  readonly cost: (action: A) => number
  /** Whose `action` is, where it is enabled in `state`. */
  readonly role: (state: S, action: A) => CostRole
  /** Stop building the graph once it holds this many states (default: no limit); the rest counts as cut. */
  readonly maxStates?: number
}

/**
 * The least cost of a goal from the initial states, between two bounds: `low` counts every state the search could
 * not expand (cut by the model's constraint or by `maxStates`) as a goal reached at no further cost, `high` as a
 * state the goal is never reached from. They are equal when the search was exhaustive. Infinity: never.
 */
export interface CostBounds {
  readonly low: number
  readonly high: number
}

export interface CostToGoalResult<S, A> {
  /** Faults never happen: the cheapest run to a goal. */
  readonly unhindered: CostBounds
  /** One run of the least cost without faults, ending in a goal state (undefined when none is known). */
  readonly cheapestRun: Trace<S, A> | undefined
  /** Faults happen where they cost the system most: what the adversary can force. At least `unhindered`. */
  readonly forced: CostBounds
  /** States in the graph (goal and cut states included). */
  readonly states: number
  readonly exhaustive: boolean
  /** What cut the search: the model's constraint, or `maxStates` (both: `maxStates`). */
  readonly stoppedBy: 'constraint' | 'maxStates' | undefined
}

/** What cut a cost search. */
export type CostCut = CostToGoalResult<unknown, ActionLike>['stoppedBy']

/** A state's fate in the graph. */
const EXPANDED = 0
const GOAL = 1
const CUT = 2

/** The explicit graph: states by id in the order found, and each expanded state's edges, contiguous. */
interface Graph {
  readonly kind: Uint8Array
  /** Edges of state i: [edgeStart[i], edgeStart[i + 1]). */
  readonly edgeStart: Int32Array
  readonly edgeTo: Int32Array
  readonly edgeCost: Int32Array
  readonly edgeFault: Uint8Array
  readonly initial: readonly number[]
}

/**
 * The least cost from `model`'s initial states to a state where `goal` holds, without faults and against them.
 * Over several initial states, the dearest counts (the initial state is not the system's choice).
 */
export function costToGoal<S, A extends ActionLike>(
  model: Model<S, A>,
  options: CostToGoalOptions<S, A>,
): CostToGoalResult<S, A> {
  const { graph, stoppedBy } = buildGraph(model, options)
  const start = (values: Float64Array) =>
    graph.initial.reduce((dearest, id) => (values[2 * id]! > values[2 * dearest]! ? id : dearest), graph.initial[0]!)
  // Cut states as dead ends (the high bound), then as goals (the low one) only if there are any.
  const bounds = (faults: boolean): { high: Values; bounds: CostBounds } => {
    const high = valuesOf(graph, faults, Infinity)
    const low = stoppedBy === undefined ? high : valuesOf(graph, faults, 0)
    return { high, bounds: { low: low.value[2 * start(low.value)]!, high: high.value[2 * start(high.value)]! } }
  }
  const unhindered = bounds(false)
  return {
    unhindered: unhindered.bounds,
    cheapestRun: runOf(model, options, graph, unhindered.high, start(unhindered.high.value)),
    forced: bounds(true).bounds,
    states: graph.kind.length,
    exhaustive: stoppedBy === undefined,
    stoppedBy,
  }
}

/** The run from state `from` that takes, in each state, the move its value came from; undefined if it has none. */
function runOf<S, A extends ActionLike>(
  model: Model<S, A>,
  { role }: CostToGoalOptions<S, A>,
  graph: Graph,
  { value, via }: Values,
  from: number,
): Trace<S, A> | undefined {
  if (value[2 * from] === Infinity) return undefined
  let state: S = model.init()[graph.initial.indexOf(from)]!
  const run: Step<S, A>[] = [{ action: undefined, state }]
  for (let at = from; graph.kind[at] !== GOAL;) {
    const edge = via[2 * at + 1]!
    // The edge's place among the state's edges is the action's place among those the search took.
    const before = state
    const taken = [...model.actions(before)].filter(action => role(before, action) !== 'skip')
    const action = taken[edge - graph.edgeStart[at]!]!
    state = model.next(before, action)
    run.push({ action, state })
    at = graph.edgeTo[edge]!
  }
  return run
}

function buildGraph<S, A extends ActionLike>(
  model: Model<S, A>,
  { goal, cost, role, maxStates = Infinity }: CostToGoalOptions<S, A>,
): { graph: Graph; stoppedBy: CostCut } {
  const fingerprint = new Fingerprinter(model)
  const store = new FingerprintSet()
  /** The id of the state in each store slot (-1: none), remapped when the store grows. */
  let idOfSlot = new Int32Array(store.capacity).fill(-1)
  const pending: (S | undefined)[] = []
  const kind: number[] = []
  const edgeStart: number[] = []
  const edgeTo: number[] = []
  const edgeCost: number[] = []
  const edgeFault: number[] = []
  let stoppedBy: CostCut

  /** The id of `state`, stored (and queued) if new. */
  const idOf = (state: S): number => {
    fingerprint.of(state)
    const { hi, lo } = fingerprint
    const found = store.find(hi, lo)
    if (found >= 0) return idOfSlot[found]!
    let slot = store.insert(hi, lo)
    while (slot === FULL) {
      const moved = store.grow()
      const remapped = new Int32Array(store.capacity).fill(-1)
      moved.forEach((to, from) => {
        if (idOfSlot[from]! >= 0) remapped[to] = idOfSlot[from]!
      })
      idOfSlot = remapped
      slot = store.insert(hi, lo)
    }
    const id = pending.length
    idOfSlot[slot] = id
    pending.push(state)
    kind.push(goal(state) ? GOAL : EXPANDED)
    return id
  }

  const initial = model.init().map(idOf)
  for (let id = 0; id < pending.length; id++) {
    const state = pending[id]!
    pending[id] = undefined
    edgeStart.push(edgeTo.length)
    if (kind[id] === GOAL) continue
    if (id >= maxStates) {
      kind[id] = CUT
      stoppedBy = 'maxStates'
      continue
    }
    if (model.constraint !== undefined && !model.constraint(state)) {
      kind[id] = CUT
      stoppedBy ??= 'constraint'
      continue
    }
    for (const action of model.actions(state)) {
      const who = role(state, action)
      if (who === 'skip') continue
      const price = cost(action)
      if (!Number.isInteger(price) || price < 0) throw new Error(`cost ${price} is not a non-negative integer`)
      edgeTo.push(idOf(model.next(state, action)))
      edgeCost.push(price)
      edgeFault.push(who === 'fault' ? 1 : 0)
    }
  }
  edgeStart.push(edgeTo.length)
  return {
    graph: {
      kind: Uint8Array.from(kind),
      edgeStart: Int32Array.from(edgeStart),
      edgeTo: Int32Array.from(edgeTo),
      edgeCost: Int32Array.from(edgeCost),
      edgeFault: Uint8Array.from(edgeFault),
      initial,
    },
    stoppedBy,
  }
}

/**
 * Every node's value. State i is two nodes: 2i, where the adversary may play a fault (or pass, at no cost, to 2i + 1)
 * and which takes the largest of its successors' values plus costs; and 2i + 1, where the system moves and which takes
 * the smallest. Without `faults` node 2i only passes. Goal states are worth 0, cut states `cut`.
 */
/** Every node's value, and for each system node the edge its value came from (-1: none). */
interface Values {
  readonly value: Float64Array
  readonly via: Int32Array
}

function valuesOf(graph: Graph, faults: boolean, cut: number): Values {
  const { kind, edgeStart, edgeTo, edgeCost, edgeFault } = graph
  const states = kind.length
  const nodes = 2 * states
  // Predecessor lists of the adversary nodes (2j): the edges into state j, as contiguous runs.
  const inCount = new Int32Array(states + 1)
  for (let e = 0; e < edgeTo.length; e++) if (faults || edgeFault[e] === 0) inCount[edgeTo[e]! + 1]!++
  for (let j = 0; j < states; j++) inCount[j + 1]! += inCount[j]!
  const inFrom = new Int32Array(inCount[states]!)
  const inEdge = new Int32Array(inCount[states]!)
  const fill = inCount.slice(0, states)
  for (let i = 0; i < states; i++)
    for (let e = edgeStart[i]!; e < edgeStart[i + 1]!; e++) {
      if (!faults && edgeFault[e] === 1) continue
      const at = fill[edgeTo[e]!]!++
      inFrom[at] = i
      inEdge[at] = e
    }

  const value = new Float64Array(nodes).fill(Infinity)
  const via = new Int32Array(nodes).fill(-1)
  const settled = new Uint8Array(nodes)
  /** Adversary nodes: successors not yet settled, and the largest value among those that are. */
  const waiting = new Int32Array(states)
  const largest = new Float64Array(states)
  const queue = new BucketQueue()
  for (let i = 0; i < states; i++) {
    if (kind[i] === GOAL) queue.push(0, 2 * i)
    else if (kind[i] === CUT) {
      if (cut !== Infinity) queue.push(cut, 2 * i)
    } else {
      let faultEdges = 0
      if (faults) for (let e = edgeStart[i]!; e < edgeStart[i + 1]!; e++) faultEdges += edgeFault[e]!
      waiting[i] = 1 + faultEdges
    }
  }
  /** `node`'s successor settled at `reached` (its value plus the cost of `edge`, -1 for the pass). */
  const offer = (node: number, reached: number, edge: number) => {
    if (settled[node] === 1) return
    if (node % 2 === 1) {
      // The system's node: the cheapest settled successor so far.
      if (reached < value[node]!) {
        value[node] = reached
        via[node] = edge
        queue.push(reached, node)
      }
      return
    }
    const state = node / 2
    largest[state] = Math.max(largest[state]!, reached)
    if (--waiting[state]! === 0) queue.push(largest[state]!, node)
  }
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const [at, node] = next
    if (settled[node] === 1) continue
    settled[node] = 1
    value[node] = at
    const state = node >> 1
    if (node % 2 === 1) {
      offer(2 * state, at, -1)
      continue
    }
    for (let k = inCount[state]!; k < inCount[state + 1]!; k++) {
      const e = inEdge[k]!
      const from = inFrom[k]!
      offer(edgeFault[e] === 1 ? 2 * from : 2 * from + 1, at + edgeCost[e]!, e)
    }
  }
  for (let node = 0; node < nodes; node++) if (settled[node] === 0) value[node] = Infinity
  return { value, via }
}

/** A priority queue of nodes by integral value: one list per value, taken in increasing order. */
class BucketQueue {
  private readonly buckets: number[][] = []
  private lowest = 0

  push(at: number, node: number): void {
    ;(this.buckets[at] ??= []).push(node)
    if (at < this.lowest) this.lowest = at
  }

  pop(): [number, number] | undefined {
    for (; this.lowest < this.buckets.length; this.lowest++) {
      const bucket = this.buckets[this.lowest]
      if (bucket !== undefined && bucket.length > 0) return [this.lowest, bucket.pop()!]
    }
    return undefined
  }
}
