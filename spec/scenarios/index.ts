// The built-in scenarios are the YAML files in this folder, one per behaviour worth knowing; each states the verdict
// it expects for every property, so the test suite and `kafkacheck ci spec/scenarios` keep them true.
import { fileURLToPath } from 'node:url'

/**
 * The folder holding the built-in scenario files (`<name>.yaml`): this module's, spec/scenarios/. Compiled, the module
 * runs from dist/spec/scenarios/ (scripts/build.mjs) and the files stay where they are, so that reports name them there.
 */
export const BUILT_IN_SCENARIOS_DIR = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '.' : '../../../spec/scenarios/', import.meta.url),
)
