// The public surface of spec/config: what a scenario is (types.ts), what the input layer hands over (raw.ts), and
// the resolver that turns one into the other with Kafka's defaults and validation.
export * from './types.js'
export { formatOrigin, KAFKA_ROLES, RESOLVED_BLOCKS, SCENARIO_BLOCKS, SECURITY_BLOCKS } from './raw.js'
export { REDACTED, redacted } from './redact.js'
export type { BlockName, KafkaRole, Origin, RawBlock, RawEntry, RawScenario, Warning, WarningKind } from './raw.js'
export type { ConfigIssue, Resolution } from './issues.js'
export { DEFAULT_KAFKA_VERSION, resolveScenario } from './resolve.js'
export { parseKafkaRelease, type KafkaRelease } from './versions.js'
export { PRODUCER_ERRORS } from './producer.js'
export { replicationFactorError } from './topic.js'
export { closestName, isKnownKey } from './knownKeys.js'
export { defaultSource, SAFE_ALTERNATIVES, type SafeAlternative, type SettingPlace } from './safeAlternatives.js'
export { faultAdvice, type FaultAdvice, type FaultName } from './faultAdvice.js'
