// Each step of a counterexample as typed facts, and the initial state as the facts a trace starts from. The switch
// in `stepFacts` is the one place that knows every action: a new action type is a compile error here.

import { leaderReplica, type Action, type Params, type State } from '../../spec/index.js'
import type { Serde, Start, StepFacts } from './facts.js'
import {
  bounceFacts,
  crashFacts,
  fetchFacts,
  isrShrinkFacts,
  partitionAddedFacts,
  restartFacts,
} from './factsBrokers.js'
import {
  commitSyncFacts,
  consumerCrashFacts,
  consumerPauseFacts,
  consumerProcessFacts,
  consumerRestartFacts,
  consumerStartFacts,
  coordinatorFailoverFacts,
  joinFacts,
  pollFacts,
  rebalancedFacts,
  skipCommitFacts,
  workerProcessFacts,
} from './factsConsumer.js'
import {
  appSendFacts,
  epochBumpFacts,
  expiredFacts,
  produceFacts,
  producerRestartFacts,
  requestsDelayedFacts,
  requestsLostFacts,
  responseReadFacts,
  responsesLostFacts,
  sendFacts,
} from './factsProducer.js'
import {
  deadLetterWriteAckFacts,
  deadLetterWriteExpireFacts,
  processFailFacts,
  retryTopicProcessFacts,
} from './factsErrors.js'
import { abortTxnFacts, commitTxnFacts, partitionProducerInitFacts, sendOffsetsToTxnFacts } from './factsPipeline.js'
import type { Transition } from './factsShared.js'
import { connectFacts, wireReadFacts } from './factsSecurity.js'
import {
  abortTimedOutFacts,
  abortTransactionFacts,
  addPartitionToTxnFacts,
  commitTransactionFacts,
  completeTxnFacts,
  completeCommitFacts,
  initTransactionsFacts,
  writeMarkerFacts,
} from './factsTransactions.js'

/**
 * The facts of the step `before --action--> after`; `serde` names the value classes of the scenario (serdeOf), for
 * the words on poison records.
 */
export function stepFacts(
  p: Params,
  before: State,
  action: Action,
  after: State,
  serde: Serde | null = null,
): StepFacts {
  const step: Transition = { p, before, after, serde }
  const facts = actionFacts(step, action)
  return p.security === null ? facts : [...facts, ...wireReadFacts(step)]
}

/** The facts of the action itself and its consequences (the one switch over every action). */
function actionFacts(step: Transition, action: Action): StepFacts {
  switch (action.type) {
    case 'ProducerAppSend':
      return appSendFacts(step, action)
    case 'ProducerSend':
      return sendFacts(step, action)
    case 'ProducerReceiveResponse':
      return responseReadFacts(step, action)
    case 'ProducerBumpEpoch':
      return epochBumpFacts(step, action)
    case 'ProducerRestart':
      return producerRestartFacts(step, action)
    case 'ProducerExpireBatch':
      return expiredFacts(step, action)
    case 'ProducerInitTransactions':
      return initTransactionsFacts(step, action)
    case 'ProducerAddPartitionToTxn':
      return addPartitionToTxnFacts(step, action)
    case 'ProducerCommitTransaction':
      return commitTransactionFacts(step, action)
    case 'ProducerAbortTransaction':
      return abortTransactionFacts(step, action)
    case 'CoordinatorWriteMarker':
      return writeMarkerFacts(step, action)
    case 'ProducerCompleteCommit':
      return completeCommitFacts(step, action)
    case 'CoordinatorCompleteTxn':
      return completeTxnFacts(step, action)
    case 'CoordinatorAbortTimedOut':
      return abortTimedOutFacts(step, action)
    case 'LeaderHandleProduce':
    case 'LeaderHandleDelayedProduce':
      return produceFacts(step, action)
    case 'FollowerFetch':
      return fetchFacts(step, action)
    case 'LeaderShrinkIsr':
      return isrShrinkFacts(step, action)
    case 'BrokerCrash':
      return crashFacts(step, action)
    case 'BrokerRestart':
      return restartFacts(step, action)
    case 'BrokerBounce':
      return bounceFacts(step, action)
    case 'AdminAddPartition':
      return partitionAddedFacts(step)
    case 'NetworkLoseRequest':
      return requestsLostFacts(step, action)
    case 'NetworkLoseResponse':
      return responsesLostFacts(step, action)
    case 'NetworkDelayRequest':
      return requestsDelayedFacts(step, action)
    case 'ConsumerStart':
      return consumerStartFacts(step, action)
    case 'ConsumerJoinGroup':
      return joinFacts(step, action)
    case 'CoordinatorCompleteRebalance':
      return rebalancedFacts(step)
    case 'ConsumerCrash':
      return consumerCrashFacts(step, action)
    case 'ConsumerRestart':
      return consumerRestartFacts(step, action)
    case 'ConsumerPause':
      return consumerPauseFacts(step, action)
    case 'ConsumerPoll':
      return [...pollFacts(step, action), ...partitionProducerInitFacts(step, action)]
    case 'ConsumerCommit':
      return commitSyncFacts(step, action)
    case 'CoordinatorFailover':
      return coordinatorFailoverFacts(step, action)
    case 'ConsumerSkipCommit':
      return skipCommitFacts(step, action)
    case 'ConsumerProcess':
      return consumerProcessFacts(step, action)
    case 'WorkerProcess':
      return workerProcessFacts(step, action)
    case 'ConsumerSendOffsetsToTxn':
      return sendOffsetsToTxnFacts(step, action)
    case 'ConsumerCommitTxn':
      return commitTxnFacts(step, action)
    case 'ConsumerAbortTxn':
      return abortTxnFacts(step, action)
    case 'ConsumerProcessFail':
      return processFailFacts(step, action)
    case 'RetryTopicProcess':
      return retryTopicProcessFacts(step, action)
    case 'DeadLetterWriteAck':
      return deadLetterWriteAckFacts(step, action)
    case 'DeadLetterWriteExpire':
      return deadLetterWriteExpireFacts(step, action)
    case 'ClientConnect':
    case 'AttackerIntercept':
      return connectFacts(step, action)
    default:
      return action satisfies never
  }
}

/** A pipeline's input, already in the partitions' logs: each partition's records in offset order. */
function pipelineInput(p: Params, s: State): NonNullable<Start['pipeline']>['input'] {
  return s.partitions.flatMap((partition, i) => {
    const leader = leaderReplica(p.assignment[i]!, partition)
    const messages = (leader?.log ?? []).flatMap(entry => (entry.kind === 'data' ? [entry.message] : []))
    return messages.length === 0 ? [] : [{ partition: i, messages }]
  })
}

/** The initial state: who leads what, what the producers are about to send, and the group that will consume. */
export function startFacts(p: Params, s: State): Start {
  return {
    kind: 'start',
    partitions: s.partitions.map((partition, i) => ({
      partition: i,
      leader: partition.leader,
      epoch: partition.leaderEpoch,
      isr: partition.isr,
      followers: p.assignment[i]!.filter(b => b !== partition.leader),
    })),
    sends: s.producers.flatMap((producer, index) =>
      producer.queues.flatMap((queue, partition) =>
        queue.length === 0 ? [] : [{ producer: index, partition, messages: queue }],
      ),
    ),
    consumers: s.consumers.length,
    groupId: p.groupId,
    pipeline: p.pipeline ? { transactional: p.pipelineTransactional, input: pipelineInput(p, s) } : null,
  }
}
