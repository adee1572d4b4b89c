// Every step the system can take, as plain data named Actor + Verb. Faults are actions of their own actor
// (Broker, Network), so a counterexample shows exactly which failure happened where.

export type Action =
  // Producer (spec/producer.ts)
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
  // Network faults (spec/network.ts)
  | { readonly type: 'NetworkLoseRequest'; readonly producer: number; readonly broker: number }
  | { readonly type: 'NetworkLoseResponse'; readonly producer: number; readonly broker: number }
  | { readonly type: 'NetworkDelayRequest'; readonly producer: number; readonly broker: number }

export type ActionType = Action['type']
export type ActionOf<T extends ActionType> = Extract<Action, { readonly type: T }>

export const ACTION_TYPES = [
  'ProducerSend',
  'ProducerReceiveResponse',
  'LeaderHandleProduce',
  'LeaderHandleDelayedProduce',
  'FollowerFetch',
  'LeaderShrinkIsr',
  'BrokerCrash',
  'BrokerRestart',
  'NetworkLoseRequest',
  'NetworkLoseResponse',
  'NetworkDelayRequest',
] as const satisfies readonly ActionType[]

/** Compile-time check that ACTION_TYPES lists every action type. */
type Unlisted = Exclude<ActionType, (typeof ACTION_TYPES)[number]>
export const ACTION_TYPES_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true
