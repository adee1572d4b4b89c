// The Kafka model: the initial state, every enabled action, the dispatch of each action to the module that
// owns it, the properties, and the state's canonical encoding. One model for every configuration: the parameters
// decide which behaviours exist, never a copy of the spec.

import type { Model, ModelSource } from '../checker/index.js'
import { ACTION_TYPES, actionLabel, type Action, type ActionType } from './actions.js'
import { brokerBounce, brokerCrash, brokerRestart, canBounce, canCrash, canRestart } from './cluster.js'
import { delayedRequest, leaderHandleDelayedProduce, leaderHandleProduce, nextRequest } from './leader.js'
import {
  canDelayRequest,
  canLoseRequest,
  canLoseResponse,
  networkDelayRequest,
  networkLoseRequest,
  networkLoseResponse,
} from './network.js'
import type { Params } from './params.js'
import {
  canBumpEpoch,
  canExpire,
  canRestartProducer,
  canSend,
  nextResponse,
  nextUnsent,
  producerAppSend,
  producerBumpEpoch,
  producerExpireBatch,
  producerReceiveResponse,
  producerRestart,
  producerSend,
} from './producer.js'
import { adminAddPartition, canAddPartition } from './admin.js'
import { producerProperties } from './properties.js'
import { canFetch, canShrinkIsr, followerFetch, leaderShrinkIsr } from './replication.js'
import {
  NO_BROKER,
  NO_EPOCH,
  NO_LEADER,
  NO_OFFSET,
  NO_PARTITION,
  NO_SEQUENCE,
  StateSchema,
  clients,
  consumerClient,
  replicaIndex,
  make,
  stateBounds,
  transactionalIds,
  type State,
} from './state.js'
import {
  canAbortTimedOut,
  canAbortTransaction,
  canAddPartitionToTxn,
  canCommitTransaction,
  canCompleteCommit,
  canCompleteTxn,
  canInitTransactions,
  canWriteMarker,
  coordinatorAbortTimedOut,
  coordinatorCompleteTxn,
  coordinatorWriteMarker,
  producerAbortTransaction,
  producerAddPartitionToTxn,
  producerCommitTransaction,
  producerCompleteCommit,
  producerInitTransactions,
} from './transactions.js'
import { transactionProperties } from './transactionProperties.js'
import { compileCodec, type Codec } from '../checker/codec.js'
import { validate } from '../checker/schema.js'
import {
  canCompleteRebalance,
  canCrashConsumer,
  canJoinGroup,
  canPause,
  canRestartConsumer,
  canStart,
  consumerCrash,
  consumerJoinGroup,
  consumerPause,
  consumerRestart,
  consumerStart,
  coordinatorCompleteRebalance,
  freshConsumer,
} from './consumer/group.js'
import {
  canCommit,
  canFailOver,
  canPoll,
  canProcess,
  canSkipCommit,
  canWorkerProcess,
  consumerCommit,
  consumerSkipCommit,
  consumerPoll,
  coordinatorFailover,
  consumerProcess,
  workerProcess,
} from './consumer/poll.js'
import { consumerProperties } from './consumer/properties.js'
import {
  canAbortTxn,
  canCommitTxn,
  canSendOffsetsToTxn,
  consumerAbortTxn,
  consumerCommitTxn,
  consumerSendOffsetsToTxn,
} from './consumer/pipeline.js'
import {
  canExpireDeadLetter,
  canFailProcessing,
  canProcessRetry,
  canSettleDeadLetter,
  consumerProcessFail,
  deadLetterWriteAck,
  deadLetterWriteExpire,
  retryTopicProcess,
} from './consumer/errors.js'

import {
  attackerCertificates,
  attackerIntercept,
  canConnect,
  canIntercept,
  clientConnect,
  clientWorks,
  consumerWorks,
  recordsCrossed,
  replicationCrossed,
  securityProperties,
} from './security.js'

export type { Action } from './actions.js'
export type { State } from './state.js'

/** Whether the topic can grow: only then does it matter when the application calls send(). */
const partitionsCanBeAdded = (p: Params) => p.partitions > p.initialPartitions

/** Init: every broker up, each partition led by its preferred replica with the full ISR, nothing sent yet. */
export function initialState(p: Params): State {
  // With a fixed partition count every record starts in the accumulator, on its key's partition.
  const sentUpFront = !partitionsCanBeAdded(p)
  const partitionOf = (message: number) => p.messages[message]!.partitionFor[p.initialPartitions]!
  // A pipeline's input is already written: each record in its key's partition, acknowledged, replicated everywhere.
  const written = (partition: number) =>
    p.pipeline ? p.messages.flatMap((_, message) => (partitionOf(message) === partition ? [message] : [])) : []
  const inputLog = (partition: number) =>
    written(partition).map((message, offset) =>
      make.logEntry({
        kind: 'data',
        message,
        producer: p.messages[message]!.producer,
        instance: 0,
        producerEpoch: 0,
        sequence: p.idempotence ? offset : NO_SEQUENCE,
        leaderEpoch: 0,
        txn: 0,
        zombie: false,
      }),
    )
  return make.state({
    topicPartitions: p.initialPartitions,
    producers: Array.from({ length: p.producers }, (_, producer) =>
      make.producer({
        instance: 0,
        epoch: 0,
        queues: Array.from({ length: p.partitions }, (_, partition) =>
          sentUpFront && !p.pipeline
            ? p.messages.flatMap((m, message) =>
                m.producer === producer && partitionOf(message) === partition ? [message] : [],
              )
            : [],
        ),
        nextSequence: Array.from({ length: p.partitions }, () => 0),
        sequenceEpoch: Array.from({ length: p.partitions }, () => 0),
        lastAckedSequence: Array.from({ length: p.partitions }, () => NO_SEQUENCE),
        unresolvedSequence: Array.from({ length: p.partitions }, () => NO_SEQUENCE),
        bumpFor: [],
        txnState: p.transactional ? 'UNINITIALIZED' : 'READY',
        txnPartitions: [],
      }),
    ),
    batches: p.messages.map((_, message) =>
      make.batch({
        status: p.pipeline ? 'acked' : sentUpFront ? 'queued' : 'unsent',
        partition: sentUpFront || p.pipeline ? partitionOf(message) : NO_PARTITION,
        broker: NO_BROKER,
        attempts: p.pipeline ? 1 : 0,
        sequence: p.pipeline && p.idempotence ? written(partitionOf(message)).indexOf(message) : NO_SEQUENCE,
        producerEpoch: 0,
        sequenceReset: false,
        resends: 0,
      }),
    ),
    brokerAlive: Array.from({ length: p.brokers }, () => true),
    partitions: p.assignment.map((replicas, partition) => {
      const exists = partition < p.initialPartitions
      return make.partition({
        leader: exists ? replicas[0]! : NO_LEADER,
        leaderEpoch: 0,
        isr: exists ? [...replicas].sort((a, b) => a - b) : [],
        replicas: replicas.map(() => {
          const log = inputLog(partition)
          return make.replica({ log, highWatermark: log.length, fetchedOffset: log.length, mustTruncate: false })
        }),
        exposedHighWatermark: written(partition).length,
        purgatory: [],
      })
    }),
    requests: [],
    responses: [],
    consumers: Array.from({ length: p.consumers }, () => freshConsumer(p, 'idle')),
    group: make.group({
      generation: 0,
      members: [],
      rebalancing: false,
      committed: Array.from({ length: p.partitions }, (_, partition) =>
        p.groupExists && partition < p.initialPartitions ? 0 : NO_OFFSET,
      ),
      pendingTxnOffsets: Array.from({ length: p.consumers }, () =>
        Array.from({ length: p.partitions }, () => NO_OFFSET),
      ),
      pendingTxnOrder: Array.from({ length: p.partitions }, () => []),
      partitionProducer: Array.from({ length: p.partitions }, () => -1),
      zombieOffsetsRefused: false,
    }),
    transactions: Array.from({ length: transactionalIds(p) }, () =>
      make.transaction({ state: 'Empty', epoch: NO_EPOCH, partitions: [], txn: 0, fenced: false }),
    ),
    retryTopic: [],
    deadLetterInFlight: [],
    deadLettered: p.messages.map(() => 0),
    processed: p.messages.map(() => 0),
    connections: Array.from({ length: clients(p) }, () =>
      make.connection({
        status: 'unconnected',
        viaAttacker: false,
        credentialsRead: false,
        recordsRead: false,
        impersonated: false,
      }),
    ),
    replicationRead: false,
    faults: make.faultsUsed({
      brokerCrash: 0,
      lossyCrash: 0,
      brokerBounces: 0,
      lostRequest: 0,
      lostResponse: 0,
      delayedRequest: 0,
      consumerCrash: 0,
      consumerPause: 0,
      partitionsAdded: 0,
      deliveryTimeouts: 0,
      producerRestarts: 0,
      coordinatorFailovers: 0,
      txnAborts: 0,
      processingFailures: 0,
      interceptions: 0,
    }),
  })
}

/** Every action object the model can produce, built once: enabled actions are picked from these tables. */
function actionTables(p: Params) {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i)
  const producers = range(p.producers)
  const brokers = range(p.brokers)
  const consumers = range(p.consumers)
  const messages = range(p.messages.length)
  return {
    appSend: producers.map(producer =>
      messages.map(message => ({ type: 'ProducerAppSend', producer, message }) as const),
    ),
    addPartition: { type: 'AdminAddPartition' } as const,
    send: producers.map(producer =>
      range(p.partitions).map(partition =>
        messages.map(message => ({ type: 'ProducerSend', producer, partition, message }) as const),
      ),
    ),
    receive: producers.map(producer =>
      brokers.map(broker =>
        messages.map(message => ({ type: 'ProducerReceiveResponse', producer, broker, message }) as const),
      ),
    ),
    bumpEpoch: producers.map(producer => ({ type: 'ProducerBumpEpoch', producer }) as const),
    initTransactions: producers.map(producer => ({ type: 'ProducerInitTransactions', producer }) as const),
    addPartitionToTxn: producers.map(producer =>
      range(p.partitions).map(partition => ({ type: 'ProducerAddPartitionToTxn', producer, partition }) as const),
    ),
    commitTransaction: producers.map(producer => ({ type: 'ProducerCommitTransaction', producer }) as const),
    completeCommit: producers.map(producer => ({ type: 'ProducerCompleteCommit', producer }) as const),
    abortTransaction: producers.map(producer => ({ type: 'ProducerAbortTransaction', producer }) as const),
    writeMarker: range(transactionalIds(p)).map(transactionalId =>
      range(p.partitions).map(partition => ({ type: 'CoordinatorWriteMarker', transactionalId, partition }) as const),
    ),
    completeTxn: range(transactionalIds(p)).map(
      transactionalId => ({ type: 'CoordinatorCompleteTxn', transactionalId }) as const,
    ),
    abortTimedOut: range(transactionalIds(p)).map(
      transactionalId => ({ type: 'CoordinatorAbortTimedOut', transactionalId }) as const,
    ),
    producerRestart: producers.map(producer => ({ type: 'ProducerRestart', producer }) as const),
    expire: messages.map(
      message => ({ type: 'ProducerExpireBatch', producer: p.messages[message]!.producer, message }) as const,
    ),
    handle: producers.map(producer =>
      brokers.map(broker =>
        messages.map(message => ({ type: 'LeaderHandleProduce', broker, producer, message }) as const),
      ),
    ),
    handleDelayed: brokers.map(broker =>
      messages.map(message => ({ type: 'LeaderHandleDelayedProduce', broker, message }) as const),
    ),
    fetch: p.assignment.map((replicas, partition) =>
      replicas.map(broker => ({ type: 'FollowerFetch', partition, broker }) as const),
    ),
    shrink: p.assignment.map((replicas, partition) =>
      replicas.map(broker => ({ type: 'LeaderShrinkIsr', partition, broker }) as const),
    ),
    crash: brokers.map(broker => ({ type: 'BrokerCrash', broker, lossy: false }) as const),
    lossyCrash: brokers.map(broker => ({ type: 'BrokerCrash', broker, lossy: true }) as const),
    restart: brokers.map(broker => ({ type: 'BrokerRestart', broker }) as const),
    bounce: brokers.map(broker => ({ type: 'BrokerBounce', broker }) as const),
    loseRequest: producers.map(producer =>
      brokers.map(broker =>
        messages.map(message => ({ type: 'NetworkLoseRequest', producer, broker, message }) as const),
      ),
    ),
    loseResponse: producers.map(producer =>
      brokers.map(broker =>
        messages.map(message => ({ type: 'NetworkLoseResponse', producer, broker, message }) as const),
      ),
    ),
    delayRequest: producers.map(producer =>
      brokers.map(broker =>
        messages.map(message => ({ type: 'NetworkDelayRequest', producer, broker, message }) as const),
      ),
    ),
    start: consumers.map(consumer => ({ type: 'ConsumerStart', consumer }) as const),
    joinGroup: consumers.map(consumer => ({ type: 'ConsumerJoinGroup', consumer }) as const),
    completeRebalance: { type: 'CoordinatorCompleteRebalance' } as const,
    consumerCrash: consumers.map(consumer => ({ type: 'ConsumerCrash', consumer }) as const),
    consumerRestart: consumers.map(consumer => ({ type: 'ConsumerRestart', consumer }) as const),
    pause: consumers.map(consumer => ({ type: 'ConsumerPause', consumer }) as const),
    poll: consumers.map(consumer => ({ type: 'ConsumerPoll', consumer, autoCommit: false }) as const),
    autoCommitPoll: consumers.map(consumer => ({ type: 'ConsumerPoll', consumer, autoCommit: true }) as const),
    commit: consumers.map(consumer => ({ type: 'ConsumerCommit', consumer }) as const),
    failover: consumers.map(consumer => ({ type: 'CoordinatorFailover', consumer }) as const),
    skipCommit: consumers.map(consumer => ({ type: 'ConsumerSkipCommit', consumer }) as const),
    process: consumers.map(consumer => ({ type: 'ConsumerProcess', consumer }) as const),
    workerProcess: consumers.map(consumer => ({ type: 'WorkerProcess', consumer }) as const),
    sendOffsetsToTxn: consumers.map(consumer => ({ type: 'ConsumerSendOffsetsToTxn', consumer }) as const),
    commitTxn: consumers.map(consumer => ({ type: 'ConsumerCommitTxn', consumer }) as const),
    abortTxn: consumers.map(consumer => ({ type: 'ConsumerAbortTxn', consumer }) as const),
    processFail: consumers.map(consumer =>
      messages.map(message => ({ type: 'ConsumerProcessFail', consumer, message }) as const),
    ),
    retryTopicProcess: messages.map(message => ({ type: 'RetryTopicProcess', message }) as const),
    deadLetterAck: messages.map(message => ({ type: 'DeadLetterWriteAck', message }) as const),
    deadLetterExpire: messages.map(message => ({ type: 'DeadLetterWriteExpire', message }) as const),
    ...clientTables(p),
  }
}

/** Each client's ClientConnect, and its AttackerIntercept with each certificate the attacker can present. */
function clientTables(p: Params) {
  const roles = (p.security?.clients ?? []).map(({ role, index }, client) => ({ client, role, index }))
  return {
    connect: roles.map(role => ({ type: 'ClientConnect', ...role }) as const),
    intercept: roles.map(role =>
      attackerCertificates(p, role.client).map(
        certificate => ({ type: 'AttackerIntercept', ...role, certificate }) as const,
      ),
    ),
  }
}

/** Next's disjuncts: every action whose enabling condition holds in `s`, in a fixed order. */
export function enabledActions(p: Params, s: State, tables: ReturnType<typeof actionTables>): Action[] {
  const enabled: Action[] = []
  const appSends = partitionsCanBeAdded(p)
  for (let client = 0; client < s.connections.length; client++) {
    if (canConnect(s, client)) enabled.push(tables.connect[client]!)
    if (canIntercept(p, s, client)) enabled.push(...tables.intercept[client]!)
  }
  for (let producer = 0; producer < p.producers; producer++) {
    // A producer that could not connect, authenticate or get WRITE sends nothing (send() fails).
    if (!clientWorks(p, s, producer)) continue
    if (canBumpEpoch(p, s, producer)) enabled.push(tables.bumpEpoch[producer]!)
    if (p.transactional) {
      if (canInitTransactions(p, s, producer)) enabled.push(tables.initTransactions[producer]!)
      for (let partition = 0; partition < s.topicPartitions; partition++)
        if (canAddPartitionToTxn(p, s, producer, partition))
          enabled.push(tables.addPartitionToTxn[producer]![partition]!)
      if (canCommitTransaction(p, s, producer)) enabled.push(tables.commitTransaction[producer]!)
      if (canCompleteCommit(s, producer)) enabled.push(tables.completeCommit[producer]!)
      if (canAbortTransaction(p, s, producer)) enabled.push(tables.abortTransaction[producer]!)
    }
    if (canRestartProducer(p, s, producer)) enabled.push(tables.producerRestart[producer]!)
    const unsent = appSends ? nextUnsent(p, s, producer) : -1
    if (unsent >= 0) enabled.push(tables.appSend[producer]![unsent]!)
    for (let partition = 0; partition < s.topicPartitions; partition++)
      if (canSend(p, s, producer, partition))
        enabled.push(tables.send[producer]![partition]![s.producers[producer]!.queues[partition]![0]!]!)
    for (let broker = 0; broker < p.brokers; broker++) {
      const response = nextResponse(s, producer, broker)
      const request = nextRequest(s, producer, broker)
      if (response >= 0) enabled.push(tables.receive[producer]![broker]![s.responses[response]!.message]!)
      if (request >= 0) enabled.push(tables.handle[producer]![broker]![s.requests[request]!.message]!)
      if (canLoseRequest(p, s, request >= 0))
        enabled.push(tables.loseRequest[producer]![broker]![s.requests[request]!.message]!)
      if (canLoseResponse(p, s, response >= 0))
        enabled.push(tables.loseResponse[producer]![broker]![s.responses[response]!.message]!)
      if (canDelayRequest(p, s, request >= 0))
        enabled.push(tables.delayRequest[producer]![broker]![s.requests[request]!.message]!)
    }
  }
  for (let message = 0; message < p.messages.length; message++)
    if (canExpire(p, s, message)) enabled.push(tables.expire[message]!)
  for (let id = 0; id < s.transactions.length; id++) {
    for (let partition = 0; partition < s.topicPartitions; partition++)
      if (canWriteMarker(p, s, id, partition)) enabled.push(tables.writeMarker[id]![partition]!)
    if (canCompleteTxn(p, s, id)) enabled.push(tables.completeTxn[id]!)
    if (canAbortTimedOut(p, s, id)) enabled.push(tables.abortTimedOut[id]!)
  }
  for (const request of s.requests)
    if (request.orphan && delayedRequest(s, request.broker, request.message) === s.requests.indexOf(request))
      enabled.push(tables.handleDelayed[request.broker]![request.message]!)
  for (let partition = 0; partition < p.partitions; partition++) {
    const replicas = p.assignment[partition]!
    for (let at = 0; at < replicas.length; at++) {
      if (canFetch(p, s, partition, replicas[at]!)) enabled.push(tables.fetch[partition]![at]!)
      if (canShrinkIsr(p, s, partition, replicas[at]!)) enabled.push(tables.shrink[partition]![at]!)
    }
  }
  for (let broker = 0; broker < p.brokers; broker++) {
    if (canCrash(p, s, broker, false)) enabled.push(tables.crash[broker]!)
    if (canCrash(p, s, broker, true)) enabled.push(tables.lossyCrash[broker]!)
    if (canRestart(s, broker)) enabled.push(tables.restart[broker]!)
    if (canBounce(p, s, broker)) enabled.push(tables.bounce[broker]!)
  }
  for (let consumer = 0; consumer < p.consumers; consumer++) {
    // A consumer that could not connect, authenticate or get READ never gets an assignment (poll() throws).
    if (!consumerWorks(p, s, consumer)) continue
    if (canStart(s, consumer)) enabled.push(tables.start[consumer]!)
    if (canJoinGroup(s, consumer)) enabled.push(tables.joinGroup[consumer]!)
    if (canPoll(p, s, consumer, false)) enabled.push(tables.poll[consumer]!)
    if (canPoll(p, s, consumer, true)) enabled.push(tables.autoCommitPoll[consumer]!)
    if (canCommit(p, s, consumer)) enabled.push(tables.commit[consumer]!)
    if (canSendOffsetsToTxn(p, s, consumer)) enabled.push(tables.sendOffsetsToTxn[consumer]!)
    if (canCommitTxn(s, consumer)) enabled.push(tables.commitTxn[consumer]!)
    if (canAbortTxn(p, s, consumer)) enabled.push(tables.abortTxn[consumer]!)
    if (canFailOver(p, s, consumer)) enabled.push(tables.failover[consumer]!)
    if (canSkipCommit(p, s, consumer)) enabled.push(tables.skipCommit[consumer]!)
    if (canProcess(p, s, consumer)) enabled.push(tables.process[consumer]!)
    for (const { message } of s.consumers[consumer]!.batch)
      if (canFailProcessing(p, s, consumer, message)) enabled.push(tables.processFail[consumer]![message]!)
    if (canWorkerProcess(s, consumer)) enabled.push(tables.workerProcess[consumer]!)
    if (canCrashConsumer(p, s, consumer)) enabled.push(tables.consumerCrash[consumer]!)
    if (canRestartConsumer(s, consumer)) enabled.push(tables.consumerRestart[consumer]!)
    if (canPause(p, s, consumer)) enabled.push(tables.pause[consumer]!)
  }
  if (p.consumers > 0 && canCompleteRebalance(s)) enabled.push(tables.completeRebalance)
  if (canProcessRetry(s)) enabled.push(tables.retryTopicProcess[s.retryTopic[0]!]!)
  if (canSettleDeadLetter(s)) enabled.push(tables.deadLetterAck[s.deadLetterInFlight[0]!]!)
  if (canExpireDeadLetter(p, s)) enabled.push(tables.deadLetterExpire[s.deadLetterInFlight[0]!]!)
  if (canAddPartition(p, s)) enabled.push(tables.addPartition)
  return enabled
}

/**
 * Next: the action's own step, then, with security modelled, what an attacker on the wire reads of the records it
 * carried: a produce request, a fetch that returned records, a follower's fetch.
 */
export function nextState(p: Params, s: State, a: Action): State {
  const next = step(p, s, a)
  if (p.security === null) return next
  switch (a.type) {
    case 'ProducerSend':
      return recordsCrossed(p, next, a.producer)
    case 'ConsumerPoll': {
      const { batch, handedOff } = next.consumers[a.consumer]!
      const fetched = batch.length > 0 || handedOff.length > s.consumers[a.consumer]!.handedOff.length
      return fetched ? recordsCrossed(p, next, consumerClient(p, a.consumer)) : next
    }
    case 'FollowerFetch': {
      const at = replicaIndex(p.assignment[a.partition]!, a.broker)
      const replica = (state: State) => state.partitions[a.partition]!.replicas[at]!
      return replica(next).log.length > replica(s).log.length ? replicationCrossed(p, next) : next
    }
    default:
      return next
  }
}

/** Dispatches an action to the module that owns it (exhaustive: a new action type is a compile error here). */
function step(p: Params, s: State, a: Action): State {
  switch (a.type) {
    case 'ProducerAppSend':
      return producerAppSend(p, s, a)
    case 'ProducerSend':
      return producerSend(p, s, a)
    case 'ProducerReceiveResponse':
      return producerReceiveResponse(p, s, a)
    case 'ProducerBumpEpoch':
      return producerBumpEpoch(p, s, a)
    case 'ProducerRestart':
      return producerRestart(p, s, a)
    case 'ProducerExpireBatch':
      return producerExpireBatch(p, s, a)
    case 'ProducerInitTransactions':
      return producerInitTransactions(p, s, a)
    case 'ProducerAddPartitionToTxn':
      return producerAddPartitionToTxn(p, s, a)
    case 'ProducerCommitTransaction':
      return producerCommitTransaction(p, s, a)
    case 'ProducerCompleteCommit':
      return producerCompleteCommit(p, s, a)
    case 'ProducerAbortTransaction':
      return producerAbortTransaction(p, s, a)
    case 'CoordinatorWriteMarker':
      return coordinatorWriteMarker(p, s, a)
    case 'CoordinatorCompleteTxn':
      return coordinatorCompleteTxn(p, s, a)
    case 'CoordinatorAbortTimedOut':
      return coordinatorAbortTimedOut(p, s, a)
    case 'LeaderHandleProduce':
      return leaderHandleProduce(p, s, a)
    case 'LeaderHandleDelayedProduce':
      return leaderHandleDelayedProduce(p, s, a)
    case 'FollowerFetch':
      return followerFetch(p, s, a)
    case 'LeaderShrinkIsr':
      return leaderShrinkIsr(p, s, a)
    case 'BrokerCrash':
      return brokerCrash(p, s, a)
    case 'BrokerRestart':
      return brokerRestart(p, s, a)
    case 'BrokerBounce':
      return brokerBounce(p, s, a)
    case 'AdminAddPartition':
      return adminAddPartition(p, s)
    case 'NetworkLoseRequest':
      return networkLoseRequest(p, s, a)
    case 'NetworkLoseResponse':
      return networkLoseResponse(p, s, a)
    case 'NetworkDelayRequest':
      return networkDelayRequest(p, s, a)
    case 'ConsumerStart':
      return consumerStart(p, s, a)
    case 'ConsumerJoinGroup':
      return consumerJoinGroup(p, s, a)
    case 'CoordinatorCompleteRebalance':
      return coordinatorCompleteRebalance(p, s)
    case 'ConsumerCrash':
      return consumerCrash(p, s, a)
    case 'ConsumerRestart':
      return consumerRestart(p, s, a)
    case 'ConsumerPause':
      return consumerPause(p, s, a)
    case 'ConsumerPoll':
      return consumerPoll(p, s, a)
    case 'ConsumerCommit':
      return consumerCommit(p, s, a)
    case 'CoordinatorFailover':
      return coordinatorFailover(p, s, a)
    case 'ConsumerSkipCommit':
      return consumerSkipCommit(p, s, a)
    case 'ConsumerProcess':
      return consumerProcess(p, s, a)
    case 'WorkerProcess':
      return workerProcess(p, s, a)
    case 'ConsumerProcessFail':
      return consumerProcessFail(p, s, a)
    case 'RetryTopicProcess':
      return retryTopicProcess(p, s, a)
    case 'DeadLetterWriteAck':
      return deadLetterWriteAck(p, s, a)
    case 'DeadLetterWriteExpire':
      return deadLetterWriteExpire(p, s, a)
    case 'ConsumerSendOffsetsToTxn':
      return consumerSendOffsetsToTxn(p, s, a)
    case 'ConsumerCommitTxn':
      return consumerCommitTxn(p, s, a)
    case 'ConsumerAbortTxn':
      return consumerAbortTxn(p, s, a)
    case 'ClientConnect':
      return clientConnect(p, s, a)
    case 'AttackerIntercept':
      return attackerIntercept(p, s, a)
    default:
      return a satisfies never
  }
}

/**
 * The packed codec of this configuration's states: field widths follow its bounds, and a value out of its range is
 * refused instead of packed (it would merge two states).
 */
export const stateCodec = (p: Params): Codec<State> => compileCodec(StateSchema, stateBounds(p))

/** ValidState (TLA+'s TypeOK): every field of `s` against the schema under this configuration's bounds. */
export const validState =
  (p: Params) =>
  (s: unknown): string[] =>
    validate(StateSchema, stateBounds(p), s)

/** Where a worker thread builds the same model: this module's `kafkaModel`, with the same parameters. */
export const kafkaModelSource = (p: Params): ModelSource => ({
  module: import.meta.url,
  export: 'kafkaModel',
  args: [p],
})

/** The Kafka model for one configuration. */
export function kafkaModel(p: Params): Model<State, Action> {
  const tables = actionTables(p)
  const codec = stateCodec(p)
  return {
    init: () => [initialState(p)],
    actions: s => enabledActions(p, s, tables),
    next: (s, a) => nextState(p, s, a),
    ...properties(p),
    constraint: s => s.batches.every(b => b.attempts <= p.attemptsExplored),
    constraintName: `bound.retries=${p.attemptsExplored - 1}`,
    encode: codec.encode,
    decode: codec.decode,
    actionTypes: possibleActionTypes(p),
    describe: actionLabel,
  }
}

/** The producer-side properties, and the consumer-side ones when the scenario has consumers. */
function properties(p: Params) {
  const producer = producerProperties(p)
  const consumer = consumerProperties(p)
  const txn = transactionProperties(p)
  const security = securityProperties(p)
  return {
    invariants: { ...producer.invariants, ...consumer.invariants, ...txn.invariants, ...security.invariants },
    stepInvariants: { ...producer.stepInvariants, ...consumer.stepInvariants, ...txn.stepInvariants },
    atQuiescence: { ...producer.atQuiescence, ...consumer.atQuiescence, ...txn.atQuiescence },
    sometimes: { ...producer.sometimes, ...consumer.sometimes, ...txn.sometimes, ...security.sometimes },
  }
}

/** The keys of an object type, or of every member of a union of them. */
type KeysOf<T> = T extends unknown ? Extract<keyof T, string> : never

type Properties = ReturnType<typeof properties>

/**
 * The name of every property a counterexample can violate: the invariants, step invariants and quiescence
 * properties of any configuration (the `sometimes` ones are reached or not, and have no counterexample).
 */
export type PropertyName = KeysOf<Properties['invariants'] | Properties['stepInvariants'] | Properties['atQuiescence']>

/** The action types this configuration can take at all; one of them that never fires is worth a warning. */
function possibleActionTypes(p: Params): ActionType[] {
  const replicated = p.assignment.some(replicas => replicas.length > 1)
  const crashes = p.faults['broker-crash'] + p.faults['lossy-crash'] > 0
  const possible: Record<ActionType, boolean> = {
    ProducerAppSend: partitionsCanBeAdded(p),
    ProducerSend: !p.pipeline,
    ProducerReceiveResponse: p.acks !== 0 && !p.pipeline,
    ProducerBumpEpoch: p.idempotence && !p.transactional && !p.pipeline,
    ProducerRestart: p.faults['producer-restart'] > 0,
    ProducerExpireBatch: p.faults['delivery-timeout'] > 0,
    ProducerInitTransactions: p.transactional,
    ProducerAddPartitionToTxn: p.transactional,
    ProducerCommitTransaction: p.transactional,
    ProducerCompleteCommit: p.transactional,
    ProducerAbortTransaction: p.transactional,
    CoordinatorWriteMarker: p.transactional,
    CoordinatorCompleteTxn: p.transactional,
    CoordinatorAbortTimedOut: p.transactional && p.faults['producer-restart'] > 0,
    LeaderHandleProduce: !p.pipeline,
    LeaderHandleDelayedProduce: p.acks !== 0 && p.faults['delayed-request'] > 0,
    FollowerFetch: replicated,
    // A pipeline's input is fully replicated from the start and nothing more is written: no follower can lag.
    LeaderShrinkIsr: replicated && !p.pipeline,
    BrokerCrash: crashes,
    BrokerRestart: crashes,
    BrokerBounce: p.faults['broker-bounce'] > 0,
    AdminAddPartition: partitionsCanBeAdded(p),
    NetworkLoseRequest: p.faults['lost-request'] > 0,
    NetworkLoseResponse: p.acks !== 0 && p.faults['lost-response'] > 0,
    NetworkDelayRequest: p.acks !== 0 && p.faults['delayed-request'] > 0,
    ConsumerStart: p.consumers > 0,
    ConsumerJoinGroup: p.consumers > 1 || p.faults['consumer-pause'] > 0,
    CoordinatorCompleteRebalance: p.consumers > 0,
    ConsumerCrash: p.faults['consumer-crash'] > 0,
    ConsumerRestart: p.faults['consumer-crash'] > 0,
    ConsumerPause: p.faults['consumer-pause'] > 0,
    ConsumerPoll: p.consumers > 0,
    ConsumerCommit: p.consumers > 0 && !p.autoCommit && p.processing === 'sync' && !p.pipelineTransactional,
    CoordinatorFailover:
      p.consumers > 0 &&
      !p.autoCommit &&
      p.processing === 'sync' &&
      !p.pipelineTransactional &&
      p.faults['coordinator-crash'] > 0,
    ConsumerSkipCommit:
      p.consumers > 0 &&
      !p.autoCommit &&
      p.processing === 'sync' &&
      p.commit === 'after-process' &&
      !p.commitEveryBatch &&
      !p.pipelineTransactional,
    ConsumerProcess: p.consumers > 0 && p.processing === 'sync' && !p.poison,
    WorkerProcess: p.consumers > 0 && p.processing === 'async',
    ConsumerProcessFail:
      p.consumers > 0 && (p.poison ? p.errorHandlingDeserializer : p.faults['processing-failure'] > 0),
    RetryTopicProcess: p.retry === 'retry-topic',
    DeadLetterWriteAck: p.dlq && !p.dlqAwaitAck,
    DeadLetterWriteExpire: p.dlq && !p.dlqAwaitAck && p.faults['delivery-timeout'] > 0,
    ConsumerSendOffsetsToTxn: p.pipelineTransactional,
    ConsumerCommitTxn: p.pipelineTransactional,
    ConsumerAbortTxn: p.pipelineTransactional && p.faults['txn-abort'] > 0,
    ClientConnect: p.security !== null,
    AttackerIntercept: p.security !== null && p.faults.mitm > 0,
  }
  return ACTION_TYPES.filter(type => possible[type])
}
