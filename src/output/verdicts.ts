// One property's verdict in words: whether "holds" means "in every reachable state" or only "within the bound",
// how long the shortest counterexample of a violation is and where its diagram went, and how it compares with the
// scenario's expectation.
import { comparable, meetsExpectation, type Verdict } from '../run/expectations.js'
import type { PropertyOutcome, Search } from '../run/checkScenario.js'
import { formatBytes, formatCount, formatSeconds, plural } from './format.js'

/** What bounded a search that was not exhaustive, e.g. "within depth 40". */
export function boundReached(search: Search): string {
  switch (search.stoppedBy) {
    case 'maxDepth':
      return `within depth ${formatCount(search.maxDepth)}`
    case 'maxStates':
      return `within ${formatCount(search.maxStates)} states`
    case 'timeLimit':
      return `within the ${formatSeconds(search.timeLimitSeconds ?? search.stats.seconds)} time limit`
    case 'memoryLimit':
      return `within the ${formatBytes(search.maxMemoryBytes)} memory limit (--max-memory)`
    case 'firstViolation':
      return 'until the search stopped at the first violation'
    case 'constraint':
      return `within ${search.constraint ?? "the model's bound"}`
    case undefined:
      return 'in every reachable state'
  }
}

/** "exhaustive search: 1,427 distinct states, ..." or "search within depth 40 (not exhaustive): ...". */
export function searchSummary(search: Search): string {
  const { stats } = search
  const scope = search.exhaustive ? 'exhaustive search' : `search ${boundReached(search)} (not exhaustive)`
  const encoding = search.encoding === 'generic' ? ', generic encoding' : ''
  const threads = stats.workerThreads > 0 ? `, on ${plural(stats.workerThreads, 'worker thread')}` : ''
  return (
    `${scope}: ${plural(stats.distinctStates, 'distinct state')}, ${plural(stats.transitions, 'transition')}, ` +
    `depth ${stats.depth}, ${formatSeconds(stats.seconds)}${encoding}${threads}`
  )
}

/** Steps of a counterexample: the actions taken (the first entry of a trace is the initial state). */
export const counterexampleLength = (outcome: PropertyOutcome): number =>
  Math.max(0, (outcome.counterexample?.trace.length ?? 1) - 1)

export function verdictText(outcome: PropertyOutcome, search: Search | undefined, diagram?: string): string {
  const exhaustive = search === undefined || search.exhaustive
  const states = search === undefined ? '' : `, ${plural(search.stats.distinctStates, 'state')}`
  switch (outcome.verdict) {
    case 'holds':
      if (outcome.kind === 'sometimes') return 'holds (reached)'
      return exhaustive ? `holds (exhaustive${states})` : `holds ${boundReached(search!)} (not exhaustive)`
    case 'unreached':
      return exhaustive
        ? `unreached (no reachable state satisfies it; exhaustive${states})`
        : `unreached ${boundReached(search!)} (not exhaustive)`
    case 'violated': {
      const where = diagram === undefined ? '' : `; diagram ${diagram}`
      return `violated (shortest counterexample: ${plural(counterexampleLength(outcome), 'step')}${where})`
    }
    case 'rejected':
      return 'rejected (Kafka refuses this configuration)'
  }
}

/** "expected violated ✓", "expected holds ✗", or "" without an expectation. */
export function expectationText(outcome: PropertyOutcome): string {
  if (outcome.expected === undefined) return ''
  return `expected ${outcome.expected} ${meetsExpectation(outcome.verdict, outcome.expected) ? '✓' : '✗'}`
}

/** The verdict an expectation is compared with, saying "unreached" where that is what happened. */
export const gotText = (outcome: { readonly verdict: Verdict }): string =>
  outcome.verdict === 'unreached' ? `${comparable(outcome.verdict)} (unreached)` : outcome.verdict

/**
 * Why an expected property fails, in one line: "expected holds, got violated", and for a blamed violation what it
 * needs ("; needs acks=1 (producer.properties:3; with acks=all it holds); one broker crash is enough"). The JUnit
 * failure message and `ci`'s list of differences, so that a CI failure names the line to change.
 */
export const differenceMessage = (property: {
  readonly expected?: string | undefined
  readonly verdict: Verdict
  readonly blame?: { readonly summary: string } | undefined
}): string =>
  `expected ${property.expected}, got ${gotText(property)}` +
  (property.blame === undefined ? '' : `; ${property.blame.summary}`)
