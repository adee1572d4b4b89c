#!/usr/bin/env node
// The kafkacheck binary. It runs the command line compiled into one module, dist/kafkacheck.js, by `npm install`
// (scripts/build.mjs) when dist/ was built from the sources as they are now (bin/dist.js), and otherwise the
// TypeScript sources through tsx, which compiles them as they load (half a second more on every start): an edited
// source never runs as its old code. KAFKACHECK_RUN=dist runs dist/ as it was built, fresh or not;
// KAFKACHECK_RUN=src runs the sources through tsx.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import { BUNDLE, DIST, distStaleness } from './dist.js'

// A large young generation from the start: most successor states die at once (they were seen before). Measured
// 10-15% faster than the default, and starting it at full size another 4-5%. Not for the commands that search
// nothing: their memory is better reused than spread over 192 MB of fresh pages (`list` starts ~40 ms sooner).
const SEARCHES_NOTHING = [undefined, 'list', 'init', 'render', '--help', '-h', '--version', '-v']
if (!SEARCHES_NOTHING.includes(process.argv[2])) {
  v8.setFlagsFromString('--min-semi-space-size=64')
  v8.setFlagsFromString('--max-semi-space-size=64')
}

const root = fileURLToPath(new URL('..', import.meta.url))
const run = process.env.KAFKACHECK_RUN || undefined
if (run !== undefined && run !== 'dist' && run !== 'src') {
  process.stderr.write(`kafkacheck: KAFKACHECK_RUN=${run} is not allowed; allowed: dist, src (or unset)\n`)
  process.exit(2)
}
if (run === 'dist' && !existsSync(new URL(`../${DIST}/${BUNDLE}`, import.meta.url))) {
  process.stderr.write(`kafkacheck: KAFKACHECK_RUN=dist, but ${DIST}/ is not built: run npm run build\n`)
  process.exit(2)
}

if (run === 'dist' || (run === undefined && distStaleness(root) === undefined)) {
  // An internal error's stack (KAFKACHECK_DEBUG=1) names the TypeScript lines, through the build's source maps.
  if (process.env.KAFKACHECK_DEBUG === '1') process.setSourceMapsEnabled(true)
  await import(`../${DIST}/${BUNDLE}`)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  const sources = '../src/main.ts'
  await import(sources)
}
