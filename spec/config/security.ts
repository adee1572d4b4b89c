// The security settings of a scenario: the brokers' listeners and their SASL mechanisms, the clients'
// security.protocol, sasl.mechanism and JAAS login, TLS host name verification, and the authorizer with the ACLs and
// SCRAM credentials that live in the cluster's metadata (the `acls:` and `scram-credentials:` blocks). Passwords are
// compared here and go no further: the resolved configuration says only whether they match.
import type { Warning } from './raw.js'
import type { BlockReader } from './reader.js'
import {
  SASL_MECHANISMS,
  SECURITY_PROTOCOLS,
  type Acl,
  type ClientSecurity,
  type CredentialCheck,
  type Faults,
  type KafkaVersion,
  type ListenerSecurity,
  type SaslMechanism,
  type SecurityConfig,
  type SecurityProtocol,
} from './types.js'
import { boolean, listOf, oneOf, shown } from './values.js'
import { atLeast } from './versions.js'

type Readers = Readonly<Record<'broker' | 'producer' | 'consumer' | 'acls' | 'scram-credentials', BlockReader>>

/** Broker keys that make a scenario about security (besides every `listener.name.*`, `sasl.*` and `ssl.*` one). */
const AUTHORIZER_KEYS = ['authorizer.class.name', 'allow.everyone.if.no.acl.found', 'super.users']
/** Broker keys that only say which listeners there are: about security only if one of them is not PLAINTEXT. */
const LISTENER_KEYS = [
  'listeners',
  'listener.security.protocol.map',
  'inter.broker.listener.name',
  'security.inter.broker.protocol',
]
const securityKey = (key: string) =>
  key.startsWith('sasl.') || key.startsWith('ssl.') || key.startsWith('listener.name.')

/**
 * How much of the scenario is about security: something that can change a connection (`yes`), only the listeners,
 * which matter only if one is not PLAINTEXT (a docker-compose file always has them), or nothing.
 */
function writesSecurity(readers: Readers, faults: Faults): 'yes' | 'listeners' | 'no' {
  const { broker, producer, consumer } = readers
  const clientProtocol = [producer, consumer].some(
    reader => reader.written('security.protocol', 'PLAINTEXT') !== 'PLAINTEXT',
  )
  if (
    faults.eavesdrop > 0 ||
    faults.mitm > 0 ||
    readers.acls.keys().length > 0 ||
    readers['scram-credentials'].keys().length > 0 ||
    broker.keys().some(key => AUTHORIZER_KEYS.includes(key) || securityKey(key)) ||
    clientProtocol ||
    [producer, consumer].some(reader => reader.keys().some(securityKey))
  )
    return 'yes'
  return broker.keys().some(key => LISTENER_KEYS.includes(key)) ? 'listeners' : 'no'
}

/** A JAAS configuration entry: `org.apache...PlainLoginModule required username="alice" password="...";`. */
interface Jaas {
  readonly module: string
  readonly options: ReadonlyMap<string, string>
}

/** JaasConfig's grammar: a login module class, a control flag, `name=value` options, a semicolon. */
function parseJaas(text: string): Jaas | null {
  const match = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\b([^;]*);?\s*$/s.exec(text)
  if (match === null) return null
  const options = new Map<string, string>()
  for (const option of match[3]!.matchAll(/([\w.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)/g)) {
    const value = option[2]!
    options.set(option[1]!, value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value)
  }
  return { module: match[1]!.split('.').pop()!, options }
}

const JAAS_ALLOWED = 'a JAAS entry: <LoginModule class> required username="..." password="...";'

/** `NAME://host:port` entries of `listeners`. */
function parseListeners(reader: BlockReader): { name: string; port: number }[] {
  const text = reader.written('listeners', 'PLAINTEXT://:9092')
  const listeners = text
    .split(',')
    .map(item => item.trim())
    .filter(item => item !== '')
    .map(item => /^([A-Za-z_][\w-]*):\/\/[^:]*:(\d+)$/.exec(item))
  if (listeners.length === 0 || listeners.some(match => match === null)) {
    reader.refuse('listeners', 'NAME://host:port,... (e.g. SASL_SSL://:9093)')
    return [{ name: 'PLAINTEXT', port: 9092 }]
  }
  return listeners.map(match => ({ name: match![1]!.toUpperCase(), port: Number(match![2]) }))
}

/** `listener.security.protocol.map`; Kafka's default maps each protocol's own name to it. */
function protocolMap(reader: BlockReader): Map<string, SecurityProtocol> {
  const map = new Map<string, SecurityProtocol>(SECURITY_PROTOCOLS.map(protocol => [protocol, protocol]))
  if (!reader.has('listener.security.protocol.map')) return map
  map.clear()
  for (const item of reader.written('listener.security.protocol.map', '').split(',')) {
    const [name, protocol] = item.split(':').map(part => part.trim())
    const known = SECURITY_PROTOCOLS.find(p => p === protocol)
    if (name === undefined || name === '' || known === undefined) {
      reader.refuse(
        'listener.security.protocol.map',
        `NAME:PROTOCOL,... with PROTOCOL one of ${SECURITY_PROTOCOLS.join(', ')}`,
      )
      return map
    }
    map.set(name.toUpperCase(), known)
  }
  return map
}

export const hasSasl = (protocol: SecurityProtocol) => protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL'
export const hasTls = (protocol: SecurityProtocol) => protocol === 'SSL' || protocol === 'SASL_SSL'
/** The same protocol with TLS added: PLAINTEXT becomes SSL, SASL_PLAINTEXT becomes SASL_SSL. */
export const withTls = (protocol: SecurityProtocol): SecurityProtocol =>
  protocol === 'PLAINTEXT' ? 'SSL' : protocol === 'SASL_PLAINTEXT' ? 'SASL_SSL' : protocol

const mechanisms = listOf(oneOf(SASL_MECHANISMS), SASL_MECHANISMS.join(', '))
const CLIENT_AUTH = ['none', 'requested', 'required'] as const

/** Each listener with its protocol, its SASL mechanisms and whether it asks for client certificates. */
function resolveListeners(reader: BlockReader, version: KafkaVersion): ListenerSecurity[] {
  const map = protocolMap(reader)
  const enabled = reader.read('sasl.enabled.mechanisms', mechanisms, ['GSSAPI'] as readonly SaslMechanism[])
  const clientAuth = reader.read('ssl.client.auth', oneOf(CLIENT_AUTH), 'none')
  // KRaft controllers' listeners (controller.listener.names) serve the controller quorum, never a client.
  const controllers = reader
    .written('controller.listener.names', '')
    .split(',')
    .map(name => name.trim().toUpperCase())
  const listeners = parseListeners(reader).filter(({ name }) => !controllers.includes(name))
  return listeners.map(({ name, port }) => {
    const protocol = map.get(name)
    if (protocol === undefined)
      reader.refuse(
        'listeners',
        `listeners whose names listener.security.protocol.map maps (Kafka ${version}: "No security protocol defined ` +
          `for listener ${name}")`,
      )
    const prefix = `listener.name.${name.toLowerCase()}.`
    const own = reader.readOptional(`${prefix}sasl.enabled.mechanisms`, mechanisms)
    return {
      name,
      port,
      protocol: protocol ?? 'PLAINTEXT',
      mechanisms: hasSasl(protocol ?? 'PLAINTEXT') ? (own ?? enabled) : [],
      // ChannelBuilders: the broker-wide ssl.client.auth applies to SSL listeners only; SASL_SSL takes the prefixed one.
      'ssl.client.auth': reader.read(
        `${prefix}ssl.client.auth`,
        oneOf(CLIENT_AUTH),
        protocol === 'SSL' ? clientAuth : 'none',
      ),
    }
  })
}

/**
 * The broker's JAAS entry for one mechanism of a listener (`listener.name.<l>.<mechanism>.sasl.jaas.config`). Without
 * one the broker does not start (JaasContext.loadServerContext); a JAAS file is not something kafkacheck reads.
 */
function serverJaas(reader: BlockReader, listener: ListenerSecurity, mechanism: SaslMechanism): Jaas | null {
  const key = `listener.name.${listener.name.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`
  if (!reader.has(key)) {
    reader.reject(
      key,
      '',
      'the Kafka broker at start-up (JaasContext.loadServerContext)',
      `Could not find a '${listener.name.toLowerCase()}.KafkaServer' or 'KafkaServer' entry in the JAAS ` +
        "configuration. System property 'java.security.auth.login.config' is not set (kafkacheck reads the JAAS " +
        `entry from ${key}, not from a JAAS file)`,
    )
    return null
  }
  const jaas = parseJaas(reader.written(key, ''))
  if (jaas === null) reader.refuse(key, JAAS_ALLOWED)
  return jaas
}

/** `scram-credentials:` — `alice: alice-secret` (both mechanisms) or `alice: SCRAM-SHA-512=[password=alice-secret]`. */
function scramCredentials(reader: BlockReader): Map<string, Map<SaslMechanism, string>> {
  const users = new Map<string, Map<SaslMechanism, string>>()
  for (const user of reader.keys()) {
    const text = shown(reader.entry(user)!.value).trim()
    const perMechanism = new Map<SaslMechanism, string>()
    const written = [
      ...text.matchAll(/(SCRAM-SHA-(?:256|512))\s*=\s*\[\s*(?:iterations=\d+\s*,\s*)?password=([^\]]*)\]/g),
    ]
    if (written.length > 0)
      for (const [, mechanism, password] of written) perMechanism.set(mechanism as SaslMechanism, password!)
    else if (text !== '' && !text.includes('[')) {
      perMechanism.set('SCRAM-SHA-256', text)
      perMechanism.set('SCRAM-SHA-512', text)
    } else reader.refuse(user, 'a password, or SCRAM-SHA-256=[password=...],SCRAM-SHA-512=[password=...]')
    users.set(user, perMechanism)
  }
  return users
}

/** `acls:` — principal: `WRITE orders`, `READ topic:orders`, `READ group:billing`, or a list of them. */
function resolveAcls(reader: BlockReader): Acl[] {
  const acls: Acl[] = []
  for (const principal of reader.keys()) {
    const entry = reader.entry(principal)!
    const items = typeof entry.value === 'string' ? entry.value.split(',') : entry.value
    for (const item of items.map(text => text.trim()).filter(text => text !== '')) {
      const match = /^(READ|WRITE|ALL)\s+(?:(topic|group):)?(\S+)$/.exec(item)
      if (!principal.startsWith('User:') || match === null) {
        reader.refuse(
          principal,
          'User:<name>: OPERATION resource, ... with OPERATION one of READ, WRITE, ALL and resource a topic name, ' +
            'topic:<name>, group:<name> or * (allow ACLs; deny ACLs are not modelled)',
        )
        continue
      }
      acls.push({
        principal,
        operation: match[1] as Acl['operation'],
        resource: (match[2] ?? 'topic') as Acl['resource'],
        name: match[3]!,
      })
    }
  }
  return acls
}

/** The listener a client's bootstrap.servers reach: the one with its port, or the only one. */
function clientListener(reader: BlockReader, listeners: readonly ListenerSecurity[]): string {
  const bootstrap = reader.entry('bootstrap.servers')
  const port = bootstrap === undefined ? null : /:(\d+)\s*(?:,|$)/.exec(shown(bootstrap.value))?.[1]
  if (port !== null && port !== undefined) {
    const listener = listeners.find(l => l.port === Number(port))
    if (listener !== undefined) return listener.name
    reader.refuse(
      'bootstrap.servers',
      `a port of a broker listener (${listeners.map(l => `${l.name}:${l.port}`).join(', ')})`,
    )
  } else if (listeners.length > 1)
    reader.refuse(
      'bootstrap.servers',
      `host:port of the listener the clients use (listeners: ${listeners.map(l => `${l.name}:${l.port}`).join(', ')})`,
    )
  return listeners[0]!.name
}

/** One client role's security settings, and whether its login matches what the broker holds. */
function resolveClient(
  reader: BlockReader,
  listeners: readonly ListenerSecurity[],
  brokerJaas: (listener: ListenerSecurity, mechanism: SaslMechanism) => Jaas | null,
  scram: ReadonlyMap<string, ReadonlyMap<SaslMechanism, string>>,
  version: KafkaVersion,
): ClientSecurity {
  const protocol = reader.read('security.protocol', oneOf(SECURITY_PROTOCOLS), 'PLAINTEXT')
  const mechanism = reader.read('sasl.mechanism', oneOf(SASL_MECHANISMS), 'GSSAPI')
  const jaas = reader.has('sasl.jaas.config') ? parseJaas(reader.written('sasl.jaas.config', '')) : null
  if (reader.has('sasl.jaas.config') && jaas === null) reader.refuse('sasl.jaas.config', JAAS_ALLOWED)
  const listener = listeners.find(l => l.name === clientListener(reader, listeners))!
  const username = jaas?.options.get('username') ?? null
  const password = jaas?.options.get('password') ?? null
  const credentials = ((): CredentialCheck => {
    if (!hasSasl(protocol) || !hasSasl(listener.protocol) || !listener.mechanisms.includes(mechanism) || jaas === null)
      return 'not-checked'
    if (mechanism === 'PLAIN') {
      const server = brokerJaas(listener, 'PLAIN')
      const expected = username === null ? undefined : server?.options.get(`user_${username}`)
      return expected === undefined ? 'unknown-user' : expected === password ? 'valid' : 'wrong-password'
    }
    if (mechanism === 'SCRAM-SHA-256' || mechanism === 'SCRAM-SHA-512') {
      const expected = username === null ? undefined : scram.get(username)?.get(mechanism)
      return expected === undefined ? 'unknown-user' : expected === password ? 'valid' : 'wrong-password'
    }
    return 'not-checked'
  })()
  return {
    'security.protocol': protocol,
    'sasl.mechanism': mechanism,
    loginModule: jaas?.module ?? null,
    username,
    credentials,
    // KIP-294 (2.0) made host name verification the default; before, the default was null: none.
    'ssl.endpoint.identification.algorithm': reader.read(
      'ssl.endpoint.identification.algorithm',
      value => ({ ok: true, value: shown(value).trim() }),
      atLeast(version, '2.0') ? 'https' : '',
    ),
    'ssl.keystore.location': reader.has('ssl.keystore.location') ? reader.written('ssl.keystore.location', '') : null,
    listener: listener.name,
  }
}

/** The listener brokers replicate over: `inter.broker.listener.name`, else the one named after `security.inter.broker.protocol`. */
function interBrokerListener(reader: BlockReader, listeners: readonly ListenerSecurity[]): string {
  const key = reader.has('inter.broker.listener.name') ? 'inter.broker.listener.name' : 'security.inter.broker.protocol'
  const name = reader.written(key, 'PLAINTEXT').trim().toUpperCase()
  if (!listeners.some(l => l.name === name))
    reader.reject(
      key,
      name,
      'the Kafka broker at start-up (KafkaConfig validation)',
      'inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options based ' +
        `on currently configured listeners are ${listeners.map(l => l.name).join(',')}`,
    )
  return name
}

export function resolveSecurity(
  readers: Readers,
  faults: Faults,
  version: KafkaVersion,
  consumers: boolean,
  warnings: Warning[],
): SecurityConfig | null {
  const written = writesSecurity(readers, faults)
  if (written === 'no') return null
  const { broker } = readers
  const listeners = resolveListeners(broker, version)
  // Listeners that are all PLAINTEXT, and nothing else about security, connect every client the same trivial way.
  if (written === 'listeners' && listeners.every(l => l.protocol === 'PLAINTEXT')) return null
  if (listeners.length === 0) {
    broker.refuse('listeners', 'at least one listener besides those in controller.listener.names')
    return null
  }
  const jaasCache = new Map<string, Jaas | null>()
  const brokerJaas = (listener: ListenerSecurity, mechanism: SaslMechanism) => {
    const key = `${listener.name} ${mechanism}`
    if (!jaasCache.has(key)) jaasCache.set(key, serverJaas(broker, listener, mechanism))
    return jaasCache.get(key)!
  }
  // Every mechanism a SASL listener enables needs its JAAS entry, whether or not a client uses it.
  for (const listener of listeners) for (const mechanism of listener.mechanisms) brokerJaas(listener, mechanism)
  const scram = scramCredentials(readers['scram-credentials'])
  const authorizer = broker.has('authorizer.class.name') ? broker.written('authorizer.class.name', '').trim() : ''
  const superUsers = broker
    .written('super.users', '')
    .split(';')
    .map(user => user.trim())
    .filter(user => user !== '')
  const acls = resolveAcls(readers.acls)
  if (acls.length > 0 && authorizer === '')
    warnings.push({
      kind: 'note',
      origin: readers.acls.origin(readers.acls.keys()[0]!),
      block: 'acls',
      key: null,
      message: 'no authorizer.class.name is set, so the brokers allow every request and these ACLs are never read',
    })
  return {
    producer: resolveClient(readers.producer, listeners, brokerJaas, scram, version),
    consumer: consumers ? resolveClient(readers.consumer, listeners, brokerJaas, scram, version) : null,
    listeners,
    'inter.broker.listener.name': interBrokerListener(broker, listeners),
    'authorizer.class.name': authorizer === '' ? null : authorizer,
    'allow.everyone.if.no.acl.found': broker.read('allow.everyone.if.no.acl.found', boolean, false),
    'super.users': superUsers,
    acls,
    'scram-credentials': Object.fromEntries([...scram].map(([user, entries]) => [user, [...entries.keys()]])),
  }
}
