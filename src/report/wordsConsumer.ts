// The consumer group in words: members joining and leaving, the coordinator's rebalances, and each member's poll
// loop (poll, commit, process), with the faults that break it.

import { match } from 'ts-pattern'
import type { PolledRecord } from '../../spec/index.js'
import type {
  Commit,
  Commits,
  CommitSync,
  ConsumerCrash,
  ConsumerPause,
  ConsumerRestart,
  ConsumerStart,
  CoordinatorFailover,
  Poll,
  Process,
  Rebalanced,
  Rejoin,
  Serde,
  SkipCommit,
  ZombieRejoin,
} from './facts.js'
import { consumerName, joinWords, messageList, partitionList, partitionName } from './names.js'
import { discardedWords, visibleWords } from './wordsPipeline.js'

/** "m1, m2 from partition 0 (offsets 0–1)" */
export function recordsWords(records: readonly PolledRecord[]): string {
  const partitions = [...new Set(records.map(r => r.partition))]
  return joinWords(
    partitions.map(partition => {
      const from = records.filter(r => r.partition === partition)
      const first = from[0]!.offset
      const last = from[from.length - 1]!.offset
      const at = first === last ? `offset ${first}` : `offsets ${first}–${last}`
      return `${messageList(from.map(r => r.message))} from ${partitionName(partition)} (${at})`
    }),
  )
}

/** "KafkaAvroDeserializer cannot read what StringSerializer wrote": why every record is poison. */
export const serdeWords = (serde: Serde | null): string =>
  serde === null
    ? "the consumer's value.deserializer cannot read what the producer's value.serializer wrote"
    : `${serde.deserializer} cannot read what ${serde.serializer} wrote`

/** "partition 0 → offset 2" */
const commitWords = (offsets: readonly Commit[]): string =>
  joinWords(offsets.map(c => `${partitionName(c.partition)} → offset ${c.offset}`))

export const consumerStartWords = ({ consumer, groupId }: ConsumerStart): string[] => [
  `${consumerName(consumer)} starts and sends JoinGroup to the coordinator of group ${JSON.stringify(groupId)}: ` +
    'a rebalance begins',
]

export const rejoinWords = ({ consumer, revoked }: Rejoin): string[] => [
  `${consumerName(consumer)} rejoins the group for its next generation`,
  revoked.length === 0 ? '' : `it revokes ${partitionList(revoked)} first (eager rebalance)`,
]

export const zombieRejoinWords = ({ consumer, lost }: ZombieRejoin): string[] => [
  `${consumerName(consumer)} finally polls and learns it was removed from the group (UNKNOWN_MEMBER_ID): it loses ` +
    `${partitionList(lost)} without committing and joins again as a new member`,
]

export function rebalancedWords({ generation, shares, followUp, autoOffsetReset, fetchAtPoll }: Rebalanced): string[] {
  const gets = shares.map(({ consumer, partitions }) => {
    if (fetchAtPoll) {
      // A pipeline member fetches the committed offset of a partition it has no position on when it polls.
      const fetched = partitions.filter(({ position }) => position < 0).map(({ partition }) => partition)
      const starts = [
        ...partitions.flatMap(({ partition, position }) =>
          position < 0 ? [] : [`${partitionName(partition)} at offset ${position}`],
        ),
        ...(fetched.length === 0
          ? []
          : [
              `${partitionList(fetched)} (committed offset${fetched.length === 1 ? '' : 's'} fetched at its next poll)`,
            ]),
      ]
      return `${consumerName(consumer)} gets ${starts.length === 0 ? 'no partition' : joinWords(starts)}`
    }
    const starts = partitions.map(({ partition, position }) =>
      position < 0
        ? `${partition} (no committed offset: auto.offset.reset=${autoOffsetReset})`
        : `${partition} at offset ${position}`,
    )
    return `${consumerName(consumer)} gets ${starts.length === 0 ? 'no partition' : `partition ${joinWords(starts)}`}`
  })
  return [
    `the group coordinator completes the rebalance: generation ${generation}, in which ${joinWords(gets)}`,
    followUp ? 'a follow-up rebalance will hand out the partitions withheld this round (cooperative)' : '',
  ]
}

export function consumerCrashWords({ consumer, unprocessed, openTransaction }: ConsumerCrash): string[] {
  const loses =
    unprocessed.length === 0 ? 'its positions' : `its positions and the unprocessed ${messageList(unprocessed)}`
  return [
    `${consumerName(consumer)} crashes, losing ${loses}`,
    openTransaction === null
      ? ''
      : `its open transaction is left for transaction.timeout.ms to abort: ${discardedWords(openTransaction, 'never visible')}`,
    'the coordinator misses its heartbeats (session.timeout.ms), removes it from the group and starts a rebalance',
  ]
}

export const consumerRestartWords = ({ consumer }: ConsumerRestart): string[] => [
  `${consumerName(consumer)} restarts and joins the group again: a rebalance begins`,
]

export function consumerPauseWords({ consumer, batch }: ConsumerPause): string[] {
  const working = batch.length === 0 ? 'its batch' : messageList(batch)
  return [
    `${consumerName(consumer)} takes longer than max.poll.interval.ms over ${working}: the coordinator removes it ` +
      'from the group and starts a rebalance, but it keeps processing as a zombie',
  ]
}

export function commitsWords({ why, offsets }: Commits): string[] {
  const committed = commitWords(offsets)
  return [
    match(why)
      .with('onRevoke', () => `it commits its positions on revoke: ${committed}`)
      .with('autoCommit', () => `poll() first auto-commits the previous positions: ${committed}`)
      .with(
        'handOff',
        () => `it commits the new positions as it hands the records off (commit before processing): ${committed}`,
      )
      .with('workerDone', () => `it commits what its worker thread has finished: ${committed}`)
      .exhaustive(),
  ]
}

export function pollWords({
  consumer,
  records,
  async,
  resets,
  unstable,
  stuck,
  serde,
  autoOffsetReset,
}: Poll): string[] {
  const got =
    records.length === 0
      ? `${consumerName(consumer)} polls and gets nothing new`
      : `${consumerName(consumer)} polls and gets ${recordsWords(records)}` +
        (async ? ', which it hands to its worker thread' : '')
  const moved = resets.map(r =>
    r.committed !== null
      ? `it fetches ${partitionName(r.partition)}'s committed offset (OffsetFetch): offset ${r.committed}`
      : `its position on ${partitionName(r.partition)} was ${r.from < 0 ? 'unknown' : `${r.from}, beyond the log end`}, so ` +
        `auto.offset.reset=${autoOffsetReset} moved it to offset ${r.to}`,
  )
  const waits = unstable.map(
    ({ partition, holders }) =>
      `${partitionName(partition)} waits: the transaction of ${joinWords(holders.map(consumerName))} holds pending ` +
      'offsets for it, so the group coordinator answers its OffsetFetch with UNSTABLE_OFFSET_COMMIT (KIP-447)',
  )
  const throws = stuck.map(
    ({ partition, offset }) =>
      `poll() throws RecordDeserializationException at offset ${offset} of ${partitionName(partition)} ` +
      `(${serdeWords(serde)}), and will every time: no ErrorHandlingDeserializer hands the record on, so ` +
      `${partitionName(partition)} is stuck there`,
  )
  return [got, ...moved, ...waits, ...throws]
}

export function commitSyncWords({ consumer, offsets, refused }: CommitSync): string[] {
  const name = consumerName(consumer)
  if (refused?.why === 'not-a-member')
    return [
      `${refused.zombie ? 'zombie ' : ''}${name}'s commitSync is refused: it is no longer a member of the group's ` +
        `generation ${refused.groupGeneration} (CommitFailedException)`,
    ]
  if (refused?.why === 'rebalance-in-progress')
    return [
      `${name}'s commitSync fails: it has rejoined a rebalance in progress and has no stable generation to commit ` +
        'with (RebalanceInProgressException; the offsets stay where they were)',
    ]
  return offsets.length === 0
    ? [`${name} commits; the committed offsets already match its positions`]
    : [`${name} commits ${commitWords(offsets)} (commitSync)`]
}

export const coordinatorFailoverWords = ({ consumer }: CoordinatorFailover): string[] => [
  `the group coordinator moves to another broker while ${consumerName(consumer)}'s commitSync is in flight: ` +
    'NOT_COORDINATOR, then COORDINATOR_LOAD_IN_PROGRESS, until commitSync times out (default.api.timeout.ms); ' +
    'nothing is committed, the application carries on, and the group keeps its generation',
]

export const skipCommitWords = ({ consumer }: SkipCommit): string[] => [
  `${consumerName(consumer)} does not commit after this batch (it commits only periodically) and polls again`,
]

export function processWords({ consumer, worker, writes, zombie, records, again }: Process): string[] {
  const who = worker
    ? `${consumerName(consumer)}'s worker thread`
    : `${zombie ? 'zombie ' : ''}${consumerName(consumer)}`
  const messages = records.map(r => r.message)
  const its = records.length === 1 ? 'its result' : 'their results'
  const repeated = again.map(r => r.message)
  if (writes === 'transaction')
    return [
      `${who} transforms ${recordsWords(records)} and writes ${its} into its open transaction (not visible until it ` +
        'commits)',
    ]
  if (writes === 'output')
    return [`${who} transforms ${recordsWords(records)} and writes ${its} at once: ${visibleWords(messages, repeated)}`]
  const twice =
    again.length === 0 ? '' : `; ${messageList(repeated)} ${again.length === 1 ? 'is' : 'are'} processed a second time`
  return [`${who} processes ${recordsWords(records)}${twice}`]
}
