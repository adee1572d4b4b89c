import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { itemsOfShard, shardOption } from '../../../src/run/shard.js'

describe('--shard K/N', () => {
  it('reads K/N with 1 <= K <= N and refuses anything else', () => {
    expect(shardOption('shard', '2/3')).toEqual({ index: 2, count: 3 })
    expect(shardOption('shard', ' 1/1 ')).toEqual({ index: 1, count: 1 })
    expect(shardOption('shard', undefined)).toBeUndefined()
    for (const bad of ['0/3', '4/3', '1/0', '0/0', 'a/b', '1/3/5', '-1/3', '1.5/3', '', '3'])
      expect(() => shardOption('shard', bad), bad).toThrow(`--shard ${bad} is not allowed; allowed: K/N`)
  })

  it('puts every item in exactly one shard, in order, with shard sizes at most one apart', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.integer({ min: 1, max: 12 }), (length, count) => {
        const items = Array.from({ length }, (_, i) => i)
        const shards = Array.from({ length: count }, (_, i) => itemsOfShard(items, { index: i + 1, count }))
        expect(shards.flat().sort((a, b) => a - b)).toEqual(items)
        for (const shard of shards) expect(shard).toEqual([...shard].sort((a, b) => a - b))
        const sizes = shards.map(shard => shard.length)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      }),
    )
  })
})
