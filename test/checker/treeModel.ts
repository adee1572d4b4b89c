// A complete binary tree as a model, level d holding 2^d states, each successor taking `busyMicros` of the processor
// to compute: how the engine's choice between one thread and worker threads is tested. Worker threads build it from
// this module (so it must not import the test runner).
import type { Encoder, Model } from '../../checker/index.js'

type Child = { readonly type: 'Child'; readonly side: 1 | 2 }
const CHILDREN: readonly Child[] = [
  { type: 'Child', side: 1 },
  { type: 'Child', side: 2 },
]

export function binaryTree(busyMicros: number): Model<number, Child> {
  return {
    init: () => [0],
    actions: () => CHILDREN,
    next(node, { side }) {
      for (const until = performance.now() + busyMicros / 1000; performance.now() < until;);
      return 2 * node + side
    },
    invariants: {},
    encode: (node: number, out: Encoder) => out.int(node),
    decode: (words: ArrayLike<number>, at: { at: number }) => words[at.at++]!,
  }
}
