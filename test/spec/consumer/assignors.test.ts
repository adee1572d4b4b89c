import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AssignorName } from '../../../spec/config/types.js'
import {
  assignPartitions,
  cooperativeStickyAssign,
  rangeAssign,
  rebalanceProtocol,
  roundRobinAssign,
  stickyAssign,
  type Assignment,
  type GroupMember,
} from '../../../spec/consumer/assignors.js'

/** Members C0, C1, … with ids 0, 1, … owning the given partitions. */
const group = (...owned: number[][]): GroupMember[] => owned.map((partitions, id) => ({ id, owned: partitions }))
const fresh = (count: number): GroupMember[] => group(...Array.from({ length: count }, (): number[] => []))
/** The members again, now owning what `assignment` gave them. */
const applied = (members: readonly GroupMember[], assignment: Assignment): GroupMember[] =>
  members.map((m, i) => ({ id: m.id, owned: assignment[i]! }))

const EAGER: readonly AssignorName[] = ['range', 'roundrobin', 'sticky']
const ALL: readonly AssignorName[] = [...EAGER, 'cooperative-sticky']

describe('rebalanceProtocol', () => {
  it('is cooperative only for cooperative-sticky', () => {
    expect(ALL.map(rebalanceProtocol)).toEqual(['eager', 'eager', 'eager', 'cooperative'])
  })
})

describe('range', () => {
  it('gives C0 [p0, p1] and C1 [p2] for one 3-partition topic (RangeAssignor javadoc, topic t0)', () => {
    expect(rangeAssign(3, fresh(2))).toEqual([[0, 1], [2]])
  })

  it('gives the extra partitions to the lowest member ids, as consecutive ranges', () => {
    expect(rangeAssign(7, fresh(3))).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ])
    expect(rangeAssign(2, fresh(3))).toEqual([[0], [1], []])
  })

  it('ignores what members owned before', () => {
    expect(rangeAssign(3, group([2], [0, 1]))).toEqual([[0, 1], [2]])
  })
})

describe('roundrobin', () => {
  // RoundRobinAssignor javadoc: C0, C1, topics t0 and t1 with 3 partitions each -> C0: [t0p0, t0p2, t1p1],
  // C1: [t0p1, t1p0, t1p2]. Topic t0 alone is dealt the same way.
  it('deals p0 to C0, p1 to C1, p2 to C0 (RoundRobinAssignor javadoc, topic t0)', () => {
    expect(roundRobinAssign(3, fresh(2))).toEqual([[0, 2], [1]])
  })

  // StickyAssignor javadoc, example 1: C0, C1, C2; t0..t3 with 2 partitions each. Round robin flattens the topics in
  // order, so t<i>p<j> is partition 2i+j of one 8-partition topic.
  //   C0: [t0p0, t1p1, t3p0]  C1: [t0p1, t2p0, t3p1]  C2: [t1p0, t2p1]
  // and once C1 has left, "the round robin assignor would produce"
  //   C0: [t0p0, t1p0, t2p0, t3p0]  C2: [t0p1, t1p1, t2p1, t3p1]
  it('reproduces the StickyAssignor javadoc example 1 for round robin, before and after C1 leaves', () => {
    expect(roundRobinAssign(8, fresh(3))).toEqual([
      [0, 3, 6],
      [1, 4, 7],
      [2, 5],
    ])
    const c0c2 = group([0, 3, 6], [1, 4, 7], [2, 5]).filter(m => m.id !== 1)
    expect(roundRobinAssign(8, c0c2)).toEqual([
      [0, 2, 4, 6],
      [1, 3, 5, 7],
    ])
  })
})

describe('sticky', () => {
  // StickyAssignor javadoc, example 1 (t<i>p<j> = partition 2i+j): starting fresh, "the assignment with both sticky
  // and round robin assignors will be" C0: [t0p0, t1p1, t3p0], C1: [t0p1, t2p0, t3p1], C2: [t1p0, t2p1].
  it('deals a fresh group like round robin (StickyAssignor javadoc example 1)', () => {
    expect(stickyAssign(8, fresh(3))).toEqual([
      [0, 3, 6],
      [1, 4, 7],
      [2, 5],
    ])
  })

  // StickyAssignor javadoc, example 1 (t<i>p<j> = partition 2i+j): C1 leaves; "the sticky assignor would result in
  // C0 [t0p0, t1p1, t3p0, t2p0], C2 [t1p0, t2p1, t0p1, t3p1], preserving all the previous assignments".
  // Which member takes which of C1's partitions differs: the javadoc predates KAFKA-9987 (Kafka 2.8), whose
  // constrainedAssign deals C1's partitions [t0p1, t2p0, t3p1] round-robin to C0, C2, C2 in partition order.
  it('keeps the partitions of every remaining member when a member leaves (StickyAssignor javadoc example 1)', () => {
    const c0c2 = group([0, 3, 6], [1, 4, 7], [2, 5]).filter(m => m.id !== 1)
    const [c0, c2] = stickyAssign(8, c0c2)
    expect(c0).toEqual(expect.arrayContaining([0, 3, 6]))
    expect(c2).toEqual(expect.arrayContaining([2, 5]))
    expect([c0, c2]).toEqual([
      [0, 1, 3, 6],
      [2, 4, 5, 7],
    ])
  })

  it('takes from the largest owners only what a joining member needs', () => {
    expect(stickyAssign(6, group([0, 1, 2], [3, 4, 5], []))).toEqual([
      [0, 1],
      [3, 4],
      [2, 5],
    ])
  })

  it('lets the first P % M members (by id) that owned enough keep the extra partition', () => {
    // P=7, M=3: shares of 2 or 3, one member may have 3. C0 and C1 both owned 3: C0 keeps 3, C1 gives up p5.
    expect(stickyAssign(7, group([0, 1, 2], [3, 4, 5], [6]))).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ])
  })

  // Java keeps only the highest generation's claims and invalidates a partition that two members of that generation
  // both claim (AbstractStickyAssignor.allSubscriptionsEqual). This model has no generations: every claim is current.
  it('treats a partition claimed by two members as owned by neither', () => {
    // p0 is claimed by both, so C0 owns only p1 and keeps it; p0 is dealt to C1 like any unowned partition.
    expect(stickyAssign(2, group([0, 1], [0]))).toEqual([[1], [0]])
  })

  it('counts a partition listed twice by the same member as owned by that member alone', () => {
    expect(stickyAssign(2, group([1, 1], []))).toEqual([[1], [0]])
  })

  it('ignores owned partitions that are out of range', () => {
    expect(stickyAssign(2, group([5, 1], [7]))).toEqual([[1], [0]])
  })
})

describe('cooperative-sticky', () => {
  it('withholds what still belongs to someone else, then assigns it in the follow-up rebalance (KIP-429)', () => {
    const before = group([0, 1, 2], [3, 4, 5], [])
    const first = cooperativeStickyAssign(6, before)
    expect(first).toEqual([[0, 1], [3, 4], []]) // C0 revokes p2, C1 revokes p5; C2 gets nothing yet
    const second = cooperativeStickyAssign(6, applied(before, first))
    expect(second).toEqual([
      [0, 1],
      [3, 4],
      [2, 5],
    ])
  })

  it('assigns partitions nobody owned right away', () => {
    expect(cooperativeStickyAssign(4, group([0], []))).toEqual([
      [0, 1],
      [2, 3],
    ])
  })

  it('withholds a partition claimed by two members from everyone for one round', () => {
    const before = group([0], [0, 1])
    expect(cooperativeStickyAssign(2, before)).toEqual([[], [1]])
    expect(cooperativeStickyAssign(2, applied(before, [[], [1]]))).toEqual([[0], [1]])
  })
})

describe('assignPartitions', () => {
  it('dispatches to the named assignor', () => {
    const members = group([0, 1, 2], [3], [])
    expect(assignPartitions('range', 4, members)).toEqual(rangeAssign(4, members))
    expect(assignPartitions('roundrobin', 4, members)).toEqual(roundRobinAssign(4, members))
    expect(assignPartitions('sticky', 4, members)).toEqual(stickyAssign(4, members))
    expect(assignPartitions('cooperative-sticky', 4, members)).toEqual(cooperativeStickyAssign(4, members))
    expect(new Set(ALL.map(s => JSON.stringify(assignPartitions(s, 4, members)))).size).toBe(4)
  })

  it('sorts members by numeric id but answers in input order', () => {
    const members: GroupMember[] = [
      { id: 10, owned: [] },
      { id: 2, owned: [] },
      { id: 7, owned: [] },
    ]
    expect(assignPartitions('range', 4, members)).toEqual([[3], [0, 1], [2]])
    expect(assignPartitions('roundrobin', 4, members)).toEqual([[2], [0, 3], [1]])
  })

  it('returns an empty assignment for an empty group', () => {
    for (const strategy of ALL) expect(assignPartitions(strategy, 3, [])).toEqual([])
  })

  it('rejects duplicate member ids and a bad partition count', () => {
    expect(() =>
      assignPartitions('range', 3, [
        { id: 1, owned: [] },
        { id: 1, owned: [] },
      ]),
    ).toThrow(/twice/)
    expect(() => assignPartitions('sticky', -1, fresh(1))).toThrow(RangeError)
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// Properties over random groups: 0..12 partitions, 1..6 members with distinct ids, and previously owned partitions
// that either come from one earlier assignment (disjoint) or are arbitrary, possibly overlapping, stale claims.

interface Case {
  readonly partitions: number
  readonly members: readonly GroupMember[]
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    partitions: fc.integer({ min: 0, max: 12 }),
    ids: fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 6 }),
  })
  .chain(({ partitions, ids }) => {
    const all = Array.from({ length: partitions }, (_, p) => p)
    const disjoint = fc
      .array(fc.integer({ min: -1, max: ids.length - 1 }), { minLength: partitions, maxLength: partitions })
      .map(ownerOf => ids.map((_, i) => all.filter(p => ownerOf[p] === i)))
    const overlapping = fc.tuple(...ids.map(() => fc.subarray(all)))
    return fc
      .oneof(disjoint, overlapping)
      .map((owned): Case => ({ partitions, members: ids.map((id, i) => ({ id, owned: owned[i] ?? [] })) }))
  })

/** How many members each partition went to. */
function timesAssigned(partitions: number, assignment: Assignment): number[] {
  const times = new Array<number>(partitions).fill(0)
  for (const mine of assignment) for (const p of mine) times[p] = (times[p] ?? 0) + 1
  return times
}

const sizes = (assignment: Assignment) => assignment.map(mine => mine.length)
const spread = (assignment: Assignment) => Math.max(...sizes(assignment)) - Math.min(...sizes(assignment))

/** Members other than `member` (input index) that list partition p as owned. */
const otherClaimants = (members: readonly GroupMember[], member: number, p: number) =>
  members.filter((m, i) => i !== member && m.owned.includes(p))

describe('assignor properties', () => {
  it('every eager assignor assigns every partition exactly once, one sorted list per member', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...EAGER), ({ partitions, members }, strategy) => {
        const assignment = assignPartitions(strategy, partitions, members)
        expect(assignment).toHaveLength(members.length)
        expect(timesAssigned(partitions, assignment)).toEqual(new Array<number>(partitions).fill(1))
        for (const mine of assignment) expect(mine).toEqual([...mine].sort((a, b) => a - b))
      }),
    )
  })

  it('every assignor answers the same whatever the order of the members', () => {
    const withShuffle = caseArb.chain(c =>
      fc.tuple(fc.constant(c), fc.shuffledSubarray([...c.members], { minLength: c.members.length })),
    )
    fc.assert(
      fc.property(withShuffle, fc.constantFrom(...ALL), ([{ partitions, members }, shuffled], strategy) => {
        const byId = (ms: readonly GroupMember[], a: Assignment) => new Map(ms.map((m, i) => [m.id, a[i]]))
        expect(byId(shuffled, assignPartitions(strategy, partitions, shuffled))).toEqual(
          byId(members, assignPartitions(strategy, partitions, members)),
        )
      }),
    )
  })

  it('roundrobin and sticky are balanced within one partition', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom<AssignorName>('roundrobin', 'sticky'), ({ partitions, members }, s) => {
        expect(spread(assignPartitions(s, partitions, members))).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('range gives each member P/M or P/M + 1 consecutive partitions, the larger shares to the lowest ids', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const assignment = rangeAssign(partitions, members)
        const share = Math.floor(partitions / members.length)
        const order = members.map((m, i) => [m.id, i] as const).sort((a, b) => a[0] - b[0])
        const sizesById = order.map(([, i]) => assignment[i]!.length)
        for (const size of sizesById) expect([share, share + 1]).toContain(size)
        expect(sizesById).toEqual([...sizesById].sort((a, b) => b - a))
        expect(order.flatMap(([, i]) => assignment[i]!)).toEqual(Array.from({ length: partitions }, (_, p) => p))
      }),
    )
  })

  it('sticky keeps every owned partition of a member that owned no more than the balanced share P/M', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const assignment = stickyAssign(partitions, members)
        const share = Math.floor(partitions / members.length)
        members.forEach((m, i) => {
          const mine = m.owned.filter(p => otherClaimants(members, i, p).length === 0)
          if (mine.length <= share) expect(assignment[i]).toEqual(expect.arrayContaining(mine))
        })
      }),
    )
  })

  it('sticky keeps as many owned partitions as any balanced assignment could', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const assignment = stickyAssign(partitions, members)
        const minQuota = Math.floor(partitions / members.length)
        const bigShares = partitions % members.length
        const owns = members.map((m, i) => m.owned.filter(p => otherClaimants(members, i, p).length === 0))
        // Balanced means P % M members get minQuota + 1 and the rest minQuota; give the big shares to big owners.
        const best =
          owns.reduce((sum, mine) => sum + Math.min(mine.length, minQuota), 0) +
          Math.min(bigShares, owns.filter(mine => mine.length > minQuota).length)
        const keptCount = owns.reduce((sum, mine, i) => sum + mine.filter(p => assignment[i]!.includes(p)).length, 0)
        expect(keptCount).toBe(best)
      }),
    )
  })

  it('sticky is a fixed point: rerun on its own result, nothing moves', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const assignment = stickyAssign(partitions, members)
        expect(stickyAssign(partitions, applied(members, assignment))).toEqual(assignment)
      }),
    )
  })

  it('cooperative-sticky never gives a member a partition that another member still owns', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const assignment = cooperativeStickyAssign(partitions, members)
        expect(Math.max(0, ...timesAssigned(partitions, assignment))).toBeLessThanOrEqual(1)
        assignment.forEach((mine, i) => {
          for (const p of mine) expect(otherClaimants(members, i, p)).toEqual([])
        })
      }),
    )
  })

  it('cooperative-sticky withholds only what moves: otherwise it assigns what sticky assigns', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const cooperative = cooperativeStickyAssign(partitions, members)
        stickyAssign(partitions, members).forEach((mine, i) => {
          expect(cooperative[i]).toEqual(mine.filter(p => otherClaimants(members, i, p).length === 0))
        })
      }),
    )
  })

  it('cooperative-sticky completes in the follow-up rebalance, revoking nothing more', () => {
    fc.assert(
      fc.property(caseArb, ({ partitions, members }) => {
        const first = cooperativeStickyAssign(partitions, members)
        const second = cooperativeStickyAssign(partitions, applied(members, first))
        expect(timesAssigned(partitions, second)).toEqual(new Array<number>(partitions).fill(1))
        expect(spread(second)).toBeLessThanOrEqual(1)
        first.forEach((mine, i) => expect(second[i]).toEqual(expect.arrayContaining([...mine])))
      }),
    )
  })
})
