// Kafka version strings as people write them ("3.7", "3.7.1", "0.11.0.3"), mapped to the minor versions whose
// defaults kafkacheck knows. The patch level is kept because one bug (KAFKA-13598) differs between 3.0.0 and 3.0.1.
import { KAFKA_VERSIONS, type KafkaVersion } from './types.js'

export interface KafkaRelease {
  readonly version: KafkaVersion
  /** The third number ("3.0.1" -> 1); null when only the minor version was given, meaning its latest patch. */
  readonly patch: number | null
}

const isKafkaVersion = (text: string): text is KafkaVersion => (KAFKA_VERSIONS as readonly string[]).includes(text)

/** "3.7", "3.7.0", "3.7.1", and the four-part 0.x form ("0.10.2.1"); null for anything else. */
export function parseKafkaRelease(text: string): KafkaRelease | null {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim())
  if (match === null) return null
  const [, major, minor, third, fourth] = match
  const version = `${Number(major)}.${major === '0' ? minor : Number(minor)}`
  if (!isKafkaVersion(version)) return null
  if (major !== '0' && fourth !== undefined) return null
  return { version, patch: major === '0' || third === undefined ? null : Number(third) }
}

const rank = (version: KafkaVersion) => KAFKA_VERSIONS.indexOf(version)

export const atLeast = (version: KafkaVersion, oldest: KafkaVersion): boolean => rank(version) >= rank(oldest)

/** A default that changed over time: the value in force from each listed version on, oldest first. */
export type Timeline<T> = readonly (readonly [KafkaVersion, T])[]

export function valueAt<T>(timeline: Timeline<T>, version: KafkaVersion): T {
  let current = timeline[0]![1]
  for (const [since, value] of timeline) if (atLeast(version, since)) current = value
  return current
}

export const formatRelease = (release: KafkaRelease): string =>
  release.patch === null ? release.version : `${release.version}.${release.patch}`
