// The configuration a run checked, as the real clients and brokers of that Kafka version would run it: Kafka's own
// property names grouped by role, one per line so that they read (and paste) like a .properties file, then
// kafkacheck's own blocks on one line each, then one line counting the keys read from another spelling (each on a
// line of its own with --verbose), then the warnings: only what changes meaning, since a translation does not.
import { formatWarning } from '../input/index.js'
import {
  formatOrigin,
  REDACTED,
  type ClientSecurity,
  type Scenario,
  type SecurityConfig,
  type Warning,
} from '../../spec/index.js'
import { formatCount, plural } from './format.js'

/** Everything resolved about a scenario except what names it and what it expects. */
export type EffectiveConfig = Omit<Scenario, 'name' | 'description' | 'expect'>

export function effectiveConfig(scenario: Scenario): EffectiveConfig {
  const { kafka, cluster, topic, broker, producer, consumer, app, security, faults, bound } = scenario
  return { kafka, cluster, topic, broker, producer, consumer, app, security, faults, bound }
}

const KAFKA_ROLES = ['topic', 'broker', 'producer', 'consumer'] as const

const settingValue = (value: unknown): string =>
  Array.isArray(value) ? value.join(',') : value === null ? 'null' : String(value)

const settings = (block: object): string[] =>
  Object.entries(block).map(([key, value]) => `${key}=${settingValue(value)}`)

/** One client role's login: the JAAS module and user name, its password only as whether it matched. */
function clientLine(role: string, client: ClientSecurity): string {
  const login =
    client.loginModule === null
      ? ''
      : ` sasl.jaas.config=${client.loginModule}(username=${client.username ?? '-'}, password=${REDACTED}: ${client.credentials})`
  return (
    `${role}: security.protocol=${client['security.protocol']} sasl.mechanism=${client['sasl.mechanism']}${login} ` +
    `ssl.endpoint.identification.algorithm=${client['ssl.endpoint.identification.algorithm'] || '""'} ` +
    `listener=${client.listener}`
  )
}

/** The listeners, each client role's connection, the authorizer and what the cluster's metadata holds. */
function securityLines(security: SecurityConfig): string[] {
  const listeners = security.listeners.map(
    l =>
      `${l.name}://:${l.port} (${l.protocol}${l.mechanisms.length === 0 ? '' : ` ${l.mechanisms.join(',')}`}` +
      `${l['ssl.client.auth'] === 'none' ? '' : `, ssl.client.auth=${l['ssl.client.auth']}`})`,
  )
  const scram = Object.entries(security['scram-credentials']).map(
    ([user, mechanisms]) => `${user} (${mechanisms.join(',')})`,
  )
  return [
    `listeners=${listeners.join(', ')} inter.broker.listener.name=${security['inter.broker.listener.name']}`,
    clientLine('producer', security.producer),
    ...(security.consumer === null ? [] : [clientLine('consumer', security.consumer)]),
    `authorizer.class.name=${security['authorizer.class.name'] ?? '""'} ` +
      `allow.everyone.if.no.acl.found=${security['allow.everyone.if.no.acl.found']} ` +
      `super.users=${security['super.users'].join(';')}`,
    `acls: ${security.acls.length === 0 ? 'none' : security.acls.map(a => `${a.principal} ${a.operation} ${a.resource}:${a.name}`).join(', ')}`,
    ...(scram.length === 0 ? [] : [`scram-credentials: ${scram.join(', ')}`]),
  ]
}

/** What the translations of Spring Boot keys became, by the block each landed in (none: not modelled). */
function springSummary(notes: readonly Warning[]): string {
  const count = (n: number, what: string) => (n === 0 ? [] : [`${formatCount(n)} ${what}`])
  const kafka = notes.filter(n => n.block !== null && n.block !== 'app').length
  const app = notes.filter(n => n.block === 'app').length
  const none = notes.filter(n => n.block === null).length
  const parts = [
    ...count(kafka, 'as Kafka properties'),
    ...count(app, 'as app settings'),
    ...count(none, 'changing nothing kafkacheck checks'),
  ]
  // The files, so that a profile's file shows it applied: a written key has a line, Spring's own defaults none.
  const files = [...new Set(notes.flatMap(n => (n.origin.line === null ? [] : [n.origin.file])))]
  const from = files.length === 0 ? '' : ` from ${files.join(' and ')}`
  return `Read ${plural(notes.length, 'Spring Boot key')}${from}: ${parts.join(', ')}`
}

/**
 * The keys read from another spelling (warnings of kind 'dialect'): one line that counts them, or with `verbose` each
 * with its file and line and what it became. Their messages hold no secret: a value is only quoted where it was
 * translated (a duration, an enum).
 */
export function translationLines(notes: readonly Warning[], verbose: boolean): string[] {
  if (notes.length === 0) return []
  if (verbose)
    return ['Read from another spelling', ...notes.map(note => `  ${formatOrigin(note.origin)}: ${note.message}`)]
  const spring = notes.filter(note => note.message.startsWith('spring.'))
  const others = notes.length - spring.length
  const other = `${plural(others, 'key')} written in another client's spelling as Kafka's`
  const line =
    spring.length === 0
      ? `Read ${other}`
      : others === 0
        ? springSummary(spring)
        : `${springSummary(spring)}; and ${other}`
  return [`${line} (--verbose lists them)`]
}

/** Keys read from another spelling (kind 'dialect'), apart from the warnings that change meaning. */
export function translationsApart(warnings: readonly Warning[]): {
  translations: readonly Warning[]
  meaningful: readonly Warning[]
} {
  return {
    translations: warnings.filter(w => w.kind === 'dialect'),
    meaningful: warnings.filter(w => w.kind !== 'dialect'),
  }
}

export function formatEffectiveConfig(scenario: Scenario, warnings: readonly Warning[], verbose = false): string[] {
  const label = (name: string) => `  ${name.padEnd(10)}`
  const { version, platform, metadata } = scenario.kafka
  const lines = [`Effective configuration (Kafka ${version}, ${platform}, ${metadata})`]
  lines.push(label('cluster') + settings(scenario.cluster).join(' '))
  for (const role of KAFKA_ROLES) {
    // A scenario without consumers has no consumer configuration that matters; printing the defaults would mislead.
    if (role === 'consumer' && scenario.cluster.consumers === 0) {
      lines.push(`${label(role)}none (cluster consumers=0)`)
      continue
    }
    settings(scenario[role]).forEach((setting, i) => lines.push((i === 0 ? label(role) : label('')) + setting))
  }
  if (scenario.security !== null)
    securityLines(scenario.security).forEach((line, i) => lines.push((i === 0 ? label('security') : label('')) + line))
  lines.push(label('app') + settings(scenario.app).join(' '))
  const faults = Object.entries(scenario.faults).filter(([, budget]) => budget > 0)
  lines.push(label('faults') + (faults.length === 0 ? 'none' : faults.map(([name, n]) => `${name}=${n}`).join(' ')))
  lines.push(label('bound') + settings(scenario.bound).join(' '))
  const { translations, meaningful } = translationsApart(warnings)
  lines.push(...translationLines(translations, verbose))
  if (meaningful.length > 0) lines.push('Warnings', ...meaningful.map(warning => `  ${formatWarning(warning)}`))
  return lines
}
