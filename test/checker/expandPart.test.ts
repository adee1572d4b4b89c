// What a worker thread's expansion of a part leaves out as a repeat. Its memory of earlier candidates stands only for
// parts of one search that come in level order: a repeat of a candidate from a part later in level order, or from
// another search, must be a candidate again, or the state would be stored with the wrong parent, or never.
import { describe, expect, it } from 'vitest'
import { expanderOf, expandPart } from '../../checker/expandPart.js'
import { FingerprintSet } from '../../checker/store.js'
import { graphModel } from './graphModel.js'

// Nodes 0 and 1 both lead to node 2.
const graph = {
  nodes: 3,
  initial: [0, 1],
  edges: [
    { from: 0, to: 2, label: 0 },
    { from: 1, to: 2, label: 0 },
  ],
  bad: [],
  mustMove: [],
  forbiddenLabel: -1,
  goal: -1,
}
const open = { invariants: [], steps: [], quiescence: [], sometimes: [], deadlock: false }

describe('a part expanded on a worker thread', () => {
  it('drops a repeat of an earlier part of the same search only, and only when the parts come in level order', () => {
    const expander = expanderOf(graphModel(graph, true))
    const table = new FingerprintSet().view
    /** The candidates found expanding node `node` (state number `node`) as a part at `position` of `search`. */
    const candidates = (node: number, search: number, position: number) =>
      expandPart(expander, {
        words: Int32Array.of(node, 1, node),
        table,
        open,
        atMaxDepth: false,
        search,
        position,
      }).verdicts.length
    expect(candidates(0, 1, 0)).toBe(1)
    expect(candidates(1, 1, 0.5)).toBe(0) // node 2 again, after the part that found it first
    expect(candidates(1, 1, 0.25)).toBe(1) // a part before the last one: the memory is not to be trusted
    expect(candidates(0, 2, 1)).toBe(1) // another search
    expect(candidates(1, 2, 2)).toBe(0)
  })
})
