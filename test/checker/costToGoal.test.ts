// The cost search on small graphs whose answers can be worked out by hand, and on random graphs against a naive
// reference written here: value iteration of the same game, one round per step of the horizon.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { costToGoal, type CostRole, type Model } from '../../checker/index.js'

interface Edge {
  readonly from: number
  readonly to: number
  readonly cost: number
  readonly role: CostRole
}
type Move = { readonly type: 'Move'; readonly to: number; readonly cost: number; readonly role: CostRole }

interface Net {
  readonly initial: readonly number[]
  readonly edges: readonly Edge[]
  readonly goals: readonly number[]
  /** Nodes outside the model's constraint: checked, not expanded. */
  readonly outside?: readonly number[]
}

function netModel(net: Net): Model<number, Move> {
  return {
    init: () => net.initial,
    actions: node =>
      net.edges.filter(e => e.from === node).map(({ to, cost, role }) => ({ type: 'Move', to, cost, role })),
    next: (_, move) => move.to,
    invariants: {},
    ...(net.outside === undefined ? {} : { constraint: (node: number) => !net.outside!.includes(node) }),
    encode: (node, out) => out.int(node),
  }
}

const search = (net: Net, maxStates?: number) =>
  costToGoal(netModel(net), {
    goal: node => net.goals.includes(node),
    cost: move => move.cost,
    role: (_, move) => move.role,
    ...(maxStates === undefined ? {} : { maxStates }),
  })

const e = (from: number, to: number, cost: number, role: CostRole = 'move'): Edge => ({ from, to, cost, role })

describe('costToGoal', () => {
  it('finds the cheapest run, not the one with fewest steps, and gives it', () => {
    const result = search({ initial: [0], goals: [9], edges: [e(0, 9, 5), e(0, 1, 1), e(1, 2, 0), e(2, 9, 2)] })
    expect(result.unhindered).toEqual({ low: 3, high: 3 })
    expect(result.forced).toEqual({ low: 3, high: 3 })
    expect(result.cheapestRun?.map(step => step.state)).toEqual([0, 1, 2, 9])
    expect(result.exhaustive).toBe(true)
    expect(result.states).toBe(4)
  })

  it('lets the adversary strike where it costs most, and never forces it to', () => {
    // In 0 a fault costs nothing more (5 either way); in 1, after the cheap step, it forces 1 + 6.
    const net = {
      initial: [0],
      goals: [9],
      edges: [e(0, 1, 1), e(1, 9, 1), e(0, 2, 0, 'fault'), e(2, 9, 5), e(1, 3, 0, 'fault'), e(3, 9, 6)],
    }
    const result = search(net)
    expect(result.unhindered).toEqual({ low: 2, high: 2 })
    expect(result.forced).toEqual({ low: 7, high: 7 })
  })

  it('answers never when a fault can keep the goal out of reach, or no run reaches it', () => {
    expect(search({ initial: [0], goals: [9], edges: [e(0, 9, 1), e(0, 1, 0, 'fault')] }).forced.low).toBe(Infinity)
    const stuck = search({ initial: [0], goals: [9], edges: [e(0, 1, 1), e(1, 0, 0)] })
    expect(stuck.unhindered).toEqual({ low: Infinity, high: Infinity })
    expect(stuck.cheapestRun).toBeUndefined()
  })

  it('goes round zero-cost cycles without looping and counts a goal at the start as no cost', () => {
    const result = search({ initial: [0], goals: [9], edges: [e(0, 1, 0), e(1, 0, 0), e(1, 2, 0), e(2, 9, 2)] })
    expect(result.unhindered.low).toBe(2)
    expect(search({ initial: [9], goals: [9], edges: [e(9, 0, 1)] }).unhindered.low).toBe(0)
  })

  it('does not take skipped actions', () => {
    const result = search({ initial: [0], goals: [9], edges: [e(0, 9, 0, 'skip'), e(0, 9, 4)] })
    expect(result.unhindered.low).toBe(4)
    expect(result.states).toBe(2)
  })

  it('bounds the cost between a cut state as a goal and as a dead end, and says what cut it', () => {
    const net = { initial: [0], goals: [9], edges: [e(0, 1, 1), e(1, 9, 1), e(0, 9, 5)], outside: [1] }
    const result = search(net)
    expect(result.unhindered).toEqual({ low: 1, high: 5 })
    expect(result).toMatchObject({ exhaustive: false, stoppedBy: 'constraint' })
    const budget = search({ initial: [0], goals: [9], edges: [e(0, 1, 1), e(1, 2, 1), e(2, 9, 1)] }, 2)
    expect(budget).toMatchObject({ exhaustive: false, stoppedBy: 'maxStates', unhindered: { low: 2, high: Infinity } })
  })

  it('takes the dearest of several initial states', () => {
    const result = search({ initial: [0, 1], goals: [9], edges: [e(0, 9, 1), e(1, 9, 3)] })
    expect(result.unhindered.low).toBe(3)
    expect(result.cheapestRun?.map(step => step.state)).toEqual([1, 9])
  })

  it('refuses a cost that is not a non-negative integer', () => {
    expect(() => search({ initial: [0], goals: [9], edges: [e(0, 9, -1)] })).toThrow('non-negative integer')
  })
})

/** The game's value from every node by value iteration over `rounds` steps of horizon (Infinity: not reached). */
function reference(net: Net, nodes: number, faults: boolean): number[] {
  const edges = net.edges.filter(edge => edge.role !== 'skip' && (faults || edge.role === 'move'))
  let value = Array.from({ length: nodes }, (_, node) => (net.goals.includes(node) ? 0 : Infinity))
  for (let round = 0; round < 4 * nodes + 4; round++)
    value = value.map((_, node) => {
      if (net.goals.includes(node)) return 0
      const out = edges.filter(edge => edge.from === node)
      const via = (edge: Edge) => edge.cost + value[edge.to]!
      const system = Math.min(...out.filter(edge => edge.role === 'move').map(via))
      return Math.max(system, ...out.filter(edge => edge.role === 'fault').map(via))
    })
  return value
}

const nets = fc.integer({ min: 1, max: 12 }).chain(nodes => {
  const node = fc.integer({ min: 0, max: nodes - 1 })
  const role = fc.constantFrom<CostRole>('move', 'move', 'move', 'fault', 'skip')
  return fc.record({
    nodes: fc.constant(nodes),
    initial: node.map(n => [n]),
    goals: fc.uniqueArray(node, { maxLength: 3 }),
    edges: fc.array(fc.record({ from: node, to: node, cost: fc.integer({ min: 0, max: 3 }), role }), {
      maxLength: 3 * nodes,
    }),
  })
})

describe('costToGoal against value iteration', () => {
  it('agrees on random graphs, with faults and without', () => {
    fc.assert(
      fc.property(nets, net => {
        const result = search(net)
        const start = net.initial[0]!
        expect(result.unhindered.low).toBe(reference(net, net.nodes, false)[start])
        expect(result.forced.low).toBe(reference(net, net.nodes, true)[start])
        expect(result.forced.low).toBeGreaterThanOrEqual(result.unhindered.low)
        const run = result.cheapestRun
        if (run !== undefined) {
          expect(run.slice(1).reduce((sum, step) => sum + step.action!.cost, 0)).toBe(result.unhindered.low)
          expect(net.goals).toContain(run.at(-1)!.state)
        }
      }),
      { numRuns: 300 },
    )
  })
})
