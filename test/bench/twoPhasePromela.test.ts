// The Promela TwoPhase that `npm run bench:spin` hands SPIN: one d_step per TLA+ action instance, and, where spin and
// gcc are installed, SPIN storing TLC's state counts for it.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { twoPhasePromela } from '../../bench/spin/twoPhasePromela.js'

const installed = (command: string, flag: string) => spawnSync(command, [flag], { stdio: 'ignore' }).error === undefined
const spinAndGcc = installed('spin', '-V') && installed('gcc', '--version')

/** The states SPIN stores for `model`: an exhaustive safety search with no reduction, as bench/spin/run.ts runs it. */
function statesStored(model: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-spin-test-'))
  try {
    writeFileSync(join(dir, 'twoPhase.pml'), model)
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir, encoding: 'utf8' })
    run('spin', ['-a', 'twoPhase.pml'])
    // -O0: the counts do not depend on optimisation, and it compiles in a third of the time -O2 takes.
    run('gcc', ['-O0', '-DSAFETY', '-DNOREDUCE', '-o', 'pan', 'pan.c'])
    const output = run('./pan', ['-m10000', '-w20'])
    expect(output).toMatch(/errors: 0\b/)
    return Number(/(\d+) states, stored/.exec(output)?.[1])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('twoPhasePromela', () => {
  it.each([1, 3, 8])('has one d_step per action instance, 5N + 2, for %i resource managers', n => {
    const model = twoPhasePromela(n)
    const steps = model.split('\n').filter(line => line.trimStart().startsWith(':: d_step {'))
    expect(steps).toHaveLength(5 * n + 2)
    expect(model.match(/:: d_step/g)).toHaveLength(5 * n + 2)
    const named = (action: string) => steps.filter(line => line.includes(`/* ${action}`)).length
    for (const action of ['TMRcvPrepared(', 'RMPrepare(', 'RMChooseToAbort(', 'RMRcvCommitMsg(', 'RMRcvAbortMsg('])
      expect(named(action)).toBe(n)
    expect(named('TMCommit */')).toBe(1)
    expect(named('TMAbort */')).toBe(1)
    for (const step of steps) expect(step).toMatch(/^ {2}:: d_step \{ [^{}]+ -> [^{}]+; assert\(TCConsistent\) \}/)
  })

  it('is one process, one loop, and TwoPhase variables sized by N', () => {
    const model = twoPhasePromela(5)
    expect(model.match(/proctype/g)).toHaveLength(1)
    expect(model.match(/^\s*do$/gm)).toHaveLength(1)
    expect(model.match(/^\s*od$/gm)).toHaveLength(1)
    for (const declaration of ['byte rmState[5];', 'bool tmPrepared[5];', 'bool msgsPrepared[5];'])
      expect(model).toContain(declaration)
    expect(model).toContain('tmPrepared[0] && tmPrepared[1] && tmPrepared[2] && tmPrepared[3] && tmPrepared[4] ->')
  })

  it('rejects a count of resource managers it cannot model', () => {
    for (const n of [0, 2.5, 16, Number.NaN]) expect(() => twoPhasePromela(n)).toThrow(RangeError)
  })

  it.skipIf(!spinAndGcc)('makes SPIN store TLC’s 288 states for 3 resource managers and 8,832 for 5', () => {
    expect(statesStored(twoPhasePromela(3))).toBe(288)
    expect(statesStored(twoPhasePromela(5))).toBe(8_832)
  })
})
