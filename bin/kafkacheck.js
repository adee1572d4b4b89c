#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on load, so a fresh `npm install` is all it needs.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
