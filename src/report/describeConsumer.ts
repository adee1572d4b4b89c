// The consumer group: members joining and leaving, the coordinator's rebalances, and each member's poll loop
// (poll, commit, process), with the faults that break it (a crash, a stall past max.poll.interval.ms).

import { type ActionOf, commitDecision, NO_LEADER, type Consumer, type PolledRecord } from '../../spec/index.js'
import {
  brokerLane,
  coordinatorLane,
  consumerLane,
  lines,
  story,
  type Mark,
  type StepStory,
  type Transition,
} from './story.js'
import { consumerName, joinWords, messageList, messageName, partitionName } from './names.js'

const partitionList = (partitions: readonly number[]): string =>
  partitions.length === 0
    ? 'no partition'
    : `${partitions.length === 1 ? 'partition' : 'partitions'} ${joinWords(partitions.map(String))}`

/** "m1, m2 from partition 0 (offsets 0–1)" */
function recordsWords(records: readonly PolledRecord[]): string {
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

const recordsLabel = (records: readonly PolledRecord[]): string => records.map(r => messageName(r.message)).join(' ')

/** Committed offsets the step changed, as "partition 0 → 2". */
function commits(step: Transition): { partition: number; offset: number }[] {
  const { before, after } = step
  return after.group.committed.flatMap((offset, partition) =>
    offset === before.group.committed[partition] ? [] : [{ partition, offset }],
  )
}

const commitWords = (step: Transition): string =>
  joinWords(commits(step).map(c => `${partitionName(c.partition)} → offset ${c.offset}`))

const commitLabel = (step: Transition): string =>
  commits(step)
    .map(c => `p${c.partition}=${c.offset}`)
    .join(' ')

function commitArrow(step: Transition, consumer: number, prefix: string): Mark[] {
  return commits(step).length === 0
    ? []
    : [
        {
          kind: 'arrow',
          from: consumerLane(consumer),
          to: coordinatorLane,
          label: `${prefix} ${commitLabel(step)}`,
          tone: 'request',
        },
      ]
}

/** Records a consumer processed: those it held before, each counted once more. */
function processedWords(
  step: Transition,
  records: readonly PolledRecord[],
): { text: string; label: string; again: boolean } {
  const again = records.filter(r => step.after.processed[r.message]! > 1 && step.before.processed[r.message]! > 0)
  return {
    text:
      `${recordsWords(records)}` +
      (again.length === 0
        ? ''
        : `; ${messageList(again.map(r => r.message))} ${again.length === 1 ? 'is' : 'are'} processed a second time`),
    label: lines(`process ${recordsLabel(records)}`, again.length === 0 ? '' : `${recordsLabel(again)} again!`),
    again: again.length > 0,
  }
}

const zombie = (c: Consumer): string => (c.status === 'zombie' ? 'zombie ' : '')

export function consumerStart(step: Transition, { consumer }: ActionOf<'ConsumerStart'>): StepStory {
  return story(
    [
      `${consumerName(consumer)} starts and sends JoinGroup to the coordinator of group ${JSON.stringify(step.p.groupId)}: a rebalance begins`,
    ],
    [{ kind: 'arrow', from: consumerLane(consumer), to: coordinatorLane, label: 'JoinGroup', tone: 'request' }],
  )
}

export function consumerJoinGroup(step: Transition, { consumer }: ActionOf<'ConsumerJoinGroup'>): StepStory {
  const { before, after } = step
  const was = before.consumers[consumer]!
  const arrow = (label: string): Mark[] => [
    { kind: 'arrow', from: consumerLane(consumer), to: coordinatorLane, label, tone: 'request' },
  ]
  if (was.status === 'zombie')
    return story(
      [
        `${consumerName(consumer)} finally polls and learns it was removed from the group (UNKNOWN_MEMBER_ID): it loses ` +
          `${partitionList(was.owned)} without committing and joins again as a new member`,
      ],
      arrow(lines('JoinGroup (as a new member)', `lost ${partitionList(was.owned)}`)),
    )
  const revoked = was.owned.filter(partition => !after.consumers[consumer]!.owned.includes(partition))
  const revoke = revoked.length === 0 ? '' : `it revokes ${partitionList(revoked)} first (eager rebalance)`
  const committed = commits(step).length === 0 ? '' : `it commits its positions on revoke: ${commitWords(step)}`
  return story(
    [`${consumerName(consumer)} rejoins the group for its next generation`, revoke, committed],
    arrow(
      lines(
        'JoinGroup',
        revoked.length === 0 ? '' : `revoke p${revoked.join(' p')}`,
        commitLabel(step) === '' ? '' : `commit ${commitLabel(step)}`,
      ),
    ),
  )
}

export function coordinatorCompleteRebalance(step: Transition): StepStory {
  const { p, after } = step
  const { generation, members, rebalancing } = after.group
  const shares = members.map(member => {
    const c = after.consumers[member]!
    const starts = c.owned.map(partition => {
      const position = c.positions[partition]!
      return position < 0
        ? `${partition} (no committed offset: auto.offset.reset=${p.autoOffsetReset})`
        : `${partition} at offset ${position}`
    })
    return `${consumerName(member)} gets ${starts.length === 0 ? 'no partition' : `partition ${joinWords(starts)}`}`
  })
  const followUp = rebalancing
    ? 'a follow-up rebalance will hand out the partitions withheld this round (cooperative)'
    : ''
  const label = lines(
    `generation ${generation}`,
    ...members.map(member => {
      const owned = after.consumers[member]!.owned
      return `c${member + 1}: ${owned.length === 0 ? '-' : owned.map(partition => `p${partition}`).join(' ')}`
    }),
  )
  return story(
    [
      `the group coordinator completes the rebalance: generation ${generation}, in which ${joinWords(shares)}`,
      followUp,
    ],
    [{ kind: 'event', at: coordinatorLane, label, tone: 'election' }],
  )
}

export function consumerCrash(step: Transition, { consumer }: ActionOf<'ConsumerCrash'>): StepStory {
  const was = step.before.consumers[consumer]!
  const held = [...was.batch, ...was.handedOff]
  const loses =
    held.length === 0 ? 'its positions' : `its positions and the unprocessed ${messageList(held.map(r => r.message))}`
  return story(
    [
      `${consumerName(consumer)} crashes, losing ${loses}`,
      'the coordinator misses its heartbeats (session.timeout.ms), removes it from the group and starts a rebalance',
    ],
    [{ kind: 'event', at: consumerLane(consumer), label: 'X crash', tone: 'crash' }],
  )
}

export function consumerRestart(_step: Transition, { consumer }: ActionOf<'ConsumerRestart'>): StepStory {
  return story(
    [`${consumerName(consumer)} restarts and joins the group again: a rebalance begins`],
    [
      {
        kind: 'arrow',
        from: consumerLane(consumer),
        to: coordinatorLane,
        label: 'restart: JoinGroup',
        tone: 'restart',
      },
    ],
  )
}

export function consumerPause(step: Transition, { consumer }: ActionOf<'ConsumerPause'>): StepStory {
  const was = step.before.consumers[consumer]!
  const working = was.batch.length === 0 ? 'its batch' : messageList(was.batch.map(r => r.message))
  return story(
    [
      `${consumerName(consumer)} takes longer than max.poll.interval.ms over ${working}: the coordinator removes it from ` +
        'the group and starts a rebalance, but it keeps processing as a zombie',
    ],
    [
      {
        kind: 'event',
        at: consumerLane(consumer),
        label: 'stalls past max.poll.interval.ms\nremoved from the group',
        tone: 'delayed',
      },
    ],
  )
}

export function consumerPoll(step: Transition, { consumer, autoCommit }: ActionOf<'ConsumerPoll'>): StepStory {
  const { p, before, after } = step
  const was = before.consumers[consumer]!
  const now = after.consumers[consumer]!
  const records = p.processing === 'async' ? now.handedOff.slice(was.handedOff.length) : now.batch
  const resets = now.owned.flatMap(partition => {
    const from = was.positions[partition]!
    const first = records.find(r => r.partition === partition)?.offset ?? now.positions[partition]!
    return from === first ? [] : [{ partition, from, to: first }]
  })
  const resetWords = resets.map(
    r =>
      `its position on ${partitionName(r.partition)} was ${r.from < 0 ? 'unknown' : `${r.from}, beyond the log end`}, so ` +
      `auto.offset.reset=${p.autoOffsetReset} moved it to offset ${r.to}`,
  )
  const committed =
    commits(step).length === 0
      ? ''
      : autoCommit
        ? `poll() first auto-commits the previous positions: ${commitWords(step)}`
        : p.processing === 'async' && p.commit === 'before-process'
          ? `it commits the new positions as it hands the records off (commit before processing): ${commitWords(step)}`
          : `it commits what its worker thread has finished: ${commitWords(step)}`
  const got =
    records.length === 0
      ? `${consumerName(consumer)} polls and gets nothing new`
      : `${consumerName(consumer)} polls and gets ${recordsWords(records)}` +
        (p.processing === 'async' ? ', which it hands to its worker thread' : '')
  const source = records[0]?.partition ?? now.owned[0]
  const leader = source === undefined ? NO_LEADER : after.partitions[source]!.leader
  const label = lines(
    records.length === 0 ? 'poll: nothing new' : `poll: ${recordsLabel(records)} (p${source} @${records[0]!.offset})`,
    ...resets.map(r => `reset p${r.partition} -> ${r.to} (${p.autoOffsetReset})`),
  )
  const fetch: Mark =
    leader === NO_LEADER
      ? { kind: 'event', at: consumerLane(consumer), label, tone: 'local' }
      : { kind: 'arrow', from: brokerLane(leader), to: consumerLane(consumer), label, tone: 'response' }
  return story(
    [committed, got, ...resetWords],
    [...commitArrow(step, consumer, autoCommit ? 'auto-commit' : 'commit'), fetch],
  )
}

export function consumerCommit(step: Transition, { consumer }: ActionOf<'ConsumerCommit'>): StepStory {
  const { before } = step
  const was = before.consumers[consumer]!
  const decision = commitDecision(before, consumer)
  const refused = decision !== 'accepted'
  const text =
    decision === 'not-a-member'
      ? `${zombie(was)}${consumerName(consumer)}'s commitSync is refused: it is no longer a member of the group's ` +
        `generation ${before.group.generation} (CommitFailedException)`
      : decision === 'rebalance-in-progress'
        ? `${consumerName(consumer)}'s commitSync fails: it has rejoined a rebalance in progress and has no stable ` +
          'generation to commit with (RebalanceInProgressException; the offsets stay where they were)'
        : commits(step).length === 0
          ? `${consumerName(consumer)} commits; the committed offsets already match its positions`
          : `${consumerName(consumer)} commits ${commitWords(step)} (commitSync)`
  const label =
    decision === 'not-a-member'
      ? `X commit refused (generation ${was.generation}, group at ${before.group.generation})`
      : decision === 'rebalance-in-progress'
        ? 'X commit fails: rebalance in progress'
        : `commit ${commitLabel(step)}`
  return story(
    [text],
    [{ kind: 'arrow', from: consumerLane(consumer), to: coordinatorLane, label, tone: refused ? 'error' : 'request' }],
  )
}

export function consumerSkipCommit(_step: Transition, { consumer }: ActionOf<'ConsumerSkipCommit'>): StepStory {
  return story(
    [`${consumerName(consumer)} does not commit after this batch (it commits only periodically) and polls again`],
    [{ kind: 'event', at: consumerLane(consumer), label: 'no commit this time', tone: 'local' }],
  )
}

export function consumerProcess(step: Transition, { consumer }: ActionOf<'ConsumerProcess'>): StepStory {
  const was = step.before.consumers[consumer]!
  const processed = processedWords(step, was.batch)
  return story(
    [`${zombie(was)}${consumerName(consumer)} processes ${processed.text}`],
    [{ kind: 'event', at: consumerLane(consumer), label: processed.label, tone: processed.again ? 'error' : 'local' }],
  )
}

export function workerProcess(step: Transition, { consumer }: ActionOf<'WorkerProcess'>): StepStory {
  const was = step.before.consumers[consumer]!
  const processed = processedWords(step, was.handedOff)
  return story(
    [`${consumerName(consumer)}'s worker thread processes ${processed.text}`],
    [
      {
        kind: 'event',
        at: consumerLane(consumer),
        label: `worker: ${processed.label}`,
        tone: processed.again ? 'error' : 'local',
      },
    ],
  )
}

export function coordinatorFailover(step: Transition, { consumer }: ActionOf<'CoordinatorFailover'>): StepStory {
  return story(
    [
      `the group coordinator moves to another broker while ${consumerName(consumer)}'s commitSync is in flight: ` +
        'NOT_COORDINATOR, then COORDINATOR_LOAD_IN_PROGRESS, until commitSync times out (default.api.timeout.ms); ' +
        'nothing is committed, the application carries on, and the group keeps its generation',
    ],
    [
      {
        kind: 'arrow',
        from: consumerLane(consumer),
        to: coordinatorLane,
        label: 'X commit: coordinator moved (timeout)',
        tone: 'lost',
      },
    ],
  )
}
