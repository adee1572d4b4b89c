// Blame on the built-in scenarios, checked by re-running: every setting blame tried is checked again here with a
// whole `kafkacheck check` of the changed scenario (every property, no replay of the counterexample, no early stop),
// and its verdict must be the one blame gave, so that the settings listed are exactly those whose change makes the
// property hold. The fewest faults are checked the same way: still violated with them, holding with one fewer.
//
// A representative subset runs by default: one or more scenarios for every entry of the safe-alternatives table
// (kafka.version by ZooKeeper, KRaft, transactions and a pipeline; searches cut by bound.retries), each small enough
// to check a dozen times over in a second; the MSK default is checked on its own below. KAFKACHECK_BLAME_ALL=1 runs
// every built-in scenario (about 80 s here; all agree).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_SCENARIOS_DIR, FAULT_NAMES, type RawScenario } from '../../../spec/index.js'
import { blameRun, faultsUsed, type Recheck } from '../../../src/run/blame.js'
import { prepareScenario, runScenario, type ScenarioRun } from '../../../src/run/checkScenario.js'
import { InputError } from '../../../src/run/exit.js'
import { loadScenario, resolveLoaded } from '../../../src/run/load.js'
import { builtInScenarioFiles, scenarioName } from '../../../src/run/scenarioSource.js'
import { withSetting } from '../../../src/run/scenarioEdit.js'
import { REPOSITORY } from '../cli/kafkacheck.js'

const SUBSET = [
  'acks1-leader-crash', // acks, a default max.in.flight, min.insync.replicas, idempotence refused with acks=1
  'acks-all-rf3-minisr1', // log.flush.interval.messages under a lossy crash, min.insync.replicas
  'unclean-election', // unclean.leader.election.enable; kafka.version keeps ZooKeeper
  'hw-truncation-before-kip101', // kafka.version (KIP-101)
  'isr-shrink-after-append-before-3.7', // kafka.version (KAFKA-15583), no fault needed
  'commit-before-process-crash', // app.commit
  'auto-commit-async', // enable.auto.commit, app.processing
  'offset-reset-latest-new-group', // auto.offset.reset
  'rebalance-no-commit-on-revoke', // app.commit-interval, app.commit-on-revoke
  'retry-topic-reorders-key', // app.retry
  'dlq-not-awaited', // app.dlq-await-ack
  'seed-simplified-dedup', // app.dedup
  'delivery-timeout-resend', // app.resend-on-failure
  'inflight-reorder-without-idempotence', // enable.idempotence, max.in.flight.requests.per.connection
  'txn-read-uncommitted-abort', // isolation.level
  'txn-hanging-before-kip890', // kafka.version (KIP-890)
  'eos-pipeline-zombie-before-kip447', // app.transactional-id per-partition, kafka.version (KIP-447)
  'tls-no-hostname-verification-mitm', // ssl.endpoint.identification.algorithm, a fault counted per interception
  'authorizer-allow-everyone-no-acls', // allow.everyone.if.no.acl.found, no fault needed
  'sasl-plain-eavesdropped', // security.protocol with the consumer and listener; an eavesdropper, a fault the state does not count
]

const names = process.env.KAFKACHECK_BLAME_ALL === '1' ? builtInScenarioFiles(REPOSITORY).map(scenarioName) : SUBSET

const runs = new Map<string, ScenarioRun>()

/** The built-in scenario checked, once per file. */
function run(name: string): ScenarioRun {
  let checkedRun = runs.get(name)
  if (checkedRun === undefined) {
    const loaded = loadScenario(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`), REPOSITORY)
    checkedRun = runScenario(prepareScenario(loaded), {})
    runs.set(name, checkedRun)
  }
  return checkedRun
}

function checked(name: string): ScenarioRun & { status: 'checked' } {
  const checkedRun = run(name)
  if (checkedRun.status !== 'checked') throw new Error(`${name} is refused`)
  return checkedRun
}

/** `property`'s verdict in the scenario as written with `changes`, from a whole check of every property. */
function verdictWith(
  raw: RawScenario,
  changes: readonly (readonly [block: string, key: string, value: string])[],
  property: string,
): Recheck['verdict'] {
  const { expect: _expectations, ...blocks } = raw.blocks
  const changed = changes.reduce(
    (scenario, [block, key, value]) => withSetting(scenario, block as 'faults', key, value, 'test'),
    { ...raw, blocks } as RawScenario,
  )
  let loaded
  try {
    loaded = resolveLoaded(changed)
  } catch (error) {
    if (error instanceof InputError) return 'rejected'
    throw error
  }
  if (loaded.status === 'rejected') return 'rejected'
  const run = runScenario(prepareScenario(loaded), {})
  if (run.status !== 'checked') return 'rejected'
  const outcome = run.properties.find(p => p.name === property)
  if (outcome === undefined) return 'absent'
  if (outcome.verdict === 'violated') return 'violated'
  return run.search.exhaustive ? 'holds' : 'holds-within'
}

describe('blame on the built-in scenarios, checked by re-running each change', () => {
  it.each(names)('%s: the settings listed are exactly those whose change makes the property hold', name => {
    const scenarioRun = run(name)
    const blame = blameRun(scenarioRun, () => true, {})
    if (scenarioRun.status !== 'checked') return expect(blame.properties.size).toBe(0) // refused: nothing to blame
    const violated = scenarioRun.properties.filter(p => p.counterexample !== undefined).map(p => p.name)
    expect([...blame.properties.keys()]).toEqual(violated)
    const { raw } = scenarioRun.loaded
    const base = scenarioRun.loaded.scenario.faults
    for (const [property, blamed] of blame.properties) {
      for (const setting of blamed.settings) {
        const changes = [
          ...setting.keeping.map(k => [k.block, k.key, k.value] as const),
          [setting.block, setting.key, setting.safe] as const,
        ]
        const where = `${name}: ${property} with ${setting.setting}=${setting.safe}`
        expect(`${where}: ${verdictWith(raw, changes, property)}`).toBe(`${where}: ${setting.recheck.verdict}`)
      }
      // Still violated with the fewest faults, and not with one fewer of any of them.
      const fewest = Object.fromEntries(FAULT_NAMES.map(f => [f, blamed.faults.faults[f] ?? 0]))
      const budgets = (wanted: Record<string, number>) =>
        FAULT_NAMES.filter(f => wanted[f] !== base[f]).map(f => ['faults', f, String(wanted[f])] as const)
      expect(`${name}: ${property} ${verdictWith(raw, budgets(fewest), property)}`).toBe(
        `${name}: ${property} violated`,
      )
      for (const [fault, n] of Object.entries(fewest)) {
        if (n === 0) continue
        const fewer = verdictWith(raw, budgets({ ...fewest, [fault]: n - 1 }), property)
        // Absent: the property exists only with the fault (confidentiality needs an attacker).
        const expected = ['holds', 'rejected', 'absent', ...(blamed.faults.openBelow === null ? [] : ['holds-within'])]
        expect(expected, `${name}: ${property} with ${fault}=${n - 1}: ${fewer}`).toContain(fewer)
      }
      // Never more than the shortest counterexample used.
      const used = faultsUsed(scenarioRun.properties.find(p => p.name === property)!.counterexample!)
      for (const fault of FAULT_NAMES) expect(fewest[fault]).toBeLessThanOrEqual(used[fault] ?? base[fault])
    }
  })
})

describe('blame', () => {
  it('lists what acks1-leader-crash needs, with file and line or whose default', () => {
    const run = checked('acks1-leader-crash')
    const blame = blameRun(run, p => p.name === 'PartitionOrder', {})
    const partitionOrder = blame.properties.get('PartitionOrder')!
    const needed = partitionOrder.settings.filter(s => s.recheck.verdict === 'holds')
    expect(needed.map(s => [s.setting, s.value, s.safe, s.origin?.line ?? s.defaultBy])).toEqual([
      ['acks', '1', 'all', 5],
      ['max.in.flight.requests.per.connection', '5', '1', 'Kafka 3.7 default'],
    ])
    expect(partitionOrder.faults).toEqual({ faults: { 'broker-crash': 1 }, openBelow: null })
    expect([...blame.properties.keys()]).toEqual(['PartitionOrder'])
  })

  it('names a platform default and says when a re-check only holds within a bound', () => {
    const blame = blameRun(checked('msk-default-unclean'), p => p.name === 'NoLossOfAcked', {})
    const unclean = blame.properties
      .get('NoLossOfAcked')!
      .settings.find(s => s.setting === 'unclean.leader.election.enable')!
    expect(unclean).toMatchObject({
      value: 'true',
      safe: 'false',
      origin: null,
      defaultBy: 'MSK default',
      block: 'topic',
    })
    expect(unclean.recheck).toEqual({ verdict: 'holds-within', bound: 'bound.retries=1' })
  })

  it('upgrades Kafka keeping ZooKeeper, so the newest version checked is 3.9', () => {
    const blame = blameRun(checked('unclean-election'), () => true, {})
    const version = blame.properties.get('NoLossOfAcked')!.settings.find(s => s.setting === 'kafka.version')
    // 3.7 is newer than every fix unclean election concerns, so its version is no candidate.
    expect(version).toBeUndefined()
    const kip101 = blameRun(checked('hw-truncation-before-kip101'), () => true, {})
    const upgrade = kip101.properties.get('NoLossOfAcked')!.settings.find(s => s.setting === 'kafka.version')!
    expect(upgrade).toMatchObject({ value: '0.10', safe: '3.9', recheck: { verdict: 'holds' } })
    expect(upgrade.keeping).toEqual([{ block: 'kafka', key: 'metadata', value: 'zookeeper' }])
  })

  it('needs no search for a change under which the counterexample still runs', () => {
    const run = checked('acks1-leader-crash')
    const blame = blameRun(run, p => p.name === 'NoLossOfAcked', {})
    // min.insync.replicas=2 changes nothing for acks=1: the counterexample replays, so no search ran for it.
    const settings = blame.properties.get('NoLossOfAcked')!.settings
    expect(settings.find(s => s.setting === 'min.insync.replicas')!.recheck.verdict).toBe('violated')
    const searchedSettings = settings.filter(s => s.recheck.verdict !== 'violated' && s.recheck.verdict !== 'rejected')
    expect(blame.rechecks).toBeLessThan(settings.length + 1)
    expect(searchedSettings.length).toBeGreaterThan(0)
  })

  it('shares a time limit among its re-checks, and calls what it cut short bounded, never holding', () => {
    const blame = blameRun(checked('acks1-leader-crash'), p => p.name === 'NoLossOfAcked', { timeLimitSeconds: 0 })
    const settings = blame.properties.get('NoLossOfAcked')!.settings
    expect(settings.find(s => s.setting === 'acks')!.recheck).toEqual({
      verdict: 'holds-within',
      bound: 'the time limit',
    })
    // The counterexample replays under min.insync.replicas=2: violated, with no time needed.
    expect(settings.find(s => s.setting === 'min.insync.replicas')!.recheck).toEqual({ verdict: 'violated' })
  })

  it('blames nothing it is not asked to, and nothing in a scenario whose properties hold', () => {
    expect(blameRun(checked('acks1-leader-crash'), () => false, {}).properties.size).toBe(0)
    const holding = blameRun(checked('idempotent-producer'), () => true, {})
    expect(holding).toMatchObject({ rechecks: 0 })
    expect(holding.properties.size).toBe(0)
  })
})
