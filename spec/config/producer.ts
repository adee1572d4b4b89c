// The effective producer configuration, computed as the Java client of the chosen version computes it, including
// its validation. Three eras of idempotence handling:
//   none      0.10: no idempotent producer (KIP-98 arrived in 0.11).
//   opt-in    0.11 .. 2.8 (KafkaProducer.configureAcks/configureRetries/configureInflightRequests), and also 3.0.0
//             and 3.1.0, whose documented default enable.idempotence=true was not applied (KAFKA-13598): idempotence
//             is on only if set explicitly or implied by transactional.id; then unset acks/retries are overridden
//             (acks=all, retries=MAX) and explicit conflicting values are a ConfigException.
//   default   3.0.1, 3.1.1, 3.2 and later (ProducerConfig.postProcessAndValidateIdempotenceConfigs, KAFKA-13598 and
//             KAFKA-13673): on by default; an explicit conflicting value silently turns the default off, but is a
//             ConfigException when enable.idempotence=true was set explicitly. From 4.0 (KAFKA-17927) in-flight > 5
//             is always an error while idempotence is on.
import { KNOWN_SERIALIZERS, className } from './serde.js'
import { INT_MAX, producerDefaults } from './defaults.js'
import { existsIn } from './keyWarnings.js'
import type { Warning } from './raw.js'
import type { BlockReader } from './reader.js'
import type { ProducerConfig } from './types.js'
import { boolean, integer, nonEmptyText, oneOf } from './values.js'
import { atLeast, formatRelease, type KafkaRelease } from './versions.js'

const CONFIG_EXCEPTION = 'org.apache.kafka.common.config.ConfigException: '

/** Kafka's exception texts, verbatim from the client sources of each era. */
export const PRODUCER_ERRORS = {
  acks: 'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
  retries: 'Must set retries to non-zero when using the idempotent producer.',
  inFlightUpTo39: 'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
  inFlightFrom40: (value: number) =>
    `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${value}.`,
  // 0.11 allowed only one request in flight (KAFKA-5494 raised it to 5 in 1.0). Wording from the 0.11 client as we
  // recall it: the stored sources did not include that release, so this line alone is not verified verbatim.
  inFlight011:
    'Must set max.in.flight.requests.per.connection to 1 in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
  transactionalId: 'Cannot set a transactional.id without also enabling idempotence.',
  deliveryTimeout: 'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms',
} as const

type Era = 'none' | 'opt-in' | 'default'

/** KAFKA-13598: 3.0.0 and 3.1.0 documented enable.idempotence=true but applied it only when set explicitly. */
const defaultIdempotenceNotApplied = (release: KafkaRelease) =>
  (release.version === '3.0' || release.version === '3.1') && release.patch === 0

const eraOf = (release: KafkaRelease): Era =>
  !atLeast(release.version, '0.11')
    ? 'none'
    : !atLeast(release.version, '3.0') || defaultIdempotenceNotApplied(release)
      ? 'opt-in'
      : 'default'

export function resolveProducer(reader: BlockReader, release: KafkaRelease, warnings: Warning[]): ProducerConfig {
  const { version } = release
  const client = `the Kafka ${formatRelease(release)} producer`
  const refuse = (key: string, reason: string) =>
    reader.reject(key, reader.written(key, ''), client, CONFIG_EXCEPTION + reason)
  const note = (key: string, kind: Warning['kind'], message: string) =>
    warnings.push({ kind, origin: reader.origin(key), block: 'producer', key, message })
  const present = (key: string) => reader.has(key) && existsIn('producer', key, version)
  const defaults = producerDefaults(version)

  let acks = reader.read('acks', oneOf(['0', '1', 'all'], { '-1': 'all' }), defaults.acks)
  let retries = reader.read('retries', integer(0, INT_MAX), defaults.retries)
  const maxInFlightKey = 'max.in.flight.requests.per.connection'
  let maxInFlight = reader.read(maxInFlightKey, integer(1, INT_MAX), defaults[maxInFlightKey])
  const requestTimeout = reader.read('request.timeout.ms', integer(0, INT_MAX), defaults['request.timeout.ms'])
  const linger = reader.read('linger.ms', integer(0, Number.MAX_SAFE_INTEGER), defaults['linger.ms'])
  const retryBackoff = reader.read(
    'retry.backoff.ms',
    integer(0, Number.MAX_SAFE_INTEGER),
    defaults['retry.backoff.ms'],
  )
  const explicitIdempotence = present('enable.idempotence')
    ? reader.readOptional('enable.idempotence', boolean)
    : undefined
  const transactionalId = present('transactional.id')
    ? (reader.readOptional('transactional.id', nonEmptyText) ?? null)
    : null
  let deliveryTimeout = present('delivery.timeout.ms')
    ? reader.read('delivery.timeout.ms', integer(0, INT_MAX), 0)
    : defaults['delivery.timeout.ms']

  const era = eraOf(release)
  if ((version === '3.0' || version === '3.1') && release.patch === null)
    note(
      'enable.idempotence',
      'note',
      `Kafka ${version} is read as its latest patch release; write ${version}.0 to model KAFKA-13598 ` +
        '(the idempotence default not applied)',
    )
  let idempotence = false
  if (era === 'opt-in') {
    if (explicitIdempotence === false && transactionalId !== null)
      refuse('transactional.id', PRODUCER_ERRORS.transactionalId)
    idempotence = explicitIdempotence ?? transactionalId !== null
    if (defaultIdempotenceNotApplied(release) && explicitIdempotence === undefined && transactionalId === null)
      note(
        'enable.idempotence',
        'note',
        `Kafka ${formatRelease(release)} documents enable.idempotence=true but does not apply it unless set ` +
          'explicitly (KAFKA-13598, fixed in 3.0.1, 3.1.1 and 3.2.0): this producer is not idempotent',
      )
    if (idempotence) {
      const overridden = (key: string, value: string) =>
        note(key, 'effective', `${key} is set to ${value} because idempotence is enabled (Kafka overrides the default)`)
      if (reader.has('acks')) {
        if (acks !== 'all') refuse('acks', PRODUCER_ERRORS.acks)
      } else if (acks !== 'all') {
        acks = 'all'
        overridden('acks', 'all')
      }
      if (reader.has('retries')) {
        if (retries === 0) refuse('retries', PRODUCER_ERRORS.retries)
      } else if (retries !== INT_MAX) {
        retries = INT_MAX
        overridden('retries', String(INT_MAX))
      }
      if (atLeast(version, '1.0')) {
        if (maxInFlight > 5) refuse(maxInFlightKey, PRODUCER_ERRORS.inFlightUpTo39)
      } else if (reader.has(maxInFlightKey)) {
        if (maxInFlight !== 1) refuse(maxInFlightKey, PRODUCER_ERRORS.inFlight011)
      } else {
        maxInFlight = 1
        overridden(maxInFlightKey, '1')
      }
    }
  } else if (era === 'default') {
    idempotence = explicitIdempotence ?? defaults['enable.idempotence']
    if (idempotence) {
      const userSet = explicitIdempotence === true
      const conflict = (key: string, reason: string, why: string) => {
        if (userSet) refuse(key, reason)
        else {
          note(key, 'effective', `idempotence is turned off because ${why} (enable.idempotence was not set explicitly)`)
          idempotence = false
        }
      }
      if (retries === 0) conflict('retries', PRODUCER_ERRORS.retries, 'retries=0')
      if (acks !== 'all') conflict('acks', PRODUCER_ERRORS.acks, `acks=${acks}, not all`)
      if (maxInFlight > 5) {
        if (atLeast(version, '4.0')) refuse(maxInFlightKey, PRODUCER_ERRORS.inFlightFrom40(maxInFlight))
        else conflict(maxInFlightKey, PRODUCER_ERRORS.inFlightUpTo39, `${maxInFlightKey}=${maxInFlight}, above 5`)
      }
    }
    if (!idempotence && transactionalId !== null) refuse('transactional.id', PRODUCER_ERRORS.transactionalId)
  }

  if (atLeast(version, '2.1') && deliveryTimeout < Math.min(linger + requestTimeout, INT_MAX)) {
    if (reader.has('delivery.timeout.ms')) refuse('delivery.timeout.ms', PRODUCER_ERRORS.deliveryTimeout)
    else {
      deliveryTimeout = Math.min(linger + requestTimeout, INT_MAX)
      note(
        'delivery.timeout.ms',
        'effective',
        `delivery.timeout.ms is raised to linger.ms + request.timeout.ms = ${deliveryTimeout}`,
      )
    }
  }

  return {
    acks,
    'enable.idempotence': idempotence,
    retries,
    'max.in.flight.requests.per.connection': maxInFlight,
    'delivery.timeout.ms': deliveryTimeout,
    'request.timeout.ms': requestTimeout,
    'linger.ms': linger,
    'retry.backoff.ms': retryBackoff,
    'transactional.id': transactionalId,
    'value.serializer': className(reader, 'value.serializer', KNOWN_SERIALIZERS),
  }
}
