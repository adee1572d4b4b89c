// A docker-compose file's Kafka brokers: each broker service's environment read into server.properties the way its
// image does it at start-up, the broker count from the services (and their replicas), the Kafka version from the
// image tag, ZooKeeper or KRaft from the settings. Every value keeps the line of the environment entry it came from.
import { dirname, join } from 'node:path'
import type { Node } from 'yaml'
import { invalidValue, isKnownKey, type Origin } from '../../spec/index.js'
import { DeploymentBuilder, readText, type DeploymentRead } from './deployment.js'
import type { InputIssue } from './errors.js'
import { fieldAt, fieldOf, fieldsOf, isMap, isSeq, itemsOf, originOf, textOf, type YamlDocument } from './yamlTree.js'

/** How an image turns environment variables into server.properties. */
export type EnvConvention = 'bitnami' | 'kafka-docker'

export interface KafkaImage {
  /** The repository, without registry and tag: `bitnami/kafka`. */
  readonly repository: string
  readonly convention: EnvConvention
  readonly vendor: 'bitnami' | 'confluent' | 'apache'
}

/** The images that run a Kafka broker; any other service (ZooKeeper, Schema Registry, Connect, a UI) is not one. */
export const KAFKA_IMAGES: readonly KafkaImage[] = [
  { repository: 'bitnami/kafka', convention: 'bitnami', vendor: 'bitnami' },
  { repository: 'bitnamilegacy/kafka', convention: 'bitnami', vendor: 'bitnami' },
  { repository: 'confluentinc/cp-kafka', convention: 'kafka-docker', vendor: 'confluent' },
  { repository: 'confluentinc/cp-server', convention: 'kafka-docker', vendor: 'confluent' },
  { repository: 'apache/kafka', convention: 'kafka-docker', vendor: 'apache' },
  { repository: 'apache/kafka-native', convention: 'kafka-docker', vendor: 'apache' },
]

/** `docker.io/bitnami/kafka:3.7@sha256:...` -> repository `bitnami/kafka`, tag `3.7`. */
export function parseImage(reference: string): { readonly repository: string; readonly tag: string | null } {
  const [name = ''] = reference.trim().split('@')
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  const tag = colon > slash ? name.slice(colon + 1) : null
  const path = (colon > slash ? name.slice(0, colon) : name).split('/')
  const first = path[0] ?? ''
  // A registry host has a dot or a port, or is localhost (the reference grammar of distribution/reference).
  if (path.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) path.shift()
  if (path[0] === 'library') path.shift()
  return { repository: path.join('/').toLowerCase(), tag }
}

/**
 * Bitnami: "any environment variable beginning with KAFKA_CFG_ will be mapped to its corresponding Apache Kafka key"
 * (github.com/bitnami/containers bitnami/kafka/README.md): libkafka.sh strips the prefix, turns `_` into `.`, lowers the
 * case, and keeps sasl_ssl and sasl_plaintext (listener names) whole.
 */
export function bitnamiProperty(variable: string): string | null {
  if (!variable.startsWith('KAFKA_CFG_')) return null
  return variable
    .slice('KAFKA_CFG_'.length)
    .replaceAll('_', '.')
    .toLowerCase()
    .replaceAll('sasl.ssl', 'sasl_ssl')
    .replaceAll('sasl.plaintext', 'sasl_plaintext')
}

/**
 * apache/kafka and confluentinc/cp-kafka: strip KAFKA_, lower the case, `_` -> `.`, `___` -> `-`, `__` -> `_`
 * (apache/kafka docker/README.md, "Using Environment Variables", and KafkaDockerWrapper.getServerConfigsFromEnv;
 * confluent-docker-utils dub.py env_to_props does the same for cp-kafka). Confluent's own docs list the last two the
 * other way round; the code is what runs.
 */
export function kafkaDockerProperty(variable: string): string | null {
  if (!variable.startsWith('KAFKA_')) return null
  return variable.slice('KAFKA_'.length).toLowerCase().replaceAll('_', '.').replaceAll('...', '-').replaceAll('..', '_')
}

/** KAFKA_ variables these images keep for the JVM and logging (KafkaDockerWrapper's ExcludeServerPropsEnv, cp-kafka's template). */
const KAFKA_DOCKER_EXCLUDED = new Set([
  'KAFKA_VERSION',
  'KAFKA_HEAP_OPTS',
  'KAFKA_LOG4J_OPTS',
  'KAFKA_OPTS',
  'KAFKA_JMX_OPTS',
  'KAFKA_JVM_PERFORMANCE_OPTS',
  'KAFKA_GC_LOG_OPTS',
  'KAFKA_LOG4J_ROOT_LOGLEVEL',
  'KAFKA_LOG4J_LOGGERS',
  'KAFKA_TOOLS_LOG4J_LOGLEVEL',
  'KAFKA_JMX_HOSTNAME',
  'KAFKA_JMX_PORT', // read by kafka-run-class.sh for the JMX agent
])

/** Bitnami's own KAFKA_ variables (the README's "Configuration" list): image settings, not server properties. */
const BITNAMI_OWN = [
  'KAFKA_BROKER_ID',
  'KAFKA_CERTIFICATE_PASSWORD',
  'KAFKA_CLIENT_',
  'KAFKA_CLUSTER_ID',
  'KAFKA_CONTROLLER_',
  'KAFKA_ENABLE_KRAFT',
  'KAFKA_HEAP_OPTS',
  'KAFKA_INITIAL_CONTROLLERS',
  'KAFKA_INTER_BROKER_',
  'KAFKA_JMX_',
  'KAFKA_KRAFT_',
  'KAFKA_LOG4J_',
  'KAFKA_MOUNTED_CONF_DIR',
  'KAFKA_OPTS',
  'KAFKA_SKIP_KRAFT_STORAGE_INIT',
  'KAFKA_TLS_',
  'KAFKA_ZOOKEEPER_',
]

/**
 * Confluent Platform ships this Apache Kafka (docs.confluent.io/platform/current/installation/versions-interoperability.html,
 * "Confluent Platform and Apache Kafka compatibility").
 */
const CONFLUENT_PLATFORM_KAFKA: Readonly<Record<string, string>> = {
  '3.0': '0.10.0',
  '3.1': '0.10.1',
  '3.2': '0.10.2',
  '3.3': '0.11.0',
  '4.0': '1.0',
  '4.1': '1.1',
  '5.0': '2.0',
  '5.1': '2.1',
  '5.2': '2.2',
  '5.3': '2.3',
  '5.4': '2.4',
  '5.5': '2.5',
  '6.0': '2.6',
  '6.1': '2.7',
  '6.2': '2.8',
  '7.0': '3.0',
  '7.1': '3.1',
  '7.2': '3.2',
  '7.3': '3.3',
  '7.4': '3.4',
  '7.5': '3.5',
  '7.6': '3.6',
  '7.7': '3.7',
  '7.8': '3.8',
  '7.9': '3.9',
  '8.0': '4.0',
  '8.1': '4.1',
}

/** The Apache Kafka version an image tag runs ("3.7.0-debian-12-r0" -> 3.7.0; cp-kafka "7.6.1" -> 3.6), or null ("latest"). */
export function kafkaVersionOfTag(image: KafkaImage, tag: string | null): string | null {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag ?? '')
  if (match === null) return null
  const [, major, minor, patch] = match
  if (image.vendor === 'confluent') return CONFLUENT_PLATFORM_KAFKA[`${major}.${minor}`] ?? null
  return `${major}.${minor}${patch === undefined ? '' : `.${patch}`}`
}

/**
 * Compose's interpolation (docs.docker.com/reference/compose-file/interpolation/): `$$` is a dollar, and a variable
 * takes its `${VAR:-default}` default, since kafkacheck reads neither .env nor the shell; `${VAR}` stays as written.
 */
export function interpolate(text: string): { readonly value: string; readonly unknown: readonly string[] } {
  const unknown: string[] = []
  const value = text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced: string | undefined, operator: string | undefined, word: string | undefined) => {
      if (whole === '$$') return '$'
      if (operator === '-' || operator === ':-') return word ?? ''
      if (operator === '+' || operator === ':+') return ''
      unknown.push(whole)
      return whole
    },
  )
  return { value, unknown }
}

interface EnvVariable {
  readonly name: string
  /** null: written without a value (`- NAME`), so Compose takes it from the shell. */
  readonly value: string | null
  readonly origin: Origin
}

interface KafkaService {
  readonly name: string
  readonly keyOrigin: Origin
  readonly image: KafkaImage
  readonly tag: string | null
  readonly imageOrigin: Origin
  /** Server properties in the order the image writes them; a later one replaces an earlier one. */
  readonly properties: readonly { readonly key: string; readonly value: string; readonly origin: Origin }[]
  readonly replicas: number
  readonly replicasOrigin: Origin | null
  /** Runs a command of its own (kafka-topics, a smoke test) instead of the broker, and sets no broker property. */
  readonly client: boolean
}

/** `KEY=value` lines of an env_file (docs.docker.com/reference/compose-file/services/#env_file). */
function envFileVariables(file: string, text: string): EnvVariable[] {
  const variables: EnvVariable[] = []
  text.split(/\r\n?|\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const [, name = '', rest] = /^(?:export\s+)?([^=\s]+)\s*(?:=(.*))?$/.exec(line) ?? []
    const unquoted = rest === undefined ? null : rest.trim().replace(/^(["'])(.*)\1$/, '$2')
    variables.push({ name, value: unquoted, origin: { file, line: index + 1 } })
  })
  return variables
}

/** A service's environment: its env_file entries, then `environment:` (which wins), as a list or a mapping. */
function environmentOf(yaml: YamlDocument, service: Node | null, cwd: string): EnvVariable[] | InputIssue {
  const variables: EnvVariable[] = []
  const envFiles = fieldOf(yaml, service, 'env_file')
  if (envFiles !== undefined) {
    const paths = isSeq(envFiles.value) ? itemsOf(yaml, envFiles.value) : [envFiles.value]
    for (const item of paths) {
      const path = textOf(isMap(item) ? (fieldOf(yaml, item, 'path')?.value ?? null) : item) ?? ''
      const required = textOf(isMap(item) ? (fieldOf(yaml, item, 'required')?.value ?? null) : null) !== 'false'
      const envFile = join(dirname(yaml.file), path)
      const text = readText(envFile, cwd)
      if (typeof text !== 'string') {
        if (required) return text
        continue
      }
      variables.push(...envFileVariables(envFile, text))
    }
  }
  const environment = fieldOf(yaml, service, 'environment')
  if (environment === undefined) return variables
  if (isSeq(environment.value))
    for (const item of itemsOf(yaml, environment.value)) {
      const text = textOf(item) ?? ''
      const equals = text.indexOf('=')
      const name = equals < 0 ? text : text.slice(0, equals)
      variables.push({ name, value: equals < 0 ? null : text.slice(equals + 1), origin: originOf(yaml, item) })
    }
  else
    for (const field of fieldsOf(yaml, environment.value)) {
      const value = field.value === null || textOf(field.value) === '' ? null : textOf(field.value)
      variables.push({ name: field.key, value, origin: originOf(yaml, field.keyNode) })
    }
  return variables
}

/** The server properties a broker image writes from its environment, and what it leaves out that looks meant. */
function propertiesOf(
  service: string,
  image: KafkaImage,
  variables: readonly EnvVariable[],
  builder: DeploymentBuilder,
): KafkaService['properties'] {
  const properties: { key: string; value: string; origin: Origin }[] = []
  const repository = image.repository
  for (const { name, value, origin } of variables) {
    if (!name.startsWith('KAFKA_')) continue
    const key =
      image.convention === 'bitnami'
        ? bitnamiProperty(name)
        : KAFKA_DOCKER_EXCLUDED.has(name) || name.startsWith('KAFKA_CFG_')
          ? null
          : kafkaDockerProperty(name)
    if (key === null) {
      const meant = kafkaDockerProperty(name.replace(/^KAFKA_CFG_/, 'KAFKA_'))
      const bitnamiOwn = BITNAMI_OWN.some(prefix => name.startsWith(prefix))
      if (image.convention === 'bitnami' && !bitnamiOwn && meant !== null && isKnownKey('broker', meant))
        builder.note(
          'ignored',
          origin,
          'broker',
          meant,
          `${repository} reads only KAFKA_CFG_* variables into server.properties, so ${name} sets nothing ` +
            `(KAFKA_CFG_${name.slice('KAFKA_'.length)} would set ${meant}); ignored`,
        )
      if (image.convention === 'kafka-docker' && name.startsWith('KAFKA_CFG_'))
        builder.note(
          'ignored',
          origin,
          'broker',
          meant,
          `KAFKA_CFG_ is Bitnami's prefix: ${repository} writes ${name} as ${kafkaDockerProperty(name)}, which Kafka ` +
            `does not know (${name.replace(/^KAFKA_CFG_/, 'KAFKA_')} would set ${meant}); ignored`,
        )
      continue
    }
    if (value === null) {
      builder.note(
        'ignored',
        origin,
        'broker',
        key,
        `${service} takes ${name} from the shell that runs docker compose, which kafkacheck does not read; ignored`,
      )
      continue
    }
    const { value: text, unknown } = interpolate(value)
    if (unknown.length > 0)
      builder.note(
        'note',
        origin,
        'broker',
        key,
        `${unknown.join(', ')} comes from .env or the shell, which kafkacheck does not read; ${key} is read as written`,
      )
    // Bitnami skips empty values ("Skip empty values to avoid errors under set -e", libkafka.sh).
    if (image.convention === 'bitnami' && text.trim() === '') continue
    properties.push({ key, value: text, origin })
  }
  return properties
}

/** A whole number of containers from `deploy.replicas` or `scale`. */
function replicasOf(yaml: YamlDocument, service: Node | null): { count: number; origin: Origin | null } | InputIssue {
  const field = fieldAt(yaml, service, ['deploy', 'replicas']) ?? fieldOf(yaml, service, 'scale')
  if (field === undefined) return { count: 1, origin: null }
  const origin = originOf(yaml, field.keyNode)
  const text = interpolate(textOf(field.value) ?? '').value
  if (!/^\d+$/.test(text))
    return invalidValue(origin, 'cluster', field.key === 'scale' ? 'scale' : 'deploy.replicas', text, 'a whole number')
  return { count: Number(text), origin }
}

const PER_BROKER = new Set([
  'broker.id',
  'node.id',
  'broker.rack',
  'listeners',
  'advertised.listeners',
  'advertised.host.name',
  'advertised.port',
  'host.name',
  'port',
  'log.dir',
  'log.dirs',
])

/** Settings one broker has and the first does not, or with another value: the model runs one configuration. */
function compareBrokers(brokers: readonly KafkaService[], builder: DeploymentBuilder): void {
  const [first, ...others] = brokers
  if (first === undefined) return
  const last = (service: KafkaService) => new Map(service.properties.map(p => [p.key, p] as const))
  const reference = last(first)
  for (const other of others) {
    const mine = last(other)
    for (const key of new Set([...reference.keys(), ...mine.keys()])) {
      if (PER_BROKER.has(key) || key.includes('keystore')) continue
      const expected = reference.get(key)
      const actual = mine.get(key)
      if (expected?.value === actual?.value) continue
      const theirs =
        expected === undefined ? 'does not set it' : `sets ${expected.value} (line ${expected.origin.line})`
      builder.note(
        'note',
        actual?.origin ?? other.keyOrigin,
        'broker',
        key,
        `${other.name} ${actual === undefined ? `does not set ${key}` : `sets ${key}=${actual.value}`} and ` +
          `${first.name} ${theirs}: kafkacheck runs every broker with ${first.name}'s settings`,
      )
    }
  }
}

const imageNames = () => KAFKA_IMAGES.map(image => image.repository).join(', ')

/** A parsed compose file (its root has `services:`); env_file paths are relative to the compose file. */
export function readCompose(yaml: YamlDocument, cwd: string): DeploymentRead | InputIssue {
  const builder = new DeploymentBuilder()
  const servicesField = fieldOf(yaml, yaml.doc.contents as Node | null, 'services')!
  const servicesOrigin = originOf(yaml, servicesField.keyNode)
  const others: string[] = []
  const brokers: KafkaService[] = []
  const controllers: KafkaService[] = []
  for (const { key: name, keyNode, value: service } of fieldsOf(yaml, servicesField.value)) {
    const imageField = fieldOf(yaml, service, 'image')
    const reference = interpolate(textOf(imageField?.value ?? null) ?? '').value
    const { repository, tag } = parseImage(reference)
    const image = KAFKA_IMAGES.find(known => known.repository === repository)
    if (image === undefined || imageField === undefined) {
      others.push(reference === '' ? name : `${name} (${reference})`)
      continue
    }
    const variables = environmentOf(yaml, service, cwd)
    if (!Array.isArray(variables)) return variables
    const replicas = replicasOf(yaml, service)
    if ('kind' in replicas) return replicas
    const properties = propertiesOf(name, image, variables, builder)
    const command = fieldOf(yaml, service, 'command') ?? fieldOf(yaml, service, 'entrypoint')
    const kafka: KafkaService = {
      name,
      keyOrigin: originOf(yaml, keyNode),
      image,
      tag,
      imageOrigin: originOf(yaml, imageField.keyNode),
      properties,
      replicas: replicas.count,
      replicasOrigin: replicas.origin,
      client: command !== undefined && properties.length === 0,
    }
    const roles = properties
      .findLast(p => p.key === 'process.roles')
      ?.value.split(',')
      .map(role => role.trim())
    // KRaft: a node whose process.roles lacks `broker` is a controller only (KIP-631); it holds no partitions.
    if (kafka.client)
      builder.note(
        'note',
        kafka.keyOrigin,
        'cluster',
        null,
        `${name} runs a command with the Kafka image; not a broker`,
      )
    else if (roles !== undefined && !roles.includes('broker')) controllers.push(kafka)
    else brokers.push(kafka)
  }
  const first = brokers[0]
  if (first === undefined)
    return invalidValue(
      servicesOrigin,
      'cluster',
      'services',
      [...others, ...controllers.map(c => `${c.name} (controller only)`)].join(', ') || '(none)',
      `at least one Kafka broker service, with image ${imageNames()}`,
    )

  for (const { key, value, origin } of first.properties) builder.set('broker', key, value, origin)
  compareBrokers(brokers, builder)

  const count = brokers.reduce((sum, broker) => sum + broker.replicas, 0)
  const countOrigin = brokers.length === 1 && first.replicasOrigin !== null ? first.replicasOrigin : servicesOrigin
  builder.set('cluster', 'brokers', String(count), countOrigin)

  const version = kafkaVersionOfTag(first.image, first.tag)
  if (version !== null) {
    builder.set('kafka', 'version', version, first.imageOrigin)
    if (first.image.vendor === 'confluent')
      builder.note(
        'note',
        first.imageOrigin,
        'kafka',
        'version',
        `${first.image.repository}:${first.tag} is Confluent Platform ${first.tag}, which ships Apache Kafka ${version}`,
      )
  }
  for (const broker of brokers.slice(1))
    if (kafkaVersionOfTag(broker.image, broker.tag) !== version)
      builder.note(
        'note',
        broker.imageOrigin,
        'kafka',
        'version',
        `${broker.name} runs ${broker.image.repository}:${broker.tag ?? 'latest'} and ${first.name} ` +
          `${first.image.repository}:${first.tag ?? 'latest'}: kafkacheck checks ${first.name}'s version`,
      )

  // ZooKeeper mode needs zookeeper.connect; KRaft needs process.roles (KIP-500, KIP-631).
  const zookeeper = first.properties.findLast(p => p.key === 'zookeeper.connect')
  const roles = [...brokers, ...controllers].flatMap(s => s.properties).find(p => p.key === 'process.roles')
  if (zookeeper !== undefined) builder.set('kafka', 'metadata', 'zookeeper', zookeeper.origin)
  else if (roles !== undefined) builder.set('kafka', 'metadata', 'kraft', roles.origin)
  return builder.build('docker-compose')
}

/** Whether parsed YAML is a compose file: a mapping with `services:`. */
export const isCompose = (yaml: YamlDocument): boolean =>
  isMap(yaml.doc.contents) && fieldOf(yaml, yaml.doc.contents as Node, 'services') !== undefined
