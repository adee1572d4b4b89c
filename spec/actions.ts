// Every step the system can take, as plain data named Actor + Verb. Faults are actions of their own actor
// (Broker, Network), so a counterexample shows exactly which failure happened where. An action that moves a record
// carries it (`message`): the request, response or batch it acts on is the next one on its connection or deque, and
// the message names it for traces and reports; the state decides, the label only says which one that was.

import type { AttackerCertificate } from './security.js'

export type Action =
  // Producer (spec/producer.ts)
  | { readonly type: 'ProducerAppSend'; readonly producer: number; readonly message: number }
  | { readonly type: 'ProducerSend'; readonly producer: number; readonly partition: number; readonly message: number }
  | {
      readonly type: 'ProducerReceiveResponse'
      readonly producer: number
      readonly broker: number
      readonly message: number
    }
  | { readonly type: 'ProducerBumpEpoch'; readonly producer: number }
  | { readonly type: 'ProducerRestart'; readonly producer: number }
  | { readonly type: 'ProducerExpireBatch'; readonly producer: number; readonly message: number }
  // Transactions: the producer's TransactionManager and the transaction coordinator (spec/transactions.ts)
  | { readonly type: 'ProducerInitTransactions'; readonly producer: number }
  | { readonly type: 'ProducerAddPartitionToTxn'; readonly producer: number; readonly partition: number }
  | { readonly type: 'ProducerCommitTransaction'; readonly producer: number }
  | { readonly type: 'ProducerCompleteCommit'; readonly producer: number }
  | { readonly type: 'ProducerAbortTransaction'; readonly producer: number }
  | { readonly type: 'CoordinatorWriteMarker'; readonly transactionalId: number; readonly partition: number }
  | { readonly type: 'CoordinatorCompleteTxn'; readonly transactionalId: number }
  | { readonly type: 'CoordinatorAbortTimedOut'; readonly transactionalId: number }
  // Partition leader (spec/leader.ts)
  | {
      readonly type: 'LeaderHandleProduce'
      readonly broker: number
      readonly producer: number
      readonly message: number
    }
  | { readonly type: 'LeaderHandleDelayedProduce'; readonly broker: number; readonly message: number }
  // Replication (spec/replication.ts)
  | { readonly type: 'FollowerFetch'; readonly partition: number; readonly broker: number }
  | { readonly type: 'LeaderShrinkIsr'; readonly partition: number; readonly broker: number }
  // Brokers and the controller (spec/cluster.ts)
  | { readonly type: 'BrokerCrash'; readonly broker: number; readonly lossy: boolean }
  | { readonly type: 'BrokerRestart'; readonly broker: number }
  | { readonly type: 'BrokerBounce'; readonly broker: number }
  // The operator (spec/admin.ts)
  | { readonly type: 'AdminAddPartition' }
  // Network faults (spec/network.ts)
  | {
      readonly type: 'NetworkLoseRequest'
      readonly producer: number
      readonly broker: number
      readonly message: number
    }
  | {
      readonly type: 'NetworkLoseResponse'
      readonly producer: number
      readonly broker: number
      readonly message: number
    }
  | {
      readonly type: 'NetworkDelayRequest'
      readonly producer: number
      readonly broker: number
      readonly message: number
    }
  // Consumer group membership (spec/consumer/group.ts)
  | { readonly type: 'ConsumerStart'; readonly consumer: number }
  | { readonly type: 'ConsumerJoinGroup'; readonly consumer: number }
  | { readonly type: 'CoordinatorCompleteRebalance' }
  | { readonly type: 'ConsumerCrash'; readonly consumer: number }
  | { readonly type: 'ConsumerRestart'; readonly consumer: number }
  | { readonly type: 'ConsumerPause'; readonly consumer: number }
  // The application's poll loop (spec/consumer/poll.ts)
  | { readonly type: 'ConsumerPoll'; readonly consumer: number; readonly autoCommit: boolean }
  | { readonly type: 'ConsumerCommit'; readonly consumer: number }
  | { readonly type: 'CoordinatorFailover'; readonly consumer: number }
  | { readonly type: 'ConsumerSkipCommit'; readonly consumer: number }
  | { readonly type: 'ConsumerProcess'; readonly consumer: number }
  | { readonly type: 'WorkerProcess'; readonly consumer: number }
  // The application's error path (spec/consumer/errors.ts)
  | { readonly type: 'ConsumerProcessFail'; readonly consumer: number; readonly message: number }
  | { readonly type: 'RetryTopicProcess'; readonly message: number }
  | { readonly type: 'DeadLetterWriteAck'; readonly message: number }
  | { readonly type: 'DeadLetterWriteExpire'; readonly message: number }
  // The consume-transform-produce loop's transaction (spec/consumer/pipeline.ts)
  | { readonly type: 'ConsumerSendOffsetsToTxn'; readonly consumer: number }
  | { readonly type: 'ConsumerCommitTxn'; readonly consumer: number }
  | { readonly type: 'ConsumerAbortTxn'; readonly consumer: number }
  // Connections and the attacker (spec/security.ts); `client` indexes State.connections, `role` and `index` name it
  | { readonly type: 'ClientConnect'; readonly client: number; readonly role: ClientRole; readonly index: number }
  | {
      readonly type: 'AttackerIntercept'
      readonly client: number
      readonly role: ClientRole
      readonly index: number
      readonly certificate: AttackerCertificate
    }

/** Which kind of client a connection belongs to; `index` is its producer or consumer number. */
export type ClientRole = 'producer' | 'consumer'

export type ActionType = Action['type']
export type ActionOf<T extends ActionType> = Extract<Action, { readonly type: T }>

export const ACTION_TYPES = [
  'ProducerAppSend',
  'ProducerSend',
  'ProducerReceiveResponse',
  'ProducerBumpEpoch',
  'ProducerRestart',
  'ProducerExpireBatch',
  'ProducerInitTransactions',
  'ProducerAddPartitionToTxn',
  'ProducerCommitTransaction',
  'ProducerCompleteCommit',
  'ProducerAbortTransaction',
  'CoordinatorWriteMarker',
  'CoordinatorCompleteTxn',
  'CoordinatorAbortTimedOut',
  'LeaderHandleProduce',
  'LeaderHandleDelayedProduce',
  'FollowerFetch',
  'LeaderShrinkIsr',
  'BrokerCrash',
  'BrokerRestart',
  'BrokerBounce',
  'AdminAddPartition',
  'NetworkLoseRequest',
  'NetworkLoseResponse',
  'NetworkDelayRequest',
  'ConsumerStart',
  'ConsumerJoinGroup',
  'CoordinatorCompleteRebalance',
  'ConsumerCrash',
  'ConsumerRestart',
  'ConsumerPause',
  'ConsumerPoll',
  'ConsumerCommit',
  'CoordinatorFailover',
  'ConsumerSkipCommit',
  'ConsumerProcess',
  'WorkerProcess',
  'ConsumerSendOffsetsToTxn',
  'ConsumerCommitTxn',
  'ConsumerAbortTxn',
  'ConsumerProcessFail',
  'RetryTopicProcess',
  'DeadLetterWriteAck',
  'DeadLetterWriteExpire',
  'ClientConnect',
  'AttackerIntercept',
] as const satisfies readonly ActionType[]

/** Compile-time check that ACTION_TYPES lists every action type. */
type Unlisted = Exclude<ActionType, (typeof ACTION_TYPES)[number]>
export const ACTION_TYPES_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true

/** An action in one line, as pinned traces and logs show it: `ProducerSend(m1)`, `BrokerCrash(b2)`, `ConsumerPoll(c1)`. */
export function actionLabel(a: Action): string {
  const m = (message: number) => `m${message + 1}`
  const b = (broker: number) => `b${broker + 1}`
  const c = (consumer: number) => `c${consumer + 1}`
  const t = (id: number) => `t${id + 1}`
  switch (a.type) {
    case 'ProducerAppSend':
    case 'ProducerExpireBatch':
    case 'ProducerSend':
    case 'ProducerReceiveResponse':
    case 'LeaderHandleProduce':
    case 'LeaderHandleDelayedProduce':
    case 'NetworkLoseRequest':
    case 'NetworkLoseResponse':
    case 'NetworkDelayRequest':
    case 'RetryTopicProcess':
    case 'DeadLetterWriteAck':
    case 'DeadLetterWriteExpire':
      return `${a.type}(${m(a.message)})`
    case 'ConsumerProcessFail':
      return `${a.type}(${c(a.consumer)}, ${m(a.message)})`
    case 'FollowerFetch':
    case 'LeaderShrinkIsr':
      return `${a.type}(p${a.partition}, ${b(a.broker)})`
    case 'BrokerCrash':
      return `${a.type}(${b(a.broker)}${a.lossy ? ', lossy' : ''})`
    case 'BrokerRestart':
    case 'BrokerBounce':
      return `${a.type}(${b(a.broker)})`
    case 'ProducerBumpEpoch':
    case 'ProducerRestart':
    case 'ProducerInitTransactions':
    case 'ProducerCommitTransaction':
    case 'ProducerCompleteCommit':
    case 'ProducerAbortTransaction':
      return `${a.type}(p${a.producer + 1})`
    case 'ClientConnect':
      return `${a.type}(${a.role === 'producer' ? `p${a.index + 1}` : c(a.index)})`
    case 'AttackerIntercept':
      return `${a.type}(${a.role === 'producer' ? `p${a.index + 1}` : c(a.index)}, ${a.certificate})`
    case 'ProducerAddPartitionToTxn':
      return `${a.type}(p${a.producer + 1}, p${a.partition})`
    case 'CoordinatorWriteMarker':
      return `${a.type}(${t(a.transactionalId)}, p${a.partition})`
    case 'CoordinatorCompleteTxn':
    case 'CoordinatorAbortTimedOut':
      return `${a.type}(${t(a.transactionalId)})`
    case 'AdminAddPartition':
    case 'CoordinatorCompleteRebalance':
      return `${a.type}()`
    case 'ConsumerPoll':
      return `${a.type}(${c(a.consumer)}${a.autoCommit ? ', auto-commit' : ''})`
    case 'ConsumerStart':
    case 'ConsumerJoinGroup':
    case 'ConsumerCrash':
    case 'ConsumerRestart':
    case 'ConsumerPause':
    case 'ConsumerCommit':
    case 'CoordinatorFailover':
    case 'ConsumerSkipCommit':
    case 'ConsumerProcess':
    case 'WorkerProcess':
    case 'ConsumerSendOffsetsToTxn':
    case 'ConsumerCommitTxn':
    case 'ConsumerAbortTxn':
      return `${a.type}(${c(a.consumer)})`
    default:
      return a satisfies never
  }
}
