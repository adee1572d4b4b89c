// The configuration a run checked, as the real clients and brokers of that Kafka version would run it: Kafka's own
// property names grouped by role, one per line so that they read (and paste) like a .properties file, then
// kafkacheck's own blocks on one line each, then whatever the resolver warned about.
import { formatWarning } from '../input/index.js'
import type { Scenario, Warning } from '../../spec/index.js'

/** Everything resolved about a scenario except what names it and what it expects. */
export type EffectiveConfig = Omit<Scenario, 'name' | 'description' | 'expect'>

export function effectiveConfig(scenario: Scenario): EffectiveConfig {
  const { kafka, cluster, topic, broker, producer, consumer, app, faults, bound } = scenario
  return { kafka, cluster, topic, broker, producer, consumer, app, faults, bound }
}

const KAFKA_ROLES = ['topic', 'broker', 'producer', 'consumer'] as const

const settingValue = (value: unknown): string =>
  Array.isArray(value) ? value.join(',') : value === null ? 'null' : String(value)

const settings = (block: object): string[] =>
  Object.entries(block).map(([key, value]) => `${key}=${settingValue(value)}`)

export function formatEffectiveConfig(scenario: Scenario, warnings: readonly Warning[]): string[] {
  const label = (name: string) => `  ${name.padEnd(10)}`
  const { version, platform, metadata } = scenario.kafka
  const lines = [`Effective configuration (Kafka ${version}, ${platform}, ${metadata})`]
  lines.push(label('cluster') + settings(scenario.cluster).join(' '))
  for (const role of KAFKA_ROLES) {
    // A scenario without consumers has no consumer configuration that matters; printing the defaults would mislead.
    if (role === 'consumer' && scenario.cluster.consumers === 0) {
      lines.push(`${label(role)}none (cluster consumers=0)`)
      continue
    }
    settings(scenario[role]).forEach((setting, i) => lines.push((i === 0 ? label(role) : label('')) + setting))
  }
  lines.push(label('app') + settings(scenario.app).join(' '))
  const faults = Object.entries(scenario.faults).filter(([, budget]) => budget > 0)
  lines.push(label('faults') + (faults.length === 0 ? 'none' : faults.map(([name, n]) => `${name}=${n}`).join(' ')))
  lines.push(label('bound') + settings(scenario.bound).join(' '))
  if (warnings.length > 0) lines.push('Warnings', ...warnings.map(warning => `  ${formatWarning(warning)}`))
  return lines
}
