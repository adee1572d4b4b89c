// State variables as a person reads them: `partitions[0].replicas[1].log` is "partition 0 / broker 2 / log" and its
// value "[m1 (epoch 0), m2 (epoch 1)]". The diff finds what changed without knowing the state's shape; this module
// only names things. A variable it has no name for still prints, with its raw key and index.

import type { Params, LogEntry, PendingAck, PolledRecord, ProduceRequest, ProduceResponse } from '../../spec/index.js'
import type { PathKey } from './diff.js'
import { brokerName, consumerName, messageName, partitionName, producerName } from './names.js'

/** How the elements of one kind of array are named in a path, and whether a state listing shows each of them. */
interface Collection {
  /** The element's name; `path` is the path up to and including the array's key. */
  readonly element: (index: number, path: readonly PathKey[], p: Params) => string
  /** Listed element by element (entities such as partitions), or as one value (a log, the requests on the wire). */
  readonly listing: 'each' | 'whole'
}

/** The partition a path runs through (for naming a replica by its broker). */
const partitionOf = (path: readonly PathKey[]): number => Number(path[path.indexOf('partitions') + 1])

const COLLECTIONS: Readonly<Record<string, Collection>> = {
  producers: { element: producerName, listing: 'each' },
  queues: { element: i => `${partitionName(i)} queue`, listing: 'each' },
  nextSequence: { element: i => `${partitionName(i)} next sequence`, listing: 'each' },
  sequenceEpoch: { element: i => `${partitionName(i)} sequence epoch`, listing: 'each' },
  lastAckedSequence: { element: i => `${partitionName(i)} last acknowledged sequence`, listing: 'each' },
  unresolvedSequence: { element: i => `${partitionName(i)} unresolved sequence`, listing: 'each' },
  bumpFor: { element: i => `bump ${i + 1}`, listing: 'whole' },
  batches: { element: m => `${messageName(m)} batch`, listing: 'each' },
  brokerAlive: { element: b => `${brokerName(b)} alive`, listing: 'each' },
  partitions: { element: partitionName, listing: 'each' },
  replicas: { element: (i, path, p) => brokerName(p.assignment[partitionOf(path)]![i]!), listing: 'each' },
  log: { element: offset => `offset ${offset}`, listing: 'whole' },
  isr: { element: i => `ISR member ${i + 1}`, listing: 'whole' },
  purgatory: { element: i => `pending ${i + 1}`, listing: 'whole' },
  requests: { element: i => `request ${i + 1}`, listing: 'whole' },
  responses: { element: i => `response ${i + 1}`, listing: 'whole' },
  consumers: { element: consumerName, listing: 'each' },
  owned: { element: i => `owned ${i + 1}`, listing: 'whole' },
  positions: { element: i => `${partitionName(i)} position`, listing: 'each' },
  batch: { element: i => `polled ${i + 1}`, listing: 'whole' },
  handedOff: { element: i => `handed off ${i + 1}`, listing: 'whole' },
  processedUpTo: { element: i => `${partitionName(i)} processed up to`, listing: 'each' },
  members: { element: i => `member ${i + 1}`, listing: 'whole' },
  committed: { element: i => `${partitionName(i)} committed offset`, listing: 'each' },
  processed: { element: m => `${messageName(m)} times processed`, listing: 'each' },
}

const ACRONYMS: Readonly<Record<string, string>> = { isr: 'ISR' }

/** camelCase key -> words: highWatermark -> "high watermark". */
const words = (key: string): string => ACRONYMS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()

/** "partition 0 / broker 2 / log" for the raw path ['partitions', 0, 'replicas', 1, 'log']. */
export function variablePath(p: Params, path: readonly PathKey[]): string {
  const parts: string[] = []
  path.forEach((key, at) => {
    if (typeof key === 'string') {
      // An array's key is not printed when its element has a name of its own ("partition 0", not "partitions / 0").
      if (typeof path[at + 1] === 'number' && COLLECTIONS[key] !== undefined) return
      parts.push(words(key))
      return
    }
    const collection = path[at - 1]
    const named = typeof collection === 'string' ? COLLECTIONS[collection] : undefined
    if (named === undefined) parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}[${key}]`
    else parts.push(named.element(key, path.slice(0, at), p))
  })
  return parts.join(' / ')
}

const set = (members: readonly string[]): string => `{${members.join(', ')}}`
const list = (elements: readonly string[]): string => `[${elements.join(', ')}]`

/** How one element of a collection prints. */
const ELEMENTS: Readonly<Record<string, (value: unknown) => string>> = {
  queues: m => messageName(m as number),
  log: value => {
    const e = value as LogEntry
    return `${messageName(e.message)} (epoch ${e.leaderEpoch}${e.sequence >= 0 ? `, seq ${e.sequence}` : ''})`
  },
  requests: value => {
    const r = value as ProduceRequest
    const sequence = r.sequence >= 0 ? ` seq ${r.sequence}` : ''
    return `${messageName(r.message)}${sequence}: ${producerName(r.producer)} → ${brokerName(r.broker)}${r.orphan ? ' (timed out)' : ''}`
  },
  responses: value => {
    const r = value as ProduceResponse
    return `${messageName(r.message)} ${r.error === 'NONE' ? 'OK' : r.error}: ${brokerName(r.broker)} → ${producerName(r.producer)}`
  },
  purgatory: value => {
    const a = value as PendingAck
    return `${messageName(a.message)} @${a.offset} for ${producerName(a.producer)}${a.orphan ? ' (unheard)' : ''}`
  },
  batch: value => polled(value as PolledRecord),
  handedOff: value => polled(value as PolledRecord),
}

const polled = (r: PolledRecord): string => `${messageName(r.message)} (p${r.partition} @${r.offset})`

/** Collections that are sets, and how their members print. */
const SETS: Readonly<Record<string, (member: unknown) => string>> = {
  isr: b => String((b as number) + 1),
  members: c => consumerName(c as number),
  owned: partition => String(partition),
  bumpFor: partition => partitionName(partition as number),
}

/** Fields that hold an identifier, printed the way reports name it. */
const IDENTIFIERS: Readonly<Record<string, (index: number) => string>> = {
  message: messageName,
  broker: b => (b < 0 ? 'none' : brokerName(b)),
  leader: b => (b < 0 ? 'none' : brokerName(b)),
  producer: producerName,
  partition: partitionName,
}

/** The value at `path` as a person reads it. */
export function formatValue(path: readonly PathKey[], value: unknown): string {
  if (value === undefined) return '(none)'
  const key = path.findLast(k => typeof k === 'string')
  const element = key === undefined ? undefined : (ELEMENTS[key] ?? SETS[key])
  if (Array.isArray(value)) {
    if (value.some(Array.isArray)) return list(value.map((inner, i) => formatValue([...path, i], inner)))
    if (key !== undefined && SETS[key] !== undefined) return set(value.map(m => SETS[key]!(m)))
    if (element !== undefined) return list(value.map(element))
  }
  if (typeof path[path.length - 1] === 'number' && element !== undefined) return element(value)
  const identifier = typeof key === 'string' ? IDENTIFIERS[key] : undefined
  if (typeof value === 'number' && identifier !== undefined) return identifier(value)
  return plain(value)
}

/** Any other plain data, compactly, with identifiers in fields named as reports name them. */
function plain(value: unknown): string {
  if (Array.isArray(value)) return list(value.map(plain))
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([key, field]) => `${words(key)}: ${formatValue([key], field)}`)
      .join(', ')}}`
  return String(value)
}

/** Every variable of `state` as readable path and value: entities element by element, other values whole. */
export function stateListing(p: Params, state: unknown): { readonly path: string; readonly value: string }[] {
  const listing: { path: string; value: string }[] = []
  const visit = (value: unknown, path: readonly PathKey[]): void => {
    const key = path[path.length - 1]
    const collection = typeof key === 'string' ? COLLECTIONS[key] : undefined
    if (Array.isArray(value) && collection?.listing === 'each')
      value.forEach((element, i) => visit(element, [...path, i]))
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      for (const [field, inner] of Object.entries(value)) visit(inner, [...path, field])
    else listing.push({ path: variablePath(p, path), value: formatValue(path, value) })
  }
  visit(state, [])
  return listing
}
