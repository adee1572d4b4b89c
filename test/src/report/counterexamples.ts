// Counterexamples for the report tests: the built-in scenarios' own violations, and random walks of their models.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { randomWalk, type Step } from '../../../checker/index.js'
import type { Action } from '../../../spec/actions.js'
import type { Scenario } from '../../../spec/config/types.js'
import { kafkaModel } from '../../../spec/kafka.js'
import { paramsOf, type Params } from '../../../spec/params.js'
import type { State } from '../../../spec/state.js'
import { BUILT_IN_SCENARIOS_DIR } from '../../../spec/scenarios/index.js'
import { formatIssue, loadScenarioFile } from '../../../src/input/index.js'
import type { Counterexample } from '../../../src/run/counterexample.js'
import { searched } from '../../searches.js'
import { workspace } from '../cli/kafkacheck.js'

export function builtIn(name: string): Scenario {
  const loaded = loadScenarioFile(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`))
  if (!loaded.ok) throw new Error(formatIssue(loaded.issue))
  return loaded.scenario
}

/** A scenario written as a user's YAML file, named `name`. */
export function scenarioFromYaml(name: string, text: string): Scenario {
  const loaded = loadScenarioFile(join(workspace({ [`${name}.yaml`]: text }), `${name}.yaml`))
  if (!loaded.ok) throw new Error(formatIssue(loaded.issue))
  return loaded.scenario
}

/** Small transactional scenarios, kept here so that the report tests do not move when the built-in ones do. */
export const TRANSACTIONAL = {
  /** The application aborts its one transaction; a read_uncommitted consumer still returns the aborted record. */
  abortReadUncommitted: `description: A transaction the application aborts, read with read_uncommitted.
kafka: { version: "3.7" }
cluster: { brokers: 1, producers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: tx-1 }
consumer: { isolation.level: read_uncommitted, auto.offset.reset: earliest }
faults: { txn-abort: 1 }
bound: { messages: 1 }
`,
  /** A late write after the abort opens a transaction nobody ends (before KIP-890). */
  hanging: `description: A delayed request lands after its transaction was aborted.
kafka: { version: "3.5" }
cluster: { brokers: 1, producers: 1, consumers: 0 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: tx-1 }
faults: { delayed-request: 1, delivery-timeout: 1, txn-abort: 0 }
bound: { messages: 1 }
`,
  /** Two partitions on two brokers, read_committed, an abort and a crash: markers replicate and leaders move. */
  twoPartitions: `description: A transaction over two replicated partitions.
kafka: { version: "3.7" }
cluster: { brokers: 2, producers: 1, consumers: 1 }
topic: { partitions: 2, replication.factor: 2 }
producer: { transactional.id: tx-1 }
consumer: { isolation.level: read_committed, auto.offset.reset: earliest }
faults: { txn-abort: 1, broker-crash: 1 }
bound: { messages: 2 }
`,
  /** Restarts that keep the transactional id (fencing) and that take a new one (the timeout aborts). */
  restartStable: `description: The producer restarts with its transactional id while a request is on its way.
kafka: { version: "3.7" }
cluster: { brokers: 1, producers: 1, consumers: 0 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: tx-1 }
app: { transactional-id: stable }
faults: { producer-restart: 1, delayed-request: 1, txn-abort: 0 }
bound: { messages: 1 }
`,
  restartPerInstance: `description: The producer restarts with a new transactional id.
kafka: { version: "3.5" }
cluster: { brokers: 1, producers: 1, consumers: 0 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: tx-1 }
app: { transactional-id: per-instance }
faults: { producer-restart: 1, delayed-request: 1, txn-abort: 0 }
bound: { messages: 1 }
`,
} as const

/** Small consume-transform-produce pipelines, kept here so that the report tests do not move with the built-in ones. */
export const PIPELINE = {
  /** Before KIP-447 the coordinator takes a zombie's offsets and its commit goes through: a result visible twice. */
  zombieBeforeKip447: `description: A transactional pipeline whose member stalls, on Kafka 2.4.
kafka: { version: "2.4" }
cluster: { brokers: 1, consumers: 2 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: pipeline-tx }
consumer: { group.id: orders, enable.auto.commit: false, isolation.level: read_committed, auto.offset.reset: earliest }
app: { pipeline: consume-transform-produce }
faults: { consumer-pause: 1, txn-abort: 0 }
bound: { messages: 1 }
`,
  /** The same from 2.5: the coordinator refuses the zombie's offsets and it aborts. */
  zombie: `description: A transactional pipeline whose member stalls, on Kafka 3.7.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 2 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: pipeline-tx }
consumer: { group.id: orders, enable.auto.commit: false, isolation.level: read_committed, auto.offset.reset: earliest }
app: { pipeline: consume-transform-produce }
faults: { consumer-pause: 1, txn-abort: 0 }
bound: { messages: 1 }
`,
  /** Two partitions: a new owner reads one while the zombie's transaction still holds offsets for the other. */
  twoPartitions: `description: A transactional pipeline over two partitions whose member stalls.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 2 }
topic: { partitions: 2, replication.factor: 1 }
producer: { transactional.id: pipeline-tx }
consumer: { group.id: orders, enable.auto.commit: false, isolation.level: read_committed, auto.offset.reset: earliest }
app: { pipeline: consume-transform-produce, keys: [order-1, order-2] }
faults: { consumer-pause: 1, txn-abort: 0 }
bound: { messages: 2 }
`,
  /** Every fault a transactional pipeline member meets: a stall, a crash, an abort of the application's own. */
  faults: `description: A transactional pipeline with a stall, a crash and an abort.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 2 }
topic: { partitions: 1, replication.factor: 1 }
producer: { transactional.id: pipeline-tx }
consumer: { group.id: orders, enable.auto.commit: false, isolation.level: read_committed, auto.offset.reset: earliest }
app: { pipeline: consume-transform-produce }
faults: { consumer-pause: 1, consumer-crash: 1, txn-abort: 1 }
bound: { messages: 1 }
`,
  /** Without a transactional.id each result is visible at once and the offsets are committed apart. */
  plain: `description: A pipeline without transactions whose member stalls.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 2 }
topic: { partitions: 1, replication.factor: 1 }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest }
app: { pipeline: consume-transform-produce }
faults: { consumer-pause: 1 }
bound: { messages: 1 }
`,
} as const

/** Small scenarios of the application's error path, kept here so that the report tests do not move with the built-in ones. */
export const ERROR_PATH = {
  /** Two failures of one record under blocking retries with two deliveries: retried in place, then dead-lettered. */
  blockingDlq: `description: Blocking retries, then the dead-letter topic.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest }
app: { retry: blocking, retry-attempts: 2, dlq: true }
faults: { processing-failure: 2 }
bound: { messages: 1 }
`,
  /** The same without a dead-letter topic: the record given up is only logged. */
  blockingLogged: `description: Blocking retries, then only a log line.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest }
app: { retry: blocking, retry-attempts: 2 }
faults: { processing-failure: 2 }
bound: { messages: 2 }
`,
  /** Two records of one key; the first goes to the retry topic and is processed after the second. */
  retryTopic: `description: A retry topic that reorders a key.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest }
app: { retry: retry-topic }
faults: { processing-failure: 1 }
bound: { messages: 2 }
`,
  /** A dead-letter write nobody waits for, which may expire. */
  dlqNotAwaited: `description: A dead-letter write not awaited.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest }
app: { retry: none, dlq: true, dlq-await-ack: false }
faults: { processing-failure: 1, delivery-timeout: 1 }
bound: { messages: 1 }
`,
  /** Poison records read through the ErrorHandlingDeserializer: dead-lettered without retries. */
  poisonDlq: `description: Poison records handed on by the ErrorHandlingDeserializer.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
producer: { value.serializer: StringSerializer }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest, value.deserializer: ErrorHandlingDeserializer, spring.deserializer.value.delegate.class: KafkaAvroDeserializer }
app: { dlq: true }
faults: { processing-failure: 0 }
bound: { messages: 1 }
`,
  /** Poison records without it: poll() throws at the first one every time. */
  poisonStuck: `description: Poison records and a stuck partition.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
producer: { value.serializer: StringSerializer }
consumer: { group.id: orders, enable.auto.commit: false, auto.offset.reset: earliest, value.deserializer: KafkaAvroDeserializer }
app: { dlq: true }
bound: { messages: 1 }
`,
} as const

/** The built-in scenarios Kafka accepts (a refused configuration has no model). */
export function builtInNames(): string[] {
  return readdirSync(BUILT_IN_SCENARIOS_DIR)
    .filter(file => file.endsWith('.yaml'))
    .map(file => file.replace(/\.yaml$/, ''))
    .filter(name => loadScenarioFile(join(BUILT_IN_SCENARIOS_DIR, `${name}.yaml`)).ok)
}

/** Every shortest counterexample the checker finds for `scenario` (searched once per test run: test/searches.ts). */
export function counterexamplesOf(scenario: Scenario): Counterexample[] {
  const params = paramsOf(scenario)
  const result = searched(scenario)
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

/**
 * The shortest trace of `scenario`'s model to a state where `reached` holds (breadth first), dressed as a
 * NoLossOfAcked counterexample: for renderings of a run that breaks nothing, such as a transaction that commits.
 */
export function traceTo(scenario: Scenario, reached: (p: Params, s: State) => boolean): Counterexample {
  const params = paramsOf(scenario)
  const model = kafkaModel(params)
  const parents = new Map<string, { parent: string | null; step: Step<State, Action> }>()
  const queue = model.init().map(state => ({ key: JSON.stringify(state), state }))
  for (const { key, state } of queue) parents.set(key, { parent: null, step: { action: undefined, state } })
  for (let head = 0; head < queue.length; head++) {
    const { key, state } = queue[head]!
    if (reached(params, state)) {
      const trace: Step<State, Action>[] = []
      for (let at: string | null = key; at !== null; at = parents.get(at)!.parent) trace.unshift(parents.get(at)!.step)
      return { scenario, params, property: 'NoLossOfAcked', kind: 'invariant', trace }
    }
    for (const action of model.actions(state)) {
      const next = model.next(state, action)
      const nextKey = JSON.stringify(next)
      if (parents.has(nextKey)) continue
      parents.set(nextKey, { parent: key, step: { action, state: next } })
      queue.push({ key: nextKey, state: next })
    }
  }
  throw new Error(`${scenario.name} never reaches the state asked for`)
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
    // Transactions: commits and aborts, markers, fenced epochs and timed-out transactions.
    ...Object.entries(TRANSACTIONAL).map(([name, text]) => scenarioFromYaml(name, text)),
    // Consume-transform-produce: offsets sent to a transaction, commits, aborts, refusals and waits.
    ...(['faults', 'twoPartitions', 'zombieBeforeKip447', 'plain'] as const).map(name =>
      scenarioFromYaml(`pipeline-${name}`, PIPELINE[name]),
    ),
    // The error path: retries in place and in a retry topic, dead-letter writes awaited or not, poison records.
    ...(['blockingDlq', 'retryTopic', 'dlqNotAwaited', 'poisonDlq', 'poisonStuck'] as const).map(name =>
      scenarioFromYaml(`error-${name}`, ERROR_PATH[name]),
    ),
    // Connections: handshakes with the brokers, refused ones, impostors accepted and refused, records read.
    ...[
      'sasl-plain-eavesdropped',
      'tls-no-hostname-verification-mitm',
      'tls-hostname-verification-mitm',
      'sasl-mechanism-not-enabled',
    ].map(builtIn),
  ]
}
