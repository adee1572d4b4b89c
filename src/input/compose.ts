// A docker-compose file's Kafka brokers: each broker service's environment read into server.properties the way its
// image does it at start-up, the broker count from the services (and their replicas), the Kafka version from the
// image tag, ZooKeeper or KRaft from the settings. Every value keeps the line of the environment entry it came from.
import { dirname, join } from 'node:path'
import type { Node } from 'yaml'
import { invalidValue, isKnownKey, redacted, type Origin, type Warning } from '../../spec/index.js'
import { DeploymentBuilder, readText, type DeploymentRead } from './deployment.js'
import type { InputIssue } from './errors.js'
import {
  bitnamiProperty,
  BITNAMI_OWN,
  interpolate,
  KAFKA_DOCKER_EXCLUDED,
  KAFKA_IMAGES,
  kafkaDockerProperty,
  kafkaVersionOfTag,
  parseImage,
  type KafkaImage,
} from './kafkaImages.js'
import {
  fieldAt,
  fieldOf,
  fieldsOf,
  isMap,
  isSeq,
  itemsOf,
  originOf,
  textOf,
  type Field,
  type YamlDocument,
} from './yamlTree.js'

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
  /** What reading its environment noticed (variables the image does not read, values from the shell). */
  readonly notes: readonly Warning[]
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
function replicasOf(
  yaml: YamlDocument,
  field: Field | undefined,
): { count: number; origin: Origin | null } | InputIssue {
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
      const shown = (value: string) => redacted('broker', key, value)
      const theirs =
        expected === undefined ? 'does not set it' : `sets ${shown(expected.value)} (line ${expected.origin.line})`
      builder.note(
        'note',
        actual?.origin ?? other.keyOrigin,
        'broker',
        key,
        `${other.name} ${actual === undefined ? `does not set ${key}` : `sets ${key}=${shown(actual.value)}`} and ` +
          `${first.name} ${theirs}: kafkacheck runs every broker with ${first.name}'s settings`,
      )
    }
  }
}

const imageNames = () => KAFKA_IMAGES.map(image => image.repository).join(', ')

/**
 * A service and the services it extends in this file, the farthest base first: what it does not set itself it takes
 * from them (docs.docker.com/reference/compose-file/services/#extends). A base in another file is noted, not read.
 */
function extendsChain(
  yaml: YamlDocument,
  services: Node | null,
  name: string,
  builder: DeploymentBuilder,
): (Node | null)[] {
  const chain: (Node | null)[] = []
  const seen = new Set<string>()
  let current: string | undefined = name
  while (current !== undefined && !seen.has(current)) {
    seen.add(current)
    const service: Node | null = fieldOf(yaml, services, current)?.value ?? null
    chain.unshift(service)
    const base = fieldOf(yaml, service, 'extends')
    if (base === undefined) break
    const other = isMap(base.value) ? fieldOf(yaml, base.value, 'file') : undefined
    if (other !== undefined) {
      builder.note(
        'note',
        originOf(yaml, base.keyNode),
        null,
        null,
        `${current} extends a service of ${textOf(other.value)}, which kafkacheck does not read`,
      )
      break
    }
    current =
      textOf(isMap(base.value) ? (fieldOf(yaml, base.value, 'service')?.value ?? null) : base.value) ?? undefined
  }
  return chain
}

/** A parsed compose file (its root has `services:`); env_file paths are relative to the compose file. */
export function readCompose(yaml: YamlDocument, cwd: string): DeploymentRead | InputIssue {
  const builder = new DeploymentBuilder()
  const servicesField = fieldOf(yaml, yaml.doc.contents as Node | null, 'services')!
  const servicesOrigin = originOf(yaml, servicesField.keyNode)
  const others: string[] = []
  const brokers: KafkaService[] = []
  const controllers: KafkaService[] = []
  for (const { key: name, keyNode } of fieldsOf(yaml, servicesField.value)) {
    const chain = extendsChain(yaml, servicesField.value, name, builder)
    /** A field the service sets, or the nearest service it extends. */
    const own = (path: readonly string[]) => chain.map(s => fieldAt(yaml, s, path)).findLast(f => f !== undefined)
    const imageField = own(['image'])
    const reference = interpolate(textOf(imageField?.value ?? null) ?? '').value
    const { repository, tag } = parseImage(reference)
    const image = KAFKA_IMAGES.find(known => known.repository === repository)
    if (image === undefined || imageField === undefined) {
      others.push(reference === '' ? name : `${name} (${reference})`)
      continue
    }
    // "Services with profiles are only started when a profile is activated" (compose-file/profiles); not by default.
    const profiles = fieldOf(yaml, chain.at(-1) ?? null, 'profiles')
    if (profiles !== undefined && itemsOf(yaml, profiles.value).length > 0) {
      const names = itemsOf(yaml, profiles.value).map(textOf).join(', ')
      builder.note(
        'note',
        originOf(yaml, profiles.keyNode),
        'cluster',
        null,
        `${name} starts only with profile ${names}; not counted`,
      )
      continue
    }
    const variables: EnvVariable[] = []
    for (const service of chain) {
      const read = environmentOf(yaml, service, cwd)
      if (!Array.isArray(read)) return read
      variables.push(...read)
    }
    const replicas = replicasOf(yaml, own(['deploy', 'replicas']) ?? own(['scale']))
    if ('kind' in replicas) return replicas
    const noticed = new DeploymentBuilder()
    const properties = propertiesOf(name, image, variables, noticed)
    const command = own(['command']) ?? own(['entrypoint'])
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
      notes: noticed.notes,
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

  // The last entry of a key is what the image writes (an extending service's own entry over its base's).
  const last = new Map(first.properties.map(p => [p.key, p] as const))
  for (const { key, value, origin } of last.values()) builder.set('broker', key, value, origin)
  // Brokers written alike would say the same thing once each: the first one's notes, and others' about other keys.
  builder.notes.push(...first.notes)
  for (const broker of brokers.slice(1))
    builder.notes.push(...broker.notes.filter(n => !first.notes.some(f => f.key === n.key && f.kind === n.kind)))
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

export {
  bitnamiProperty,
  interpolate,
  KAFKA_IMAGES,
  kafkaDockerProperty,
  kafkaVersionOfTag,
  parseImage,
  type EnvConvention,
  type KafkaImage,
} from './kafkaImages.js'
