// The scenario file `kafkacheck init` writes: the team's own files by reference (so the scenario follows them as they
// change), the cluster as resolved, the faults worth exploring with why, the search bound with what each number
// costs, and an expect block to fill in once the verdicts are the ones the team wants.
import { dirname, relative, resolve, sep } from 'node:path'
import type { ScenarioDraft } from '../run/init.js'

const ROLE_FILES = ['topic', 'broker', 'producer', 'consumer'] as const

/** A path as the scenario file must hold it: relative to the scenario's own folder, with forward slashes. */
const fromScenario = (file: string, scenarioFile: string, cwd: string): string =>
  relative(dirname(resolve(cwd, scenarioFile)), resolve(cwd, file))
    .split(sep)
    .join('/')

/** A YAML scalar that reads back as the same text ("3.10" stays a string, not the number 3.1). */
const quoted = (text: string): string => JSON.stringify(text)

export function initScenarioText(draft: ScenarioDraft, scenarioFile: string, cwd: string): string {
  const { files, loaded, given, advice, properties } = draft
  const written = ROLE_FILES.filter(role => files[role] !== undefined)
  const sources = [...(files.spring === undefined ? [] : [files.spring]), ...written.map(role => files[role]!)]
  const lines: string[] = [
    `# Drafted by kafkacheck init from ${sources.join(', ')}.`,
    `# Check it:   kafkacheck check ${scenarioFile}`,
    '# Then write the verdicts you expect under expect: and run `kafkacheck ci <folder>` in CI.',
    `description: The configuration of ${sources.join(', ')}, under the faults below.`,
  ]
  const kafka = loaded.status === 'valid' ? loaded.scenario.kafka : null
  // The version is pinned: a newer kafkacheck's default version would otherwise change the scenario's meaning.
  const version = files.version ?? kafka?.version
  const platform = files.platform ?? (kafka?.platform === 'apache' ? undefined : kafka?.platform)
  lines.push(
    `kafka: { version: ${quoted(version ?? '')}${platform === undefined ? '' : `, platform: ${platform}`} }` +
      '  # the Kafka version whose defaults and fixes apply',
  )
  if (loaded.status === 'valid') {
    const { brokers, producers, consumers } = loaded.scenario.cluster
    lines.push(
      `cluster: { brokers: ${brokers}, producers: ${producers}, consumers: ${consumers} }` +
        '  # consumers: members of the one consumer group',
    )
  }
  if (files.spring !== undefined) {
    const profile = files.springProfile === undefined ? '' : `, profile: ${quoted(files.springProfile)}`
    lines.push(
      `spring: { file: ${quoted(fromScenario(files.spring, scenarioFile, cwd))}${profile} }` +
        '  # the producer, consumer and app settings, as Spring Boot binds them',
    )
  }
  for (const role of written) lines.push(`${role}: { file: ${quoted(fromScenario(files[role]!, scenarioFile, cwd))} }`)

  const active = given.size + advice.filter(a => a.active).length
  lines.push(active === 0 ? 'faults: {}  # none is active; turn one on below' : 'faults:')
  for (const [fault, budget] of given) lines.push(`  ${fault}: ${budget}  # given with --faults`)
  for (const a of advice) lines.push(`  ${a.active ? '' : '# '}${a.fault}: ${a.budget}  # ${a.why}`)

  lines.push(
    'bound:',
    `  messages: ${files.messages ?? 2}  # records the producers send: two show loss, duplicates and reordering; each more multiplies the states`,
    "  retries: 1  # retries per batch the search expands (never a failure: Kafka's own retries decide that); 2 goes deeper, slower",
    '  # depth: 60  # steps from the start; states: 2000000  # distinct states before the search stops',
  )
  // Commented out as a whole: an expect block is what the team decides, after reading the verdicts.
  if (loaded.status === 'rejected')
    lines.push(
      `# Kafka refuses this configuration: ${loaded.issue.refusedBy}: ${loaded.issue.reason}`,
      '# expect:  # every property is `rejected` while Kafka refuses it, e.g.',
      '#   NoLossOfAcked: rejected',
    )
  else {
    lines.push(
      '# expect:  # uncomment, and set each property to holds or violated (kafkacheck check prints the verdicts)',
    )
    for (const property of properties) lines.push(`#   ${property}: holds`)
  }
  return `${lines.join('\n')}\n`
}
