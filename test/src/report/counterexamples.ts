// Counterexamples for the report tests: the built-in scenarios' own violations, and random walks of their models.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { check, randomWalk } from '../../../checker/index.js'
import type { Scenario } from '../../../spec/config/types.js'
import { kafkaModel } from '../../../spec/kafka.js'
import { paramsOf } from '../../../spec/params.js'
import { BUILT_IN_SCENARIOS_DIR } from '../../../spec/scenarios/index.js'
import { formatIssue, loadScenarioFile } from '../../../src/input/index.js'
import type { Counterexample } from '../../../src/run/counterexample.js'

export function builtIn(name: string): Scenario {
  const loaded = loadScenarioFile(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`))
  if (!loaded.ok) throw new Error(formatIssue(loaded.issue))
  return loaded.scenario
}

/** The built-in scenarios Kafka accepts (a refused configuration has no model). */
export function builtInNames(): string[] {
  return readdirSync(BUILT_IN_SCENARIOS_DIR)
    .filter(file => file.endsWith('.yaml'))
    .map(file => file.replace(/\.yaml$/, ''))
    .filter(name => loadScenarioFile(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`)).ok)
}

/** Every shortest counterexample the checker finds for `scenario`. */
export function counterexamplesOf(scenario: Scenario): Counterexample[] {
  const params = paramsOf(scenario)
  const result = check(kafkaModel(params), { maxDepth: scenario.bound.depth })
  if (result.status !== 'violated') return []
  return result.violations.flatMap(v =>
    v.kind === 'sometimes' ? [] : [{ scenario, params, property: v.property, kind: v.kind, trace: v.trace }],
  )
}

export function counterexample(name: string, property: string): Counterexample {
  const found = counterexamplesOf(builtIn(name)).find(c => c.property === property)
  if (found === undefined) throw new Error(`${name} does not violate ${property}`)
  return found
}

/** A random walk of `scenario`'s model dressed as a counterexample, for round trips and renderings of any length. */
export function walk(scenario: Scenario, seed: number, steps: number): Counterexample {
  const params = paramsOf(scenario)
  return {
    scenario,
    params,
    property: 'NoLossOfAcked',
    kind: 'invariant',
    trace: randomWalk(kafkaModel(params), seed, steps),
  }
}

/** Scenarios whose random walks between them take every kind of action: producers, replication, faults, consumers. */
export function walkedScenarios(): Scenario[] {
  const delayed = builtIn('idempotent-producer')
  return [
    ...[
      'hw-truncation-before-kip101',
      'acks-all-rf3-minisr1',
      'acks-all-rf3-minisr2',
      'inflight-reorder-without-idempotence',
      'max-poll-interval-zombie',
      'auto-commit-async',
      'cooperative-rebalance',
      'commit-after-process-crash',
      'rebalance-no-commit-on-revoke',
      'add-partition-offset-reset-latest',
    ].map(builtIn),
    { ...delayed, name: 'idempotent-producer-delayed', faults: { ...delayed.faults, 'delayed-request': 1 } },
    { ...builtIn('broker-bounce-before-kip101'), name: 'bounce' },
    builtIn('coordinator-failover-commit'),
    builtIn('producer-restart-duplicate'),
    // Batches that expire, and the epoch bumps that follow when their sequences stay unresolved.
    { ...delayed, name: 'idempotent-producer-expiry', faults: { ...delayed.faults, 'delivery-timeout': 2 } },
  ]
}
