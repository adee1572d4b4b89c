// Kafka identifiers as people say them. The state numbers everything from 0; reports number brokers, producers,
// consumers and messages from 1 (broker 1, producer 1, m1) and partitions from 0, as Kafka itself does.

import { NO_LEADER, transactionalIdOf, type LogEntry, type Params, type ProduceError } from '../../spec/index.js'
import type { Entry } from './facts.js'

export const messageName = (message: number): string => `m${message + 1}`
export const brokerName = (broker: number): string => (broker === NO_LEADER ? 'no broker' : `broker ${broker + 1}`)
export const producerName = (producer: number): string => `producer ${producer + 1}`
export const consumerName = (consumer: number): string => `consumer ${consumer + 1}`
/** A producer or a consumer, by its role and its number among them. */
export const roleName = (role: 'producer' | 'consumer', index: number): string =>
  role === 'producer' ? producerName(index) : consumerName(index)
/** A connection's client: the producers' connections come first, then the consumers'. */
export const clientName = (producers: number, client: number): string =>
  client < producers ? roleName('producer', client) : roleName('consumer', client - producers)
export const partitionName = (partition: number): string => `partition ${partition}`
export const transactionalIdName = (id: number): string => `t${id + 1}`

/** A log entry as facts hold it: a marker names the transactional id whose transaction it ends. */
export function entryOf(p: Params, entry: LogEntry): Entry {
  if (entry.kind === 'data') return { kind: 'data', message: entry.message }
  return { kind: entry.kind, transactionalId: transactionalIdOf(p, entry.producer, entry.instance) }
}

/** "m1", or for a transaction marker "COMMIT marker (t1)": a marker holds no record. */
export const entryName = (entry: Entry): string =>
  entry.kind === 'data'
    ? messageName(entry.message)
    : `${entry.kind.toUpperCase()} marker (${transactionalIdName(entry.transactionalId)})`

/** The short form inside a diagram's log listing: "m1", "COMMIT(t1)". */
export const entryLabel = (entry: Entry): string =>
  entry.kind === 'data'
    ? messageName(entry.message)
    : `${entry.kind.toUpperCase()}(${transactionalIdName(entry.transactionalId)})`

/** A replica's log entry by name, "m1" or "ABORT marker (t2)". */
export const logEntryName = (p: Params, entry: LogEntry): string => entryName(entryOf(p, entry))

/** A set of brokers, as Kafka tools print an ISR: {1, 2, 3}. */
export const brokerSet = (brokers: readonly number[]): string => `{${brokers.map(b => b + 1).join(', ')}}`

/** OK for success, or the error's name, as the producer logs it. */
export const errorWord = (error: ProduceError | 'NONE'): string => (error === 'NONE' ? 'OK' : error)

/** "partition 0", "partitions 0 and 1", or "no partition" */
export const partitionList = (partitions: readonly number[]): string =>
  partitions.length === 0
    ? 'no partition'
    : `${partitions.length === 1 ? 'partition' : 'partitions'} ${joinWords(partitions.map(String))}`

/** m1, m2 and m3 */
export const messageList = (messages: readonly number[]): string => joinWords(messages.map(messageName))

/** m1, m2 and COMMIT marker (t1) */
export const entryList = (entries: readonly Entry[]): string => joinWords(entries.map(entryName))

/** a, b and c */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`
}

/** "1 record", "2 records" */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/** Fields of an action that hold an identifier, and how reports name it. */
const IDENTIFIER_FIELDS: Readonly<Record<string, (index: number) => string>> = {
  producer: producerName,
  broker: brokerName,
  consumer: consumerName,
  partition: partitionName,
  message: messageName,
  transactionalId: transactionalIdName,
}

/** An action as Actor+Verb with its arguments named: "BrokerCrash(broker 2, lossy)". */
export function actionName(action: { readonly type: string }): string {
  const args = Object.entries(action).flatMap(([field, value]) => {
    if (field === 'type') return []
    const name = IDENTIFIER_FIELDS[field]
    if (typeof value === 'number' && name !== undefined) return [name(value)]
    if (typeof value === 'boolean') return value ? [field] : []
    return [`${field} ${String(value)}`]
  })
  return args.length === 0 ? action.type : `${action.type}(${args.join(', ')})`
}
