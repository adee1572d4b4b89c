// Blame in words: which configuration lines a violation needs, each with its file and line (or whose default it is)
// and the value that makes the property hold, and the fewest faults that still break it. One sentence per property
// for a JUnit message or a summary line, and a section of the `check` report; the explorer shows the same lines.
import { formatOrigin } from '../../spec/index.js'
import type { Blame, BlamedSetting, FewestFaults, PropertyBlame } from '../run/blame.js'
import { formatSeconds, plural } from './format.js'
import { textTable } from './table.js'

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']

const count = (n: number): string => NUMBERS[n] ?? String(n)

/** Each fault budget as a thing that happens: singular, plural. A fault not listed is named by its key. */
const FAULT_WORDS: Readonly<Partial<Record<string, readonly [string, string]>>> = {
  'broker-crash': ['broker crash', 'broker crashes'],
  'lossy-crash': ['broker power loss', 'broker power losses'],
  'broker-bounce': ['broker bounce', 'broker bounces'],
  'lost-request': ['lost request', 'lost requests'],
  'lost-response': ['lost response', 'lost responses'],
  'delayed-request': ['delayed request', 'delayed requests'],
  'delivery-timeout': ['delivery timeout', 'delivery timeouts'],
  'producer-restart': ['producer restart', 'producer restarts'],
  'consumer-crash': ['consumer crash', 'consumer crashes'],
  'consumer-pause': ['consumer pause past max.poll.interval.ms', 'consumer pauses past max.poll.interval.ms'],
  'coordinator-crash': ['group coordinator failover', 'group coordinator failovers'],
  'add-partition': ['added partition', 'added partitions'],
  'txn-abort': ['transaction abort', 'transaction aborts'],
  'processing-failure': ['processing failure', 'processing failures'],
  eavesdrop: ['eavesdropper', 'eavesdroppers'],
  mitm: ['man-in-the-middle interception', 'man-in-the-middle interceptions'],
}

/** "a, b and c". */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** "one broker crash is enough", "one broker crash and one lost response are enough", "no fault is needed". */
export function faultsText(fewest: FewestFaults): string {
  const faults = Object.entries(fewest.faults).filter(([, n]) => n !== undefined && n > 0) as [string, number][]
  const open = fewest.openBelow === null ? '' : ` (fewer were checked only within ${fewest.openBelow})`
  if (faults.length === 0) return `no fault is needed${open}`
  const phrases = faults.map(([name, n]) => {
    const [one, many] = FAULT_WORDS[name] ?? [name, name]
    return `${count(n)} ${n === 1 ? one : many}`
  })
  const alone = faults.length === 1 && faults[0]![1] === 1
  return `${listed(phrases)} ${alone ? 'is' : 'are'} enough${open}`
}

/** A value as a .properties line would need it: an empty one is written "". */
const shown = (value: string): string => (value === '' ? '""' : value)

/** Where a setting comes from: "producer.properties:3", "MSK default", "Kafka 3.7 default". */
export const settingSource = (setting: BlamedSetting): string =>
  setting.origin === null ? (setting.defaultBy ?? 'default') : formatOrigin(setting.origin)

/** "acks=1 (producer.properties:3; with acks=all it holds)", "unclean.leader.election.enable=true (MSK default; set it to false)". */
function neededText(setting: BlamedSetting): string {
  const { recheck } = setting
  const within = recheck.verdict === 'holds-within' ? ` within ${recheck.bound}, not exhaustively` : ''
  // A client or broker setting names its role: the producers' and the consumers' security.protocol move together.
  const kept = setting.keeping.map(
    ({ block, key, value }) =>
      `${block === 'producer' || block === 'consumer' || block === 'broker' ? `${block} ` : ''}${key}=${value}`,
  )
  const keeping = kept.length === 0 ? '' : ` (together with ${kept.join(', ')})`
  const change =
    setting.origin === null
      ? `set it to ${setting.safe}${keeping}${within === '' ? '' : `: it then holds${within}`}`
      : `with ${setting.setting}=${setting.safe}${keeping} it holds${within}`
  return `${setting.setting}=${shown(setting.value)} (${settingSource(setting)}; ${change})`
}

/** The settings listed as needed: those whose change alone made the property hold (within a bound, said so). */
export const listedSettings = (blame: PropertyBlame): BlamedSetting[] =>
  blame.settings.filter(s => s.recheck.verdict === 'holds' || s.recheck.verdict === 'holds-within')

/** One sentence: "needs acks=1 (producer.properties:3; with acks=all it holds); one broker crash is enough". */
export function blameSummary(blame: PropertyBlame): string {
  const needed = listedSettings(blame)
  const settings =
    needed.length > 0
      ? `needs ${listed(needed.map(neededText))}`
      : blame.settings.length === 0
        ? 'no setting here has a safer value to try'
        : 'no setting changed alone to its safe value makes it hold'
  return `${settings}; ${faultsText(blame.faults)}`
}

/** The candidates that did not help alone, grouped by what their re-check said. */
function unhelpful(blame: PropertyBlame): string | undefined {
  const changed = (verdict: string) =>
    blame.settings.filter(s => s.recheck.verdict === verdict).map(s => `${s.setting}=${s.safe}`)
  const parts = [
    ...(changed('violated').length === 0 ? [] : [`still violated with ${changed('violated').join(', ')}`]),
    ...(changed('rejected').length === 0 ? [] : [`Kafka refuses ${changed('rejected').join(', ')} here`]),
    ...(changed('absent').length === 0 ? [] : [`not checked with ${changed('absent').join(', ')}`]),
  ]
  return parts.length === 0 ? undefined : parts.join('; ')
}

/** The sentence, then what did not help: the explorer's lines, and each property's rows in the report. */
export function blameLines(blame: PropertyBlame): string[] {
  const rest = unhelpful(blame)
  return [blameSummary(blame), ...(rest === undefined ? [] : [rest])]
}

/** The `check` report's section: every blamed property, with how many searches it took. */
export function blameSection(blame: Blame): string[] {
  if (blame.properties.size === 0) return []
  const rows = [...blame.properties.values()].flatMap(property =>
    blameLines(property).map((line, i) => [i === 0 ? property.property : '', line]),
  )
  return [
    `Blame (each setting below changed alone to its safe value, then the fewest faults, each checked again: ` +
      `${plural(blame.rechecks, 'search', 'searches')}, ${formatSeconds(blame.seconds)})`,
    ...textTable(rows, '  '),
    '',
  ]
}
