import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

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
  },
})
