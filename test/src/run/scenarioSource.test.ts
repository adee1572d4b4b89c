import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_SCENARIOS_DIR } from '../../../spec/scenarios/index.js'
import { scenarioFileFor, scenarioFilesIn } from '../../../src/run/scenarioSource.js'

describe('scenario arguments', () => {
  it('finds a built-in scenario by name', () => {
    expect(scenarioFileFor('acks1-leader-crash', process.cwd())).toMatch(
      /spec[\\/]scenarios[\\/]acks1-leader-crash\.yaml$/,
    )
  })

  it('takes anything that looks like a path as a path, even a missing one', () => {
    expect(scenarioFileFor('mine.yaml', process.cwd())).toBe('mine.yaml')
    expect(scenarioFileFor('dir/mine', process.cwd())).toBe('dir/mine')
  })

  it.each([
    ['acks3', 'acks1-leader-crash'],
    ['unclean', 'unclean-election'],
    ['idempotent', 'idempotent-producer'],
  ])('answers the unknown name %s with the closest built-in, %s, and the list', (typed, closest) => {
    expect(() => scenarioFileFor(typed, process.cwd())).toThrow(
      new RegExp(`^unknown scenario '${typed}' \\(did you mean ${closest}\\?\\); built-in: acks-all-rf3-minisr1, `),
    )
  })

  it('lists the scenario files of a folder in name order', () => {
    const files = scenarioFilesIn(BUILT_IN_SCENARIOS_DIR, process.cwd())
    expect(files.length).toBeGreaterThan(5)
    expect(files).toEqual([...files].sort())
    expect(files.every(file => file.endsWith('.yaml'))).toBe(true)
    expect(() => scenarioFilesIn(join(BUILT_IN_SCENARIOS_DIR, 'index.ts'), process.cwd())).toThrow('not a folder')
  })
})
