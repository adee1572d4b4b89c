// The Java consumer's partition assignors (partition.assignment.strategy), as pure functions over one topic whose
// partitions are 0..P-1 and a group whose members are numbered. Member ids sort numerically here; Java sorts its
// string member ids (or group.instance.ids) lexicographically. Every function is deterministic: members are visited
// in id order where Java would visit a HashMap in hash order, and results come back aligned with the input order.

import type { AssignorName } from '../config/types.js'

export interface GroupMember {
  readonly id: number
  /** Partitions it owned in the previous generation (sorted). */
  readonly owned: readonly number[]
}

/** One sorted partition list per member, in the order of `members`. */
export type Assignment = readonly (readonly number[])[]

/** Eager: every member revokes everything before the rebalance. Cooperative: only what moves (KIP-429). */
export function rebalanceProtocol(strategy: AssignorName): 'eager' | 'cooperative' {
  return strategy === 'cooperative-sticky' ? 'cooperative' : 'eager'
}

export function assignPartitions(
  strategy: AssignorName,
  partitions: number,
  members: readonly GroupMember[],
): Assignment {
  switch (strategy) {
    case 'range':
      return rangeAssign(partitions, members)
    case 'roundrobin':
      return roundRobinAssign(partitions, members)
    case 'sticky':
      return stickyAssign(partitions, members)
    case 'cooperative-sticky':
      return cooperativeStickyAssign(partitions, members)
    default: {
      const unknown: never = strategy
      throw new Error(`unknown assignor ${String(unknown)}`)
    }
  }
}

/** RangeAssignor: members in id order take consecutive ranges of P/M partitions; the first P%M take one more. */
export function rangeAssign(partitions: number, members: readonly GroupMember[]): Assignment {
  const order = membersById(partitions, members)
  if (order.length === 0) return []
  const each = Math.floor(partitions / members.length)
  const withExtra = partitions % members.length
  const assignment = members.map((): number[] => [])
  order.forEach((member, rank) => {
    const start = each * rank + Math.min(rank, withExtra)
    const length = each + (rank < withExtra ? 1 : 0)
    assignment[member] = range(start, start + length)
  })
  return assignment
}

/** RoundRobinAssignor: partitions in order are dealt to members in id order, one each, round and round. */
export function roundRobinAssign(partitions: number, members: readonly GroupMember[]): Assignment {
  const order = membersById(partitions, members)
  if (order.length === 0) return []
  const assignment = members.map((): number[] => [])
  for (let p = 0; p < partitions; p++) assignment[order[p % order.length]!]!.push(p)
  return assignment
}

/**
 * StickyAssignor: balanced (sizes differ by at most one), keeping as many previously owned partitions as a balanced
 * assignment allows. This is AbstractStickyAssignor.constrainedAssign, the path Java takes when every member
 * subscribes to the same topics (always, with one topic).
 */
export function stickyAssign(partitions: number, members: readonly GroupMember[]): Assignment {
  const order = membersById(partitions, members)
  if (order.length === 0) return []
  const owned = uncontestedOwned(partitions, members)
  const minQuota = Math.floor(partitions / members.length)
  const maxQuota = Math.ceil(partitions / members.length)
  // Exactly P % M members end with maxQuota partitions; the rest with minQuota.
  const membersAtMax = partitions % members.length
  let filledToMax = 0

  const assignment = members.map((): number[] => [])
  const kept = new Array<boolean>(partitions).fill(false)
  const belowMin: number[] = [] // may take partitions until they reach minQuota
  const atMin: number[] = [] // have exactly minQuota; take one more each, in this order, once belowMin is empty

  // 1. Keep previously owned partitions: all of them up to minQuota, up to maxQuota for the first P % M members
  //    that owned that many; the rest are revoked.
  for (const member of order) {
    const mine = owned[member]!
    let keep: number
    if (mine.length < minQuota) {
      keep = mine.length
      belowMin.push(member)
    } else if (mine.length >= maxQuota && filledToMax < membersAtMax) {
      keep = maxQuota
      filledToMax++
    } else {
      keep = minQuota
      atMin.push(member)
    }
    for (const p of mine.slice(0, keep)) {
      assignment[member]!.push(p)
      kept[p] = true
    }
  }

  // 2. Deal the other partitions, in order, round-robin to the members below minQuota (in id order), then one each
  //    to the members at minQuota, in the order they got there.
  let cursor = 0
  for (let p = 0; p < partitions; p++) {
    if (kept[p]) continue
    if (cursor >= belowMin.length) cursor = 0
    const fromBelowMin = belowMin.length > 0
    const member = fromBelowMin ? belowMin[cursor]! : atMin.shift()
    if (member === undefined) throw new Error(`sticky assignor: no member can take partition ${p} (a bug)`)
    const mine = assignment[member]!
    mine.push(p)
    if (!fromBelowMin) continue
    if (mine.length === minQuota) {
      belowMin.splice(cursor, 1)
      atMin.push(member)
    } else {
      cursor++
    }
  }
  return assignment.map(mine => mine.sort(byNumber))
}

/**
 * CooperativeStickyAssignor: the sticky assignment minus every partition that another member still owns. The owner
 * revokes it in this round; it is assigned in the follow-up rebalance (KIP-429; CooperativeStickyAssignor
 * .adjustAssignment removes the partitions "transferring ownership").
 */
export function cooperativeStickyAssign(partitions: number, members: readonly GroupMember[]): Assignment {
  const claimants = claimantsOf(partitions, members)
  return stickyAssign(partitions, members).map((mine, member) =>
    mine.filter(p => claimants[p]!.every(claimant => claimant === member)),
  )
}

/**
 * Each member's owned partitions that are in range and that no other member also claims, sorted.
 * A partition claimed by several members belongs to none of them: AbstractStickyAssignor.allSubscriptionsEqual
 * invalidates a partition claimed by two members of the same generation rather than picking one (it first drops all
 * claims below the highest generation; this model has no generations). The cooperative assignor then withholds it.
 */
function uncontestedOwned(partitions: number, members: readonly GroupMember[]): number[][] {
  const claimants = claimantsOf(partitions, members)
  const owned = members.map((): number[] => [])
  claimants.forEach((claiming, p) => {
    if (claiming.length === 1) owned[claiming[0]!]!.push(p)
  })
  return owned
}

/** Per partition, the members (input indexes, ascending) that claim it in `owned`; out-of-range claims are ignored. */
function claimantsOf(partitions: number, members: readonly GroupMember[]): number[][] {
  const claimants = range(0, partitions).map((): number[] => [])
  members.forEach((m, member) => {
    for (const p of m.owned) {
      const list = claimants[p]
      if (list !== undefined && !list.includes(member)) list.push(member)
    }
  })
  return claimants
}

/** Input indexes of the members, ordered by member id; checks the inputs. */
function membersById(partitions: number, members: readonly GroupMember[]): number[] {
  if (!Number.isInteger(partitions) || partitions < 0) {
    throw new RangeError(`partitions must be a non-negative integer, got ${partitions}`)
  }
  const order = members.map((_, member) => member).sort((a, b) => members[a]!.id - members[b]!.id)
  for (let i = 1; i < order.length; i++) {
    const id = members[order[i]!]!.id
    if (id === members[order[i - 1]!]!.id) throw new RangeError(`member id ${id} appears twice`)
  }
  return order
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

function byNumber(a: number, b: number): number {
  return a - b
}
