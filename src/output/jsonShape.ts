// A run-time check of the `--json` documents against their types in src/output/json.ts, for tests and for tools that
// want to validate what they read. Each shape is typed by what it accepts, and the documents' shapes are declared
// as `Shape<CheckDocument>` and `Shape<CiDocument>`: a field missing here is a compile error.
import { VERDICTS } from '../../spec/index.js'
import type {
  BlameDocument,
  BlamedSettingDocument,
  CheckDocument,
  CiDocument,
  PropertyDocument,
  RejectionDocument,
  ScenarioDocument,
  StatsDocument,
  TraceStepDocument,
} from './json.js'
import type { EffectiveConfig } from './effectiveConfig.js'
import type { HopsDocument, LatencyDocument, MatrixDocument, MatrixRowDocument } from './matrixJson.js'

export interface Shape<T> {
  /** Appends to `problems` one line per mismatch, naming the path (`properties[2].verdict`). */
  test(value: unknown, path: string, problems: string[]): void
  /** Never set: it only carries T, so that a shape is assignable where its type is. */
  readonly accepts?: T
}

const shape = <T>(test: Shape<T>['test']): Shape<T> => ({ test })

const primitive = <T>(what: string, is: (value: unknown) => boolean) =>
  shape<T>((value, path, problems) => {
    if (!is(value)) problems.push(`${path}: expected ${what}, got ${JSON.stringify(value) ?? 'undefined'}`)
  })

const text = primitive<string>('a string', value => typeof value === 'string')
const count = primitive<number>('a non-negative number', value => typeof value === 'number' && value >= 0)
const flag = primitive<boolean>('a boolean', value => typeof value === 'boolean')
const anything = shape<unknown>(() => {})

const literal = <const L extends readonly (string | number)[]>(...choices: L) =>
  primitive<L[number]>(`one of ${choices.join(', ')}`, value => choices.includes(value as L[number]))

const nullable = <T>(inner: Shape<T>) =>
  shape<T | null>((value, path, problems) => {
    if (value !== null) inner.test(value, path, problems)
  })

const arrayOf = <T>(element: Shape<T>) =>
  shape<readonly T[]>((value, path, problems) => {
    if (!Array.isArray(value)) problems.push(`${path}: expected an array`)
    else value.forEach((item, i) => element.test(item, `${path}[${i}]`, problems))
  })

type Shapes<T> = { readonly [K in keyof T]-?: Shape<T[K]> }

/** An object with `required` fields and, if present, `optional` ones; other fields are allowed (the format may grow). */
const object = <R extends object, O extends object = object>(required: Shapes<R>, optional?: Shapes<O>) =>
  shape<R & Partial<O>>((value, path, problems) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path}: expected an object`)
      return
    }
    const fields = value as Record<string, unknown>
    for (const [key, field] of Object.entries(required) as [string, Shape<unknown>][]) {
      if (!(key in fields)) problems.push(`${path}.${key}: missing`)
      else field.test(fields[key], `${path}.${key}`, problems)
    }
    for (const [key, field] of Object.entries(optional ?? {}) as [string, Shape<unknown>][])
      if (key in fields) field.test(fields[key], `${path}.${key}`, problems)
  })

const settingsBlock = shape<object>((value, path, problems) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${path}: expected an object`)
})

/** The blocks' contents are the spec's own types, checked where they are built; here their presence. */
const effectiveConfig = object({
  kafka: settingsBlock,
  cluster: settingsBlock,
  topic: settingsBlock,
  broker: settingsBlock,
  producer: settingsBlock,
  consumer: settingsBlock,
  app: settingsBlock,
  security: nullable(settingsBlock),
  faults: settingsBlock,
  bound: settingsBlock,
}) as Shape<EffectiveConfig>

const traceStep: Shape<TraceStepDocument> = object({
  index: count,
  action: text,
  changes: arrayOf(object({ path: text, before: anything, after: anything, shown: text })),
})

const verdict = literal('holds', 'violated', 'unreached', 'rejected')

const blamedSetting: Shape<BlamedSettingDocument> = object(
  {
    setting: text,
    block: text,
    key: text,
    value: text,
    safe: text,
    keeping: arrayOf(object({ block: text, key: text, value: text })),
    source: text,
    origin: nullable(object({ file: text, line: nullable(count) })),
    why: text,
    verdict: literal('holds', 'holds-within', 'violated', 'rejected', 'absent'),
    needed: flag,
  },
  { bound: text, reason: text },
)

const budgets = shape<Readonly<Record<string, number>>>((value, path, problems) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${path}: expected an object`)
  else for (const [fault, n] of Object.entries(value)) count.test(n, `${path}.${fault}`, problems)
})

const blame: Shape<BlameDocument> = object({
  summary: text,
  settings: arrayOf(blamedSetting),
  faults: object({ budgets, openBelow: nullable(text), text }),
})

const property: Shape<PropertyDocument> = object(
  {
    name: text,
    kind: nullable(literal('invariant', 'step', 'quiescence', 'sometimes', 'deadlock')),
    verdict,
  },
  {
    expected: literal(...VERDICTS),
    matches: flag,
    explanation: text,
    diagrams: arrayOf(text),
    trace: arrayOf(traceStep),
    blame,
  },
)

const stats: Shape<StatsDocument> = object({
  distinctStates: count,
  transitions: count,
  depth: count,
  seconds: count,
  exhaustive: flag,
  stoppedBy: nullable(literal('maxDepth', 'maxStates', 'timeLimit', 'memoryLimit', 'firstViolation', 'constraint')),
  maxDepth: count,
  maxStates: count,
  constraint: nullable(text),
  maxMemoryBytes: count,
  workers: count,
  workerThreads: count,
  peakQueue: count,
  queueBytesPerState: nullable(count),
  spilledBytes: count,
})

const rejection: Shape<RejectionDocument> = object({
  block: text,
  key: text,
  value: text,
  refusedBy: text,
  reason: text,
  message: text,
})

const scenarioFields = {
  scenario: text,
  description: text,
  source: text,
  status: literal('checked', 'rejected'),
  effectiveConfig: nullable(effectiveConfig),
  warnings: arrayOf(text),
  rejection: nullable(rejection),
  stats: nullable(stats),
  properties: arrayOf(property),
  ok: flag,
}

const scenarioOptional = { translations: arrayOf(text) }

const scenario: Shape<ScenarioDocument> = object(scenarioFields, scenarioOptional)

const checkDocument: Shape<CheckDocument> = object({ command: literal('check'), ...scenarioFields }, scenarioOptional)

const ciDocument: Shape<CiDocument> = object(
  {
    command: literal('ci'),
    folder: text,
    ok: flag,
    differences: count,
    scenarios: arrayOf(scenario),
    skipped: arrayOf(object({ scenario: text, source: text })),
  },
  { shard: object({ index: count, count }), missingShards: arrayOf(count) },
)

const hops: Shape<HopsDocument> = object({ low: nullable(count), high: nullable(count) })

const latency = shape<LatencyDocument>((value, path, problems) => {
  const status = (value as { status?: unknown } | null)?.status
  if (status === 'not-measured') object({ status: text, reason: text }).test(value, path, problems)
  else
    object({
      status: literal('measured'),
      shortest: hops,
      worst: hops,
      shortestRun: arrayOf(text),
      states: count,
      cutBy: nullable(text),
    }).test(value, path, problems)
})

const settingValues = shape<Readonly<Record<string, string | null>>>((value, path, problems) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${path}: expected an object`)
  else for (const [label, setting] of Object.entries(value)) nullable(text).test(setting, `${path}.${label}`, problems)
})

const matrixRow: Shape<MatrixRowDocument> = object({
  base: flag,
  settings: settingValues,
  changed: arrayOf(text),
  status: literal('checked', 'rejected'),
  exhaustive: nullable(flag),
  properties: arrayOf(
    object({
      name: text,
      kind: nullable(literal('invariant', 'step', 'quiescence', 'sometimes', 'deadlock')),
      verdict,
    }),
  ),
  latency,
})

const matrixDocument: Shape<MatrixDocument> = object({
  command: literal('matrix'),
  scenario: text,
  source: text,
  variations: arrayOf(object({ label: text, block: text, key: text, values: arrayOf(text) })),
  rows: arrayOf(matrixRow),
  smallestChanges: arrayOf(
    object({
      property: text,
      verdict,
      closest: arrayOf(
        shape<Readonly<Record<string, string>>>((value, path, problems) => settingValues.test(value, path, problems)),
      ),
    }),
  ),
})

/** Everything wrong with a parsed `matrix --json` document; empty when it has the documented shape. */
export function matrixDocumentProblems(value: unknown): string[] {
  const problems: string[] = []
  matrixDocument.test(value, '$', problems)
  return problems
}

/** Everything wrong with a parsed `check --json` document; empty when it has the documented shape. */
export function checkDocumentProblems(value: unknown): string[] {
  const problems: string[] = []
  checkDocument.test(value, '$', problems)
  return problems
}

/** Everything wrong with a parsed `ci --json` document; empty when it has the documented shape. */
export function ciDocumentProblems(value: unknown): string[] {
  const problems: string[] = []
  ciDocument.test(value, '$', problems)
  return problems
}
