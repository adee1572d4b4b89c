// Worker threads must not change a verdict, a count or a counterexample: every built-in scenario is searched on 1,
// 2 and 4 threads (every level handed to the workers, however small) and must come out the same, trace for trace.
import { afterAll, describe, expect, it } from 'vitest'
import { check, WorkerPool, type CheckResult } from '../../checker/index.js'
import { actionLabel, kafkaModel, kafkaModelSource, type Action, type State } from '../../spec/index.js'
import { searched } from '../searches.js'
import { builtIn, paramsFor, searchableBuiltIns } from './scenarioFiles.js'

const pools = { 2: new WorkerPool(2), 4: new WorkerPool(4) }
afterAll(() => Object.values(pools).forEach(pool => pool.close()))

/** The largest built-in scenarios, compared to this depth to keep the suite fast. */
const DEPTH: Readonly<Record<string, number>> = {
  'acks-all-rf3-minisr1': 12,
  'acks-all-rf3-minisr2': 10,
  'async-worker-stale-commit': 12,
  'at-least-once-end-to-end': 10,
  'consumer-truncation-before-kip320': 12,
  'epoch-truncation-before-kip279': 11,
  'msk-default-unclean': 11,
}

const names = searchableBuiltIns()

/** Everything a run reports but its timings and the threads it ran on. */
function outcome(result: CheckResult<State, Action>) {
  const { seconds: _s, statesPerSecond: _r, workerThreads: _w, actionCounts, ...stats } = result.stats
  return {
    status: result.status,
    stoppedBy: result.stoppedBy,
    stats: { ...stats, actionCounts: Object.entries(actionCounts).sort() },
    properties: result.properties,
    violations: (result.status === 'violated' ? result.violations : []).map(v => ({
      property: v.property,
      kind: v.kind,
      trace: v.kind === 'sometimes' ? [] : v.trace.slice(1).map(step => actionLabel(step.action!)),
    })),
  }
}

describe('a search on worker threads', () => {
  // Every scenario on 2 threads, every sixth on 4 too (the suite runs on 2 cores).
  it.each(names.map((name, i) => [name, i % 6 === 0 ? ([2, 4] as const) : ([2] as const)] as const))(
    'finds what one thread finds in %s, on %j threads',
    (name, threads) => {
      const params = paramsFor(name)
      const maxDepth = Math.min(builtIn(name).bound.depth, DEPTH[name] ?? Infinity)
      // One thread's search is the one the other spec and report tests make of the scenario (test/searches.ts).
      const alone = outcome(searched(builtIn(name), maxDepth))
      for (const workers of threads) {
        const parallel = check(kafkaModel(params), {
          maxDepth,
          workers,
          pool: pools[workers],
          parallelAbove: 1,
          roundPerWorker: workers === 2 ? 300 : 1000, // several rounds in a wide level, and one
          modelSource: kafkaModelSource(params),
        })
        expect({ workers, ...outcome(parallel) }).toEqual({ workers, ...alone })
        // The comparison is worth something only if the threads did the work.
        expect(parallel.stats.workerThreads).toBe(workers)
      }
    },
  )

  it('stops at exactly the same state count when a state bound cuts the search', () => {
    const params = paramsFor('acks1-leader-crash')
    for (const maxStates of [100, 777, 2000]) {
      const alone = check(kafkaModel(params), { maxStates })
      const parallel = check(kafkaModel(params), {
        maxStates,
        workers: 2,
        pool: pools[2],
        parallelAbove: 1,
        roundPerWorker: 50,
        modelSource: kafkaModelSource(params),
      })
      expect(parallel.stats.distinctStates).toBe(alone.stats.distinctStates)
      expect(outcome(parallel).violations).toEqual(outcome(alone).violations)
    }
  })
})
