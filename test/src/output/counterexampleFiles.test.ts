import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCounterexample } from '../../../src/output/counterexampleFiles.js'
import { traceFromItf } from '../../../src/report/index.js'
import { counterexample } from '../report/counterexamples.js'

describe('writeCounterexample', () => {
  it('writes the text, DOT, SVG, explorer and ITF trace (and PNG and state graph when asked) under out/<scenario>/', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kafkacheck-write-'))
    const c = counterexample('retries-without-idempotence', 'NoDuplicateInLog')
    const { files } = await writeCounterexample(c, out, process.cwd(), { png: true, graph: true })
    expect(files.map(file => relative(out, file))).toEqual([
      'retries-without-idempotence/NoDuplicateInLog.txt',
      'retries-without-idempotence/NoDuplicateInLog.dot',
      'retries-without-idempotence/NoDuplicateInLog.svg',
      'retries-without-idempotence/NoDuplicateInLog.html',
      'retries-without-idempotence/NoDuplicateInLog.itf.json',
      'retries-without-idempotence/NoDuplicateInLog.png',
      'retries-without-idempotence/NoDuplicateInLog-graph.dot',
      'retries-without-idempotence/NoDuplicateInLog-graph.svg',
    ])
    expect(readdirSync(join(out, 'retries-without-idempotence')).sort()).toEqual(
      files.map(file => file.split('/').pop()).sort(),
    )
    const back = traceFromItf(JSON.parse(readFileSync(files[4]!, 'utf8')))
    expect(back.trace).toEqual(c.trace)
  })

  it('keeps a crafted scenario name inside the output folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kafkacheck-write-'))
    const c = counterexample('acks0-fire-and-forget', 'NoLossOfAcked')
    const { files } = await writeCounterexample(
      { ...c, scenario: { ...c.scenario, name: '../../etc/..' } },
      out,
      process.cwd(),
    )
    for (const file of files) expect(relative(out, file)).not.toMatch(/^\.\./)
    expect(readdirSync(out)).toEqual(['__.._etc_..'])
  })
})
