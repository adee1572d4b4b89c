// The blocks that are kafkacheck's own rather than Kafka's: the application pattern, the fault budgets, the search
// bound and the expected verdicts. Their keys are ours, so an unknown one is an error, not a warning.
import { INT_MAX } from './defaults.js'
import { invalidName, invalidValue } from './issues.js'
import { closestName } from './knownKeys.js'
import type { Warning } from './raw.js'
import type { BlockReader } from './reader.js'
import { FAULT_NAMES, VERDICTS, type AppConfig, type Bound, type ExpectedVerdict, type Faults } from './types.js'
import { boolean, integer, listOf, nonEmptyText, oneOf, type Parser } from './values.js'

const APP_KEYS = [
  'commit',
  'commit-interval',
  'processing',
  'resend-on-failure',
  'transactional-id',
  'pipeline',
  'retry',
  'retry-attempts',
  'dlq',
  'dlq-await-ack',
  'commit-on-revoke',
  'group',
  'dedup',
  'keys',
] as const

/** Every message on one key by default, so that all of them land in one partition and ordering is observable. */
export const DEFAULT_KEYS: readonly string[] = ['key-1']

/** Records an error for the first key of `reader` that is not one of `allowed`. */
export function rejectUnknownKeys(reader: BlockReader, allowed: readonly string[], what: string): void {
  for (const key of reader.keys())
    if (!allowed.includes(key))
      reader.fail(invalidName(reader.origin(key), reader.block, what, key, allowed, closestName(key, allowed)))
}

export function resolveApp(reader: BlockReader, warnings: Warning[]): AppConfig {
  rejectUnknownKeys(reader, APP_KEYS, 'app setting')
  return {
    commit: reader.read('commit', oneOf(['before-process', 'after-process']), 'after-process'),
    'commit-interval': reader.read('commit-interval', oneOf(['every-batch', 'periodic']), 'every-batch'),
    processing: reader.read('processing', oneOf(['sync', 'async']), 'sync'),
    'resend-on-failure': reader.read('resend-on-failure', boolean, false),
    'transactional-id': reader.read('transactional-id', oneOf(['stable', 'per-instance', 'per-partition']), 'stable'),
    pipeline: reader.read('pipeline', oneOf(['none', 'consume-transform-produce']), 'none'),
    retry: reader.read('retry', oneOf(['none', 'blocking', 'retry-topic']), 'none'),
    // Spring Kafka's DefaultErrorHandler: FixedBackOff(0, 9), ten deliveries in all.
    'retry-attempts': reader.read('retry-attempts', integer(1, 10, '1..10'), 10),
    dlq: reader.read('dlq', boolean, false),
    // DeadLetterPublishingRecoverer waits for the send's result by default.
    'dlq-await-ack': reader.read('dlq-await-ack', boolean, true),
    'commit-on-revoke': reader.read('commit-on-revoke', boolean, false),
    group: reader.read('group', oneOf(['new', 'existing']), 'new'),
    dedup: reader.read('dedup', oneOf(['kafka', 'seed-simplified']), 'kafka'),
    keys: reader.read('keys', listOf(nonEmptyText, 'a list of record keys'), DEFAULT_KEYS),
  }
}

/**
 * The fault budgets; `transactional` (a producer transactional.id) gives the application one abort by default, and
 * `errorPath` (retries or a dead-letter queue) one processing failure.
 */
export function resolveFaults(reader: BlockReader, transactional: boolean, errorPath: boolean): Faults {
  rejectUnknownKeys(reader, FAULT_NAMES, 'fault')
  const budget = (name: (typeof FAULT_NAMES)[number], byDefault = 0) =>
    reader.read(name, integer(0, INT_MAX, 'a non-negative integer'), byDefault)
  return {
    'broker-crash': budget('broker-crash'),
    'lossy-crash': budget('lossy-crash'),
    'broker-bounce': budget('broker-bounce'),
    'lost-request': budget('lost-request'),
    'lost-response': budget('lost-response'),
    'delayed-request': budget('delayed-request'),
    'delivery-timeout': budget('delivery-timeout'),
    'producer-restart': budget('producer-restart'),
    'consumer-crash': budget('consumer-crash'),
    'consumer-pause': budget('consumer-pause'),
    'coordinator-crash': budget('coordinator-crash'),
    'add-partition': budget('add-partition'),
    'txn-abort': budget('txn-abort', transactional ? 1 : 0),
    'processing-failure': budget('processing-failure', errorPath ? 1 : 0),
    // One eavesdropper already reads everything that crosses the wire: a second would read nothing more.
    eavesdrop: reader.read('eavesdrop', integer(0, 1, '0 or 1 (one eavesdropper reads the whole wire)'), 0),
    mitm: budget('mitm'),
  }
}

export function resolveBound(reader: BlockReader): Bound {
  rejectUnknownKeys(reader, ['messages', 'retries', 'depth', 'states'], 'bound')
  const positive = integer(1, INT_MAX, 'a positive integer')
  return {
    messages: reader.read('messages', positive, 2),
    retries: reader.read('retries', integer(0, INT_MAX, 'a non-negative integer'), 1),
    depth: reader.read('depth', positive, 60),
    states: reader.read('states', positive, 2_000_000),
  }
}

/** Property names are checked by the caller, which knows the catalogue; here only the verdicts. */
export function resolveExpect(reader: BlockReader): Readonly<Record<string, ExpectedVerdict>> {
  return Object.fromEntries(reader.keys().map(key => [key, reader.read(key, oneOf(VERDICTS), 'holds')]))
}
