// State variables as a person reads them: `partitions[0].replicas[1].log` is "partition 0 / broker 2 / log" and its
// value "[m1 (epoch 0), m2 (epoch 1), COMMIT marker (t1) (epoch 1)]". Every name comes from the state's schema (spec/state.ts): a field is its name
// in words, an array's element is named after what its index identifies ("partition 0", "m1 batch"), and an int or
// a set member after what it identifies ("broker 2"). So a field added to the schema gets a readable name with no
// edit here. Only the records that lists hold have words of their own, by record kind. A path the schema does not
// declare still prints, with its raw key and index.

import type { ArraySchema, RecordSchema, Schema } from '../../checker/index.js'
import {
  StateSchema,
  type LogEntry,
  type Params,
  type PendingAck,
  type PolledRecord,
  type ProduceRequest,
  type ProduceResponse,
} from '../../spec/index.js'
import {
  brokerName,
  clientName,
  consumerName,
  logEntryName,
  messageName,
  partitionName,
  producerName,
  transactionalIdName,
} from './names.js'
import { childSchema, schemaAt, type PathKey } from './schemaPath.js'

/** How reports name each kind of identifier: an int's `id` in the schema, or what an array's `index` identifies. */
const IDENTIFIERS: Readonly<Record<string, (index: number) => string>> = {
  broker: brokerName,
  partition: partitionName,
  message: messageName,
  producer: producerName,
  consumer: consumerName,
  'transactional id': transactionalIdName,
}

/** Set members print the short way Kafka tools print them where there is one: an ISR as {1, 2, 3}. */
const SHORT_MEMBERS: Readonly<Record<string, (index: number) => string>> = {
  broker: broker => String(broker + 1),
  partition: String,
}

/**
 * Records in the words reports use for them; a record kind without an entry prints field by field. A log entry needs
 * the parameters: a marker is named after its transactional id.
 */
const RECORDS = {
  LogEntry: (e: LogEntry, p: Params) =>
    `${logEntryName(p, e)} (epoch ${e.leaderEpoch}${e.sequence >= 0 ? `, seq ${e.sequence}` : ''}${e.zombie ? ', zombie' : ''})`,
  ProduceRequest: (r: ProduceRequest) => {
    const sequence = r.sequence >= 0 ? ` seq ${r.sequence}` : ''
    return `${messageName(r.message)}${sequence}: ${producerName(r.producer)} → ${brokerName(r.broker)}${r.orphan ? ' (timed out)' : ''}`
  },
  ProduceResponse: (r: ProduceResponse) =>
    `${messageName(r.message)} ${r.error === 'NONE' ? 'OK' : r.error}: ${brokerName(r.broker)} → ${producerName(r.producer)}`,
  PendingAck: (a: PendingAck) =>
    `${messageName(a.message)} @${a.offset} for ${producerName(a.producer)}${a.orphan ? ' (unheard)' : ''}`,
  PolledRecord: (r: PolledRecord) => `${messageName(r.message)} (p${r.partition} @${r.offset})`,
} satisfies Readonly<Record<string, (record: never, p: Params) => string>>

const ACRONYMS: Readonly<Record<string, string>> = { isr: 'ISR' }

/** camelCase key -> words: highWatermark -> "high watermark". */
const words = (key: string): string => ACRONYMS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()

/** An identifier as reports name it; a negative one (NO_LEADER, NO_PARTITION…) stands for none. */
function identified(id: string | undefined, index: number): string {
  if (id === undefined) return String(index)
  if (index < 0) return 'none'
  return IDENTIFIERS[id]?.(index) ?? `${id} ${index}`
}

/**
 * Element `index` of `array`, with what an element is called unless `named` is false; a replica is named after its
 * broker, through the assignment of the partition it is in.
 */
function elementName(
  p: Params,
  array: ArraySchema,
  index: number,
  partition: number | undefined,
  named = true,
): string {
  const broker = array.index === 'replica' && partition !== undefined ? p.assignment[partition]?.[index] : undefined
  // A connection belongs to a producer or, after the producers', to a consumer.
  const entity =
    broker !== undefined
      ? brokerName(broker)
      : array.index === 'client'
        ? `${clientName(p.producers, index)} connection`
        : identified(array.index, index)
  return array.element === undefined || !named ? entity : `${entity} ${array.element}`
}

/** "partition 0 / broker 2 / log" for the raw path ['partitions', 0, 'replicas', 1, 'log']. */
export function variablePath(p: Params, path: readonly PathKey[], root: Schema = StateSchema): string {
  const parts: string[] = []
  let schema: Schema | undefined = root
  let partition: number | undefined
  path.forEach((key, at) => {
    const inner = childSchema(schema, key)
    if (typeof key === 'string') {
      // An array's key is not printed when its element has a name of its own ("partition 0", not "partitions / 0").
      if (inner?.kind !== 'array' || typeof path[at + 1] !== 'number') parts.push(words(key))
    } else if (schema?.kind === 'array') {
      // An array of arrays names the outer element by its entity alone when the path goes on into the inner one:
      // "consumer 1 / partition 0 pending offset", not "consumer 1 pending offsets / partition 0 pending offset".
      const nested = schema.of.kind === 'array' && typeof path[at + 1] === 'number'
      parts.push(elementName(p, schema, key, partition, !nested))
      if (schema.index === 'partition') partition = key
    } else parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}[${key}]`
    schema = inner
  })
  return parts.join(' / ')
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `value` as a person reads it, given its schema (undefined: not declared, printed as plain data). */
function format(p: Params, schema: Schema | undefined, value: unknown): string {
  if (schema === undefined) return plain(value)
  switch (schema.kind) {
    case 'int':
      return typeof value === 'number' ? identified(schema.id, value) : plain(value)
    case 'set':
      return Array.isArray(value) ? `{${value.map(m => member(schema.id, m)).join(', ')}}` : plain(value)
    case 'list':
    case 'array':
      return Array.isArray(value) ? `[${value.map(element => format(p, schema.of, element)).join(', ')}]` : plain(value)
    case 'record':
      return isRecord(value) ? formatRecord(p, schema, value) : plain(value)
    case 'bool':
    case 'enum':
      return plain(value)
  }
}

function member(id: string | undefined, value: unknown): string {
  if (typeof value !== 'number') return plain(value)
  return (id === undefined ? undefined : SHORT_MEMBERS[id]?.(value)) ?? identified(id, value)
}

function formatRecord(p: Params, schema: RecordSchema, value: Readonly<Record<string, unknown>>): string {
  if (Object.hasOwn(RECORDS, schema.name)) {
    // The value fits its schema: every state a report reads is a ValidState (kafkaModel's, or checked on reading).
    const worded = RECORDS[schema.name as keyof typeof RECORDS] as (record: unknown, p: Params) => string
    return worded(value, p)
  }
  return `{${Object.entries(value)
    .map(([key, field]) => `${words(key)}: ${format(p, childSchema(schema, key), field)}`)
    .join(', ')}}`
}

/** Data the schema does not declare, compactly. */
function plain(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(plain).join(', ')}]`
  if (isRecord(value))
    return `{${Object.entries(value)
      .map(([key, field]) => `${words(key)}: ${plain(field)}`)
      .join(', ')}}`
  return String(value)
}

/** The value at `path` as a person reads it. */
export function formatValue(p: Params, path: readonly PathKey[], value: unknown, root: Schema = StateSchema): string {
  return value === undefined ? '(none)' : format(p, schemaAt(root, path), value)
}

/** Every variable of `state` as readable path and value: arrays element by element, lists and sets whole. */
export function stateListing(
  p: Params,
  state: unknown,
  root: Schema = StateSchema,
): { readonly path: string; readonly value: string }[] {
  const listing: { path: string; value: string }[] = []
  const visit = (value: unknown, path: readonly PathKey[], schema: Schema | undefined): void => {
    if (schema?.kind === 'array' && Array.isArray(value))
      value.forEach((element, i) => visit(element, [...path, i], schema.of))
    else if (isRecord(value) && (schema === undefined || schema.kind === 'record'))
      for (const [field, inner] of Object.entries(value)) visit(inner, [...path, field], childSchema(schema, field))
    else listing.push({ path: variablePath(p, path, root), value: format(p, schema, value) })
  }
  visit(state, [], root)
  return listing
}
