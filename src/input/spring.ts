// spring.kafka.* bound the way Spring Boot binds it (KafkaProperties.buildProducerProperties / buildConsumerProperties):
// the shared layers (bootstrap-servers and client-id, ssl.*, security.protocol, properties.*) under each client's own
// (its named settings, ssl.*, security.protocol, properties.*), a later layer replacing an earlier one; and
// spring.kafka.listener.ack-mode, which decides when the listener container commits, as the app block's commit
// settings. A key that is only Spring's spelling of a Kafka property gets a note (listed by --verbose), never a warning;
// warnings are for what changes meaning: a key Spring ignores, a value another one replaces, or a setting that would
// change the verdicts but is not modelled (Kafka Streams, a JVM-wide JAAS login, an SSL bundle, async acks).
import {
  closestName,
  formatOrigin,
  invalidValue,
  isKnownKey,
  redacted,
  type RawBlock,
  type RawEntry,
  type Warning,
} from '../../spec/index.js'
import { KEY_ALIASES, normalizeProperty } from './dialects.js'
import type { InputIssue } from './errors.js'
import { appBlock, LISTENER, RETRY_TOPIC, type SpringNotes } from './springListener.js'
import { readSpringSources, type SpringProperty } from './springFiles.js'

type Role = 'producer' | 'consumer'

export interface SpringConfiguration {
  readonly producer: RawBlock
  /** Only when the files configure a consumer (spring.kafka.consumer.*, .listener.* or .retry.*). */
  readonly consumer: RawBlock | undefined
  /** The commit settings the listener's ack-mode (and retry topics) stand for, when written. */
  readonly app: RawBlock | undefined
  readonly notes: readonly Warning[]
  /** The files read, the given one first, then each active profile's. */
  readonly files: readonly string[]
  readonly profiles: readonly string[]
}

/**
 * When Spring Boot applies a layer of client settings: shared named settings, shared ssl.*, shared security.protocol,
 * shared properties.*, then the same four of the client's own; the producer factory's transaction-id-prefix last, and
 * KafkaTemplate's own prefix over it.
 */
const LAYER = { named: 0, ssl: 1, security: 2, properties: 3, own: 4, factoryPrefix: 8, templatePrefix: 9 } as const

interface ClientBinding {
  /** 'shared': every client the files configure, or the ones that have the property (spring.kafka.properties.*). */
  readonly roles: Role | 'shared'
  readonly layer: number
}

function clientBinding(name: string): ClientBinding | undefined {
  if (name.startsWith('spring.kafka.properties.')) return { roles: 'shared', layer: LAYER.properties }
  const [, own] = /^spring\.kafka\.(producer|consumer)\.properties\./.exec(name) ?? []
  if (own !== undefined) return { roles: own as Role, layer: LAYER.own + LAYER.properties }
  const alias = KEY_ALIASES.find(a => a.dialect === 'spring' && a.from === name)
  if (alias === undefined || alias.role === 'broker' || alias.role === 'topic') return undefined
  if (name === 'spring.kafka.template.transaction-id-prefix') return { roles: 'producer', layer: LAYER.templatePrefix }
  if (name === 'spring.kafka.producer.transaction-id-prefix') return { roles: 'producer', layer: LAYER.factoryPrefix }
  const family = name.includes('.ssl.') ? LAYER.ssl : name.includes('.security.') ? LAYER.security : LAYER.named
  return alias.role === 'any' ? { roles: 'shared', layer: family } : { roles: alias.role, layer: LAYER.own + family }
}

/** ErrorHandlingDeserializer's delegate: the model reads it to tell whether records can be deserialized. */
const DELEGATE_KEY = 'spring.deserializer.value.delegate.class'

/**
 * What the serializers and deserializers read from the client's configuration (Spring's Json(De)Serializer and
 * ErrorHandlingDeserializer, Confluent's Schema Registry serdes): the Kafka client only hands them on.
 */
const SERDE_KEYS =
  /^(spring\.json\.|spring\.deserializer\.|spring\.serializer\.|schema\.registry\.|basic\.auth\.|specific\.avro\.|auto\.register\.schemas|use\.latest\.version|(key|value)\.subject\.name\.strategy|json\.)/

/** The roles a shared pass-through key reaches: the clients that have it, else the producer (whose resolver warns). */
function sharedRoles(name: string, roles: readonly Role[]): readonly Role[] {
  const key = name.slice('spring.kafka.properties.'.length)
  if (key === DELEGATE_KEY) return roles.filter(role => role === 'consumer')
  const known = roles.filter(role => isKnownKey(role, key))
  return known.length > 0 ? known : roles.slice(0, 1)
}

/** Spring Boot's other spring.kafka names (KafkaProperties 3.x), each with what it is to kafkacheck. */
const ADMIN = ['client-id', 'close-timeout', 'operation-timeout', 'fail-fast', 'modify-topic-configs', 'auto-create']
const OTHER_NAMES = [
  ...LISTENER,
  ...RETRY_TOPIC,
  ...ADMIN.map(name => `spring.kafka.admin.${name}`),
  'spring.kafka.template.default-topic',
  'spring.kafka.template.observation-enabled',
  'spring.kafka.jaas.enabled',
  'spring.kafka.jaas.login-module',
  'spring.kafka.jaas.control-flag',
  'spring.kafka.ssl.bundle',
]
const SPRING_NAMES = [...KEY_ALIASES.filter(a => a.dialect === 'spring').map(a => a.from), ...OTHER_NAMES]

interface Candidate {
  readonly role: Role
  readonly key: string
  readonly value: string | readonly string[]
  readonly layer: number
  readonly property: SpringProperty
  readonly note: string | null
}

const andList = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
const text = (value: string | readonly string[]) => (typeof value === 'string' ? value : value.join(','))
const sameValue = (a: Candidate, b: Candidate) => text(a.value).trim() === text(b.value).trim()

class Notes implements SpringNotes {
  readonly list: Warning[] = []
  add(kind: Warning['kind'], p: SpringProperty, block: Warning['block'], message: string): void {
    if (this.list.some(w => w.message === message && formatOrigin(w.origin) === formatOrigin(p.origin))) return
    this.list.push({ kind, origin: p.origin, block, key: p.name, message })
  }
  /** Read without a warning, and landing in no block: it changes nothing kafkacheck checks. */
  quiet(p: SpringProperty, what: string): void {
    this.add('dialect', p, null, `${p.written} ${what}; not modelled`)
  }
}

/** Each client's entries: for every Kafka key the candidate Spring Boot applies last, with a note for each property. */
function layered(
  roles: readonly Role[],
  candidates: readonly Candidate[],
  notes: Notes,
): Map<Role, Map<string, RawEntry>> {
  const blocks = new Map(roles.map(role => [role, new Map<string, RawEntry>()]))
  const winners = new Map<string, Candidate>()
  for (const role of roles) {
    const byKey = new Map<string, Candidate[]>()
    for (const c of candidates.filter(c => c.role === role)) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c])
    for (const [key, all] of byKey) {
      const ordered = [...all].sort((a, b) => a.layer - b.layer)
      const winner = ordered[ordered.length - 1]!
      winners.set(`${role} ${key}`, winner)
      blocks.get(role)!.set(key, { value: winner.value, origin: winner.property.origin })
      // Two spellings of one setting at the same level (spring.kafka.producer.acks and .producer.properties.acks) that
      // disagree: Spring Boot keeps the later layer without a word. A client's own setting over a shared one is not
      // a conflict: that is what the client's own settings are for.
      for (const loser of ordered.slice(0, -1))
        if (!sameValue(loser, winner) && loser.layer >= LAYER.own === winner.layer >= LAYER.own)
          notes.add(
            'ignored',
            loser.property,
            role,
            `${loser.property.written}=${redacted(role, key, text(loser.value))} is replaced by ` +
              `${winner.property.written}=${redacted(role, key, text(winner.value))} ` +
              `(${formatOrigin(winner.property.origin)}), which Spring Boot applies after it; ignored`,
          )
    }
  }
  const byProperty = new Map<SpringProperty, Candidate[]>()
  for (const c of candidates) byProperty.set(c.property, [...(byProperty.get(c.property) ?? []), c])
  for (const [p, all] of byProperty) {
    const won = all.filter(c => winners.get(`${c.role} ${c.key}`) === c)
    // Replaced by the client's own setting: the shared one still counts for the other client.
    const own = (c: Candidate) => c.layer >= LAYER.own
    const lost = all.filter(c => !won.includes(c) && own(winners.get(`${c.role} ${c.key}`)!) && !own(c))
    if (won.length === 0 && lost.length === 0) continue // replaced at its own level: warned above
    const first = all[0]!
    const base = first.note ?? `${p.written} is read as ${first.key}`
    const where = won.length === 0 ? '' : `, for ${andList(won.map(c => `the ${c.role}`))}`
    const over = lost.map(c => {
      const by = winners.get(`${c.role} ${c.key}`)!.property
      return `; the ${c.role}'s is ${by.written} (${formatOrigin(by.origin)})`
    })
    const replaces = p.replaced === undefined ? '' : `; it replaces ${formatOrigin(p.replaced.origin)}`
    notes.add('dialect', p, (won[0] ?? first).role, `${base}${where}${over.join('')}${replaces}`)
  }
  return blocks
}

/** Properties outside the clients: the other parts of KafkaProperties, and the files Spring would also read. */
function otherProperty(p: SpringProperty, notes: Notes, streams: SpringProperty[]): void {
  const { name } = p
  if (name.startsWith('spring.kafka.streams.')) streams.push(p)
  else if (/^spring\.kafka\.(producer|consumer|admin|streams)?\.?ssl\.bundle$/.test(name))
    notes.add(
      'ignored',
      p,
      null,
      `${p.written} takes the keystore and truststore from a Spring SSL bundle (spring.ssl.bundle.*), which ` +
        'kafkacheck does not read; ignored',
    )
  else if (name.startsWith('spring.kafka.admin.')) notes.quiet(p, 'configures the admin client')
  else if (name.startsWith('spring.kafka.template.')) notes.quiet(p, 'configures KafkaTemplate beyond its producer')
  else if (name.startsWith('spring.kafka.jaas.')) {
    if (name === 'spring.kafka.jaas.enabled' && text(p.value).trim() === 'true')
      notes.add(
        'ignored',
        p,
        null,
        `${p.written}=true installs a JVM-wide JAAS login (KafkaJaasLoginModuleInitializer) that kafkacheck does not ` +
          'read; spring.kafka.properties.sasl.jaas.config gives the clients their login where it is checked; ignored',
      )
    else notes.quiet(p, 'configures the JVM-wide JAAS login')
  } else if (/^spring\.kafka\.(producer|consumer)\./.test(name)) {
    const role = name.split('.')[2] as Role
    const normalized = normalizeProperty(role, p.written, p.value)
    notes.add('unknown-key', p, role, normalized.kind === 'ignored' ? normalized.reason : `${p.written} is unknown`)
  } else {
    const closest = closestName(name, SPRING_NAMES)
    notes.add(
      'unknown-key',
      p,
      null,
      `unknown Spring Boot property '${p.written}'${closest === null ? '' : ` (did you mean ${closest}?)`}; ` +
        'Spring ignores it',
    )
  }
}

/** Spring Kafka 2.3+ sets enable.auto.commit=false unless it is set ("Committing Offsets", cited in springListener.ts). */
const CONTAINER_DEFAULT = { file: 'Spring Kafka default', line: null } as const

/**
 * The Spring Boot configuration `file` (relative to `cwd`), with `profiles` (comma-separated) active, as the producer,
 * consumer and app blocks of a scenario; or the first thing wrong with it.
 */
export function readSpringConfiguration(
  file: string,
  profiles: string | undefined,
  cwd: string,
): SpringConfiguration | InputIssue {
  const sources = readSpringSources(file, profiles, cwd)
  if ('kind' in sources) return sources
  const notes = new Notes()
  notes.list.push(...sources.notes)
  const all = [...sources.properties.values()]
  for (const p of all.filter(p => p.name === 'spring.config.import'))
    notes.add('ignored', p, null, `${p.written}: the files it imports are not read; ignored`)
  const kafka = all.filter(p => p.name.startsWith('spring.kafka.'))
  const consumes = kafka.some(p => /^spring\.kafka\.(consumer|listener|retry)\./.test(p.name))
  const roles: Role[] = consumes ? ['producer', 'consumer'] : ['producer']
  const candidates: Candidate[] = []
  const listener = new Map<string, SpringProperty>()
  const streams: SpringProperty[] = []
  for (const p of kafka) {
    const binding = clientBinding(p.name)
    const passed = /^spring\.kafka\.((producer|consumer)\.)?properties\.(.*)$/.exec(p.name)?.[3]
    if (passed !== undefined && passed !== DELEGATE_KEY && SERDE_KEYS.test(passed))
      notes.quiet(p, 'is read by the serializers or deserializers, not by the Kafka client')
    else if (binding !== undefined) {
      const targets =
        binding.roles === 'shared' ? (passed === undefined ? roles : sharedRoles(p.name, roles)) : [binding.roles]
      for (const role of targets) {
        const normalized = normalizeProperty(role, p.written, p.value)
        if (normalized.kind === 'ignored') notes.add('ignored', p, role, `${normalized.reason}; ignored`)
        else
          candidates.push({
            role,
            key: normalized.key,
            value: normalized.value,
            layer: binding.layer,
            property: p,
            note: normalized.note,
          })
      }
    } else if (LISTENER.includes(p.name) || RETRY_TOPIC.includes(p.name)) listener.set(p.name, p)
    else otherProperty(p, notes, streams)
  }
  if (streams.length > 0)
    notes.add(
      'ignored',
      streams[0]!,
      null,
      `spring.kafka.streams.* configures Kafka Streams (${streams.length} ${streams.length === 1 ? 'setting' : 'settings'}), ` +
        'which kafkacheck does not model; ignored',
    )
  const blocks = layered(roles, candidates, notes)
  const consumer = blocks.get('consumer')
  if (consumer !== undefined && !consumer.has('enable.auto.commit')) {
    consumer.set('enable.auto.commit', { value: 'false', origin: CONTAINER_DEFAULT })
    notes.list.push({
      kind: 'dialect',
      origin: CONTAINER_DEFAULT,
      block: 'consumer',
      key: 'spring.kafka.consumer.enable-auto-commit',
      message:
        'spring.kafka.consumer.enable-auto-commit is not set, so the listener container sets enable.auto.commit=false ' +
        '(Spring Kafka 2.3 and later)',
    })
  }
  const app = appBlock(listener, consumer, notes)
  if ('kind' in app) return app
  const transactional = blocks.get('producer')!.get('transactional.id')
  if (consumer !== undefined && transactional !== undefined) {
    const p = candidates.find(
      c => c.role === 'producer' && c.key === 'transactional.id' && c.property.origin === transactional.origin,
    )!.property
    notes.add(
      'note',
      p,
      'producer',
      `with ${p.written}, Spring Boot wires a KafkaTransactionManager into the listener container, which sends each ` +
        "delivery's offsets to a Kafka transaction instead of committing them; kafkacheck checks this consumer " +
        'committing by itself (a scenario with app pipeline: consume-transform-produce checks the transaction)',
    )
  }
  // In the order they were written, file by file, so that --verbose reads like the files.
  const fileOrder = (w: Warning) => {
    const i = sources.files.indexOf(w.origin.file)
    return i < 0 ? sources.files.length : i
  }
  const ordered = [...notes.list].sort(
    (a, b) => fileOrder(a) - fileOrder(b) || (a.origin.line ?? Infinity) - (b.origin.line ?? Infinity),
  )
  return {
    producer: blocks.get('producer')!,
    consumer,
    app: app.size === 0 ? undefined : app,
    notes: ordered,
    files: sources.files,
    profiles: sources.profiles,
  }
}

/**
 * The notes of files given for several roles, with what one role ignores but another reads left out, and anything said
 * twice of one line said once: `--producer application.properties --consumer application.properties` reads each
 * spring.kafka.consumer.* line as the consumer's, which is no news to the producer.
 */
export function oneFileTwoRoles(
  notes: readonly Warning[],
  blocks: Readonly<Partial<Record<string, RawBlock>>>,
): Warning[] {
  const readBy = new Map<string, Set<string>>()
  for (const [name, block] of Object.entries(blocks))
    for (const entry of block?.values() ?? []) {
      const at = formatOrigin(entry.origin)
      readBy.set(at, (readBy.get(at) ?? new Set()).add(name))
    }
  const readElsewhere = (note: Warning) =>
    [...(readBy.get(formatOrigin(note.origin)) ?? [])].some(block => block !== note.block)
  const said = new Set<string>()
  return notes.filter(note => {
    if (note.kind === 'ignored' && note.origin.line !== null && readElsewhere(note)) return false
    const once = `${formatOrigin(note.origin)} ${note.kind} ${note.message}`
    if (said.has(once)) return false
    said.add(once)
    return true
  })
}
