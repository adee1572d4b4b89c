// The vocabulary every step description shares: the lanes and marks of the sequence diagram, and the consequences
// of a step (high watermark moves, answers, batch fates) read from the states before and after it.

import { match } from 'ts-pattern'
import {
  type Params,
  NO_LEADER,
  replicaIndex,
  type LogEntry,
  type ProduceError,
  type Replica,
  type State,
} from '../../spec/index.js'
import { brokerName, counted, joinWords, messageList, messageName, partitionName, producerName } from './names.js'

/** A process with a lifeline in the sequence diagram. */
export interface Lane {
  readonly kind: 'producer' | 'broker' | 'consumer' | 'coordinator'
  readonly index: number
}

/** What kind of thing a mark shows, which decides how it is drawn. */
export type Tone =
  'request' | 'response' | 'error' | 'replication' | 'local' | 'lost' | 'delayed' | 'crash' | 'restart' | 'election'

/**
 * One element of the sequence diagram: a message between two processes, or an event on one lifeline. Labels are
 * plain ASCII: Graphviz measures any other character as a space and warns about it on stderr.
 */
export type Mark =
  | { readonly kind: 'arrow'; readonly from: Lane; readonly to: Lane; readonly label: string; readonly tone: Tone }
  | { readonly kind: 'event'; readonly at: Lane; readonly label: string; readonly tone: Tone }

export interface StepStory {
  /** The step as one sentence; clauses after the first are its consequences. */
  readonly text: string
  /** The step's arrow or event, then the elections it caused. */
  readonly marks: readonly Mark[]
}

export interface Transition {
  readonly p: Params
  readonly before: State
  readonly after: State
}

export const producerLane = (index: number): Lane => ({ kind: 'producer', index })
export const brokerLane = (index: number): Lane => ({ kind: 'broker', index })
export const consumerLane = (index: number): Lane => ({ kind: 'consumer', index })
/** The group coordinator: one per group, and the model has one group. */
export const coordinatorLane: Lane = { kind: 'coordinator', index: 0 }

export const story = (clauses: readonly string[], marks: readonly Mark[]): StepStory => ({
  text: clauses.filter(clause => clause !== '').join('; '),
  marks,
})

export const lines = (...parts: readonly string[]): string => parts.filter(part => part !== '').join('\n')

export function replicaOf(p: Params, s: State, partition: number, broker: number): Replica | undefined {
  const at = replicaIndex(p.assignment[partition]!, broker)
  return at < 0 ? undefined : s.partitions[partition]!.replicas[at]
}

/** The partition's high watermark as its leader has it, or -1 without a leader. */
function highWatermark(p: Params, s: State, partition: number): number {
  const leader = s.partitions[partition]!.leader
  return leader === NO_LEADER ? -1 : replicaOf(p, s, partition, leader)!.highWatermark
}

/** How many leading entries two logs share. */
export function sharedPrefix(a: readonly LogEntry[], b: readonly LogEntry[]): number {
  let offset = 0
  while (offset < a.length && offset < b.length && sameEntry(a[offset]!, b[offset]!)) offset++
  return offset
}

const sameEntry = (a: LogEntry, b: LogEntry): boolean =>
  a.message === b.message &&
  a.leaderEpoch === b.leaderEpoch &&
  a.sequence === b.sequence &&
  a.producerEpoch === b.producerEpoch

/** "m1, m2 at offsets 0–1" */
export function entriesAt(entries: readonly LogEntry[], first: number): string {
  const messages = messageList(entries.map(e => e.message))
  return entries.length === 1
    ? `${messages} at offset ${first}`
    : `${messages} at offsets ${first}–${first + entries.length - 1}`
}

export const offsets = (first: number, count: number): string =>
  count === 1 ? `@${first}` : `@${first}-${first + count - 1}`

/** "high watermark 0 → 2" for each partition whose leader's high watermark moved, or whose leader changed it. */
export function highWatermarkNews(step: Transition, partition: number): string {
  const before = highWatermark(step.p, step.before, partition)
  const after = highWatermark(step.p, step.after, partition)
  if (before === after || after < 0) return ''
  if (before < 0) return `high watermark ${after}`
  return `high watermark ${before} → ${after}`
}

export function highWatermarkLabel(step: Transition, partition: number): string {
  const before = highWatermark(step.p, step.before, partition)
  const after = highWatermark(step.p, step.after, partition)
  return before === after || after < 0 || before < 0 ? '' : `HW ${before}->${after}`
}

/** Responses a step put on the wire (the leader answering, possibly for requests that waited in purgatory). */
export function newResponses(step: Transition) {
  return step.after.responses.slice(step.before.responses.length)
}

export const errorWord = (error: ProduceError | 'NONE'): string => (error === 'NONE' ? 'OK' : error)

/** "broker 1 answers producer 1: m1 OK" for acks=all requests the step completed. */
export function answersNews(step: Transition, except: number): string[] {
  return newResponses(step)
    .filter(r => r.message !== except)
    .map(
      r =>
        `${brokerName(r.broker)} answers ${producerName(r.producer)}: ${messageName(r.message)} ${errorWord(r.error)}`,
    )
}

/** "answer m1 m2: OK", one line per outcome. */
export function answersLabel(step: Transition, except: number): string {
  const answered = newResponses(step).filter(r => r.message !== except)
  const outcomes = [...new Set(answered.map(r => r.error))]
  return outcomes
    .map(
      error =>
        `answer ${answered
          .filter(r => r.error === error)
          .map(r => messageName(r.message))
          .join(' ')}: ${errorWord(error)}`,
    )
    .join('\n')
}

/** "2 of 4 attempts used", or with retries=MAX (Kafka gives up only by time) "2 attempts used". */
export const attemptsUsed = (p: Params, attempts: number): string =>
  p.attempts > 2 ** 31 - 1 ? `${counted(attempts, 'attempt')} used` : `${attempts} of ${p.attempts} attempts used`

/** What became of each message whose batch the step changed, from the producer's point of view. */
export function batchNews(step: Transition): string[] {
  const { p, before, after } = step
  // Messages that share a fate share a clause: "m1 and m2 go back to the queue …".
  const fates = new Map<string, { readonly one: string; readonly many: string; readonly messages: number[] }>()
  before.batches.forEach((was, message) => {
    const now = after.batches[message]!
    const status = now.status
    if (was === now || (was.status === status && was.resends === now.resends) || status === 'inFlight') return
    const attempts = counted(was.attempts, 'attempt')
    const [one, many] = match(status)
      .returnType<[string, string]>()
      .with('acked', () => ['is acknowledged', 'are acknowledged'])
      .with('unsent', () => ['is not sent yet', 'are not sent yet'])
      .with('failed', () => [
        `fails back to the application after ${attempts}`,
        `fail back to the application after ${attempts}`,
      ])
      .with('queued', () =>
        now.resends > was.resends
          ? [
              `fails after ${attempts} and the application sends it again`,
              `fail after ${attempts} and the application sends them again`,
            ]
          : [
              `goes back to the queue to be retried (${attemptsUsed(p, was.attempts)})`,
              `go back to the queue to be retried (${attemptsUsed(p, was.attempts)})`,
            ],
      )
      .exhaustive()
    const fate = fates.get(one) ?? { one, many, messages: [] }
    fate.messages.push(message)
    fates.set(one, fate)
  })
  const news = [...fates.values()].map(f => `${messageList(f.messages)} ${f.messages.length === 1 ? f.one : f.many}`)
  after.producers.forEach((producer, index) => {
    const asked = producer.bumpFor.filter(partition => !before.producers[index]!.bumpFor.includes(partition))
    if (asked.length > 0)
      news.push(
        `${producerName(index)} will bump its epoch and restart the sequences of ${joinWords(asked.map(partitionName))} before it sends again (KIP-360)`,
      )
  })
  return news
}
