// Runs once per `vitest run`, in Vitest's own process: a scratch folder where the test workers share the searches
// they make (test/searches.ts), removed at the end of the run. Nothing in it outlives the run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the test workers share this run's searches in. */
    searchesDir: string
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-test-searches-'))
  project.provide('searchesDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
