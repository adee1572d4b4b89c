// The public surface of src/input: reading scenario files, .properties files and CLI flags into a resolved Scenario.
export { loadScenarioFile, readScenarioFile, readScenarioFlags, scenarioFromFlags } from './scenario.js'
export type { ScenarioFlags } from './scenario.js'
export { formatIssue, formatWarning, unreadable } from './errors.js'
export type { InputIssue, LoadResult } from './errors.js'
export { parseProperties, type PropertyLine } from './properties.js'
export { KEY_ALIASES, normalizeProperty, parseSpringDuration, SPRING_PASS_THROUGH, VALUE_ALIASES } from './dialects.js'
export type { Dialect, KeyAlias, ValueAlias } from './dialects.js'
