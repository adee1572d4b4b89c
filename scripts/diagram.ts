// Regenerates the README's example diagram in docs/: the shortest counterexample of a built-in scenario, as the
// sequence diagram (SVG and PNG) and the text trace. Run: npx tsx scripts/diagram.ts [scenario] [property]
// (default: acks1-leader-crash NoLossOfAcked, the loss every acks=1 user should see once).

import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { check } from '../checker/index.js'
import { kafkaModel } from '../spec/kafka.js'
import { paramsOf } from '../spec/params.js'
import { BUILT_IN_SCENARIOS_DIR } from '../spec/scenarios/index.js'
import { formatIssue, loadScenarioFile } from '../src/input/index.js'
import { renderPng, renderSvg, sequenceDiagram } from '../src/render/index.js'
import { textTrace } from '../src/report/index.js'

const [name = 'acks1-leader-crash', property = 'NoLossOfAcked'] = process.argv.slice(2)
const docs = fileURLToPath(new URL('../docs/', import.meta.url))

const loaded = loadScenarioFile(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`))
if (!loaded.ok) {
  console.error(formatIssue(loaded.issue))
  process.exit(2)
}
const { scenario } = loaded
const params = paramsOf(scenario)
const result = check(kafkaModel(params), { maxDepth: scenario.bound.depth, maxStates: scenario.bound.states })
const violation = result.status === 'violated' ? result.violations.find(v => v.property === property) : undefined
if (violation === undefined || violation.kind === 'sometimes') {
  console.error(`${name}: ${property} has no counterexample to draw`)
  process.exit(2)
}
const c = { scenario, params, property, kind: violation.kind, trace: violation.trace }
const dot = sequenceDiagram(c)
const base = join(docs, `${name}-${property}`)
await mkdir(docs, { recursive: true })
await writeFile(`${base}.svg`, await renderSvg(dot))
await writeFile(`${base}.png`, await renderPng(dot))
await writeFile(`${base}.txt`, textTrace(c))
for (const ext of ['svg', 'png', 'txt']) console.log(`wrote ${base}.${ext}`)
