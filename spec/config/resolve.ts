// From what the user wrote (RawScenario) to the effective Scenario the model runs, or to the one issue that stops it.
// Block by block: the Kafka version and platform first, since every default depends on them.
import { rejectUnknownKeys, resolveApp, resolveBound, resolveExpect, resolveFaults } from './app.js'
import { resolveConsumer } from './consumer.js'
import { invalidValue, type ConfigIssue, type Resolution } from './issues.js'
import { keyWarnings } from './keyWarnings.js'
import { resolveProducer } from './producer.js'
import { KAFKA_ROLES, SCENARIO_BLOCKS, type BlockName, type RawScenario, type Warning } from './raw.js'
import { BlockReader } from './reader.js'
import { resolveDeployment } from './topic.js'
import {
  KAFKA_VERSIONS,
  METADATA_MODES,
  PLATFORMS,
  type MetadataMode,
  type Platform,
  type Scenario,
  type SecurityConfig,
} from './types.js'
import { MODEL_LIMITS } from '../params.js'
import { integer, oneOf, shown } from './values.js'
import { poisonRecords } from './serde.js'
import { resolveSecurity } from './security.js'
import { atLeast, formatRelease, parseKafkaRelease, type KafkaRelease } from './versions.js'
import { INT_MAX } from './defaults.js'

/** The newest version kafkacheck knows: what a scenario without `kafka.version` runs. */
export const DEFAULT_KAFKA_VERSION = KAFKA_VERSIONS[KAFKA_VERSIONS.length - 1]!

function resolveKafka(reader: BlockReader): { release: KafkaRelease; platform: Platform; metadata: MetadataMode } {
  rejectUnknownKeys(reader, ['version', 'platform', 'metadata'], 'kafka setting')
  const platform = reader.read('platform', oneOf(PLATFORMS), 'apache')
  const written = reader.entry('version')
  const parsed = written === undefined ? null : parseKafkaRelease(shown(written.value))
  if (written !== undefined && parsed === null) {
    const allowed = `${KAFKA_VERSIONS.join(', ')} (a patch such as 3.7.1 is read as its minor version)`
    reader.refuse('version', allowed)
  }
  const release = parsed ?? { version: DEFAULT_KAFKA_VERSION, patch: null }
  const { version } = release
  // KRaft came as early access in 2.8 and is production-ready from 3.3 (KIP-833), the first version whose new
  // clusters default to it here; 4.0 removed ZooKeeper. Amazon MSK clusters run ZooKeeper unless created as KRaft.
  const byDefault: MetadataMode = atLeast(version, '4.0')
    ? 'kraft'
    : atLeast(version, '3.3') && platform !== 'msk'
      ? 'kraft'
      : 'zookeeper'
  const metadata = reader.read('metadata', oneOf(METADATA_MODES), byDefault)
  if (metadata === 'kraft' && !atLeast(version, '2.8'))
    reader.refuse('metadata', 'zookeeper (KRaft came in 2.8)', metadata)
  if (metadata === 'zookeeper' && atLeast(version, '4.0'))
    reader.refuse('metadata', 'kraft (Kafka 4.0 removed ZooKeeper)', metadata)
  return { release, platform, metadata }
}

export function resolveScenario(raw: RawScenario): Resolution {
  const readers = Object.fromEntries(
    SCENARIO_BLOCKS.map(block => [block, new BlockReader(block, raw.blocks[block] ?? new Map(), raw.origin)]),
  ) as Record<BlockName, BlockReader>
  const warnings: Warning[] = [...raw.notes]

  const { release, platform, metadata } = resolveKafka(readers.kafka)
  if (readers.kafka.issue !== null) return { ok: false, issue: readers.kafka.issue }
  for (const role of KAFKA_ROLES) warnings.push(...keyWarnings(readers[role], role, release.version))
  rejectUnknownKeys(readers.cluster, ['brokers', 'producers', 'consumers', 'partitions'], 'cluster setting')

  const resolved = resolveDeployment(readers, release, platform, warnings)
  if (metadata === 'kraft' && !atLeast(release.version, '3.9') && resolved.topic['unclean.leader.election.enable']) {
    const reader = readers.topic.has('unclean.leader.election.enable') ? readers.topic : readers.broker
    warnings.push({
      kind: 'note',
      origin: reader.origin('unclean.leader.election.enable'),
      block: reader === readers.topic ? 'topic' : 'broker',
      key: 'unclean.leader.election.enable',
      message:
        `the KRaft controller of Kafka ${release.version} never elects an unclean leader by itself ` +
        '(ConfigurationControlManager.uncleanLeaderElectionEnabledForTopic is false until 3.9, KAFKA-12670): the ' +
        'partition stays offline unless an operator runs kafka-leader-election --election-type unclean',
    })
  }
  // A scenario about the producer side leaves the consumer out; a consumer block (or cluster.consumers) brings it in.
  const withConsumer = readers.cluster.has('consumers') || readers.consumer.keys().length > 0
  const deployment = withConsumer ? resolved : { ...resolved, cluster: { ...resolved.cluster, consumers: 0 } }
  const producer = resolveProducer(readers.producer, release, warnings)
  const consumer = resolveConsumer(readers.consumer, release.version, warnings)
  const app = resolveApp(readers.app, warnings)
  const transactional = producer['transactional.id'] !== null
  const errorPath = app.retry !== 'none' || app.dlq
  const faults = resolveFaults(readers.faults, transactional, errorPath)
  const pipeline = app.pipeline === 'consume-transform-produce'
  if (pipeline) refuseInPipeline(readers, deployment.cluster.consumers, transactional, consumer, app)
  refuseIgnoredCoordinatorCrash(readers, deployment.cluster.consumers, consumer, app, pipeline && transactional)
  const poison = poisonRecords(producer, consumer)
  if (errorPath || poison || readers.faults.has('processing-failure'))
    refuseOutsideErrorPath(readers, deployment.cluster.consumers, consumer, app, pipeline)
  refuseTransactionalWithout(readers, transactional, pipeline, release)
  const security = resolveSecurity(readers, faults, release.version, deployment.cluster.consumers > 0, warnings)
  if (security !== null) refuseWithSecurity(readers, security, producer, release.version, pipeline)
  const bound = resolveBound(readers.bound)
  const expect = resolveExpect(readers.expect)

  for (const block of SCENARIO_BLOCKS) {
    const issue = readers[block].issue
    if (issue !== null) return { ok: false, issue }
  }
  const scenario: Scenario = {
    name: raw.name,
    description: raw.description,
    kafka: { version: release.version, platform, metadata },
    ...deployment,
    producer,
    consumer,
    app,
    security,
    faults,
    bound,
    expect,
  }
  const beyond = beyondModelLimits(scenario, readers)
  return beyond === null ? { ok: true, scenario, warnings } : { ok: false, issue: beyond }
}

/**
 * Transactions are modelled from 2.5, whose client bumps its epoch after an abortable error (KIP-360,
 * TransactionManager.canBumpEpoch); the transactional settings of the app and faults blocks need a transactional.id.
 */
function refuseTransactionalWithout(
  readers: Record<BlockName, BlockReader>,
  transactional: boolean,
  pipeline: boolean,
  release: KafkaRelease,
): void {
  // A pipeline's transaction is one step, so no produce-path rule of a version matters there.
  if (transactional && !pipeline && !atLeast(release.version, '2.5'))
    readers.producer.refuse('transactional.id', 'none before Kafka 2.5 (transactions are modelled from 2.5, KIP-360)')
  if (transactional) {
    refuseTransactionTimeout(readers, release)
    if (!pipeline && readers.app.written('transactional-id', '') === 'per-partition')
      readers.app.refuse('transactional-id', 'stable or per-instance (per-partition is for app.pipeline)')
    return
  }
  if (readers.faults.written('txn-abort', '0') !== '0')
    readers.faults.refuse('txn-abort', '0 (the application aborts transactions only with a producer transactional.id)')
  if (readers.app.has('transactional-id'))
    readers.app.refuse('transactional-id', 'nothing without a producer transactional.id')
}

/**
 * InitProducerId refuses a transaction.timeout.ms above the broker's transaction.max.timeout.ms
 * (TransactionCoordinator.handleInitProducerId: INVALID_TRANSACTION_TIMEOUT, fatal in the client).
 */
function refuseTransactionTimeout(readers: Record<BlockName, BlockReader>, release: KafkaRelease): void {
  const timeout = readers.producer.readOptional('transaction.timeout.ms', integer(1, INT_MAX)) ?? 60_000
  const maximum = readers.broker.readOptional('transaction.max.timeout.ms', integer(1, INT_MAX)) ?? 900_000
  if (timeout > maximum)
    readers.producer.reject(
      'transaction.timeout.ms',
      String(timeout),
      `a Kafka ${formatRelease(release)} transaction coordinator (InitProducerId)`,
      'The transaction timeout is larger than the maximum value allowed by the broker (as configured by ' +
        `transaction.max.timeout.ms=${maximum}).`,
    )
}

/**
 * `faults.coordinator-crash` is the group coordinator moving while a commitSync is in flight: without such a commit it
 * could never happen, and would be silently ignored. (The transaction coordinator moving changes nothing the model
 * can tell: each of its transitions is persisted at once and a new coordinator finishes a prepared transaction.)
 */
function refuseIgnoredCoordinatorCrash(
  readers: Record<BlockName, BlockReader>,
  consumers: number,
  consumer: Scenario['consumer'],
  app: Scenario['app'],
  transactionalPipeline: boolean,
): void {
  if (readers.faults.written('coordinator-crash', '0') === '0') return
  const commitSync =
    consumers > 0 && !consumer['enable.auto.commit'] && app.processing === 'sync' && !transactionalPipeline
  if (!commitSync)
    readers.faults.refuse(
      'coordinator-crash',
      '0 without a consumer that commits with commitSync after synchronous processing (the fault moves the group ' +
        'coordinator during that commit)',
    )
}

/** The producer-side faults: a pipeline's input is already written and its own producer's writes are one step. */
const PRODUCE_PATH_FAULTS = ['lost-request', 'lost-response', 'delayed-request', 'delivery-timeout', 'producer-restart']

/**
 * What a consume-transform-produce pipeline cannot be combined with: no consumer to run it, the producer-side faults,
 * and for a transactional pipeline a loop that commits outside the transaction (auto-commit, commit before
 * processing, a worker thread) or a transactional-id policy (each member's producer has its own).
 */
function refuseInPipeline(
  readers: Record<BlockName, BlockReader>,
  consumers: number,
  transactional: boolean,
  consumer: Scenario['consumer'],
  app: Scenario['app'],
): void {
  const { app: appReader, consumer: consumerReader, faults } = readers
  if (consumers === 0)
    appReader.refuse('pipeline', 'none without consumers (set cluster.consumers or a consumer block)')
  for (const fault of PRODUCE_PATH_FAULTS)
    if (faults.written(fault, '0') !== '0') faults.refuse(fault, '0 with app.pipeline (the input is already written)')
  if (appReader.has('transactional-id') && app['transactional-id'] !== 'per-partition')
    appReader.refuse('transactional-id', 'per-partition with app.pipeline (without it, each member has its own)')
  if (!transactional) return
  if (consumer['enable.auto.commit'])
    consumerReader.refuse(
      'enable.auto.commit',
      'false in a transactional pipeline (offsets go in the transaction)',
      'true',
    )
  if (app.commit === 'before-process')
    appReader.refuse('commit', 'after-process in a transactional pipeline', app.commit)
  if (app.processing === 'async') appReader.refuse('processing', 'sync in a transactional pipeline', app.processing)
  if (app['commit-interval'] === 'periodic')
    appReader.refuse(
      'commit-interval',
      'every-batch in a transactional pipeline (each transaction commits)',
      'periodic',
    )
  if (app['commit-on-revoke'])
    appReader.refuse('commit-on-revoke', 'false in a transactional pipeline (offsets go in the transaction)', 'true')
}

/**
 * The error path (retries, a dead-letter queue, failing records) is modelled for the synchronous poll loop that
 * commits after processing, with consumers, outside a pipeline.
 */
function refuseOutsideErrorPath(
  readers: Record<BlockName, BlockReader>,
  consumers: number,
  consumer: Scenario['consumer'],
  app: Scenario['app'],
  pipeline: boolean,
): void {
  const { app: appReader, consumer: consumerReader } = readers
  const key = appReader.has('retry') ? 'retry' : appReader.has('dlq') ? 'dlq' : null
  const where = key === null ? 'with failing records' : `with app.${key}`
  if (consumers === 0 && key !== null)
    appReader.refuse(key, 'none without consumers (set cluster.consumers or a consumer block)')
  if (consumer['enable.auto.commit'])
    consumerReader.refuse(
      'enable.auto.commit',
      `false ${where} (modelled for a manual commit after processing)`,
      'true',
    )
  if (app.commit === 'before-process') appReader.refuse('commit', `after-process ${where}`, app.commit)
  if (app.processing === 'async') appReader.refuse('processing', `sync ${where}`, app.processing)
  if (pipeline) appReader.refuse('pipeline', `none ${where}`, app.pipeline)
}

/**
 * Connections are modelled for the producers and consumers of the scenario; a pipeline's own producers, and the
 * transactional and idempotent-write ACLs an authorizer would also check, are not.
 */
function refuseWithSecurity(
  readers: Record<BlockName, BlockReader>,
  security: SecurityConfig,
  producer: Scenario['producer'],
  version: Scenario['kafka']['version'],
  pipeline: boolean,
): void {
  const transactional = producer['transactional.id'] !== null
  if (pipeline) readers.app.refuse('pipeline', "none with security settings (a pipeline's producers are not connected)")
  // Before 2.8 (KIP-679) an idempotent producer also needs IDEMPOTENT_WRITE on the cluster (KafkaApis.handleInitProducerIdRequest).
  if (producer['enable.idempotence'] && security['authorizer.class.name'] !== null && !atLeast(version, '2.8'))
    readers.producer.refuse(
      'enable.idempotence',
      'false with an authorizer before Kafka 2.8 (the IDEMPOTENT_WRITE cluster ACL it needs then is not modelled)',
      'true',
    )
  if (transactional && security['authorizer.class.name'] !== null)
    readers.producer.refuse(
      'transactional.id',
      'none with an authorizer (the TransactionalId ACLs it would check are not modelled)',
    )
}

/** A size Kafka accepts but the model cannot explore (MODEL_LIMITS), as an input error naming where it was set. */
function beyondModelLimits(scenario: Scenario, readers: Record<BlockName, BlockReader>): ConfigIssue | null {
  const { cluster, topic, bound, faults } = scenario
  const sizes: [BlockName, string, number, number][] = [
    ['cluster', 'brokers', cluster.brokers, MODEL_LIMITS.brokers],
    [
      readers.topic.has('partitions') ? 'topic' : 'cluster',
      'partitions',
      topic.partitions + faults['add-partition'],
      MODEL_LIMITS.partitions,
    ],
    ['cluster', 'producers', cluster.producers, MODEL_LIMITS.producers],
    ['cluster', 'consumers', cluster.consumers, MODEL_LIMITS.consumers],
    ['bound', 'messages', bound.messages, MODEL_LIMITS.messages],
    ['bound', 'retries', bound.retries, MODEL_LIMITS.retries],
    ...Object.entries(faults).map(([fault, budget]): [BlockName, string, number, number] => [
      'faults',
      fault,
      budget,
      MODEL_LIMITS.faultBudget,
    ]),
  ]
  for (const [block, key, value, limit] of sizes)
    if (value > limit)
      return invalidValue(
        readers[block].origin(key),
        block,
        key,
        String(value),
        `at most ${limit} (the most the model explores)`,
      )
  return null
}
