import { describe, expect, it } from 'vitest'
import { kafkacheck, SCENARIOS, workspace } from '../cli/kafkacheck.js'

describe('kafkacheck simulate', () => {
  it('prints the same run for the same seed', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const args = ['simulate', 'duplicate.yaml', '--seed', '42', '--steps', '12']
    const [first, second] = await Promise.all([kafkacheck(args, dir), kafkacheck(args, dir)])
    expect(first.stdout).toBe(second.stdout)
    expect(first.code).toBe(second.code)
    expect(first.stdout).toMatch(/^Simulation of duplicate, seed 42, at most 12 steps/)
    expect(first.stdout).toMatch(/\n +0\. broker 1 leads partition 0/)
    expect(first.stdout).toMatch(/\n +1\. producer 1 sends m1 .*\n(.*\n)*? +m1 batch \/ status: queued → inFlight\n/)
  })

  it('prints a fresh seed when none is given, and that seed repeats the run', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const fresh = await kafkacheck(['simulate', 'duplicate.yaml'], dir)
    const seed = /seed (-?\d+), at most 60 steps/.exec(fresh.stdout)?.[1]
    expect(seed).toBeDefined()
    const repeated = await kafkacheck(['simulate', 'duplicate.yaml', '--seed', seed!, '--steps', '60'], dir)
    expect(repeated.stdout).toBe(fresh.stdout)
  })

  it('names the properties the run broke and exits 1, or says none and exits 0', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate, 'durable.yaml': SCENARIOS.durable })
    const runs = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(seed => kafkacheck(['simulate', 'duplicate.yaml', '--seed', String(seed)], dir)),
    )
    for (const run of runs) {
      const broke = /Violated along this run:\n {2}NoDuplicateInLog \(invariant\) at step (\d+)/.exec(run.stdout)
      if (broke === null) {
        expect(run.stdout).toContain('No property was violated along this run.')
        expect(run.code).toBe(0)
      } else {
        expect(run.stdout).toMatch(new RegExp(`\\n +${broke[1]}\\. `))
        expect(run.code).toBe(1)
      }
    }
    const durable = await kafkacheck(['simulate', 'durable.yaml', '--seed', '1'], dir)
    expect(durable.stdout).toMatch(
      /Ended after \d+ steps: no action is enabled\.\nNo property was violated along this run\./,
    )
    expect(durable.code).toBe(0)
  })
})
