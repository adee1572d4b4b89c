import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The files that take 8-25 s each, slowest first. Vitest runs the files it has timed before longest first, but a fresh
 * clone (CI) has no timings, and it then starts the largest files, which are not the slowest: the two workers ended
 * 10-20 s apart, one of them on parallel.test.ts alone.
 */
const SLOWEST = [
  'test/spec/parallel.test.ts',
  'test/spec/encoding.test.ts',
  'test/src/cli/builtInScenarios.test.ts',
  'test/src/run/blame.test.ts',
  'test/spec/fidelity.test.ts',
  'test/checker/randomGraphs.test.ts',
  'test/src/cli/binary.test.ts',
]

/** Vitest's order, with the slowest files first. */
class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOWEST.findIndex(name => file.moduleId.endsWith(name))
      return at < 0 ? SLOWEST.length : at
    }
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    setupFiles: ['test/setup.ts'],
    // dist/ brought up to date with the sources (test/buildDist.ts), and a scratch folder for one run, where the two
    // workers share the searches of built-in scenarios (test/searches.ts).
    globalSetup: ['test/buildDist.ts', 'test/globalSetup.ts'],
    // The binary tests start `node bin/kafkacheck.js` as shipped: the compiled JavaScript in dist/, never the
    // TypeScript through tsx (its fall-back when dist/ is stale; test/src/cli/dist.test.ts covers the choice).
    env: { KAFKACHECK_RUN: 'dist' },
    // A worker per core. Vitest's default keeps one core for its own process, which idles while the files run, and
    // so runs one file at a time on a 2-core machine.
    maxWorkers: availableParallelism(),
    // Test files share their worker's module cache instead of reloading the spec for each file: 70 s instead of
    // 80-90 s here. Nothing in the suite relies on fresh module state (fast-check's seed is set again per file).
    isolate: false,
    sequence: { sequencer: SlowestFirst },
  },
})
