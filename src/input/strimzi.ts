// Strimzi's custom resources (kafka.strimzi.io): a Kafka cluster (`spec.kafka.version`, `replicas`, `config`), its
// KafkaNodePools (`spec.replicas`, `spec.roles`) and a KafkaTopic (`spec.partitions`, `replicas`, `config`), read from
// one or several YAML documents, each value with its line. Reference: strimzi.io/docs/operators/latest/configuring.html.
import type { Node } from 'yaml'
import { invalidValue, type Origin } from '../../spec/index.js'
import { DeploymentBuilder, type DeploymentBlock, type DeploymentOptions, type DeploymentRead } from './deployment.js'
import type { InputIssue } from './errors.js'
import { fieldAt, fieldOf, fieldsOf, isMap, isSeq, itemsOf, originOf, textOf, type YamlDocument } from './yamlTree.js'

export const STRIMZI_KINDS = ['Kafka', 'KafkaNodePool', 'KafkaTopic'] as const

interface Resource {
  readonly yaml: YamlDocument
  readonly root: Node
  readonly apiVersion: string
  readonly kind: string
  readonly kindOrigin: Origin
  readonly name: string
}

const isStrimzi = (resource: Resource) => resource.apiVersion.startsWith('kafka.strimzi.io/')

/** Whether a YAML document is a Kubernetes resource (it has apiVersion and kind). */
export const isKubernetesResource = (yaml: YamlDocument): boolean =>
  fieldOf(yaml, yaml.doc.contents as Node | null, 'apiVersion') !== undefined &&
  fieldOf(yaml, yaml.doc.contents as Node | null, 'kind') !== undefined

function resourceOf(yaml: YamlDocument): Resource {
  const root = yaml.doc.contents as Node
  const kind = fieldOf(yaml, root, 'kind')
  return {
    yaml,
    root,
    apiVersion: textOf(fieldOf(yaml, root, 'apiVersion')?.value ?? null) ?? '',
    kind: textOf(kind?.value ?? null) ?? '',
    kindOrigin: originOf(yaml, kind?.keyNode ?? null),
    name: textOf(fieldAt(yaml, root, ['metadata', 'name'])?.value ?? null) ?? '',
  }
}

/**
 * Options Strimzi manages itself and ignores in spec.kafka.config ("Properties with the following prefixes cannot be
 * set", KafkaClusterSpec schema reference), less the exceptions it allows.
 */
const STRIMZI_MANAGED = [
  'advertised.',
  'authorizer.',
  'broker.',
  'controller',
  'cruise.control.metrics.reporter.bootstrap.',
  'cruise.control.metrics.topic',
  'host.name',
  'inter.broker.listener.name',
  'listener.',
  'listeners',
  'log.dir',
  'node.id',
  'password.',
  'port',
  'process.roles',
  'sasl.',
  'security.',
  'servers',
  'ssl.',
  'super.user',
  'zookeeper.clientCnxnSocket',
  'zookeeper.connect',
  'zookeeper.set.acl',
  'zookeeper.ssl',
]
const STRIMZI_ALLOWED = [
  'ssl.cipher.suites',
  'ssl.protocol',
  'ssl.enabled.protocols',
  'cruise.control.metrics.topic.',
  'controller.quorum.election.backoff.max.ms',
  'controller.quorum.election.timeout.ms',
  'controller.quorum.fetch.timeout.ms',
]
const managedByStrimzi = (key: string) =>
  STRIMZI_MANAGED.some(prefix => key.startsWith(prefix)) && !STRIMZI_ALLOWED.some(prefix => key.startsWith(prefix))

/** A `config:` mapping as dotted keys (nested mappings joined with dots), each with the line of its key. */
function configEntries(
  yaml: YamlDocument,
  node: Node | null,
  prefix = '',
): { key: string; value: string | string[]; origin: Origin }[] {
  return fieldsOf(yaml, node).flatMap(field => {
    const key = `${prefix}${field.key}`
    if (isMap(field.value)) return configEntries(yaml, field.value, `${key}.`)
    const origin = originOf(yaml, field.keyNode)
    if (isSeq(field.value)) return [{ key, value: itemsOf(yaml, field.value).map(item => textOf(item) ?? ''), origin }]
    return [{ key, value: textOf(field.value) ?? '', origin }]
  })
}

/** A scalar field's value and the line of its key, if the field is there. */
function scalarAt(resource: Resource, path: readonly string[]): { value: string; origin: Origin } | undefined {
  const field = fieldAt(resource.yaml, resource.root, path)
  if (field === undefined) return undefined
  return { value: textOf(field.value) ?? '', origin: originOf(resource.yaml, field.keyNode) }
}

function readKafka(kafka: Resource, pools: readonly Resource[], builder: DeploymentBuilder): void {
  const version = scalarAt(kafka, ['spec', 'kafka', 'version'])
  if (version !== undefined) builder.set('kafka', 'version', version.value, version.origin)
  const config = fieldAt(kafka.yaml, kafka.root, ['spec', 'kafka', 'config'])
  for (const { key, value, origin } of configEntries(kafka.yaml, config?.value ?? null)) {
    if (managedByStrimzi(key)) {
      builder.note(
        'ignored',
        origin,
        'broker',
        key,
        `Strimzi configures ${key} itself (listeners, security, broker ids and directories) and ignores it in ` +
          'spec.kafka.config; ignored',
      )
      continue
    }
    builder.set('broker', key, value, origin)
  }
  const annotation = (name: string) => scalarAt(kafka, ['metadata', 'annotations', name])
  const nodePools = annotation('strimzi.io/node-pools')
  const kraft = annotation('strimzi.io/kraft')
  const zookeeper = fieldAt(kafka.yaml, kafka.root, ['spec', 'zookeeper'])
  if (kraft?.value === 'enabled') builder.set('kafka', 'metadata', 'kraft', kraft.origin)
  else if (zookeeper !== undefined)
    builder.set('kafka', 'metadata', 'zookeeper', originOf(kafka.yaml, zookeeper.keyNode))
  if (pools.length > 0) return
  // With node pools, "the replicas and storage in the Kafka resource are ignored" (Strimzi, "Configuring node pools").
  const replicas = scalarAt(kafka, ['spec', 'kafka', 'replicas'])
  if (nodePools?.value === 'enabled')
    builder.note(
      'note',
      nodePools.origin,
      'cluster',
      'brokers',
      `${kafka.name} takes its brokers from KafkaNodePool resources, which this file does not hold; give them in ` +
        'the same file to count the brokers',
    )
  else if (replicas !== undefined) builder.set('cluster', 'brokers', replicas.value, replicas.origin)
}

/** The brokers of node pools: the replicas of every pool whose roles include broker (KIP-631 combined or broker-only). */
function readPools(pools: readonly Resource[], builder: DeploymentBuilder): void {
  let count = 0
  let origin: Origin | null = null
  for (const pool of pools) {
    const roles = itemsOf(pool.yaml, fieldAt(pool.yaml, pool.root, ['spec', 'roles'])?.value ?? null).map(textOf)
    if (roles.includes('controller') && !builder.has('kafka', 'metadata'))
      builder.set(
        'kafka',
        'metadata',
        'kraft',
        originOf(pool.yaml, fieldAt(pool.yaml, pool.root, ['spec', 'roles'])!.keyNode),
      )
    if (!roles.includes('broker')) continue
    const replicas = scalarAt(pool, ['spec', 'replicas'])
    if (replicas === undefined) continue
    if (!/^\d+$/.test(replicas.value)) {
      // Not a count: handed over as written, so the resolver names the value and its line.
      builder.set('cluster', 'brokers', replicas.value, replicas.origin)
      return
    }
    origin ??= replicas.origin
    count += Number(replicas.value)
  }
  if (origin !== null) builder.set('cluster', 'brokers', String(count), origin)
}

function readTopic(topic: Resource, builder: DeploymentBuilder): void {
  // "If the topicName is not specified, the metadata.name is used" (Strimzi, KafkaTopic resource).
  const name = scalarAt(topic, ['spec', 'topicName']) ?? scalarAt(topic, ['metadata', 'name'])
  if (name !== undefined) builder.set('topic', 'name', name.value, name.origin)
  const partitions = scalarAt(topic, ['spec', 'partitions'])
  if (partitions !== undefined) builder.set('topic', 'partitions', partitions.value, partitions.origin)
  const replicas = scalarAt(topic, ['spec', 'replicas'])
  if (replicas !== undefined) builder.set('topic', 'replication.factor', replicas.value, replicas.origin)
  const config = fieldAt(topic.yaml, topic.root, ['spec', 'config'])
  for (const { key, value, origin } of configEntries(topic.yaml, config?.value ?? null))
    builder.set('topic', key, value, origin)
}

const topicNameOf = (topic: Resource): string =>
  textOf(fieldAt(topic.yaml, topic.root, ['spec', 'topicName'])?.value ?? null) || topic.name

/** Kubernetes resources: Strimzi's Kafka, KafkaNodePool and KafkaTopic are read; any other kind is noted or refused. */
export function readStrimzi(docs: readonly YamlDocument[], options: DeploymentOptions): DeploymentRead | InputIssue {
  const builder = new DeploymentBuilder()
  const resources = docs.map(resourceOf)
  const readable = resources.filter(r => isStrimzi(r) && (STRIMZI_KINDS as readonly string[]).includes(r.kind))
  const allowed = `${STRIMZI_KINDS.join(', ')} (apiVersion kafka.strimzi.io/...)`
  const unread = resources.filter(r => !readable.includes(r))
  if (readable.length === 0) {
    const first = unread[0]!
    const block: DeploymentBlock = options.role
    return invalidValue(first.kindOrigin, block, 'kind', `${first.kind} (${first.apiVersion})`, allowed)
  }
  for (const other of unread)
    builder.note(
      'ignored',
      other.kindOrigin,
      null,
      'kind',
      `${other.kind} ${other.name} (${other.apiVersion}) is not a resource kafkacheck reads (${allowed}); ignored`,
    )

  const kafkas = readable.filter(r => r.kind === 'Kafka')
  const [kafka, second] = kafkas
  if (second !== undefined)
    return invalidValue(
      second.kindOrigin,
      'broker',
      'kind',
      `Kafka ${second.name}`,
      `one Kafka resource per file (this one also holds Kafka ${kafka!.name})`,
    )
  const cluster = (r: Resource) =>
    textOf(fieldAt(r.yaml, r.root, ['metadata', 'labels', 'strimzi.io/cluster'])?.value ?? null)
  const belongs = (r: Resource) => kafka === undefined || [null, '', kafka.name].includes(cluster(r))
  const pools = readable.filter(r => r.kind === 'KafkaNodePool' && belongs(r))
  if (kafka !== undefined) readKafka(kafka, pools, builder)
  readPools(pools, builder)

  const topics = readable.filter(r => r.kind === 'KafkaTopic')
  const wanted = options.topicName
  const chosen = wanted === undefined ? topics : topics.filter(t => topicNameOf(t) === wanted || t.name === wanted)
  if (wanted !== undefined && topics.length > 0 && chosen.length === 0)
    return invalidValue(
      topics[0]!.kindOrigin,
      'topic',
      'name',
      wanted,
      `a KafkaTopic of this file: ${topics.map(topicNameOf).join(', ')}`,
    )
  if (chosen.length > 1)
    return invalidValue(
      chosen[1]!.kindOrigin,
      'topic',
      'kind',
      `KafkaTopic ${topicNameOf(chosen[1]!)}`,
      `one KafkaTopic (kafkacheck checks one topic; this file holds ${chosen.map(topicNameOf).join(', ')}): name ` +
        'one in a scenario file, topic: { file: ..., name: <topic> }',
    )
  if (chosen[0] !== undefined) readTopic(chosen[0], builder)
  return builder.build('strimzi')
}
