// Kafka's container images: which ones run a broker, how each turns environment variables into server.properties,
// which Apache Kafka version a tag runs, and Compose's variable interpolation of what is written. Data and pure
// functions, so tests and docs can walk them.

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
export const KAFKA_DOCKER_EXCLUDED: ReadonlySet<string> = new Set([
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
export const BITNAMI_OWN: readonly string[] = [
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
