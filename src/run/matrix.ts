// `kafkacheck matrix`: the scenario checked under every combination of the varied settings, each with the network
// hops its producer waits for an acknowledgement (latency.ts), and for each property the base scenario violates, the
// combinations closest to the base (fewest varied settings changed) where it holds.
// Values are set in the scenario as written, before resolution, so every combination goes through Kafka's own
// defaults and validation exactly as a scenario file would.
import type { Progress } from '../../checker/index.js'
import {
  isKnownKey,
  KAFKA_ROLES,
  SCENARIO_BLOCKS,
  type BlockName,
  type KafkaRole,
  type RawScenario,
  closestKey,
} from '../../spec/index.js'
import { normalizeProperty } from '../input/index.js'
import {
  prepareScenario,
  runScenario,
  type PreparedScenario,
  type ScenarioRun,
  type SearchLimits,
} from './checkScenario.js'
import { InputError } from './exit.js'
import { measureLatency, type Latency } from './latency.js'
import { resolveLoaded, type LoadedScenario } from './load.js'
import { withSetting } from './scenarioEdit.js'

/** One `--vary key=v1,v2,...`: a setting and the values it takes. */
export interface Variation {
  /** As the user wrote it, for the table header. */
  readonly label: string
  readonly block: BlockName
  readonly key: string
  readonly values: readonly string[]
}

export interface GridPoint {
  /** One value per variation, as given. */
  readonly values: readonly string[]
  readonly run: ScenarioRun
  readonly latency: Latency
  /** Indices of the variations whose value differs from the base scenario's. */
  readonly changed: readonly number[]
}

export interface Matrix {
  readonly variations: readonly Variation[]
  readonly base: ScenarioRun
  readonly baseLatency: Latency
  /** The base scenario's value of each varied setting (null when neither written nor known to the resolver). */
  readonly baseValues: readonly (string | null)[]
  readonly points: readonly GridPoint[]
}

/** The blocks a variation may set: every block but `expect`. */
const VARIABLE_BLOCKS = SCENARIO_BLOCKS.filter(block => block !== 'expect')

/** Where a bare key is looked for: a topic-level setting wins over the broker default it overrides. */
const BARE_KEY_ROLES = ['producer', 'consumer', 'topic', 'broker'] as const satisfies readonly KafkaRole[]

const isKafkaRole = (block: BlockName): block is KafkaRole => (KAFKA_ROLES as readonly string[]).includes(block)

const EXAMPLE_KEYS = 'producer.acks, topic.min.insync.replicas, faults.broker-crash, kafka.version'

function unknownKey(spec: string, key: string): never {
  const closest = BARE_KEY_ROLES.map(role => closestKey(role, key)).find(name => name !== null) ?? null
  throw new InputError(
    `--vary ${spec}: unknown key '${key}'${closest === null ? '' : ` (did you mean ${closest}?)`}; ` +
      `give a Kafka property of the producer, consumer, topic or broker, or block.key (e.g. ${EXAMPLE_KEYS})`,
  )
}

/** A Kafka property in the first role (producer, consumer, topic, broker) that has it, in Kafka's own spelling. */
function kafkaProperty(spec: string, written: string): { block: BlockName; key: string } {
  for (const role of BARE_KEY_ROLES) {
    const normalized = normalizeProperty(role, written, '')
    if (normalized.kind === 'property' && isKnownKey(role, normalized.key)) return { block: role, key: normalized.key }
  }
  return unknownKey(spec, written)
}

/** `acks=0,1,all`, `producer.acks=0,1`, `faults.broker-crash=0,1`. */
export function parseVariation(spec: string): Variation {
  const equals = spec.indexOf('=')
  const label = spec.slice(0, equals).trim()
  const values = spec
    .slice(equals + 1)
    .split(',')
    .map(value => value.trim())
  if (equals <= 0 || label === '' || values.some(value => value === ''))
    throw new InputError(`--vary ${spec} is not allowed; allowed: key=value,value,... (e.g. --vary acks=0,1,all)`)
  const dot = label.indexOf('.')
  const prefix = dot > 0 ? VARIABLE_BLOCKS.find(block => block === label.slice(0, dot)) : undefined
  if (prefix === undefined) return { label, ...kafkaProperty(spec, label), values }
  const key = label.slice(dot + 1)
  if (!isKafkaRole(prefix)) return { label, block: prefix, key, values }
  const normalized = normalizeProperty(prefix, key, '')
  if (normalized.kind === 'ignored')
    throw new InputError(`--vary ${spec}: ${normalized.reason}; it cannot change a verdict`)
  return { label, block: prefix, key: normalized.key, values }
}

/** Every combination of the variations' values, the first variation varying slowest. */
function combinations(variations: readonly Variation[]): string[][] {
  return variations.reduce<string[][]>(
    (grid, variation) => grid.flatMap(point => variation.values.map(value => [...point, value])),
    [[]],
  )
}

const shownValue = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value))

/** The value a setting takes in a scenario: the effective one where the resolver knows it, else as written. */
function settingValue(loaded: LoadedScenario, variation: Variation): string | null {
  if (loaded.status === 'valid') {
    const block = (loaded.scenario as unknown as Partial<Record<BlockName, Record<string, unknown>>>)[variation.block]
    if (block !== undefined && Object.hasOwn(block, variation.key)) return shownValue(block[variation.key])
  }
  const written = loaded.raw.blocks[variation.block]?.get(variation.key)
  return written === undefined ? null : shownValue(written.value)
}

/**
 * Resolves and validates every combination before any is checked (a value Kafka refuses is a verdict; a value that
 * is not a value is bad input), then checks the base and every combination.
 */
export function checkMatrix(
  raw: RawScenario,
  variations: readonly Variation[],
  limits: SearchLimits,
  progress: (label: string) => { update: (p: Progress) => void; done: () => void },
): Matrix {
  const labels = variations.map(v => v.label)
  const duplicate = labels.find((label, i) => labels.indexOf(label) !== i)
  if (duplicate !== undefined) throw new InputError(`--vary ${duplicate} is given twice; give each key once`)
  // The verdict table is the point here; the scenario's expectations would not fit every combination anyway.
  const { expect: _expectations, ...blocks } = raw.blocks
  const asWritten: RawScenario = { ...raw, blocks }
  const base = prepareScenario(resolveLoaded(asWritten))
  const baseValues = variations.map(v => settingValue(base.loaded, v))
  const prepared: { values: string[]; scenario: PreparedScenario }[] = combinations(variations).map(values => {
    const varied = variations.reduce(
      (scenario, v, i) => withSetting(scenario, v.block, v.key, values[i]!, `--vary ${v.key}`),
      asWritten,
    )
    return { values, scenario: prepareScenario(resolveLoaded(varied)) }
  })

  const run = (label: string, scenario: PreparedScenario) => {
    const line = progress(label)
    const result = runScenario(scenario, limits, line.update)
    line.done()
    return { run: result, latency: measureLatency(scenario, limits.maxStates) }
  }
  const baseRun = run('checking the base scenario', base)
  const points = prepared.map(({ values, scenario }) => {
    const label = values.map((value, i) => `${variations[i]!.label}=${value}`).join(' ')
    const changed = variations.flatMap((v, i) => (settingValue(scenario.loaded, v) === baseValues[i] ? [] : [i]))
    return { values, ...run(`checking ${label}`, scenario), changed }
  })
  return { variations, base: baseRun.run, baseLatency: baseRun.latency, baseValues, points }
}

/** The combinations with the fewest changes from the base in which `property` holds; empty when none does. */
export function smallestChanges(matrix: Matrix, property: string): GridPoint[] {
  const holding = matrix.points.filter(point =>
    point.run.properties.some(p => p.name === property && p.verdict === 'holds'),
  )
  const fewest = Math.min(...holding.map(point => point.changed.length))
  return holding.filter(point => point.changed.length === fewest)
}
