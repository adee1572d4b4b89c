// Runs once per `vitest run`, in Vitest's own process, before any test: the binary tests run the compiled JavaScript
// (vitest.config.ts sets KAFKACHECK_RUN=dist), so dist/ is first brought up to date with the sources (scripts/build.mjs;
// nothing to do when it is, some 0.3 s when it is not). A source that does not parse fails the run here.
import { fileURLToPath } from 'node:url'
import { buildDistIfStale } from '../scripts/build.mjs'

export default async function setup(): Promise<void> {
  await buildDistIfStale(fileURLToPath(new URL('..', import.meta.url)))
}
