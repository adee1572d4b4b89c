// A random finite transition system as a model: the engine's tests explore it, and worker threads build it from
// this module (so it must not import the test runner).
import type { Encoder, Model } from '../../checker/index.js'

export interface Graph {
  readonly nodes: number
  readonly initial: readonly number[]
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label: number }[]
  readonly bad: readonly number[]
  /** Nodes that must never be a dead end (checked at quiescence). */
  readonly mustMove: readonly number[]
  /** An edge label that must never be taken (a step invariant). */
  readonly forbiddenLabel: number
  readonly goal: number
}
export type Edge = { readonly type: 'Move'; readonly to: number; readonly label: number }

/** The graph as a model; `packed` also gives it a decode, so the engine queues its states as words. */
export function graphModel(g: Graph, packed = false): Model<number, Edge> {
  const codec = packed
    ? {
        encode: (node: number, out: Encoder) => out.int(node),
        decode: (words: ArrayLike<number>, at: { at: number }) => words[at.at++]!,
      }
    : {}
  return {
    ...codec,
    init: () => g.initial,
    actions: node => g.edges.filter(e => e.from === node).map(e => ({ type: 'Move', to: e.to, label: e.label })),
    next: (_, edge) => edge.to,
    invariants: { NotBad: node => !g.bad.includes(node) },
    stepInvariants: { NoForbiddenLabel: (_, edge) => edge.label !== g.forbiddenLabel },
    atQuiescence: { NotStuck: node => !g.mustMove.includes(node) },
    sometimes: { ReachesGoal: node => node === g.goal },
  }
}
