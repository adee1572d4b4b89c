// Every built-in scenario is a regression invariant of this repository: `kafkacheck ci spec/scenarios`, run through
// the real binary, must find every verdict its `expect` block states. The whole folder runs once, here.
import { readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { expect, it } from 'vitest'
import type { CiDocument } from '../../../src/output/json.js'
import { ciDocumentProblems } from '../../../src/output/jsonShape.js'
import { kafkacheck, REPOSITORY } from './kafkacheck.js'

const BUILT_IN = join(REPOSITORY, 'spec', 'scenarios')

it(
  'finds every expected verdict of every built-in scenario (kafkacheck ci spec/scenarios)',
  { timeout: 600_000 },
  async () => {
    const { code, stdout, stderr } = await kafkacheck(['ci', 'spec/scenarios', '--json'])
    expect(stderr.split('\n').filter(line => !line.startsWith('checking ') && line !== '')).toEqual([])
    const document: unknown = JSON.parse(stdout)
    expect(ciDocumentProblems(document)).toEqual([])
    const ci = document as CiDocument
    const differences = ci.scenarios.flatMap(scenario =>
      scenario.properties
        .filter(p => p.matches === false)
        .map(p => `${scenario.scenario}: ${p.name} expected ${p.expected}, got ${p.verdict}`),
    )
    expect(differences).toEqual([])
    const files = readdirSync(BUILT_IN).filter(file => file.endsWith('.yaml'))
    expect(ci.scenarios.map(s => s.scenario).sort()).toEqual(files.map(file => basename(file, '.yaml')).sort())
    expect(ci.scenarios.every(s => s.properties.every(p => p.expected !== undefined))).toBe(true)
    expect(code).toBe(0)
  },
)
