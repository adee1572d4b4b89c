// Each step of a counterexample in Kafka words, and what the sequence diagram draws for it. Everything is read from
// the states before and after the step, so the words say what the specification did, not what we think it does.
// The switch in `describeStep` is the one place that knows every action: a new action type is a compile error here.

import type { Action, Params, State } from '../../spec/index.js'
import {
  adminAddPartition,
  brokerBounce,
  brokerCrash,
  brokerRestart,
  followerFetch,
  leaderShrinkIsr,
} from './describeBrokers.js'
import {
  consumerCommit,
  consumerCrash,
  consumerJoinGroup,
  consumerPause,
  consumerPoll,
  consumerProcess,
  consumerRestart,
  consumerSkipCommit,
  consumerStart,
  coordinatorCompleteRebalance,
  coordinatorFailover,
  workerProcess,
} from './describeConsumer.js'
import {
  leaderHandle,
  networkDelayRequest,
  networkLoseRequest,
  networkLoseResponse,
  producerBumpEpoch,
  producerExpireBatch,
  producerReceiveResponse,
  producerRestart,
  producerAppSend,
  producerSend,
} from './describeProducer.js'
import { brokerName, brokerSet, counted, joinWords, messageList, partitionName, producerName } from './names.js'
import type { StepStory, Transition } from './story.js'

export type { Lane, Mark, StepStory, Tone } from './story.js'

/** The step `before --action--> after` in Kafka words, with the marks the sequence diagram draws for it. */
export function describeStep(p: Params, before: State, action: Action, after: State): StepStory {
  const step: Transition = { p, before, after }
  switch (action.type) {
    case 'ProducerSend':
      return producerSend(step, action)
    case 'ProducerReceiveResponse':
      return producerReceiveResponse(step, action)
    case 'ProducerBumpEpoch':
      return producerBumpEpoch(step, action)
    case 'ProducerRestart':
      return producerRestart(step, action)
    case 'ProducerExpireBatch':
      return producerExpireBatch(step, action)
    case 'LeaderHandleProduce':
      return leaderHandle(step, action, false)
    case 'LeaderHandleDelayedProduce':
      return leaderHandle(step, action, true)
    case 'FollowerFetch':
      return followerFetch(step, action)
    case 'LeaderShrinkIsr':
      return leaderShrinkIsr(step, action)
    case 'BrokerCrash':
      return brokerCrash(step, action)
    case 'BrokerRestart':
      return brokerRestart(step, action)
    case 'BrokerBounce':
      return brokerBounce(step, action)
    case 'NetworkLoseRequest':
      return networkLoseRequest(step, action)
    case 'NetworkLoseResponse':
      return networkLoseResponse(step, action)
    case 'NetworkDelayRequest':
      return networkDelayRequest(step, action)
    case 'ProducerAppSend':
      return producerAppSend(step, action)
    case 'AdminAddPartition':
      return adminAddPartition(step)
    case 'ConsumerStart':
      return consumerStart(step, action)
    case 'ConsumerJoinGroup':
      return consumerJoinGroup(step, action)
    case 'CoordinatorCompleteRebalance':
      return coordinatorCompleteRebalance(step)
    case 'ConsumerCrash':
      return consumerCrash(step, action)
    case 'ConsumerRestart':
      return consumerRestart(step, action)
    case 'ConsumerPause':
      return consumerPause(step, action)
    case 'ConsumerPoll':
      return consumerPoll(step, action)
    case 'ConsumerCommit':
      return consumerCommit(step, action)
    case 'CoordinatorFailover':
      return coordinatorFailover(step, action)
    case 'ConsumerSkipCommit':
      return consumerSkipCommit(step, action)
    case 'ConsumerProcess':
      return consumerProcess(step, action)
    case 'WorkerProcess':
      return workerProcess(step, action)
    default:
      return action satisfies never
  }
}

/** The initial state: who leads what, and what the producers are about to send. */
export function describeStart(p: Params, s: State): string {
  const partitions = s.partitions.map((partition, i) => {
    const followers = p.assignment[i]!.filter(b => b !== partition.leader)
    const followed = followers.length === 0 ? '' : `, followed by ${joinWords(followers.map(brokerName))}`
    return `${brokerName(partition.leader)} leads ${partitionName(i)} (epoch ${partition.leaderEpoch}, ISR ${brokerSet(partition.isr)}${followed})`
  })
  const sends = s.producers.flatMap((producer, index) =>
    producer.queues.flatMap((queue, partition) =>
      queue.length === 0
        ? []
        : [`${producerName(index)} will send ${messageList(queue)} to ${partitionName(partition)}`],
    ),
  )
  const consumers =
    s.consumers.length === 0
      ? []
      : [`${counted(s.consumers.length, 'consumer')} of group ${JSON.stringify(p.groupId)} will start`]
  return [...partitions, ...sends, ...consumers].join('; ')
}
