#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on load, so a fresh `npm install` is all it needs.
import v8 from 'node:v8'
import { register } from 'tsx/esm/api'

// A larger young generation: most successor states die at once (they were seen before). Measured 10-15% faster.
v8.setFlagsFromString('--max-semi-space-size=64')
register()
await import('../src/cli.ts')
