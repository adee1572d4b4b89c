// The fixed models `npm run bench` measures, by name.
import type { ActionLike, Model } from '../checker/index.js'
import { twoPhaseCommit } from './twoPhaseCommit.js'

export const benchmarks: Record<string, () => Model<unknown, ActionLike>> = {
  '2pc-7': () => twoPhaseCommit(7) as Model<unknown, ActionLike>,
  '2pc-8': () => twoPhaseCommit(8) as Model<unknown, ActionLike>,
}
