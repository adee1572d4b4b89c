// The report of `kafkacheck matrix`: the hops to an acknowledgement and the verdict of every property under every
// combination, as a Markdown table (it pastes into an issue or a design document), then the smallest change that makes
// each failing property hold.
import type { CostBounds } from '../../checker/index.js'
import type { Latency } from '../run/latency.js'
import { smallestChanges, type GridPoint, type Matrix } from '../run/matrix.js'
import type { ScenarioRun } from '../run/checkScenario.js'
import { nameOf } from '../run/load.js'
import { plural } from './format.js'
import { markdownTable } from './table.js'

/** Property names in the order the runs report them; a property may exist in some combinations only. */
function propertyColumns(runs: readonly ScenarioRun[]): string[] {
  const names: string[] = []
  for (const run of runs) for (const p of run.properties) if (!names.includes(p.name)) names.push(p.name)
  return names
}

const cell = (run: ScenarioRun, property: string): string => {
  if (run.status === 'rejected') return 'rejected'
  const verdict = run.properties.find(p => p.name === property)?.verdict
  return verdict === undefined ? '-' : verdict === 'holds' ? verdict : `**${verdict}**`
}

/** Hops exactly, `never`, or when the search was cut the range it leaves (`≥ n` when it could be never). */
export function hopsText(bounds: CostBounds, cutBy: string | undefined): string {
  const { low, high } = bounds
  if (low === high) return low === Infinity ? 'never' : String(low)
  const range = high === Infinity ? `≥ ${low}` : `${low}–${high}`
  return `${range}, cut by ${cutBy ?? 'a bound'}`
}

/** The two latency cells of a row: the shortest run without faults, and the worst the faults can force. */
const latencyCells = (latency: Latency): string[] =>
  latency.status === 'measured'
    ? [hopsText(latency.shortest, latency.cutBy), hopsText(latency.worst, latency.cutBy)]
    : ['-', '-']

export const LATENCY_HEADERS = ['hops to ack', 'worst with faults'] as const

/** What the latency columns count, under the table. */
function latencyNote(matrix: Matrix): string[] {
  const reasons = [matrix.baseLatency, ...matrix.points.map(point => point.latency)].flatMap(latency =>
    latency.status === 'not-measured' ? [latency.reason] : [],
  )
  return [
    'hops to ack: network messages on the produce path (produce request and response, follower fetch request and ' +
      "response, AddPartitionsToTxn) on the shortest run from send() to the producer's first acknowledgement " +
      "without faults; worst with faults: the most hops the scenario's faults can force before one ('never': they " +
      'can prevent every acknowledgement).',
    ...[...new Set(reasons)].map(reason => `'-': not measured, ${reason}.`),
  ]
}

const change = (matrix: Matrix, point: GridPoint): string =>
  point.changed.map(i => `${matrix.variations[i]!.label}=${point.values[i]}`).join(', ')

function smallestChangeLines(matrix: Matrix): string[] {
  const failing = matrix.base.properties.filter(p => p.verdict !== 'holds')
  if (failing.length === 0) return ['Every property holds in the base scenario.']
  return failing.map(p => {
    const closest = smallestChanges(matrix, p.name)
    const problem = `- ${p.name} is ${p.verdict} in the base scenario`
    if (closest.length === 0) return `${problem}; no combination in the grid makes it hold.`
    const [first, ...others] = closest
    const size = plural(first!.changed.length, 'changed setting')
    const also = others.length === 0 ? '' : ` (as small: ${others.map(point => change(matrix, point)).join('; ')})`
    return first!.changed.length === 0
      ? `${problem}; it holds with the same values written explicitly: ${first!.values.join(', ')}.`
      : `${problem}; smallest change that makes it hold (${size}): ${change(matrix, first!)}${also}.`
  })
}

export function matrixReport(matrix: Matrix): string[] {
  const { variations, base, baseValues, points } = matrix
  const properties = propertyColumns([base, ...points.map(point => point.run)])
  const header = [...variations.map(v => v.label), ...LATENCY_HEADERS, ...properties]
  const baseRow = [
    ...baseValues.map((value, i) => `${i === 0 ? 'base: ' : ''}${value ?? '(not set)'}`),
    ...latencyCells(matrix.baseLatency),
    ...properties.map(p => cell(base, p)),
  ]
  const rows = points.map(point => [
    ...point.values,
    ...latencyCells(point.latency),
    ...properties.map(p => cell(point.run, p)),
  ])
  const grid = variations.map(v => `${v.label} (${v.values.join(', ')})`).join(' × ')
  return [
    `Matrix of ${nameOf(base.loaded)}: ${plural(points.length, 'combination')} of ${grid}`,
    '',
    ...markdownTable(header, [baseRow, ...rows]),
    '',
    ...latencyNote(matrix),
    '',
    'Smallest changes from the base scenario:',
    ...smallestChangeLines(matrix),
  ]
}
