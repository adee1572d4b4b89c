// The built-in scenarios must exercise what they claim: a scenario with several partitions whose keys all land on
// one of them checks less than it says (murmur2 puts k1 and k2 on the same partition of two).
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_SCENARIOS_DIR, paramsOf } from '../../spec/index.js'
import { builtIn } from './scenarioFiles.js'

const names = readdirSync(BUILT_IN_SCENARIOS_DIR)
  .filter(file => file.endsWith('.yaml') && file !== 'event-hubs-preset.yaml')
  .map(file => file.replace(/\.yaml$/, ''))

describe('the built-in scenarios', () => {
  it.each(names)('%s sends a record to every partition it has, including any it adds', name => {
    const p = paramsOf(builtIn(name))
    for (let count = p.initialPartitions; count <= p.partitions; count++) {
      const reached = new Set(p.messages.map(m => m.partitionFor[count]!))
      // With the initial partitions every one must get a record; a partition added later must get one too.
      const required = count === p.initialPartitions ? Array.from({ length: count }, (_, i) => i) : [count - 1]
      expect(
        required.filter(partition => !reached.has(partition)),
        `with ${count} partitions`,
      ).toEqual([])
    }
  })
})
