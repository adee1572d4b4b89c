import { describe, expect, it } from 'vitest'
import { scenarioDocument } from '../../../src/output/json.js'
import { checkDocumentProblems, ciDocumentProblems } from '../../../src/output/jsonShape.js'
import { SCENARIOS, withExpect } from '../cli/kafkacheck.js'
import { runOf } from './scenarioRuns.js'

const document = (yaml: string) =>
  JSON.parse(JSON.stringify({ command: 'check', ...scenarioDocument(runOf('doc', yaml), new Map(), false) })) as Record<
    string,
    unknown
  >

describe('the JSON shape', () => {
  it('accepts what check writes, checked or refused', () => {
    expect(checkDocumentProblems(document(withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'violated' })))).toEqual(
      [],
    )
    expect(checkDocumentProblems(document(withExpect(SCENARIOS.refused, { NoLossOfAcked: 'rejected' })))).toEqual([])
  })

  it('names every field that is missing or of the wrong kind', () => {
    const broken = document(SCENARIOS.duplicate)
    delete broken.scenario
    broken.stats = { ...(broken.stats as object), exhaustive: 'yes' }
    const properties = broken.properties as Record<string, unknown>[]
    properties[1] = { ...properties[1], verdict: 'broken', trace: [{ index: 0, action: 'x' }] }
    expect(checkDocumentProblems(broken)).toEqual([
      '$.scenario: missing',
      '$.stats.exhaustive: expected a boolean, got "yes"',
      '$.properties[1].verdict: expected one of holds, violated, unreached, rejected, got "broken"',
      '$.properties[1].trace[0].changes: missing',
    ])
    expect(
      ciDocumentProblems({ command: 'ci', folder: 'x', ok: true, differences: 0, scenarios: [{}], skipped: [] }),
    ).toContain('$.scenarios[0].scenario: missing')
  })
})
