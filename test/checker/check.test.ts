import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { check, WorkerPool, type Model, type Trace } from '../../checker/index.js'
import { binaryTree } from './treeModel.js'
import {
  twoPhaseCommit,
  type Action as TwoPhaseAction,
  type State as TwoPhaseState,
} from '../../bench/twoPhaseCommit.js'

/** Two counters that each count up to `limit`; swapping them is a symmetry. */
function counters(
  limit: number,
  symmetric: boolean,
): Model<readonly [number, number], { type: 'Tick'; counter: 0 | 1 }> {
  return {
    init: () => [[0, 0]],
    *actions([a, b]) {
      if (a < limit) yield { type: 'Tick', counter: 0 }
      if (b < limit) yield { type: 'Tick', counter: 1 }
    },
    next: ([a, b], { counter }) => (counter === 0 ? [a + 1, b] : [a, b + 1]),
    invariants: {},
    ...(symmetric
      ? { symmetry: ([a, b]: readonly [number, number]) => (a <= b ? ([a, b] as const) : ([b, a] as const)) }
      : {}),
  }
}

type Bag = { readonly bag: Readonly<Record<string, true>>; readonly taken: string }

/**
 * Takes its bag's first key once. Its next rebuilds the rest of the bag in reverse, its decode in letter order: the
 * search expands the decoded copies, whose first key is not the raw state's, and its two properties read key order.
 */
function takeFirstKey(): Model<Bag, { type: 'Take' }> {
  const letters = ['a', 'b', 'c']
  return {
    init: () => [{ bag: { b: true, a: true, c: true }, taken: '' }],
    actions: s => (s.taken === '' ? [{ type: 'Take' }] : []),
    next: s => {
      const [first, ...rest] = Object.keys(s.bag)
      return { bag: Object.fromEntries(rest.reverse().map(key => [key, true as const])), taken: s.taken + first }
    },
    encode: (s, out) => {
      out.int(letters.reduce((bits, letter, i) => (letter in s.bag ? bits | (1 << i) : bits), 0))
      out.int(s.taken.length)
      for (const letter of s.taken) out.int(letters.indexOf(letter))
    },
    decode: (words, cursor) => {
      const bits = words[cursor.at++]!
      const bag = Object.fromEntries(letters.filter((_, i) => bits & (1 << i)).map(key => [key, true as const]))
      const taken = Array.from({ length: words[cursor.at++]! }, () => letters[words[cursor.at++]!]).join('')
      return { bag, taken }
    },
    invariants: { NoCFirst: s => s.taken === '' || Object.keys(s.bag)[0] !== 'c' },
    atQuiescence: { NoBFirst: s => Object.keys(s.bag)[0] !== 'b' },
  }
}

/** Every violated property's trace, by name. */
function tracesOf<S, A extends { type: string }>(result: ReturnType<typeof check<S, A>>) {
  if (result.status !== 'violated') return {}
  return Object.fromEntries(
    result.violations.flatMap(v => (v.kind === 'sometimes' ? [] : [[v.property, v.trace] as const])),
  ) as Record<string, Trace<S, A>>
}

describe('check', () => {
  it('finds the state counts TLC, SPIN and Stateright report for TwoPhase', () => {
    expect(check(twoPhaseCommit(3)).stats.distinctStates).toBe(288)
    expect(check(twoPhaseCommit(5)).stats.distinctStates).toBe(8_832)
    expect(check(twoPhaseCommit(7)).stats.distinctStates).toBe(296_448)
  })

  it('keeps TwoPhase consistent and reaches a state where everyone committed', () => {
    const result = check(twoPhaseCommit(4))
    expect(result.status).toBe('holds')
    expect(result.properties).toEqual([
      { property: 'TCConsistent', kind: 'invariant', verdict: 'holds' },
      { property: 'AllCommitted', kind: 'sometimes', verdict: 'holds' },
    ])
    expect(result.stats.neverFired).toEqual([])
    expect(Object.keys(result.stats.actionCounts).sort()).toEqual([...(twoPhaseCommit(4).actionTypes ?? [])].sort())
  })

  it('rebuilds a shortest trace from the trace log on disk when the search outgrew its chunk in memory', () => {
    // A 300 x 300 grid walked from (0, 0): the far corner is found last, 598 steps away, long after the log's first
    // chunks went to its file.
    type Cell = readonly [number, number]
    const grid: Model<Cell, { type: 'Right' | 'Up' }> = {
      init: () => [[0, 0]],
      *actions([x, y]) {
        if (x < 299) yield { type: 'Right' }
        if (y < 299) yield { type: 'Up' }
      },
      next: ([x, y], { type }) => (type === 'Right' ? [x + 1, y] : [x, y + 1]),
      invariants: { NotInTheCorner: ([x, y]) => x + y < 598 },
    }
    const result = check(grid)
    expect(result.stats.distinctStates).toBe(90_000)
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant') return expect.fail('expected an invariant violation')
    const { trace } = violation
    expect(trace).toHaveLength(599)
    expect(trace.at(-1)!.state).toEqual([299, 299])
    for (let i = 1; i < trace.length; i++)
      expect(grid.next(trace[i - 1]!.state, trace[i]!.action!)).toEqual(trace[i]!.state)
  })

  it('rebuilds a shortest trace across table growth, replaying the real actions', () => {
    // "Everybody committed" is reachable in no fewer than 3n + 1 steps: n prepares, n receipts, commit, n commit receipts.
    const base = twoPhaseCommit(5)
    const model: Model<TwoPhaseState, TwoPhaseAction> = {
      ...base,
      invariants: { NotAllCommitted: s => !base.sometimes!['AllCommitted']!(s) },
    }
    const result = check(model)
    expect(result.stats.distinctStates).toBe(8_832) // more than the initial table: it grew
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant') return expect.fail('expected an invariant violation')
    expect(violation.trace).toHaveLength(3 * 5 + 2)
    expect(violation.trace[0]!.action).toBeUndefined()
    for (let i = 1; i < violation.trace.length; i++)
      expect(model.next(violation.trace[i - 1]!.state, violation.trace[i]!.action!)).toEqual(violation.trace[i]!.state)
    expect(violation.trace.filter(step => step.action?.type === 'TMCommit')).toHaveLength(1)
  })

  it('gives identical counts and traces when run twice', () => {
    const base = twoPhaseCommit(4)
    const model = { ...base, invariants: { NoAbort: (s: TwoPhaseState) => !s.msgsAbort } }
    const first = check(model)
    const second = check(model)
    expect(second.stats.distinctStates).toBe(first.stats.distinctStates)
    expect(second.stats.transitions).toBe(first.stats.transitions)
    expect(second).toMatchObject({ status: 'violated' })
    if (first.status === 'violated' && second.status === 'violated') expect(second.violations).toEqual(first.violations)
  })

  it('stops cleanly at maxStates and at the time limit, saying which bound stopped it', () => {
    const byStates = check({ ...twoPhaseCommit(5), sometimes: {} }, { maxStates: 1000 })
    expect(byStates).toMatchObject({ status: 'holds', exhaustive: false, stoppedBy: 'maxStates' })
    expect(byStates.stats.distinctStates).toBe(1000)
    const byTime = check(twoPhaseCommit(7), { timeLimitSeconds: 0 })
    expect(byTime).toMatchObject({ exhaustive: false, stoppedBy: 'timeLimit' })
    expect(byTime.stats.distinctStates).toBeLessThan(296_448)
    const byMemory = check(twoPhaseCommit(6), { maxMemoryBytes: 1, progressIntervalSeconds: 0 })
    expect(byMemory).toMatchObject({ exhaustive: false, stoppedBy: 'memoryLimit' })
  })

  it('stops at the first violation when asked, and otherwise reports every violated property', () => {
    const model = {
      ...twoPhaseCommit(3),
      invariants: { NoCommit: (s: TwoPhaseState) => !s.msgsCommit, NoAbort: (s: TwoPhaseState) => !s.msgsAbort },
    }
    const all = check(model)
    if (all.status !== 'violated') return expect.fail('expected violations')
    expect(all.violations.map(v => v.property).sort()).toEqual(['NoAbort', 'NoCommit'])
    expect(all.exhaustive).toBe(true)
    const first = check(model, { stopOnFirstViolation: true })
    if (first.status !== 'violated') return expect.fail('expected a violation')
    expect(first.violations.map(v => v.property)).toEqual(['NoAbort']) // TMAbort is enabled from the start
    expect(first).toMatchObject({ exhaustive: false, stoppedBy: 'firstViolation' })
  })

  it('counts a symmetry class once', () => {
    expect(check(counters(3, false)).stats.distinctStates).toBe(16)
    expect(check(counters(3, true)).stats.distinctStates).toBe(10) // unordered pairs from {0..3}
  })

  it('replays a counterexample through the copies its own decode gave the search, and ends each where it failed', () => {
    const model = takeFirstKey()
    const result = check(model)
    const traces = tracesOf(result)
    // Expanded as decoded, the initial state's first key is 'a' (a replay of the raw objects would take 'b').
    expect(traces.NoCFirst!.map(step => step.state.taken)).toEqual(['', 'a'])
    // Each property fails on its trace's last state: the invariant on the state as next returned it ({ c, b }), the
    // quiescence property on the copy the search expanded ({ b, c }).
    expect(model.invariants.NoCFirst!(traces.NoCFirst!.at(-1)!.state)).toBe(false)
    expect(model.atQuiescence!.NoBFirst!(traces.NoBFirst!.at(-1)!.state)).toBe(false)
  })

  it('resumes a counterexample saved at a checkpoint through the same decoded copies, ending as the search did', () => {
    const model = takeFirstKey()
    const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-resume-decoded-'))
    try {
      const whole = tracesOf(check(model))
      check(model, { maxStates: 2, checkpoint: { dir, everySeconds: 0 } })
      const resumed = tracesOf(check(model, { resume: { dir } }))
      expect(resumed.NoCFirst).toEqual(whole.NoCFirst)
      expect(model.invariants.NoCFirst!(resumed.NoCFirst!.at(-1)!.state)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('replays traces whose action index does not fit a byte', () => {
    const model: Model<number, { type: 'Jump'; to: number }> = {
      init: () => [0],
      actions: n => (n === 0 ? Array.from({ length: 300 }, (_, i) => ({ type: 'Jump' as const, to: i + 1 })) : []),
      next: (_, { to }) => to,
      invariants: { Below299: n => n < 299 },
    }
    const result = check(model)
    if (result.status !== 'violated' || result.violations[0]?.kind !== 'invariant')
      return expect.fail('expected a violation')
    expect(result.violations[0].trace.map(step => step.state)).toEqual([0, 299])
  })

  it('decides quiescence at the depth limit per state, whatever the order of the initial states', () => {
    // A is cut off by the depth limit (it has a move); B is a dead end that must not be: a quiescence violation.
    const model = (initial: readonly string[]): Model<string, { type: 'Move' }> => ({
      init: () => initial,
      actions: s => (s === 'A' ? [{ type: 'Move' }] : []),
      next: () => 'C',
      invariants: {},
      atQuiescence: { NotB: s => s !== 'B' },
    })
    for (const initial of [
      ['A', 'B'],
      ['B', 'A'],
    ]) {
      const result = check(model(initial), { maxDepth: 0 })
      expect(result.properties, initial.join()).toContainEqual({
        property: 'NotB',
        kind: 'quiescence',
        verdict: 'violated',
      })
      expect(result.stoppedBy).toBe('maxDepth')
    }
  })

  it('lists the action types that never fired', () => {
    const model = { ...twoPhaseCommit(2), actionTypes: ['TMCommit', 'RMWander'] }
    expect(check(model).stats.neverFired).toEqual(['RMWander'])
  })

  it('reports progress with growing figures while it runs', () => {
    const seen: number[] = []
    const result = check(twoPhaseCommit(5), {
      progressIntervalSeconds: 0,
      onProgress: p => seen.push(p.distinctStates),
    })
    expect(seen.length).toBeGreaterThan(10)
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true)
    expect(seen.at(-1)).toBeLessThanOrEqual(result.stats.distinctStates)
  })

  it('hands wide levels to worker threads by default when a state costs enough for them to pay', () => {
    // Level 15 of the tree holds 32,768 states, the default width at which threads may take a level (here they only
    // check it: it is the depth bound). The levels before it time a state on the main thread, at 16 µs and more (two
    // successors of 8 µs), where 2 threads pay from 4 µs; a busy machine only makes a state look dearer. (That cheap
    // states stay on the main thread is a matter of speed, which npm run bench shows: 2pc-8 runs on one thread.)
    const pool = new WorkerPool(2)
    try {
      const busyMicros = 8
      const result = check(binaryTree(busyMicros), {
        maxDepth: 15,
        workers: 2,
        pool,
        modelSource: {
          module: new URL('./treeModel.ts', import.meta.url).href,
          export: 'binaryTree',
          args: [busyMicros],
        },
      })
      expect(result.stats.distinctStates).toBe(2 ** 16 - 1)
      expect(result.stats.workerThreads).toBe(2)
    } finally {
      pool.close()
    }
  })

  it('reports a model the worker threads cannot build, and the same threads search on', () => {
    const pool = new WorkerPool(2)
    try {
      const tree = (name: string) => ({
        module: new URL('./treeModel.ts', import.meta.url).href,
        export: name,
        args: [0],
      })
      const options = { maxDepth: 3, workers: 2, pool, parallelAbove: 1 }
      expect(() => check(binaryTree(0), { ...options, modelSource: tree('noSuchModel') })).toThrow(
        /a worker thread failed: .*exports no function noSuchModel/,
      )
      // The failure was the task's, not the threads': the same pool searches on.
      const result = check(binaryTree(0), { ...options, modelSource: tree('binaryTree') })
      expect(result.stats.distinctStates).toBe(2 ** 4 - 1)
      expect(result.stats.workerThreads).toBe(2)
    } finally {
      pool.close()
    }
  })
})
