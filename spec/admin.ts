// An operator adds a partition to the topic (kafka-topics.sh --alter --partitions). The controller creates it on its
// assigned replicas: the live ones form the ISR and the first of them leads. Producers send later records by the new
// partition count, so a key may move to another partition; the group's leader notices the new partition in its
// metadata and starts a rebalance, and a member that gets it with no committed offset and auto.offset.reset=latest
// skips what was written there meanwhile (Kafka docs, "Modifying topics": key distribution changes and potential data
// loss with latest).

import type { Params } from './params.js'
import { NO_LEADER, replaceAt, update, updateFaults, updateGroup, updatePartition, type State } from './state.js'

/** AdminAddPartition is enabled: the scenario's budget allows another partition. */
export const canAddPartition = (p: Params, s: State): boolean =>
  s.faults.partitionsAdded < p.faults['add-partition'] && s.topicPartitions < p.partitions

/** AdminAddPartition: the topic gets one more partition. */
export function adminAddPartition(p: Params, s: State): State {
  const index = s.topicPartitions
  const replicas = p.assignment[index]!
  const live = replicas.filter(broker => s.brokerAlive[broker])
  const created = updatePartition(s.partitions[index]!, {
    leader: live[0] ?? NO_LEADER,
    isr: [...(live.length > 0 ? live : replicas)].sort((a, b) => a - b),
  })
  return update(s, {
    topicPartitions: index + 1,
    partitions: replaceAt(s.partitions, index, created),
    group: s.group.members.length > 0 ? updateGroup(s.group, { rebalancing: true }) : s.group,
    faults: updateFaults(s.faults, { partitionsAdded: s.faults.partitionsAdded + 1 }),
  })
}
