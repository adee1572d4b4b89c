// A step's facts in Kafka words: each fact is a clause or a few, and the step is its clauses joined by "; ", the
// actor's first, then the consequences in order ("broker 1 crashes; broker 2 is elected leader of partition 0 …").
// The switch in `clausesOf` knows every kind of fact: a new one without words is a compile error here.

import type { Start, StepFact, StepFacts } from './facts.js'
import { brokerName, brokerSet, counted, joinWords, messageList, partitionName, producerName } from './names.js'
import {
  bounceWords,
  crashWords,
  electionWords,
  fetchWords,
  followerHighWatermarkWords,
  followerTruncationWords,
  highWatermarkWords,
  isrChangeWords,
  isrShrinkWords,
  offlineWords,
  partitionAddedWords,
  restartWords,
} from './wordsBrokers.js'
import {
  commitSyncWords,
  commitsWords,
  consumerCrashWords,
  consumerPauseWords,
  consumerRestartWords,
  consumerStartWords,
  coordinatorFailoverWords,
  pollWords,
  processWords,
  rebalancedWords,
  rejoinWords,
  skipCommitWords,
  zombieRejoinWords,
} from './wordsConsumer.js'
import {
  answersWords,
  appSendWords,
  batchFateWords,
  epochBumpPendingWords,
  epochBumpWords,
  expiredWords,
  leaderAnswerWords,
  produceWords,
  producerRestartWords,
  requestsDelayedWords,
  requestsLostWords,
  responseReadWords,
  responsesLostWords,
  sendWords,
} from './wordsProducer.js'
import { deadLetterWriteWords, processFailWords, retryTopicProcessWords } from './wordsErrors.js'
import { connectWords, replicationReadWords, wireReadWords } from './wordsSecurity.js'
import { commitTxnWords, partitionProducerInitWords, sendOffsetsToTxnWords, txnAbortedWords } from './wordsPipeline.js'
import {
  abortTimedOutWords,
  abortTransactionWords,
  addPartitionToTxnWords,
  commitTransactionWords,
  completeTxnWords,
  completeCommitWords,
  initTransactionsWords,
  writeMarkerWords,
} from './wordsTransactions.js'

/** The step as one sentence; clauses after the first are its consequences. */
export const wordsOf = (facts: StepFacts): string =>
  facts
    .flatMap(clausesOf)
    .filter(clause => clause !== '')
    .join('; ')

/** Who leads what, and what is about to happen. */
function startWords(start: Start): string[] {
  const partitions = start.partitions.map(({ partition, leader, epoch, isr, followers }) => {
    const followed = followers.length === 0 ? '' : `, followed by ${joinWords(followers.map(brokerName))}`
    return `${brokerName(leader)} leads ${partitionName(partition)} (epoch ${epoch}, ISR ${brokerSet(isr)}${followed})`
  })
  const sends = start.sends.map(
    ({ producer, partition, messages }) =>
      `${producerName(producer)} will send ${messageList(messages)} to ${partitionName(partition)}`,
  )
  const input = (start.pipeline?.input ?? []).map(
    ({ partition, messages }) =>
      `${partitionName(partition)} already holds ${messageList(messages)}, the pipeline's input`,
  )
  const pipeline =
    start.pipeline === null
      ? ''
      : start.pipeline.transactional
        ? ': each transforms what it reads and writes one result per record, in a transaction with its offsets ' +
          '(consume-transform-produce)'
        : ': each transforms what it reads and writes one result per record, then commits its offsets apart ' +
          '(consume-transform-produce, no transaction)'
  const consumers =
    start.consumers === 0
      ? []
      : [`${counted(start.consumers, 'consumer')} of group ${JSON.stringify(start.groupId)} will start${pipeline}`]
  return [...partitions, ...sends, ...input, ...consumers]
}

/** The clauses one fact contributes to its step's sentence; an empty one says nothing. */
function clausesOf(fact: StepFact): string[] {
  switch (fact.kind) {
    case 'start':
      return startWords(fact)
    case 'appSend':
      return appSendWords(fact)
    case 'send':
      return sendWords(fact)
    case 'responseRead':
      return responseReadWords(fact)
    case 'produce':
      return produceWords(fact)
    case 'leaderAnswer':
      return leaderAnswerWords(fact)
    case 'answers':
      return answersWords(fact)
    case 'requestsLost':
      return requestsLostWords(fact)
    case 'responsesLost':
      return responsesLostWords(fact)
    case 'requestsDelayed':
      return requestsDelayedWords(fact)
    case 'batchFate':
      return batchFateWords(fact)
    case 'epochBumpPending':
      return epochBumpPendingWords(fact)
    case 'epochBump':
      return epochBumpWords(fact)
    case 'producerRestart':
      return producerRestartWords(fact)
    case 'expired':
      return expiredWords(fact)
    case 'initTransactions':
      return initTransactionsWords(fact)
    case 'addPartitionToTxn':
      return addPartitionToTxnWords(fact)
    case 'commitTransaction':
      return commitTransactionWords(fact)
    case 'abortTransaction':
      return abortTransactionWords(fact)
    case 'writeMarker':
      return writeMarkerWords(fact)
    case 'completeCommit':
      return completeCommitWords(fact)
    case 'completeTxn':
      return completeTxnWords(fact)
    case 'abortTimedOut':
      return abortTimedOutWords(fact)
    case 'fetch':
      return fetchWords(fact)
    case 'followerHighWatermark':
      return followerHighWatermarkWords(fact)
    case 'isrShrink':
      return isrShrinkWords(fact)
    case 'crash':
      return crashWords(fact)
    case 'restart':
      return restartWords(fact)
    case 'bounce':
      return bounceWords(fact)
    case 'election':
      return electionWords(fact)
    case 'offline':
      return offlineWords(fact)
    case 'followerTruncation':
      return followerTruncationWords(fact)
    case 'isrChange':
      return isrChangeWords(fact)
    case 'highWatermark':
      return highWatermarkWords(fact)
    case 'partitionAdded':
      return partitionAddedWords(fact)
    case 'consumerStart':
      return consumerStartWords(fact)
    case 'rejoin':
      return rejoinWords(fact)
    case 'zombieRejoin':
      return zombieRejoinWords(fact)
    case 'rebalanced':
      return rebalancedWords(fact)
    case 'consumerCrash':
      return consumerCrashWords(fact)
    case 'consumerRestart':
      return consumerRestartWords(fact)
    case 'consumerPause':
      return consumerPauseWords(fact)
    case 'commits':
      return commitsWords(fact)
    case 'poll':
      return pollWords(fact)
    case 'commitSync':
      return commitSyncWords(fact)
    case 'coordinatorFailover':
      return coordinatorFailoverWords(fact)
    case 'skipCommit':
      return skipCommitWords(fact)
    case 'process':
      return processWords(fact)
    case 'sendOffsetsToTxn':
      return sendOffsetsToTxnWords(fact)
    case 'commitTxn':
      return commitTxnWords(fact)
    case 'txnAborted':
      return txnAbortedWords(fact)
    case 'partitionProducerInit':
      return partitionProducerInitWords(fact)
    case 'processFail':
      return processFailWords(fact)
    case 'retryTopicProcess':
      return retryTopicProcessWords(fact)
    case 'deadLetterWrite':
      return deadLetterWriteWords(fact)
    case 'connect':
      return connectWords(fact)
    case 'wireRead':
      return wireReadWords(fact)
    case 'replicationRead':
      return replicationReadWords(fact)
    default:
      return fact satisfies never
  }
}
