// The public surface of the Kafka specification: everything src/ may use. The model and its parameters, the state
// and its schema, the actions, the facts the properties are made of, the scenario configuration (spec/config) and
// the built-in scenarios. Anything not exported here is the spec's own business.
export * from './config/index.js'
export { invalidName, invalidValue } from './config/issues.js'
export { closestKey, levenshtein } from './config/knownKeys.js'
export { BUILT_IN_SCENARIOS_DIR } from './scenarios/index.js'

export { kafkaModel, kafkaModelSource, stateCodec, validState, type PropertyName } from './kafka.js'
export { MODEL_LIMITS, paramsOf, type Acks, type Params } from './params.js'
export { ACTION_TYPES, type Action, type ActionOf, type ActionType } from './actions.js'
export * from './state.js'
export {
  committedLog,
  divergentReplicas,
  duplicatedInLog,
  leaderHighWatermark,
  lostAcknowledged,
  reordered,
  unconvergedPartitions,
} from './properties.js'
export { processedTwice, sharedPartitions, skippedRecords, unprocessedAcknowledged } from './consumer/properties.js'
export { commitDecision, isCurrentMember } from './consumer/poll.js'
export { delayedRequest, nextRequest, produceDecision, type SequenceVerdict } from './leader.js'
export { nextResponse } from './producer.js'
export { actionLabel } from './actions.js'
export { lastStableOffset, readCommittedReturns, txnFate } from './transactions.js'
export { abortedReturned, hangingPartitions, partlyProcessed, visibleZombieWrites } from './transactionProperties.js'
export { fencedPerPartition, offsetFetch, pendingHolders } from './consumer/pipeline.js'
export { unhandledAcknowledged, processedOutOfOrder } from './consumer/properties.js'
export { poisonRecords } from './config/serde.js'
export {
  acknowledged,
  LATENCY_STEPS,
  latencyRole,
  produceLatency,
  type LatencyMeasure,
  type LatencyRole,
} from './latency.js'
export {
  ATTACKER_CERTIFICATES,
  CONNECT_OUTCOMES,
  acceptsImpostor,
  impersonatedClients,
  leakedCredentials,
  leakedRecords,
  unauthorizedWriters,
  type AttackerCertificate,
  type ClientConnection,
  type ConnectOutcome,
  type SecurityParams,
} from './security.js'
export type { ClientRole } from './actions.js'
