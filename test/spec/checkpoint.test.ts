// A search stopped and resumed from its last checkpoint must end exactly as one never stopped: same counts, same
// verdicts, same shortest counterexamples. Checked on built-in Kafka scenarios, stopped at several points.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { check, WorkerPool, type CheckResult } from '../../checker/index.js'
import { CheckpointError } from '../../checker/checkpoint.js'
import { actionLabel, kafkaModelSource, type Action, type State } from '../../spec/index.js'
import { searched } from '../searches.js'
import { builtIn, modelFor, paramsFor } from './scenarioFiles.js'

const scratch = mkdtempSync(join(tmpdir(), 'kafkacheck-checkpoint-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** What a run reports, without its timings and the threads it ran on. */
function outcome(result: CheckResult<State, Action>) {
  const { seconds: _s, statesPerSecond: _r, workerThreads: _w, ...stats } = result.stats
  return {
    status: result.status,
    exhaustive: result.exhaustive,
    stoppedBy: result.stoppedBy,
    stats,
    properties: result.properties,
    violations:
      result.status === 'violated'
        ? result.violations.map(v => ({
            property: v.property,
            kind: v.kind,
            trace: v.kind === 'sometimes' ? [] : v.trace.map(step => step.action && actionLabel(step.action)),
          }))
        : [],
  }
}

describe('checkpoint and resume', () => {
  it.each([
    ['acks1-leader-crash', 300],
    ['acks1-leader-crash', 2_000],
    ['cooperative-rebalance', 1_000],
    ['idempotent-producer', 200],
    ['commit-after-process-crash', 300],
  ])('%s stopped at %i states and resumed reports what an uninterrupted run does', (name, stopAt) => {
    const maxDepth = builtIn(name).bound.depth
    const whole = searched(builtIn(name), maxDepth) // check(modelFor(name), { maxDepth }), searched once per test run
    const dir = join(scratch, `${name}-${stopAt}`)
    const stopped = check(modelFor(name), {
      maxDepth,
      maxStates: stopAt,
      checkpoint: { dir, everySeconds: 0, identity: name },
    })
    expect(stopped.stoppedBy).toBe('maxStates')
    const resumed = check(modelFor(name), { maxDepth, resume: { dir, identity: name } })
    expect(outcome(resumed)).toEqual(outcome(whole))
  })

  it('resumes a search run on worker threads, checkpointed between rounds, as an uninterrupted one', () => {
    const name = 'cooperative-rebalance'
    const params = paramsFor(name)
    const maxDepth = builtIn(name).bound.depth
    const pool = new WorkerPool(2)
    try {
      const parallel = { workers: 2, pool, parallelAbove: 1, roundPerWorker: 40, modelSource: kafkaModelSource(params) }
      const whole = searched(builtIn(name), maxDepth)
      const dir = join(scratch, 'parallel')
      const stopped = check(modelFor(name), {
        ...parallel,
        maxDepth,
        maxStates: 1500,
        checkpoint: { dir, everySeconds: 0, identity: name },
      })
      expect(stopped.stoppedBy).toBe('maxStates')
      const resumed = check(modelFor(name), { ...parallel, maxDepth, resume: { dir, identity: name } })
      expect(outcome(resumed)).toEqual(outcome(whole))
      expect([stopped.stats.workerThreads, resumed.stats.workerThreads]).toEqual([2, 2])
    } finally {
      pool.close()
    }
  })

  it('refuses a checkpoint of another configuration, and a folder with none', () => {
    const dir = join(scratch, 'identity')
    check(modelFor('acks1-leader-crash'), { maxStates: 500, checkpoint: { dir, everySeconds: 0, identity: 'a' } })
    expect(() => check(modelFor('acks1-leader-crash'), { resume: { dir, identity: 'b' } })).toThrow(CheckpointError)
    expect(() =>
      check(modelFor('acks1-leader-crash'), { resume: { dir: join(scratch, 'none'), identity: 'a' } }),
    ).toThrow(/holds no checkpoint/)
  })
})
