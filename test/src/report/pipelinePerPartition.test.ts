// A transactional.id per input partition, the exactly-once pattern before KIP-447: the member that takes a
// partition fences the stalled one with initTransactions(), and the report says so in Kafka's words.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sequenceDiagram } from '../../../src/render/index.js'
import { stepsOf } from '../../../src/report/steps.js'
import { BUILT_IN_SCENARIOS_DIR } from '../../../spec/index.js'
import { scenarioFromYaml, traceTo } from './counterexamples.js'

const scenario = scenarioFromYaml(
  'eos-pipeline-per-partition-id-before-kip447',
  readFileSync(join(BUILT_IN_SCENARIOS_DIR, 'eos-pipeline-per-partition-id-before-kip447.yaml'), 'utf8'),
)

describe('a transactional.id per input partition (before KIP-447)', () => {
  const fenced = traceTo(scenario, (_p, s) => s.group.zombieOffsetsRefused)
  const texts = stepsOf(fenced).map(step => step.text)

  it('tells the new owner fencing the stalled member, and the stalled member refused', () => {
    expect(
      texts.some(text =>
        /calls initTransactions\(\) with the transactional.id of partition 0, which fences consumer 1's producer/.test(
          text,
        ),
      ),
    ).toBe(true)
    expect(texts.at(-1)).toMatch(/PRODUCER_FENCED/)
  })

  it('draws InitProducerId from the new owner to the coordinator', () => {
    expect(sequenceDiagram(fenced)).toContain('InitProducerId p0\\nfences c1')
  })
})
