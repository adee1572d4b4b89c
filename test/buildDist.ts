// Runs once per `vitest run`, in Vitest's own process, before any test: the binary tests run the compiled JavaScript
// (vitest.config.ts sets KAFKACHECK_RUN=dist), so dist/ is first brought up to date with the sources (scripts/build.mjs;
// nothing to do when it is, some 0.3 s when it is not). A source that does not parse stops the build; the run goes
// on, and the tests that start the binary fail with the build's error (distBuilt) instead of running an old dist/.
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
import type { TestProject } from 'vitest/node'
import { buildDistIfStale } from '../scripts/build.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why dist/ could not be brought up to date for this run, or '' when it was. */
    distBuildError: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  let error = ''
  try {
    await buildDistIfStale(fileURLToPath(new URL('..', import.meta.url)))
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure)
  }
  project.provide('distBuildError', error)
}

/** For a test that starts the binary: throws the build's error if dist/ could not be built for this run. */
export function distBuilt(): void {
  const error = inject('distBuildError')
  if (error !== '') throw new Error(`dist/ could not be built, so the binary would run old code:\n${error}`)
}
