import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { kafkacheck, SCENARIOS, workspace } from '../cli/kafkacheck.js'

it('draws a counterexample saved by check again, from its .itf.json', async () => {
  const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
  await kafkacheck(['check', 'duplicate.yaml', '--quiet'], dir)
  const saved = join('out', 'duplicate', 'NoDuplicateInLog.itf.json')
  expect(existsSync(join(dir, saved))).toBe(true)

  const { code, stdout, stderr } = await kafkacheck(['render', saved, '--out', 'again'], dir)
  expect(stderr).not.toContain('kafkacheck:')
  const [summary, ...files] = stdout.trimEnd().split('\n')
  expect(summary).toMatch(/^NoDuplicateInLog in duplicate: \d+ files written$/)
  for (const file of files) expect(existsSync(join(dir, file.trim()))).toBe(true)
  const drawn = (folder: string) =>
    readdirSync(join(dir, folder, 'duplicate')).filter(file => file.startsWith('NoDuplicateInLog.'))
  expect(drawn('again').sort()).toEqual(drawn('out').sort())
  expect(code).toBe(0)
})
