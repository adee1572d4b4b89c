// Exhaustiveness is checked by the compiler: this test runs it, so a dispatcher that forgets an action type, or a
// `@ts-expect-error` that no longer catches one, fails the suite.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import type { Action, ActionType } from '../../spec/actions.js'

// A handler table over every action type must list all of them:
// @ts-expect-error ProducerSend and the others are missing
const incomplete: Record<ActionType, (a: Action) => void> = { BrokerCrash: () => {} }

describe('types', () => {
  it('type-checks the whole project, including the expected errors above', () => {
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', '.'], { encoding: 'utf8' })
    expect(run.stdout + run.stderr).toBe('') // tsc prints each error here
    expect(run.status).toBe(0)
    expect(Object.keys(incomplete)).toEqual(['BrokerCrash'])
  })
})
