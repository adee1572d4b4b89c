import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { expect, it } from 'vitest'
import { readScenarioFile } from '../../../src/input/index.js'
import { kafkacheck, REPOSITORY } from '../cli/kafkacheck.js'

it('lists every built-in scenario, one line each with its description', async () => {
  const { code, stdout } = await kafkacheck(['list'])
  const folder = join(REPOSITORY, 'spec', 'scenarios')
  const files = readdirSync(folder)
    .filter(file => file.endsWith('.yaml'))
    .sort()
  const lines = stdout.trimEnd().split('\n')
  expect(lines).toHaveLength(files.length)
  files.forEach((file, i) => {
    const raw = readScenarioFile(join(folder, file), REPOSITORY)
    if ('kind' in raw) throw new Error(raw.message)
    expect(lines[i]).toMatch(new RegExp(`^${basename(file, '.yaml')} +`))
    expect(lines[i]!.endsWith(raw.description)).toBe(true)
  })
  expect(code).toBe(0)
})
