// Changes to a scenario as written, before resolution, so that every changed scenario goes through Kafka's own
// defaults and validation exactly as a scenario file would (used by `matrix` and by blame).
import type { BlockName, RawEntry, RawScenario } from '../../spec/index.js'

/** The scenario as written, with `key` set to `value` in `block`; `origin` names where the change came from. */
export function withSetting(
  raw: RawScenario,
  block: BlockName,
  key: string,
  value: string,
  origin: string,
): RawScenario {
  const entries = new Map<string, RawEntry>(raw.blocks[block] ?? [])
  entries.set(key, { value, origin: { file: origin, line: null } })
  return { ...raw, blocks: { ...raw.blocks, [block]: entries } }
}
