// `kafkacheck ci --shard K/N`: which scenarios one of N CI runners checks. The rule is fixed so that N runners given
// the same folder split it without talking to each other: the scenarios that have an `expect` block, in file-name
// order (as `ci` lists them), are dealt out round-robin, the first to shard 1, the second to shard 2, ..., the
// (N+1)th to shard 1 again. Every scenario lands in exactly one shard, and shard sizes differ by at most one.
import { InputError } from './exit.js'

/** Shard `index` of `count`, both counted from 1. */
export interface Shard {
  readonly index: number
  readonly count: number
}

const SHARD = /^(\d+)\/(\d+)$/

/** `--shard 2/3`; anything but K/N with 1 ≤ K ≤ N is bad input. */
export function shardOption(flag: string, text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined
  const match = SHARD.exec(text.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (match === null || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count)
    throw new InputError(
      `--${flag} ${text} is not allowed; allowed: K/N, the Kth of N shards, with 1 <= K <= N (e.g. 1/3)`,
    )
  return { index, count }
}

/** The items shard `shard` checks: every Nth, starting from the Kth. */
export const itemsOfShard = <T>(items: readonly T[], shard: Shard): T[] =>
  items.filter((_, i) => i % shard.count === shard.index - 1)
