import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkDocumentProblems } from '../../../src/output/jsonShape.js'
import type { CheckDocument } from '../../../src/output/json.js'
import { kafkacheck, SCENARIOS, withExpect, workspace } from '../cli/kafkacheck.js'

const parsed = (stdout: string): CheckDocument => {
  const document: unknown = JSON.parse(stdout)
  expect(checkDocumentProblems(document)).toEqual([])
  return document as CheckDocument
}

describe('kafkacheck check', () => {
  it('prints the effective configuration and exits 0 when every property holds', async () => {
    const dir = workspace({ 'durable.yaml': SCENARIOS.durable })
    const { code, stdout, stderr } = await kafkacheck(['check', 'durable.yaml'], dir)
    expect(stderr).toBe('')
    expect(stdout).toContain('Scenario durable (durable.yaml)')
    expect(stdout).toContain('Effective configuration (Kafka 3.7, apache, kraft)')
    expect(stdout).toMatch(/producer +acks=all\n +enable\.idempotence=true\n/)
    expect(stdout).toMatch(/max\.in\.flight\.requests\.per\.connection=5/)
    expect(stdout).toMatch(/NoLossOfAcked +holds \(exhaustive, [\d,]+ states\)/)
    expect(stdout).toMatch(/RecordAcknowledged +holds \(reached\)/)
    expect(stdout).toMatch(/All \d+ properties hold\.\n$/)
    expect(code).toBe(0)
  })

  it('exits 1 on a violation, names where its diagram went, and prints the trace', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { code, stdout } = await kafkacheck(['check', 'duplicate.yaml'], dir)
    const verdict = /NoDuplicateInLog +violated \(shortest counterexample: (\d+) steps; diagram (\S+)\)/.exec(stdout)
    expect(verdict).not.toBeNull()
    const [, steps, diagram] = verdict!
    expect(diagram!.startsWith(join('out', 'duplicate', 'NoDuplicateInLog.'))).toBe(true)
    expect(existsSync(join(dir, diagram!))).toBe(true)
    expect(stdout).toContain('1 property does not hold: NoDuplicateInLog')
    expect(stdout).toContain(`NoDuplicateInLog violated (invariant) in scenario "duplicate", ${steps} steps`)
    expect(stdout).toContain('✕ NoDuplicateInLog')
    expect(code).toBe(1)
  })

  it('leaves the trace out with --quiet and writes the diagrams to --out', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { code, stdout } = await kafkacheck(['check', 'duplicate.yaml', '--quiet', '--out', 'reports'], dir)
    expect(stdout).not.toContain('✕')
    expect(stdout).toMatch(/diagram reports\/duplicate\/NoDuplicateInLog\./)
    expect(existsSync(join(dir, 'reports', 'duplicate', 'NoDuplicateInLog.itf.json'))).toBe(true)
    expect(existsSync(join(dir, 'out'))).toBe(false)
    expect(code).toBe(1)
  })

  it('compares with the expect block: exit 0 when every verdict is as expected', async () => {
    const scenario = withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'violated', NoLossOfAcked: 'holds' })
    const dir = workspace({ 'expected.yaml': scenario })
    const { code, stdout } = await kafkacheck(['check', 'expected.yaml', '--quiet'], dir)
    expect(stdout).toMatch(/NoDuplicateInLog +violated .* +expected violated ✓/)
    expect(stdout).toMatch(/NoLossOfAcked +holds .* +expected holds ✓/)
    expect(stdout).toContain('as the scenario expects.')
    expect(code).toBe(0)
  })

  it('compares with the expect block: exit 1 when a verdict differs', async () => {
    const dir = workspace({ 'wrong.yaml': withExpect(SCENARIOS.durable, { NoDuplicateInLog: 'violated' }) })
    const { code, stdout } = await kafkacheck(['check', 'wrong.yaml'], dir)
    expect(stdout).toMatch(/NoDuplicateInLog +holds \(exhaustive, [\d,]+ states\) +expected violated ✗/)
    expect(stdout).toContain('1 property not as the scenario expects: NoDuplicateInLog')
    expect(code).toBe(1)
  })

  it('gives a configuration Kafka refuses the verdict rejected, which expect: rejected accepts', async () => {
    const scenario = withExpect(SCENARIOS.refused, { NoLossOfAcked: 'rejected', NoDuplicateInLog: 'rejected' })
    const dir = workspace({ 'refused.yaml': scenario })
    const { code, stdout } = await kafkacheck(['check', 'refused.yaml'], dir)
    expect(stdout).toContain('Kafka refuses this configuration:')
    expect(stdout).toContain('Must set acks to all in order to use the idempotent producer')
    expect(stdout).toMatch(/NoLossOfAcked +rejected \(Kafka refuses this configuration\) +expected rejected ✓/)
    expect(code).toBe(0)

    const json = await kafkacheck(['check', 'refused.yaml', '--json'], dir)
    const document = parsed(json.stdout)
    expect(document).toMatchObject({ status: 'rejected', effectiveConfig: null, stats: null, ok: true })
    expect(document.rejection?.refusedBy).toMatch(/^the Kafka [\d.]+ producer$/)
    expect(document.properties.map(p => [p.name, p.verdict, p.expected])).toEqual([
      ['NoLossOfAcked', 'rejected', 'rejected'],
      ['NoDuplicateInLog', 'rejected', 'rejected'],
    ])
    expect(json.code).toBe(0)
  })

  it('says when a bound cut the search short, and counts an unreached sometimes property as a failure', async () => {
    const dir = workspace({ 'durable.yaml': SCENARIOS.durable })
    const { code, stdout } = await kafkacheck(['check', 'durable.yaml', '--max-depth', '1'], dir)
    expect(stdout).toMatch(/NoLossOfAcked +holds within depth 1 \(not exhaustive\)/)
    expect(stdout).toMatch(/RecordAcknowledged +unreached within depth 1 \(not exhaustive\)/)
    expect(code).toBe(1)
  })

  it('prints one JSON document with the verdicts, the statistics and each violation step by step', async () => {
    const dir = workspace({ 'duplicate.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'violated' }) })
    const { code, stdout } = await kafkacheck(['check', 'duplicate.yaml', '--json'], dir)
    const document = parsed(stdout)
    expect(document).toMatchObject({ command: 'check', scenario: 'duplicate', status: 'checked', ok: true })
    expect(document.effectiveConfig?.producer).toMatchObject({ acks: 'all', 'enable.idempotence': false })
    expect(document.stats).toMatchObject({ exhaustive: true, stoppedBy: null })
    expect(document.stats!.distinctStates).toBeGreaterThan(0)
    const duplicate = document.properties.find(p => p.name === 'NoDuplicateInLog')!
    expect(duplicate).toMatchObject({ verdict: 'violated', expected: 'violated', matches: true })
    expect(duplicate.explanation).toContain('NoDuplicateInLog is violated')
    expect(duplicate.trace![0]).toMatchObject({ index: 0, changes: [] })
    expect(duplicate.trace!.slice(1).every(step => step.action !== '' && step.changes.length > 0)).toBe(true)
    for (const file of duplicate.diagrams!) expect(existsSync(join(dir, file))).toBe(true)
    expect(document.properties.filter(p => p.verdict !== 'holds').map(p => p.name)).toEqual(['NoDuplicateInLog'])
    expect(code).toBe(0)
  })

  it('names the line a violation needs and the fewest faults, in the report, the JSON and the explorer', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { code, stdout } = await kafkacheck(['check', 'duplicate.yaml', '--quiet'], dir)
    // Line 5 of the scenario is `producer: { acks: all, enable.idempotence: false }`.
    const needs =
      'needs enable.idempotence=false (duplicate.yaml:5; with enable.idempotence=true it holds); ' +
      'one lost response is enough'
    expect(stdout).toMatch(
      /\nBlame \(each setting below changed alone to its safe value, .*: \d+ searche?s?, [\d.]+ s\)\n/,
    )
    expect(stdout).toContain(`  NoDuplicateInLog  ${needs}\n`)
    expect(stdout.indexOf('Blame (')).toBeLessThan(stdout.indexOf('1 property does not hold'))
    const html = readFileSync(join(dir, 'out', 'duplicate', 'NoDuplicateInLog.html'), 'utf8')
    expect(html).toContain(`<div class="blame"><span class="label">Blame</span> <p>${needs}</p>`)
    expect(code).toBe(1)

    const document = parsed((await kafkacheck(['check', 'duplicate.yaml', '--json'], dir)).stdout)
    const blame = document.properties.find(p => p.name === 'NoDuplicateInLog')!.blame!
    expect(blame.summary).toBe(needs)
    expect(blame.settings.find(s => s.needed)).toMatchObject({
      setting: 'enable.idempotence',
      block: 'producer',
      value: 'false',
      safe: 'true',
      source: 'duplicate.yaml:5',
      origin: { file: 'duplicate.yaml', line: 5 },
      verdict: 'holds',
    })
    expect(document.properties.filter(p => p.blame !== undefined).map(p => p.name)).toEqual(['NoDuplicateInLog'])
  })

  it('leaves blame out with --no-blame', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { stdout } = await kafkacheck(['check', 'duplicate.yaml', '--quiet', '--no-blame'], dir)
    expect(stdout).not.toContain('Blame')
    expect(readFileSync(join(dir, 'out', 'duplicate', 'NoDuplicateInLog.html'), 'utf8')).not.toContain('class="blame"')
    const json = parsed((await kafkacheck(['check', 'duplicate.yaml', '--json', '--no-blame'], dir)).stdout)
    expect(json.properties.every(p => p.blame === undefined)).toBe(true)
  })

  it('stops at the memory ceiling with what it found, and says which bound stopped it', async () => {
    const dir = workspace({ 'durable.yaml': SCENARIOS.durable })
    const { code, stdout } = await kafkacheck(['check', 'durable.yaml', '--max-memory', '64M'], dir)
    expect(stdout).toMatch(/NoLossOfAcked +holds within the 64 MB memory limit \(--max-memory\) \(not exhaustive\)/)
    expect(code).toBe(1)
  })

  it('goes on from a checkpoint with --resume and ends as an uninterrupted run', async () => {
    const dir = workspace({})
    const whole = parsed((await kafkacheck(['check', 'acks1-leader-crash', '--json'], dir)).stdout)
    const stopped = await kafkacheck(
      ['check', 'acks1-leader-crash', '--json', '--max-states', '1000', '--checkpoint', 'cp'],
      dir,
    )
    expect(parsed(stopped.stdout).stats).toMatchObject({ stoppedBy: 'maxStates' })
    expect(existsSync(join(dir, 'cp', 'latest.json'))).toBe(true)
    const resumed = parsed((await kafkacheck(['check', 'acks1-leader-crash', '--json', '--resume', 'cp'], dir)).stdout)
    const withoutTimes = (document: typeof whole) => ({
      ...document,
      stats: { ...document.stats, seconds: 0 },
    })
    expect(withoutTimes(resumed)).toEqual(withoutTimes(whole))
  })

  it('stops at the first violation with --stop-on-first', async () => {
    const dir = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const { stdout } = await kafkacheck(['check', 'duplicate.yaml', '--json', '--stop-on-first'], dir)
    expect(parsed(stdout).stats).toMatchObject({ exhaustive: false, stoppedBy: 'firstViolation' })
  })

  it('checks .properties files given as flags, with the Kafka version, faults and messages', async () => {
    const dir = workspace({
      'producer.properties': 'acks=all\nenable.idempotence=false\nlingerr.ms=5\n',
      'server.properties': 'num.partitions=1\ndefault.replication.factor=1\nmin.insync.replicas=1\n',
    })
    const args = ['check', '--producer', 'producer.properties', '--broker', 'server.properties']
    const { code, stdout } = await kafkacheck(
      [...args, '--faults', 'lost-response=1', '--messages', '1', '--kafka-version', '3.6', '--quiet'],
      dir,
    )
    expect(stdout).toContain('Scenario custom (command line)')
    expect(stdout).toContain('Effective configuration (Kafka 3.6, apache, kraft)')
    expect(stdout).toMatch(/faults +lost-response=1/)
    expect(stdout).toMatch(
      /producer\.properties:3: warning: unknown producer property 'lingerr\.ms' \(did you mean linger\.ms\?\)/,
    )
    expect(stdout).toMatch(/NoDuplicateInLog +violated/)
    expect(code).toBe(1)
  })

  it('checks a built-in scenario by name', async () => {
    const dir = workspace()
    const { code, stdout } = await kafkacheck(['check', 'acks0-fire-and-forget', '--quiet'], dir)
    expect(stdout).toMatch(/Scenario acks0-fire-and-forget \(\S*spec\/scenarios\/acks0-fire-and-forget\.yaml\)/)
    expect(stdout).toMatch(/NoLossOfAcked +violated .* +expected violated ✓/)
    expect(code).toBe(0)
  })
})

describe('kafkacheck check on a client that cannot connect', () => {
  it('says what the real client logs where ClientAuthenticates is never reached, in text and --json', async () => {
    const text = await kafkacheck(['check', 'sasl-mechanism-not-enabled', '--no-blame'], workspace())
    expect(text.stdout).toContain(
      'ClientAuthenticates is never reached: producer 1 cannot connect: the client logs "Connection to node -1 ' +
        "(<host>:<port>) failed authentication due to: Client SASL mechanism 'SCRAM-SHA-512' not enabled in the " +
        'server, enabled mechanisms are [PLAIN]"',
    )
    const json = parsed((await kafkacheck(['check', 'sasl-mechanism-not-enabled', '--json'], workspace())).stdout)
    const property = json.properties.find(p => p.name === 'ClientAuthenticates')
    expect(property?.verdict).toBe('unreached')
    expect(property?.explanation).toContain("Client SASL mechanism 'SCRAM-SHA-512' not enabled in the server")
  })
})
