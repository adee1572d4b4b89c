// `kafkacheck init`: a scenario drafted from the files a team already has. The configuration is resolved as `check`
// would resolve it from the same files; the faults worth exploring come from the spec's advice, each kept only if
// Kafka (and the model) accept it with the rest of the configuration, so the written scenario always loads.
import { faultAdvice, resolveScenario, type FaultAdvice, type RawScenario } from '../../spec/index.js'
import { formatIssue, readScenarioFlags, type ScenarioFlags } from '../input/index.js'
import { prepareScenario } from './checkScenario.js'
import { InputError } from './exit.js'
import { propertyNames } from './expectations.js'
import { resolveLoaded, type LoadedScenario } from './load.js'
import { withSetting } from './scenarioEdit.js'

export interface ScenarioDraft {
  readonly files: ScenarioFlags
  readonly loaded: LoadedScenario
  /** Faults given with --faults, written as they are. */
  readonly given: ReadonlyMap<string, string>
  /** The spec's advice the configuration accepts, given faults left out. */
  readonly advice: readonly FaultAdvice[]
  /** The properties a check of the draft has (empty for a configuration Kafka refuses). */
  readonly properties: readonly string[]
}

/** The scenario with `fault` at `budget` added, if it still resolves: the model refuses some faults in some setups. */
function withFault(raw: RawScenario, advice: FaultAdvice): RawScenario | null {
  const changed = withSetting(raw, 'faults', advice.fault, String(advice.budget), 'kafkacheck init')
  return resolveScenario(changed).ok ? changed : null
}

export function draftScenario(files: ScenarioFlags, cwd: string): ScenarioDraft {
  const raw = readScenarioFlags(files, cwd)
  if ('kind' in raw) throw new InputError(formatIssue(raw))
  const loaded = resolveLoaded(raw)
  const given = new Map([...(raw.blocks.faults ?? new Map())].map(([fault, entry]) => [fault, String(entry.value)]))
  if (loaded.status === 'rejected') return { files, loaded, given, advice: [], properties: [] }
  // Active advice is added one at a time, each kept only if the scenario still resolves with it and those before.
  let drafted = raw
  const advice: FaultAdvice[] = []
  for (const a of faultAdvice(loaded.scenario)) {
    if (given.has(a.fault)) continue
    const changed = withFault(drafted, a)
    if (changed === null) continue
    if (a.active) drafted = changed
    advice.push(a)
  }
  const prepared = prepareScenario(resolveLoaded(drafted))
  return { files, loaded, given, advice, properties: prepared.status === 'valid' ? propertyNames(prepared.model) : [] }
}
