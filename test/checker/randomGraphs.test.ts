// The engine against a naive reference explorer written here, on random finite transition systems: random
// graphs with labelled edges, random initial nodes, random "bad" nodes, random dead ends.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { check, type Encoder, type Model, type Trace } from '../../checker/index.js'

interface Graph {
  readonly nodes: number
  readonly initial: readonly number[]
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label: number }[]
  readonly bad: readonly number[]
  /** Nodes that must never be a dead end (checked at quiescence). */
  readonly mustMove: readonly number[]
  /** An edge label that must never be taken (a step invariant). */
  readonly forbiddenLabel: number
  readonly goal: number
}
type Edge = { readonly type: 'Move'; readonly to: number; readonly label: number }

const graphs = fc.integer({ min: 1, max: 40 }).chain(nodes => {
  const node = fc.integer({ min: 0, max: nodes - 1 })
  return fc.record({
    nodes: fc.constant(nodes),
    initial: fc.uniqueArray(node, { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.record({ from: node, to: node, label: fc.integer({ min: 0, max: 5 }) }), { maxLength: 80 }),
    bad: fc.uniqueArray(node, { maxLength: 4 }),
    mustMove: fc.uniqueArray(node, { maxLength: 6 }),
    forbiddenLabel: fc.integer({ min: 0, max: 5 }),
    goal: node,
  })
})

/** The graph as a model; `packed` also gives it a decode, so the engine queues its states as words. */
function graphModel(g: Graph, packed = false): Model<number, Edge> {
  const codec = packed
    ? {
        encode: (node: number, out: Encoder) => out.int(node),
        decode: (words: ArrayLike<number>, at: { at: number }) => words[at.at++]!,
      }
    : {}
  return {
    ...codec,
    init: () => g.initial,
    actions: node => g.edges.filter(e => e.from === node).map(e => ({ type: 'Move', to: e.to, label: e.label })),
    next: (_, edge) => edge.to,
    invariants: { NotBad: node => !g.bad.includes(node) },
    stepInvariants: { NoForbiddenLabel: (_, edge) => edge.label !== g.forbiddenLabel },
    atQuiescence: { NotStuck: node => !g.mustMove.includes(node) },
    sometimes: { ReachesGoal: node => node === g.goal },
  }
}

/** Breadth-first distances from the initial nodes: the reference the engine must agree with. */
function distances(g: Graph): Map<number, number> {
  const distance = new Map<number, number>()
  let level = [...new Set(g.initial)]
  for (const node of level) distance.set(node, 0)
  for (let d = 1; level.length > 0; d++) {
    const next: number[] = []
    for (const node of level)
      for (const edge of g.edges)
        if (edge.from === node && !distance.has(edge.to)) {
          distance.set(edge.to, d)
          next.push(edge.to)
        }
    level = next
  }
  return distance
}

const minimum = (values: readonly number[]) => (values.length === 0 ? undefined : Math.min(...values))

function expectReplays(g: Graph, trace: Trace<number, Edge>) {
  expect(g.initial).toContain(trace[0]!.state)
  for (let i = 1; i < trace.length; i++) {
    const { action, state } = trace[i]!
    expect(g.edges).toContainEqual({ from: trace[i - 1]!.state, to: state, label: action!.label })
  }
}

describe('check on random graphs', () => {
  it.each([
    ['queued as objects', false],
    ['queued packed', true],
  ])('visits exactly the reachable nodes and reports every property like the reference explorer, %s', (_, packed) => {
    fc.assert(
      fc.property(graphs, g => {
        const distance = distances(g)
        const reachable = [...distance.keys()]
        const result = check(graphModel(g, packed))
        expect(result.stats.distinctStates).toBe(reachable.length)
        expect(result.exhaustive).toBe(true)
        const violations = result.status === 'violated' ? result.violations : []
        const find = (property: string) => violations.find(v => v.property === property)

        const bad = minimum(reachable.filter(n => g.bad.includes(n)).map(n => distance.get(n)!))
        const notBad = find('NotBad')
        expect(notBad === undefined).toBe(bad === undefined)
        if (notBad && notBad.kind !== 'sometimes') {
          expect(notBad.trace.length - 1).toBe(bad)
          expect(g.bad).toContain(notBad.trace.at(-1)!.state)
          expectReplays(g, notBad.trace)
        }

        const forbidden = minimum(
          g.edges.filter(e => e.label === g.forbiddenLabel && distance.has(e.from)).map(e => distance.get(e.from)! + 1),
        )
        const noForbidden = find('NoForbiddenLabel')
        expect(noForbidden === undefined).toBe(forbidden === undefined)
        if (noForbidden && noForbidden.kind !== 'sometimes') {
          expect(noForbidden.trace.length - 1).toBe(forbidden)
          expect(noForbidden.trace.at(-1)!.action!.label).toBe(g.forbiddenLabel)
          expectReplays(g, noForbidden.trace)
        }

        const stuck = minimum(
          reachable.filter(n => g.mustMove.includes(n) && !g.edges.some(e => e.from === n)).map(n => distance.get(n)!),
        )
        const notStuck = find('NotStuck')
        expect(notStuck === undefined).toBe(stuck === undefined)
        if (notStuck && notStuck.kind !== 'sometimes') expect(notStuck.trace.length - 1).toBe(stuck)

        expect(find('ReachesGoal') === undefined).toBe(distance.has(g.goal))
        const verdicts = Object.fromEntries(result.properties.map(p => [p.property, p.verdict]))
        expect(verdicts['ReachesGoal']).toBe(distance.has(g.goal) ? 'holds' : 'unreached')
        expect(verdicts['NotBad']).toBe(bad === undefined ? 'holds' : 'violated')
      }),
      { numRuns: 300 },
    )
  })

  it('stops at maxDepth, exploring exactly the nodes within that distance', () => {
    fc.assert(
      fc.property(graphs, fc.integer({ min: 0, max: 6 }), (g, maxDepth) => {
        const distance = distances(g)
        const within = [...distance.values()].filter(d => d <= maxDepth).length
        const result = check(graphModel(g), { maxDepth })
        expect(result.stats.distinctStates).toBe(within)
        const deeperExists = [...distance.entries()].some(
          ([node, d]) => d === maxDepth && g.edges.some(e => e.from === node),
        )
        expect(result.exhaustive).toBe(!deeperExists)
        expect(result.stoppedBy).toBe(deeperExists ? 'maxDepth' : undefined)
        // A dead end within the limit is quiescent however the limit cut other states; a cut state never is.
        const stuckWithin = [...distance.entries()].some(
          ([node, d]) => d <= maxDepth && g.mustMove.includes(node) && !g.edges.some(e => e.from === node),
        )
        const verdict = result.properties.find(p => p.property === 'NotStuck')?.verdict
        expect(verdict).toBe(stuckWithin ? 'violated' : 'holds')
      }),
    )
  })

  it('reports a deadlock only when asked to, at the nearest dead end', () => {
    fc.assert(
      fc.property(graphs, g => {
        const distance = distances(g)
        const deadEnd = minimum(
          [...distance.entries()].filter(([n]) => !g.edges.some(e => e.from === n)).map(([, d]) => d),
        )
        const model = { ...graphModel(g), invariants: {}, stepInvariants: {}, atQuiescence: {}, sometimes: {} }
        expect(check(model).status).toBe('holds')
        const result = check(model, { deadlock: true })
        if (deadEnd === undefined) {
          expect(result.status).toBe('holds')
          return
        }
        if (result.status !== 'violated') return expect.fail('expected a deadlock')
        const [deadlock] = result.violations
        expect(deadlock?.kind).toBe('deadlock')
        if (deadlock?.kind === 'deadlock') expect(deadlock.trace.length - 1).toBe(deadEnd)
      }),
    )
  })
})
