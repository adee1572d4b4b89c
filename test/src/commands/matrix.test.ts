import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { check } from '../../../checker/index.js'
import { kafkaModel } from '../../../spec/kafka.js'
import { paramsOf } from '../../../spec/params.js'
import { loadScenarioFile } from '../../../src/input/index.js'
import { matrixDocumentProblems } from '../../../src/output/jsonShape.js'
import type { MatrixDocument } from '../../../src/output/matrixJson.js'
import { kafkacheck, SCENARIOS, workspace } from '../cli/kafkacheck.js'

/** The verdicts of one scenario file, computed through the library as `check` would. */
function verdictsOf(file: string): Map<string, string> {
  const loaded = loadScenarioFile(file)
  if (!loaded.ok) throw new Error(loaded.issue.message)
  const { bound } = loaded.scenario
  const result = check(kafkaModel(paramsOf(loaded.scenario)), { maxDepth: bound.depth, maxStates: bound.states })
  return new Map(result.properties.map(p => [p.property, p.verdict]))
}

/** The Markdown table's rows as cells. */
function markdownRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter(line => line.startsWith('|'))
    .map(line =>
      line
        .slice(1, -1)
        .split('|')
        .map(cell => cell.trim()),
    )
}

describe('kafkacheck matrix', () => {
  it('checks every combination and agrees with verdicts computed one by one', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { code, stdout } = await kafkacheck(
      ['matrix', 'duplicate.yaml', '--vary', 'enable.idempotence=true,false', '--vary', 'faults.lost-response=0,1'],
      dir,
    )
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^Matrix of duplicate: 4 combinations of enable\.idempotence \(true, false\) × faults\.lost-response \(0, 1\)/,
    )
    const [header, separator, base, ...rows] = markdownRows(stdout)
    expect(header!.slice(0, 4)).toEqual([
      'enable.idempotence',
      'faults.lost-response',
      'hops to ack',
      'worst with faults',
    ])
    expect(separator!.every(cell => cell === '---')).toBe(true)
    expect(base!.slice(0, 2)).toEqual(['base: false', '1'])
    expect(rows.map(row => row.slice(0, 2))).toEqual([
      ['true', '0'],
      ['true', '1'],
      ['false', '0'],
      ['false', '1'],
    ])
    const properties = header!.slice(4)
    for (const row of rows) {
      const [idempotence, lostResponse] = row
      const text = SCENARIOS.duplicate
        .replace('enable.idempotence: false', `enable.idempotence: ${idempotence}`)
        .replace('lost-response: 1', `lost-response: ${lostResponse}`)
      const file = join(dir, `one-${idempotence}-${lostResponse}.yaml`)
      writeFileSync(file, text)
      const expected = verdictsOf(file)
      const cells = properties.map(p => expected.get(p) ?? '-').map(v => (v === 'holds' || v === '-' ? v : `**${v}**`))
      expect(row.slice(4), `${idempotence}, ${lostResponse}`).toEqual(cells)
      // One broker: the produce round trip; a lost response never arrives, and the retry's round trip follows.
      expect(row.slice(2, 4), `${idempotence}, ${lostResponse}`).toEqual(lostResponse === '0' ? ['2', '2'] : ['2', '3'])
    }
    expect(readFileSync(join(dir, 'duplicate.yaml'), 'utf8')).toBe(SCENARIOS.duplicate)
  })

  it('names the smallest change that makes a violated property hold', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { stdout } = await kafkacheck(
      ['matrix', 'duplicate.yaml', '--vary', 'producer.enable.idempotence=true,false', '--vary', 'acks=1,all'],
      dir,
    )
    // acks=1 is no cure: on one replica its append is committed at once, and the retry appends it again.
    expect(stdout).toContain(
      '- NoDuplicateInLog is violated in the base scenario; smallest change that makes it hold (1 changed setting): ' +
        'producer.enable.idempotence=true.',
    )
  })

  it('gives a combination Kafka refuses the verdict rejected', async () => {
    const dir = workspace({ 'durable.yaml': SCENARIOS.durable })
    const { code, stdout } = await kafkacheck(['matrix', 'durable.yaml', '--vary', 'acks=1,all'], dir)
    const [, , , refused, accepted] = markdownRows(stdout)
    expect(refused!.slice(0, 2)).toEqual(['1', '-'])
    expect(refused!.slice(1, 3)).toEqual(['-', '-'])
    expect(refused!.slice(3).every(cell => cell === 'rejected')).toBe(true)
    expect(accepted!.slice(0, 3)).toEqual(['all', '2', '3'])
    expect(stdout).toContain("'-': not measured, Kafka refuses the configuration.")
    expect(stdout).toContain('Every property holds in the base scenario.')
    expect(code).toBe(0)
  })
})

describe('kafkacheck matrix: latency beside the verdicts', () => {
  const vary = ['--vary', 'acks=0,1,all', '--vary', 'min.insync.replicas=1,2']

  it('prints the hops to the acknowledgement of every configuration, one row each', async () => {
    const { code, stdout } = await kafkacheck(['matrix', 'acks1-leader-crash', ...vary])
    expect(code).toBe(0)
    const [header, , base, ...rows] = markdownRows(stdout)
    expect(header!.slice(0, 4)).toEqual(['acks', 'min.insync.replicas', 'hops to ack', 'worst with faults'])
    expect(base!.slice(0, 4)).toEqual(['base: 1', '1', '2', '3'])
    expect(rows.map(row => row.slice(0, 4))).toEqual([
      ['0', '1', '0', '0'],
      ['0', '2', '0', '0'],
      ['1', '1', '2', '3'],
      ['1', '2', '2', '3'],
      ['all', '1', '6', '7'],
      // Two replicas and min.insync.replicas=2: a crash forces retries, and the last one is beyond bound.retries.
      ['all', '2', '6', '7–9, cut by bound.retries=1'],
    ])
    expect(stdout).toContain('hops to ack: network messages on the produce path (produce request and response')
  })

  it('carries verdicts and latency per row in --json, as the table shows them', async () => {
    const [text, json] = await Promise.all([
      kafkacheck(['matrix', 'acks1-leader-crash', ...vary]),
      kafkacheck(['matrix', 'acks1-leader-crash', ...vary, '--json']),
    ])
    expect(json.code).toBe(0)
    const parsed: unknown = JSON.parse(json.stdout)
    expect(matrixDocumentProblems(parsed)).toEqual([])
    expect(matrixDocumentProblems({ ...(parsed as object), rows: [{ base: 'yes' }] })).not.toEqual([])
    const document = parsed as MatrixDocument
    expect(document).toMatchObject({ command: 'matrix', scenario: 'acks1-leader-crash' })
    expect(document.variations.map(v => [v.label, v.block, v.key])).toEqual([
      ['acks', 'producer', 'acks'],
      ['min.insync.replicas', 'topic', 'min.insync.replicas'],
    ])
    const [header, , ...rows] = markdownRows(text.stdout)
    expect(document.rows).toHaveLength(rows.length)
    expect(document.rows.map(row => row.base)).toEqual([true, false, false, false, false, false, false])
    document.rows.forEach((row, i) => {
      const cells = rows[i]!
      expect(Object.values(row.settings)).toEqual([cells[0]!.replace('base: ', ''), cells[1]])
      const verdicts = header!.slice(4).map(name => {
        const verdict = row.properties.find(p => p.name === name)?.verdict
        return verdict === undefined || verdict === 'holds' ? (verdict ?? '-') : `**${verdict}**`
      })
      expect(verdicts).toEqual(cells.slice(4))
      if (row.latency.status !== 'measured') throw new Error('every configuration here is measured')
      const hops = ({ low, high }: { low: number | null; high: number | null }) =>
        low === high ? String(low ?? 'never') : `${low}–${high ?? '∞'}`
      expect([hops(row.latency.shortest), hops(row.latency.worst)]).toEqual([
        cells[2],
        cells[3]!.replace(', cut by bound.retries=1', ''),
      ])
    })
    const cut = document.rows.at(-1)!.latency
    expect(cut).toMatchObject({ status: 'measured', cutBy: 'bound.retries=1', worst: { low: 7, high: 9 } })
    expect(document.rows[5]!.latency).toMatchObject({
      cutBy: null,
      shortestRun: [
        'ProducerSend(m1)',
        'LeaderHandleProduce(m1)',
        'FollowerFetch(p0, b2)',
        'FollowerFetch(p0, b2)',
        'ProducerReceiveResponse(m1)',
      ],
    })
    expect(document.smallestChanges.find(c => c.property === 'NoLossOfAcked')?.closest).toEqual([{ acks: 'all' }])
  })
})
