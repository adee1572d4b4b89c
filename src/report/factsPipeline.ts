// A consume-transform-produce pipeline's transaction as facts (spec/consumer/pipeline.ts): a member sends its offsets
// to its open transaction (TxnOffsetCommit), commits it, or aborts it. Each reads the spec's decision off the states
// before and after the step: the member's loop phase says whether the group coordinator took the offsets, the
// coordinator's pending offsets what it holds, `processed` what became visible.

import { fencedPerPartition, isCurrentMember, NO_OFFSET, type ActionOf, type State } from '../../spec/index.js'
import type { Commit, OpenTransaction, StepFacts, TxnAborted } from './facts.js'
import { commits, type Transition } from './factsShared.js'

/** The offsets the group coordinator holds as pending for `consumer`'s open transaction in `s`. */
const pendingOffsets = (s: State, consumer: number): Commit[] =>
  s.group.pendingTxnOffsets[consumer]!.flatMap((offset, partition) =>
    offset === NO_OFFSET ? [] : [{ partition, offset }],
  )

/** What `consumer`'s open transaction holds in `s`, or null when it holds nothing. */
export function openTransaction(s: State, consumer: number): OpenTransaction | null {
  const outputs = s.consumers[consumer]!.pendingOutputs
  const offsets = pendingOffsets(s, consumer)
  return outputs.length === 0 && offsets.length === 0 ? null : { outputs, offsets }
}

/** The member's transaction was aborted in the step: what it discarded, and the positions it dropped to fetch again. */
function abortedFacts({ before, after }: Transition, consumer: number, why: TxnAborted['why']): TxnAborted {
  const was = before.consumers[consumer]!
  const now = after.consumers[consumer]!
  const rewound = now.owned.filter(
    partition => was.positions[partition] !== NO_OFFSET && now.positions[partition] === NO_OFFSET,
  )
  return {
    kind: 'txnAborted',
    consumer,
    why,
    discarded: { outputs: was.pendingOutputs, offsets: pendingOffsets(before, consumer) },
    rewound,
  }
}

export function sendOffsetsToTxnFacts(step: Transition, { consumer }: ActionOf<'ConsumerSendOffsetsToTxn'>): StepFacts {
  const { before, after } = step
  const was = before.consumers[consumer]!
  // Accepted, the loop goes on to commitTransaction; refused, the member has aborted and is back at poll.
  const accepted = after.consumers[consumer]!.phase === 'endTxn'
  return [
    {
      kind: 'sendOffsetsToTxn',
      consumer,
      zombie: was.status === 'zombie',
      member: isCurrentMember(before, consumer),
      offsets: accepted ? pendingOffsets(after, consumer) : [],
      refused: accepted
        ? null
        : {
            // The coordinator checks the member id before the generation (GroupCoordinator.doTxnCommitOffsets).
            error: fencedPerPartition(step.p, step.before, consumer)
              ? 'PRODUCER_FENCED'
              : before.group.members.includes(consumer)
                ? 'ILLEGAL_GENERATION'
                : 'UNKNOWN_MEMBER_ID',
            generation: was.generation,
            groupGeneration: before.group.generation,
          },
    },
    ...(accepted ? [] : [abortedFacts(step, consumer, 'refused')]),
  ]
}

export function commitTxnFacts(step: Transition, { consumer }: ActionOf<'ConsumerCommitTxn'>): StepFacts {
  const { before, after } = step
  const was = before.consumers[consumer]!
  const zombie = was.status === 'zombie'
  if (fencedPerPartition(step.p, step.before, consumer))
    return [
      { kind: 'commitTxn', consumer, zombie, visible: [], again: [], offsets: [], fenced: true },
      abortedFacts(step, consumer, 'refused'),
    ]
  const visible = was.pendingOutputs
  return [
    {
      kind: 'commitTxn',
      consumer,
      zombie,
      visible,
      again: visible.filter(message => after.processed[message]! > 1 && before.processed[message]! > 0),
      offsets: commits(step),
      fenced: false,
    },
  ]
}

/** The partitions whose transactional.id the polling member took, and the member it fenced: read off the states. */
export function partitionProducerInitFacts(step: Transition, { consumer }: ActionOf<'ConsumerPoll'>): StepFacts {
  const { p, before, after } = step
  if (!p.pipelineIdPerPartition) return []
  const partitions = after.group.partitionProducer.flatMap((holder, partition) =>
    holder === consumer && before.group.partitionProducer[partition] !== consumer ? [partition] : [],
  )
  if (partitions.length === 0) return []
  const holders = partitions.map(partition => before.group.partitionProducer[partition]!).filter(holder => holder >= 0)
  const fenced = holders[0] ?? null
  const aborted = fenced !== null && openTransaction(before, fenced) !== null && openTransaction(after, fenced) === null
  return [
    { kind: 'partitionProducerInit', consumer, partitions, fenced, aborted },
    ...(aborted ? [abortedFacts(step, fenced, 'fenced')] : []),
  ]
}

export const abortTxnFacts = (step: Transition, { consumer }: ActionOf<'ConsumerAbortTxn'>): StepFacts => [
  abortedFacts(step, consumer, 'application'),
]
