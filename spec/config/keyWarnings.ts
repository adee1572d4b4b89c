// Warnings for keys in a Kafka-property block that the client or broker would not use: typos, another role's
// properties, and properties newer than the chosen Kafka version.
import { closestKey, INTRODUCED_IN, isKnownKey } from './knownKeys.js'
import { KAFKA_ROLES, type KafkaRole, type Warning } from './raw.js'
import type { BlockReader } from './reader.js'
import type { KafkaVersion } from './types.js'
import { atLeast } from './versions.js'

/** Whether the chosen version's client knows this key at all (enable.idempotence is not a 0.10 property). */
export const existsIn = (role: KafkaRole, key: string, version: KafkaVersion): boolean => {
  const introduced = INTRODUCED_IN[`${role} ${key}`]
  return introduced === undefined || atLeast(version, introduced.version)
}

export function keyWarnings(reader: BlockReader, role: KafkaRole, version: KafkaVersion): Warning[] {
  const warnings: Warning[] = []
  const warn = (key: string, kind: Warning['kind'], message: string) =>
    warnings.push({ kind, origin: reader.origin(key), block: role, key, message })
  for (const key of reader.keys()) {
    const introduced = INTRODUCED_IN[`${role} ${key}`]
    if (introduced !== undefined && !existsIn(role, key, version)) {
      warn(
        key,
        'ignored',
        `${key} is not a ${role} property in Kafka ${version} (it arrived in ${introduced.version} with ` +
          `${introduced.by}); ignored`,
      )
    } else if (!isKnownKey(role, key)) {
      const owner = KAFKA_ROLES.find(other => other !== role && isKnownKey(other, key))
      const closest = closestKey(role, key)
      warn(
        key,
        owner === undefined ? 'unknown-key' : 'ignored',
        owner !== undefined
          ? `${key} is a ${owner} property, not a ${role} one; ignored here`
          : `unknown ${role} property '${key}'${closest === null ? '' : ` (did you mean ${closest}?)`}; ignored`,
      )
    }
  }
  return warnings
}
