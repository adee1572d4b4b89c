// What an ITF trace's `#meta.kafkacheck` must hold before anything is drawn from it: model parameters the model can
// run with (every field of Params, in the ranges the model accepts, so that the state bounds follow from them), and
// a scenario shaped like one kafkacheck resolved, since every report prints it. Each check names the first thing
// wrong, in one line.

import {
  ASSIGNORS,
  FAULT_NAMES,
  MODEL_LIMITS,
  resolveScenario,
  RESOLVED_BLOCKS,
  VERDICTS,
  type Params,
  type Scenario,
} from '../../spec/index.js'

type Fields = Readonly<Record<string, unknown>>

/** What is wrong with a value, or undefined when nothing is; `params` holds the fields checked before it. */
type Check = (value: unknown, params: Fields) => string | undefined

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const show = (value: unknown): string => JSON.stringify(value) ?? String(value)

/** How an issue follows the place it is in: "[0][1]: 3 is not …", "brokers 99 is not …". */
const nested = (issue: string): string => (issue.startsWith('[') ? issue : `: ${issue}`)

/** The first element of a list that fails `check`, as "[i]: what is wrong". */
function eachOf(list: readonly unknown[], check: (element: unknown, index: number) => string | undefined) {
  for (const [i, element] of list.entries()) {
    const issue = check(element, i)
    if (issue !== undefined) return `[${i}]${nested(issue)}`
  }
  return undefined
}

/** A count checked before: the value of `field` in `params`. */
const sized = (params: Fields, field: 'brokers' | 'partitions' | 'producers'): number => params[field] as number

/** An integer from `min` to `max`, which may be a count checked before. */
const integer =
  (min: number, max: number | ((params: Fields) => number)): Check =>
  (value, params) => {
    const top = typeof max === 'number' ? max : max(params)
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= top
      ? undefined
      : `${show(value)} is not an integer from ${min} to ${top}`
  }

const boolean: Check = value => (typeof value === 'boolean' ? undefined : `${show(value)} is not true or false`)

const text: Check = value => (typeof value === 'string' ? undefined : `${show(value)} is not a string`)

const oneOf =
  (allowed: readonly unknown[]): Check =>
  value =>
    allowed.includes(value) ? undefined : `${show(value)} is not one of ${allowed.map(show).join(', ')}`

/** Every value of a string union, as the keys of a record: the compiler insists on each, so none is refused. */
const everyOf = <T extends string>(values: Readonly<Record<T, true>>): readonly T[] => Object.keys(values) as T[]

/** Per partition slot, its replicas: the same number of distinct brokers for every partition. */
const assignment: Check = (value, params) => {
  const partitions = sized(params, 'partitions')
  if (!Array.isArray(value) || value.length !== partitions) return `is not a list of ${partitions} replica lists`
  const factor = Array.isArray(value[0]) ? value[0].length : 0
  return eachOf(value, replicas =>
    Array.isArray(replicas) && factor > 0 && replicas.length === factor && new Set(replicas).size === factor
      ? eachOf(replicas, broker => integer(0, sized(params, 'brokers') - 1)(broker, params))
      : 'is not a list of distinct brokers as long as the first',
  )
}

/** Where the partitioner puts a key while the topic has n partitions: nowhere (-1) for none, then one of the n. */
const partitionFor =
  (partitions: number): Check =>
  (value, params) => {
    if (!Array.isArray(value) || value.length !== partitions + 1)
      return `partitionFor is not a list of ${partitions + 1} partitions`
    return eachOf(value, (partition, n) =>
      n === 0 ? (partition === -1 ? undefined : 'is not -1') : integer(0, n - 1)(partition, params),
    )
  }

/** Each message: its producer, its key, and where its key goes. */
const messages: Check = (value, params) => {
  if (!Array.isArray(value) || value.length < 1 || value.length > MODEL_LIMITS.messages)
    return `is not a list of 1 to ${MODEL_LIMITS.messages} messages`
  const producer = integer(0, sized(params, 'producers') - 1)
  return eachOf(value, message => {
    if (!isRecord(message) || Object.keys(message).sort().join() !== 'key,partitionFor,producer')
      return 'is not a record of producer, key and partitionFor'
    const issue = producer(message['producer'], params)
    if (issue !== undefined) return `producer ${issue}`
    return text(message['key'], params) ?? partitionFor(sized(params, 'partitions'))(message['partitionFor'], params)
  })
}

const faults: Check = value => {
  if (!isRecord(value) || Object.keys(value).length !== FAULT_NAMES.length)
    return `is not a record of the budgets ${FAULT_NAMES.join(', ')}`
  for (const name of FAULT_NAMES) {
    const issue = integer(0, MODEL_LIMITS.faultBudget)(value[name], value)
    if (issue !== undefined) return `${name} ${issue}`
  }
  return undefined
}

/** Every field of Params and what it may hold: a field added to Params without a check is a compile error here. */
const PARAMS: { readonly [K in keyof Params]-?: Check } = {
  brokers: integer(1, MODEL_LIMITS.brokers),
  partitions: integer(1, MODEL_LIMITS.partitions),
  initialPartitions: integer(1, params => sized(params, 'partitions')),
  assignment,
  minInsyncReplicas: integer(1, MODEL_LIMITS.brokers),
  highWatermarkNeedsMinIsr: boolean,
  uncleanLeaderElection: boolean,
  bounceUnnoticed: boolean,
  truncation: oneOf(
    everyOf<Params['truncation']>({ 'high-watermark': true, 'epoch-end-offset': true, 'leader-epoch': true }),
  ),
  unflushedTailIsLost: boolean,
  producers: integer(1, MODEL_LIMITS.producers),
  messages,
  acks: oneOf([0, 1, 'all'] satisfies Params['acks'][]),
  idempotence: boolean,
  dedup: oneOf(everyOf<Params['dedup']>({ kafka: true, 'seed-simplified': true })),
  acceptUnknownProducer: boolean,
  epochBumpScope: oneOf(everyOf<Params['epochBumpScope']>({ partition: true, producer: true })),
  maxInFlight: integer(1, 2 ** 31 - 1),
  // Kafka's retries reach 2^31 - 1 (retries=MAX); the search's own bound on them is MODEL_LIMITS.retries.
  attempts: integer(1, 2 ** 31),
  attemptsExplored: integer(1, MODEL_LIMITS.retries + 1),
  expiresInFlight: boolean,
  resendOnFailure: boolean,
  transactional: boolean,
  pipeline: boolean,
  pipelineTransactional: boolean,
  txnOffsetsFenced: boolean,
  transactionalIdPerInstance: boolean,
  verifiesTxnPartitions: boolean,
  epochBumpPerTransaction: boolean,
  pipelineIdPerPartition: boolean,
  consumers: integer(0, MODEL_LIMITS.consumers),
  groupId: text,
  autoCommit: boolean,
  commit: oneOf(everyOf<Params['commit']>({ 'before-process': true, 'after-process': true })),
  commitEveryBatch: boolean,
  processing: oneOf(everyOf<Params['processing']>({ sync: true, async: true })),
  commitOnRevoke: boolean,
  pollsDuringRebalance: boolean,
  validatesPositions: boolean,
  groupExists: boolean,
  autoOffsetReset: oneOf(everyOf<Params['autoOffsetReset']>({ earliest: true, latest: true, none: true })),
  readCommitted: boolean,
  assignor: oneOf(ASSIGNORS),
  retry: oneOf(everyOf<Params['retry']>({ none: true, blocking: true, 'retry-topic': true })),
  // app.retry-attempts takes 1 to 10 deliveries (Spring's default back-off allows 10).
  retryAttempts: integer(1, 10),
  dlq: boolean,
  dlqAwaitAck: boolean,
  poison: boolean,
  errorHandlingDeserializer: boolean,
  // Decided from the scenario's security settings (spec/security.ts); checked there, carried here as it is.
  security: value => (value === null || isRecord(value) ? undefined : `${show(value)} is neither null nor a record`),
  faults,
}

/** Throws through `fail` unless `value` is parameters the model can run with, and so compute its bounds from. */
export function assertParams(value: unknown, fail: (what: string) => never): asserts value is Params {
  if (!isRecord(value)) return fail('#meta.kafkacheck.params is not a record')
  const extra = Object.keys(value).find(field => !Object.hasOwn(PARAMS, field))
  if (extra !== undefined) return fail(`#meta.kafkacheck.params has no field ${extra}`)
  // In declaration order, so that a field's range may rest on one checked before it (initialPartitions ≤ partitions).
  for (const [field, check] of Object.entries(PARAMS)) {
    const issue = check(value[field], value)
    if (issue !== undefined) return fail(`#meta.kafkacheck.params.${field}${issue.startsWith('[') ? '' : ' '}${issue}`)
  }
}

/** What kind of JSON value `value` is. */
const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value)

/** Whether `value` may stand where a resolved scenario has `reference`; null stands for text not set. */
function fits(value: unknown, reference: unknown): boolean {
  if (reference === null) return value === null || typeof value === 'string'
  if (Array.isArray(reference))
    return Array.isArray(value) && value.every(element => kindOf(element) === kindOf(reference[0]))
  return kindOf(value) === kindOf(reference)
}

/** What is wrong with one block of the scenario, measured against the same block of a resolved scenario. */
function blockIssue(block: Fields, reference: ReadonlyMap<string, unknown>): string | undefined {
  const missing = [...reference.keys()].find(key => !Object.hasOwn(block, key))
  if (missing !== undefined) return `${missing} is missing`
  const extra = Object.keys(block).find(key => !reference.has(key))
  if (extra !== undefined) return `${extra} is not a setting kafkacheck resolves`
  const wrong = [...reference.keys()].find(key => !fits(block[key], reference.get(key)))
  return wrong === undefined ? undefined : `${wrong} is ${show(block[wrong])}, not a ${kindOf(reference.get(wrong))}`
}

/** A scenario with every default applied: the shape of every scenario kafkacheck resolves. */
function resolvedShape(): Scenario {
  const resolved = resolveScenario({
    name: '',
    description: '',
    origin: { file: '', line: null },
    blocks: {},
    notes: [],
  })
  if (!resolved.ok) throw new Error(`the default scenario does not resolve: ${resolved.issue.message}`)
  return resolved.scenario
}

/** Throws through `fail` unless `value` has every block, setting and kind of value a resolved scenario has. */
export function assertScenario(value: unknown, fail: (what: string) => never): asserts value is Scenario {
  if (!isRecord(value)) return fail('#meta.kafkacheck.scenario is not a record')
  for (const field of ['name', 'description'])
    if (typeof value[field] !== 'string') return fail(`#meta.kafkacheck.scenario.${field} is not a string`)
  const shape = resolvedShape()
  if (value.security !== null && !isRecord(value.security))
    return fail('#meta.kafkacheck.scenario.security is neither null nor a record')
  for (const block of RESOLVED_BLOCKS) {
    const given = value[block]
    if (!isRecord(given)) return fail(`#meta.kafkacheck.scenario.${block} is not a record`)
    const issue =
      block === 'expect'
        ? Object.entries(given)
            .filter(([, verdict]) => !(VERDICTS as readonly unknown[]).includes(verdict))
            .map(([property, verdict]) => `${property} is ${show(verdict)}, not one of ${VERDICTS.join(', ')}`)[0]
        : blockIssue(given, new Map(Object.entries(shape[block])))
    if (issue !== undefined) return fail(`#meta.kafkacheck.scenario.${block}: ${issue}`)
  }
}
