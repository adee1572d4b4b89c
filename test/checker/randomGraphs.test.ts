// The engine against a naive reference explorer written here, on random finite transition systems: random
// graphs with labelled edges, random initial nodes, random "bad" nodes, random dead ends.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { check, WorkerPool, type CheckOptions, type Trace } from '../../checker/index.js'
import { graphModel, type Edge, type Graph } from './graphModel.js'

/** Worker threads, started once and shared by every search of the file. */
const pools = { 2: new WorkerPool(2), 4: new WorkerPool(4) }
afterAll(() => Object.values(pools).forEach(pool => pool.close()))

/** Every way the engine can search: objects or packed words on the main thread, or 2 and 4 worker threads. */
const SEARCHES: readonly (readonly [
  string,
  (g: Graph) => { model: ReturnType<typeof graphModel>; options: CheckOptions },
])[] = [
  ['queued as objects', g => ({ model: graphModel(g), options: {} })],
  ['queued packed', g => ({ model: graphModel(g, true), options: {} })],
  ...([2, 4] as const).map(
    workers =>
      [
        `on ${workers} worker threads`,
        (g: Graph) => ({
          model: graphModel(g, true),
          options: {
            workers,
            pool: pools[workers],
            parallelAbove: 1,
            modelSource: {
              module: new URL('./graphModel.ts', import.meta.url).href,
              export: 'graphModel',
              args: [g, true],
            },
          },
        }),
      ] as const,
  ),
]

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

const minimum = (values: readonly number[]) => (values.length === 0 ? undefined : Math.min(...values))

function expectReplays(g: Graph, trace: Trace<number, Edge>) {
  expect(g.initial).toContain(trace[0]!.state)
  for (let i = 1; i < trace.length; i++) {
    const { action, state } = trace[i]!
    expect(g.edges).toContainEqual({ from: trace[i - 1]!.state, to: state, label: action!.label })
  }
}

describe('check on random graphs', () => {
  it.each(SEARCHES)(
    'visits exactly the reachable nodes and reports every property like the reference explorer, %s',
    (name, search) => {
      fc.assert(
        fc.property(graphs, g => {
          const distance = distances(g)
          const reachable = [...distance.keys()]
          const { model, options } = search(g)
          const result = check(model, options)
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
            g.edges
              .filter(e => e.label === g.forbiddenLabel && distance.has(e.from))
              .map(e => distance.get(e.from)! + 1),
          )
          const noForbidden = find('NoForbiddenLabel')
          expect(noForbidden === undefined).toBe(forbidden === undefined)
          if (noForbidden && noForbidden.kind !== 'sometimes') {
            expect(noForbidden.trace.length - 1).toBe(forbidden)
            expect(noForbidden.trace.at(-1)!.action!.label).toBe(g.forbiddenLabel)
            expectReplays(g, noForbidden.trace)
          }

          const stuck = minimum(
            reachable
              .filter(n => g.mustMove.includes(n) && !g.edges.some(e => e.from === n))
              .map(n => distance.get(n)!),
          )
          const notStuck = find('NotStuck')
          expect(notStuck === undefined).toBe(stuck === undefined)
          if (notStuck && notStuck.kind !== 'sometimes') expect(notStuck.trace.length - 1).toBe(stuck)

          expect(find('ReachesGoal') === undefined).toBe(distance.has(g.goal))
          const verdicts = Object.fromEntries(result.properties.map(p => [p.property, p.verdict]))
          expect(verdicts['ReachesGoal']).toBe(distance.has(g.goal) ? 'holds' : 'unreached')
          expect(verdicts['NotBad']).toBe(bad === undefined ? 'holds' : 'violated')
        }),
        { numRuns: name.includes('worker') ? 100 : 300 },
      )
    },
  )

  it.each(SEARCHES)('stops at maxDepth, exploring exactly the nodes within that distance, %s', (_, search) => {
    fc.assert(
      fc.property(graphs, fc.integer({ min: 0, max: 6 }), (g, maxDepth) => {
        const distance = distances(g)
        const within = [...distance.values()].filter(d => d <= maxDepth).length
        const { model, options } = search(g)
        const result = check(model, { ...options, maxDepth })
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

  it.each(SEARCHES)('reports a deadlock only when asked to, at the nearest dead end, %s', (_, search) => {
    fc.assert(
      fc.property(graphs, g => {
        const distance = distances(g)
        const deadEnd = minimum(
          [...distance.entries()].filter(([n]) => !g.edges.some(e => e.from === n)).map(([, d]) => d),
        )
        const { model: base, options } = search(g)
        const model = { ...base, invariants: {}, stepInvariants: {}, atQuiescence: {}, sometimes: {} }
        expect(check(model, options).status).toBe('holds')
        const result = check(model, { ...options, deadlock: true })
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
