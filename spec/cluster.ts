// Brokers crash and restart; the controller reacts at once: it removes a dead broker from every ISR (keeping the
// last member, so that a clean election can wait for it) and elects new leaders. Election follows
// PartitionLeaderElectionAlgorithms: the first replica in assignment order that is alive and in the ISR, or, with
// unclean.leader.election.enable, the first live replica at all. A lossy crash (power loss) also loses what the OS
// had not yet written back: Kafka does not fsync appends by default (log.flush.interval.messages = Long.MAX) and
// relies on replication instead; the model loses each hosted replica's latest record.

import type { ActionOf } from './actions.js'
import { advanceHighWatermark } from './leader.js'
import type { Params } from './params.js'
import { closeConnection } from './network.js'
import {
  NO_LEADER,
  removeFromSet,
  replaceAt,
  update,
  updateFaults,
  updatePartition,
  updateReplica,
  type Partition,
  type Replica,
  type State,
} from './state.js'

/** BrokerCrash is enabled: the broker is up and the scenario's budget for this kind of crash is not spent. */
export function canCrash(p: Params, s: State, broker: number, lossy: boolean): boolean {
  if (!s.brokerAlive[broker]) return false
  return lossy ? s.faults.lossyCrash < p.faults['lossy-crash'] : s.faults.brokerCrash < p.faults['broker-crash']
}

/** BrokerCrash: the broker process dies (and with `lossy`, its unflushed log tail is lost). */
export function brokerCrash(p: Params, s: State, { broker, lossy }: ActionOf<'BrokerCrash'>): State {
  const counted = update(s, {
    faults: updateFaults(
      s.faults,
      lossy ? { lossyCrash: s.faults.lossyCrash + 1 } : { brokerCrash: s.faults.brokerCrash + 1 },
    ),
  })
  return crash(p, counted, broker, lossy)
}

/** The broker dies and the controller handles it (onBrokerFailure): ISRs shrink and its partitions get new leaders. */
function crash(p: Params, s: State, broker: number, lossy: boolean): State {
  let next = closeConnections(p, update(s, { brokerAlive: replaceAt(s.brokerAlive, broker, false) }), broker)
  for (let partitionIndex = 0; partitionIndex < next.topicPartitions; partitionIndex++) {
    const assignment = p.assignment[partitionIndex]!
    const at = assignment.indexOf(broker)
    if (at < 0) continue
    let partition = next.partitions[partitionIndex]!
    const replica = partition.replicas[at]!
    if (lossy && p.unflushedTailIsLost && replica.log.length > 0)
      partition = updatePartition(partition, {
        replicas: replaceAt(partition.replicas, at, truncateTo(replica, replica.log.length - 1)),
      })
    if (partition.isr.length > 1) partition = updatePartition(partition, { isr: removeFromSet(partition.isr, broker) })
    if (partition.leader === broker) partition = updatePartition(partition, { leader: NO_LEADER, purgatory: [] })
    next = update(next, { partitions: replaceAt(next.partitions, partitionIndex, partition) })
    if (partition.leader === NO_LEADER) next = electLeader(p, next, partitionIndex)
  }
  return next
}

/** The broker's process is gone: every batch waiting on it fails its attempt, and requests it never read are lost. */
function closeConnections(p: Params, s: State, broker: number): State {
  let next = s
  for (let producer = 0; producer < p.producers; producer++) next = closeConnection(p, next, producer, broker, false)
  return update(next, { requests: next.requests.filter(r => r.broker !== broker) })
}

/** BrokerRestart is enabled: the broker is down. */
export const canRestart = (s: State, broker: number): boolean => !s.brokerAlive[broker]

/** BrokerRestart: the broker comes back with the log it has on disk, as a follower, and may be elected. */
export function brokerRestart(p: Params, s: State, { broker }: ActionOf<'BrokerRestart'>): State {
  return restart(p, s, broker)
}

function restart(p: Params, s: State, broker: number): State {
  let next = update(s, { brokerAlive: replaceAt(s.brokerAlive, broker, true) })
  for (let partitionIndex = 0; partitionIndex < next.topicPartitions; partitionIndex++) {
    const at = p.assignment[partitionIndex]!.indexOf(broker)
    if (at < 0) continue
    const partition = next.partitions[partitionIndex]!
    const restarted = becomeFollower(p, partition.replicas[at]!, true)
    next = update(next, {
      partitions: replaceAt(
        next.partitions,
        partitionIndex,
        updatePartition(partition, { replicas: replaceAt(partition.replicas, at, restarted) }),
      ),
    })
    if (partition.leader === NO_LEADER) next = electLeader(p, next, partitionIndex)
  }
  return next
}

/**
 * BrokerBounce is enabled: the budget is not spent and the broker is up. A controller that would miss the bounce
 * bounces only followers here: what a leader the controller never re-informs does is not modelled.
 */
export function canBounce(p: Params, s: State, broker: number): boolean {
  if (!s.brokerAlive[broker] || s.faults.brokerBounces >= p.faults['broker-bounce']) return false
  return !p.bounceUnnoticed || s.partitions.every(partition => partition.leader !== broker)
}

/**
 * BrokerBounce: the broker process restarts within zookeeper.session.timeout.ms (or broker.session.timeout.ms). A
 * ZooKeeper controller before 2.2 may miss it: the broker stays in every ISR, and comes back a follower that truncates
 * as a restarted follower does (to its high watermark before KIP-101: the loss in KIP-101's first scenario). Otherwise
 * the controller handles a failure and a startup (KafkaController.processBrokerChange, bouncedBrokerIds).
 */
export function brokerBounce(p: Params, s: State, { broker }: ActionOf<'BrokerBounce'>): State {
  const counted = update(s, { faults: updateFaults(s.faults, { brokerBounces: s.faults.brokerBounces + 1 }) })
  if (!p.bounceUnnoticed) return restart(p, crash(p, counted, broker, false), broker)
  let next = closeConnections(p, counted, broker)
  for (let partitionIndex = 0; partitionIndex < next.topicPartitions; partitionIndex++) {
    const at = p.assignment[partitionIndex]!.indexOf(broker)
    if (at < 0) continue
    const partition = next.partitions[partitionIndex]!
    const bounced = becomeFollower(p, partition.replicas[at]!, true)
    next = update(next, {
      partitions: replaceAt(
        next.partitions,
        partitionIndex,
        updatePartition(partition, { replicas: replaceAt(partition.replicas, at, bounced) }),
      ),
    })
  }
  return next
}

/** The controller elects a leader for a partition that has none, if any replica is eligible. */
function electLeader(p: Params, s: State, partitionIndex: number): State {
  const assignment = p.assignment[partitionIndex]!
  const partition = s.partitions[partitionIndex]!
  const clean = assignment.find(b => s.brokerAlive[b] && partition.isr.includes(b))
  const unclean = p.uncleanLeaderElection ? assignment.find(b => s.brokerAlive[b]) : undefined
  const leader = clean ?? unclean
  if (leader === undefined) return s
  const replicas = partition.replicas.map((r, at) =>
    assignment[at] === leader
      ? updateReplica(r, { mustTruncate: false })
      : becomeFollower(p, r, s.brokerAlive[assignment[at]!]!),
  )
  const elected: Partition = updatePartition(partition, {
    leader,
    leaderEpoch: partition.leaderEpoch + 1,
    isr: clean === undefined ? [leader] : partition.isr,
    replicas,
  })
  return advanceHighWatermark(p, s, partitionIndex, elected)
}

/**
 * A replica becomes a follower (of a new leader, or after a restart): the leader no longer knows its log end. Before
 * KIP-101 a live follower truncates to its own high watermark at once; with leader epochs it truncates on its next
 * fetch, only where its log diverges from the leader's.
 */
function becomeFollower(p: Params, r: Replica, alive: boolean): Replica {
  if (p.truncation === 'high-watermark')
    return updateReplica(alive ? truncateTo(r, r.highWatermark) : r, { fetchedOffset: -1, mustTruncate: false })
  return updateReplica(r, { fetchedOffset: -1, mustTruncate: true })
}

function truncateTo(r: Replica, offset: number): Replica {
  if (r.log.length <= offset) return r
  return updateReplica(r, { log: r.log.slice(0, offset), highWatermark: Math.min(r.highWatermark, offset) })
}
