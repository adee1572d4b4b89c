// The `--json` document of `kafkacheck matrix`: one JSON document on stdout, for tools. One row a configuration, the
// base scenario first, each with its verdicts and the hops its producer waits for an acknowledgement. The types below
// are the documented shape.
import type { CostBounds, PropertyKind } from '../../checker/index.js'
import type { Verdict } from '../run/expectations.js'
import type { Latency } from '../run/latency.js'
import { nameOf } from '../run/load.js'
import { smallestChanges, type Matrix } from '../run/matrix.js'
import type { ScenarioRun } from '../run/checkScenario.js'

/**
 * Network hops to the first acknowledgement lie between `low` and `high`; equal, they are exact (the search was not
 * cut). null stands for no number: `high` null, the faults (or the cut) may hold the acknowledgement off for good;
 * both null, no acknowledgement ever comes.
 */
export interface HopsDocument {
  readonly low: number | null
  readonly high: number | null
}

export type LatencyDocument =
  | {
      readonly status: 'measured'
      /** On the shortest run from send() to the producer's first acknowledgement, without faults. */
      readonly shortest: HopsDocument
      /** The most the scenario's faults can force before the first acknowledgement. */
      readonly worst: HopsDocument
      /** The actions of one shortest run. */
      readonly shortestRun: readonly string[]
      /** States the latency search built. */
      readonly states: number
      /** What cut the latency search ("bound.retries=1"); null when it was exhaustive. */
      readonly cutBy: string | null
    }
  | { readonly status: 'not-measured'; readonly reason: string }

export interface MatrixRowDocument {
  /** The base scenario as written (the first row), or a combination of the varied values. */
  readonly base: boolean
  /** Each varied setting's value by its `--vary` label; null for one the base scenario neither sets nor defaults. */
  readonly settings: Readonly<Record<string, string | null>>
  /** The labels of the settings whose value differs from the base scenario's. */
  readonly changed: readonly string[]
  readonly status: 'checked' | 'rejected'
  /** False when a bound cut the check short; null when Kafka refused the configuration. */
  readonly exhaustive: boolean | null
  readonly properties: readonly {
    readonly name: string
    readonly kind: PropertyKind | null
    readonly verdict: Verdict
  }[]
  readonly latency: LatencyDocument
}

export interface MatrixDocument {
  readonly command: 'matrix'
  readonly scenario: string
  /** The scenario file. */
  readonly source: string
  /** Each `--vary` in the order given: as written, and the block and key it sets. */
  readonly variations: readonly {
    readonly label: string
    readonly block: string
    readonly key: string
    readonly values: readonly string[]
  }[]
  /** The base scenario, then every combination, the first variation varying slowest. */
  readonly rows: readonly MatrixRowDocument[]
  /** For each property the base scenario violates, the combinations with the fewest changes where it holds. */
  readonly smallestChanges: readonly {
    readonly property: string
    readonly verdict: Verdict
    readonly closest: readonly Readonly<Record<string, string>>[]
  }[]
}

const finite = (hops: number): number | null => (hops === Infinity ? null : hops)

const hopsDocument = ({ low, high }: CostBounds): HopsDocument => ({ low: finite(low), high: finite(high) })

function latencyDocument(latency: Latency): LatencyDocument {
  if (latency.status === 'not-measured') return latency
  return {
    status: 'measured',
    shortest: hopsDocument(latency.shortest),
    worst: hopsDocument(latency.worst),
    shortestRun: latency.shortestRun,
    states: latency.states,
    cutBy: latency.cutBy ?? null,
  }
}

function rowDocument(
  base: boolean,
  settings: Record<string, string | null>,
  changed: readonly string[],
  run: ScenarioRun,
  latency: Latency,
): MatrixRowDocument {
  return {
    base,
    settings,
    changed,
    status: run.status,
    exhaustive: run.status === 'checked' ? run.search.exhaustive : null,
    properties: run.properties.map(({ name, kind, verdict }) => ({ name, kind, verdict })),
    latency: latencyDocument(latency),
  }
}

export function matrixDocument(matrix: Matrix): MatrixDocument {
  const { variations, base, baseValues, points } = matrix
  const labels = variations.map(v => v.label)
  const byLabel = <T>(values: readonly T[]) => Object.fromEntries(labels.map((label, i) => [label, values[i]!]))
  return {
    command: 'matrix',
    scenario: nameOf(base.loaded),
    source: base.loaded.raw.origin.file,
    variations: variations.map(({ label, block, key, values }) => ({ label, block, key, values })),
    rows: [
      rowDocument(true, byLabel(baseValues), [], base, matrix.baseLatency),
      ...points.map(point =>
        rowDocument(
          false,
          byLabel(point.values),
          point.changed.map(i => labels[i]!),
          point.run,
          point.latency,
        ),
      ),
    ],
    smallestChanges: base.properties
      .filter(p => p.verdict !== 'holds')
      .map(p => ({
        property: p.name,
        verdict: p.verdict,
        closest: smallestChanges(matrix, p.name).map(point =>
          Object.fromEntries(point.changed.map(i => [labels[i]!, point.values[i]!])),
        ),
      })),
  }
}
