// A consume-transform-produce pipeline's transaction in words: a member sending its offsets to its transaction,
// committing it, or aborting it, and what becomes visible.

import type {
  Commit,
  CommitTxn,
  OpenTransaction,
  PartitionProducerInit,
  SendOffsetsToTxn,
  TxnAborted,
} from './facts.js'
import { consumerName, joinWords, messageList, partitionList, partitionName } from './names.js'

/** "m1's result", "the results of m1 and m2": what a pipeline writes for its inputs. */
export const resultsOf = (messages: readonly number[]): string =>
  messages.length === 1 ? `${messageList(messages)}'s result` : `the results of ${messageList(messages)}`

/** "is", "are" after `resultsOf(messages)`. */
const isOrAre = (messages: readonly number[]): string => (messages.length === 1 ? 'is' : 'are')

/** "partition 0 → offset 1" */
const offsetsWords = (offsets: readonly Commit[]): string =>
  joinWords(offsets.map(c => `${partitionName(c.partition)} → offset ${c.offset}`))

/** "zombie consumer 1" */
const memberName = (consumer: number, zombie: boolean): string => `${zombie ? 'zombie ' : ''}${consumerName(consumer)}`

/** ["m1's result is discarded", "its pending offsets (partition 0 → offset 1) are dropped"] */
function discardedParts({ outputs, offsets }: OpenTransaction, done: string): string[] {
  return [
    ...(outputs.length === 0 ? [] : [`${resultsOf(outputs)} ${isOrAre(outputs)} ${done}`]),
    ...(offsets.length === 0 ? [] : [`its pending offsets (${offsetsWords(offsets)}) are dropped`]),
  ]
}

/** "m1's result is never visible and its pending offsets (partition 0 → offset 1) are dropped" */
export const discardedWords = (open: OpenTransaction, done: string): string => joinWords(discardedParts(open, done))

export function sendOffsetsToTxnWords({ consumer, zombie, member, offsets, refused }: SendOffsetsToTxn): string[] {
  const who = memberName(consumer, zombie)
  if (refused !== null) {
    if (refused.error === 'PRODUCER_FENCED')
      return [
        `${who} sends its offsets to its transaction (sendOffsetsToTransaction), but its producer is fenced: another ` +
          "member took a partition's transactional.id with initTransactions() (PRODUCER_FENCED)",
      ]
    const why =
      refused.error === 'UNKNOWN_MEMBER_ID'
        ? 'it is no longer a member of the group'
        : `its generation ${refused.generation} is not the group's generation ${refused.groupGeneration}`
    return [
      `${who} sends its offsets to its transaction (sendOffsetsToTransaction), but the group coordinator refuses ` +
        `them: ${why} (${refused.error}, checked since 2.5, KIP-447)`,
    ]
  }
  const sent = offsets.length === 0 ? 'no offset' : offsetsWords(offsets)
  return [
    `${who} sends its offsets to its transaction (sendOffsetsToTransaction): ${sent}, pending at the group coordinator`,
    member
      ? ''
      : 'the coordinator does not check its member id or generation (before 2.5 and KIP-447 it takes the offsets ' +
        'of any producer)',
  ]
}

/** "m1's result becomes visible and m2's result becomes visible a second time" */
export function visibleWords(visible: readonly number[], again: readonly number[]): string {
  const first = visible.filter(message => !again.includes(message))
  const becomes = (messages: readonly number[]) => (messages.length === 1 ? 'becomes' : 'become')
  return joinWords([
    ...(first.length === 0 ? [] : [`${resultsOf(first)} ${becomes(first)} visible`]),
    ...(again.length === 0 ? [] : [`${resultsOf(again)} ${becomes(again)} visible a second time`]),
  ])
}

export function commitTxnWords({ consumer, zombie, visible, again, offsets, fenced }: CommitTxn): string[] {
  const who = memberName(consumer, zombie)
  if (fenced)
    return [
      `${who} calls commitTransaction(), but its producer is fenced: another member took a partition's ` +
        'transactional.id with initTransactions(), and the coordinator has aborted the transaction (PRODUCER_FENCED)',
    ]
  return [
    `${who} commits its transaction (commitTransaction())` +
      (visible.length === 0 ? '' : `: ${visibleWords(visible, again)}`),
    ...offsets.map(c => `${partitionName(c.partition)}'s committed offset → ${c.offset}`),
    zombie ? 'EndTxn carries no group generation, so nothing stops a zombie here' : '',
  ]
}

export const partitionProducerInitWords = ({
  consumer,
  partitions,
  fenced,
  aborted,
}: PartitionProducerInit): string[] => [
  `${consumerName(consumer)} calls initTransactions() with the transactional.id of ${partitionList(partitions)}` +
    (fenced === null ? '' : `, which fences ${consumerName(fenced)}'s producer`) +
    (aborted ? ' and aborts its open transaction' : ''),
]

export function txnAbortedWords({ consumer, why, discarded, rewound }: TxnAborted): string[] {
  const rewinds =
    rewound.length === 0
      ? []
      : [
          `it rewinds ${partitionList(rewound)} to the committed offset${rewound.length === 1 ? '' : 's'}, fetched ` +
            'again before it reads on',
        ]
  const what = joinWords([...discardedParts(discarded, 'discarded'), ...rewinds])
  const head =
    why === 'refused'
      ? 'so it aborts its transaction (abortTransaction())'
      : why === 'fenced'
        ? `the coordinator aborts ${consumerName(consumer)}'s open transaction`
        : `the application aborts ${consumerName(consumer)}'s transaction (abortTransaction(), faults.txn-abort)`
  return [what === '' ? head : `${head}: ${what}`]
}
