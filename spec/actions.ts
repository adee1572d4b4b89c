// Every step the system can take, as plain data named Actor + Verb. Faults are actions of their own actor
// (Broker, Network), so a counterexample shows exactly which failure happened where.

export type Action =
  // Producer (spec/producer.ts)
  | { readonly type: 'ProducerAppSend'; readonly producer: number }
  | { readonly type: 'ProducerSend'; readonly producer: number; readonly partition: number }
  | { readonly type: 'ProducerReceiveResponse'; readonly producer: number; readonly broker: number }
  // Partition leader (spec/leader.ts)
  | { readonly type: 'LeaderHandleProduce'; readonly broker: number; readonly producer: number }
  | { readonly type: 'LeaderHandleDelayedProduce'; readonly broker: number; readonly message: number }
  // Replication (spec/replication.ts)
  | { readonly type: 'FollowerFetch'; readonly partition: number; readonly broker: number }
  | { readonly type: 'LeaderShrinkIsr'; readonly partition: number; readonly broker: number }
  // Brokers and the controller (spec/cluster.ts)
  | { readonly type: 'BrokerCrash'; readonly broker: number; readonly lossy: boolean }
  | { readonly type: 'BrokerRestart'; readonly broker: number }
  // The operator (spec/admin.ts)
  | { readonly type: 'AdminAddPartition' }
  // Network faults (spec/network.ts)
  | { readonly type: 'NetworkLoseRequest'; readonly producer: number; readonly broker: number }
  | { readonly type: 'NetworkLoseResponse'; readonly producer: number; readonly broker: number }
  | { readonly type: 'NetworkDelayRequest'; readonly producer: number; readonly broker: number }
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
  | { readonly type: 'ConsumerSkipCommit'; readonly consumer: number }
  | { readonly type: 'ConsumerProcess'; readonly consumer: number }
  | { readonly type: 'WorkerProcess'; readonly consumer: number }

export type ActionType = Action['type']
export type ActionOf<T extends ActionType> = Extract<Action, { readonly type: T }>

export const ACTION_TYPES = [
  'ProducerAppSend',
  'ProducerSend',
  'ProducerReceiveResponse',
  'LeaderHandleProduce',
  'LeaderHandleDelayedProduce',
  'FollowerFetch',
  'LeaderShrinkIsr',
  'BrokerCrash',
  'BrokerRestart',
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
  'ConsumerSkipCommit',
  'ConsumerProcess',
  'WorkerProcess',
] as const satisfies readonly ActionType[]

/** Compile-time check that ACTION_TYPES lists every action type. */
type Unlisted = Exclude<ActionType, (typeof ACTION_TYPES)[number]>
export const ACTION_TYPES_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true
