// Builds a RawScenario from plain objects, as if each value were written on its own line of `scenario.yaml`.
import type { BlockName, RawEntry, RawScenario } from '../../../spec/config/raw.js'

export type Blocks = Partial<Record<BlockName, Readonly<Record<string, string | readonly string[]>>>>

export function rawScenario(blocks: Blocks): RawScenario {
  let line = 0
  const toBlock = (entries: Readonly<Record<string, string | readonly string[]>>) =>
    new Map<string, RawEntry>(
      Object.entries(entries).map(([key, value]) => [key, { value, origin: { file: 'scenario.yaml', line: ++line } }]),
    )
  return {
    name: 'test',
    description: '',
    origin: { file: 'scenario.yaml', line: null },
    blocks: Object.fromEntries(Object.entries(blocks).map(([block, entries]) => [block, toBlock(entries)])),
    notes: [],
  }
}
