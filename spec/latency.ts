// How far an acknowledgement is from send(), in network hops: which actions carry a message over the network on the
// produce path and how many hops each stands for, which are the scenario's faults, and what the acknowledgement is.
// The checker's cost search (checker/costToGoal.ts) explores the model with these weights; nothing here is a
// formula of acks: acks=0 costs no hop because the model acknowledges a record as it is written to the socket.

import type { CostRole } from '../checker/index.js'
import type { Action, ActionType } from './actions.js'
import type { Params } from './params.js'
import type { State } from './state.js'

/**
 * What an action is to the latency measure:
 * - `path`: a step of the producer or the brokers, taken when it brings the acknowledgement closer;
 * - `fault`: a fault the scenario budgets, taken where it delays the acknowledgement most (or never);
 * - `wait`: a step that waits out a timeout no hop count expresses and the scenario does not budget: not taken;
 * - `consumer`: off the produce path (consumers, the group, the application's error path): not taken. They write only
 *   consumer, group and processing state, so they cannot change when the producer hears back (a dead-letter write
 *   that expires spends the delivery-timeout budget: leaving it out leaves the producer's faults all of it).
 */
export type LatencyRole = 'path' | 'fault' | 'wait' | 'consumer'

export interface LatencyStep {
  readonly role: LatencyRole
  /** Network messages this action delivers on the produce path (a request or a response is one). */
  readonly hops: number
}

const step = (hops = 0): LatencyStep => ({ role: 'path', hops })
const FAULT: LatencyStep = { role: 'fault', hops: 0 }
const CONSUMER: LatencyStep = { role: 'consumer', hops: 0 }

/** Every action type's part in the latency measure. */
export const LATENCY_STEPS: Readonly<Record<ActionType, LatencyStep>> = {
  ProducerAppSend: step(), // KafkaProducer.send(): into the accumulator
  // Sender.sendProduceRequest writes the request to the socket; its hop is counted where it arrives. With acks=0 the
  // record is acknowledged here, before any hop.
  ProducerSend: step(),
  // Sender.handleProduceResponse: the response reaches the producer.
  ProducerReceiveResponse: step(1),
  ProducerBumpEpoch: step(), // bumpIdempotentEpochAndResetIdIfNeeded: local to the client from 2.5 (KIP-360)
  ProducerRestart: FAULT, // faults.producer-restart
  ProducerExpireBatch: FAULT, // faults.delivery-timeout
  ProducerInitTransactions: step(), // initTransactions() returns before the first send()
  // TransactionManager's AddPartitionsToTxnRequest and its response: the sender waits for them before the first batch.
  ProducerAddPartitionToTxn: step(2),
  ProducerCommitTransaction: step(), // after an acknowledgement: never on the way to the first one
  ProducerCompleteCommit: step(),
  // faults.txn-abort; after a failed send (ABORTABLE_ERROR) the application's own step: see latencyRole.
  ProducerAbortTransaction: FAULT,
  CoordinatorWriteMarker: step(),
  CoordinatorCompleteTxn: step(),
  CoordinatorAbortTimedOut: FAULT, // after a producer restart: transaction.timeout.ms
  // KafkaApis.handleProduceRequest: the produce request reaches the leader (acks=0 and 1 are answered at once).
  LeaderHandleProduce: step(1),
  LeaderHandleDelayedProduce: step(1), // a request the producer gave up on arrives after all
  // ReplicaFetcherThread's fetch request and the leader's answer: two hops. The leader records the fetch offset and
  // moves the high watermark (Partition.updateFollowerFetchState, maybeIncrementLeaderHW), which completes the acks=all
  // requests it passes (DelayedProduce): the high watermark covers a record after the fetch that follows its copy.
  FollowerFetch: step(2),
  // replica.lag.time.max.ms (30 s by default) passes first: a wait, not a hop, and no fault budget bounds it.
  LeaderShrinkIsr: { role: 'wait', hops: 0 },
  BrokerCrash: FAULT, // faults.broker-crash, faults.lossy-crash
  BrokerRestart: step(), // the crashed broker comes back: it may bring the ISR back to min.insync.replicas
  BrokerBounce: FAULT, // faults.broker-bounce
  AdminAddPartition: FAULT, // faults.add-partition
  NetworkLoseRequest: FAULT, // faults.lost-request
  NetworkLoseResponse: FAULT, // faults.lost-response
  NetworkDelayRequest: FAULT, // faults.delayed-request
  ConsumerStart: CONSUMER,
  ConsumerJoinGroup: CONSUMER,
  CoordinatorCompleteRebalance: CONSUMER,
  ConsumerCrash: CONSUMER,
  ConsumerRestart: CONSUMER,
  ConsumerPause: CONSUMER,
  ConsumerPoll: CONSUMER,
  ConsumerCommit: CONSUMER,
  CoordinatorFailover: CONSUMER,
  ConsumerSkipCommit: CONSUMER,
  ConsumerProcess: CONSUMER,
  WorkerProcess: CONSUMER,
  ConsumerProcessFail: CONSUMER,
  RetryTopicProcess: CONSUMER,
  DeadLetterWriteAck: CONSUMER,
  DeadLetterWriteExpire: CONSUMER,
  ConsumerSendOffsetsToTxn: CONSUMER,
  ConsumerCommitTxn: CONSUMER,
  ConsumerAbortTxn: CONSUMER,
  // The connection and its TLS and SASL handshakes come before the first send() on it: not counted from send().
  ClientConnect: step(),
  AttackerIntercept: FAULT, // faults.mitm
}

/** The producer holds an acknowledgement: a record acknowledged (in a transaction: acknowledged, not yet committed). */
export const acknowledged = (s: State): boolean =>
  s.batches.some(b => b.status === 'acked' || b.status === 'inTransaction')

/** What the checker's cost search needs: where a run ends, what each action costs, and whose it is. */
export interface LatencyMeasure {
  readonly goal: (s: State) => boolean
  readonly cost: (a: Action) => number
  readonly role: (s: State, a: Action) => CostRole
}

/**
 * The part `a` plays where it is enabled in `s`: as LATENCY_STEPS says, except that abortTransaction() after a failed
 * send is how the application carries on (TransactionManager's ABORTABLE_ERROR), not the txn-abort fault.
 */
export function latencyRole(s: State, a: Action): LatencyRole {
  if (a.type === 'ProducerAbortTransaction' && s.producers[a.producer]!.txnState === 'ABORTABLE_ERROR') return 'path'
  return LATENCY_STEPS[a.type].role
}

const ROLES: Readonly<Record<LatencyRole, CostRole>> = { path: 'move', fault: 'fault', wait: 'skip', consumer: 'skip' }

/**
 * Network hops from send() to the producer's first acknowledgement, for the configuration `p`; undefined for a
 * consume-transform-produce pipeline, whose scenario starts with its input already written and acknowledged.
 */
export function produceLatency(p: Params): LatencyMeasure | undefined {
  if (p.pipeline) return undefined
  return {
    goal: acknowledged,
    cost: a => LATENCY_STEPS[a.type].hops,
    role: (s, a) => ROLES[latencyRole(s, a)],
  }
}
