// What the input layer (src/input) hands to the resolver: the scenario's blocks as canonical Kafka key -> text, each
// value remembering where it was written. No defaults are applied yet and no value is checked.

/** The top-level blocks of a scenario file (DESIGN.md, "The scenario file"), in the order reports print them. */
export const SCENARIO_BLOCKS = [
  'kafka',
  'cluster',
  'topic',
  'broker',
  'producer',
  'consumer',
  'app',
  'acls',
  'scram-credentials',
  'faults',
  'bound',
  'expect',
] as const
export type BlockName = (typeof SCENARIO_BLOCKS)[number]

/** Blocks for what lives in the cluster's metadata, not in a file; the resolver reads them into `security`. */
export const SECURITY_BLOCKS = ['acls', 'scram-credentials'] as const satisfies readonly BlockName[]
/** The blocks a resolved Scenario has a field for, under the same name. */
export const RESOLVED_BLOCKS = SCENARIO_BLOCKS.filter(
  (block): block is Exclude<BlockName, (typeof SECURITY_BLOCKS)[number]> =>
    !(SECURITY_BLOCKS as readonly string[]).includes(block),
)

/** The blocks that hold Kafka's own properties (and so accept pasted dialects and get unknown-key warnings). */
export const KAFKA_ROLES = ['producer', 'consumer', 'broker', 'topic'] as const
export type KafkaRole = (typeof KAFKA_ROLES)[number]

/** Where a value was written: a file (or a command-line flag) and, where known, the line. */
export interface Origin {
  readonly file: string
  readonly line: number | null
}

/** One value as written: a scalar as text, or a list (a YAML sequence). */
export interface RawEntry {
  readonly value: string | readonly string[]
  readonly origin: Origin
}

/** A block's entries by canonical key. A Map, so that a key such as `constructor` is only ever data. */
export type RawBlock = ReadonlyMap<string, RawEntry>

export interface RawScenario {
  readonly name: string
  readonly description: string
  /** The scenario file, or the flags it was built from: the origin of every default. */
  readonly origin: Origin
  readonly blocks: Readonly<Partial<Record<BlockName, RawBlock>>>
  /** What the input layer noticed while reading (dialect renames, ignored client-only keys, repeated keys). */
  readonly notes: readonly Warning[]
}

export type WarningKind =
  | 'unknown-key' // not a property of that role: usually a typo
  | 'ignored' // a real setting the model or this Kafka version does not use
  | 'dialect' // written in another client's spelling and translated
  | 'effective' // the client or broker changes the value it was given (Kafka's own log line)
  | 'note' // worth knowing: a bug of the chosen Kafka version, or a choice the model makes for the user

export interface Warning {
  readonly kind: WarningKind
  readonly origin: Origin
  readonly block: BlockName | null
  readonly key: string | null
  /** One line, without the origin. */
  readonly message: string
}

export const formatOrigin = (origin: Origin): string =>
  origin.line === null ? origin.file : `${origin.file}:${origin.line}`
