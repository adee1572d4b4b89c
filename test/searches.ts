// One search per scenario and depth in a test run. Many test files explore the same built-in scenarios to the same
// depth (the spec tests for verdicts and traces, the report and render tests for counterexamples, the encoding and
// worker-thread cross-checks for their reference counts); the search is deterministic, so each of them asking again
// would only repeat the same work. The suite runs with `isolate: false`, so this module, and the map in it, is
// shared by every file a worker runs; and the workers share what they searched through a folder that lives for one
// run (test/globalSetup.ts). Results are frozen: a test that changed one would change it for the others.
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { inject } from 'vitest'
import { check, type CheckResult } from '../checker/index.js'
import type { Scenario } from '../spec/config/types.js'
import type { Action, State } from '../spec/index.js'
import { kafkaModel } from '../spec/kafka.js'
import { paramsOf } from '../spec/params.js'

type Result = CheckResult<State, Action>

const searches = new Map<string, Result>()

/** `check(kafkaModel(paramsOf(scenario)), { maxDepth })`, searched once per run; depth: the scenario's bound. */
export function searched(scenario: Scenario, maxDepth: number = scenario.bound.depth): Result {
  const key = `${maxDepth} ${JSON.stringify(scenario)}`
  let result = searches.get(key)
  if (result === undefined) {
    result = deepFreeze(shared(key, () => check(kafkaModel(paramsOf(scenario)), { maxDepth })))
    searches.set(key, result)
  }
  return result
}

/** What another worker of this run searched already, or `search()`, saved for the others. */
function shared(key: string, search: () => Result): Result {
  const file = join(inject('searchesDir'), `${createHash('sha256').update(key).digest('hex')}.v8`)
  if (existsSync(file)) return deserialize(readFileSync(file)) as Result
  const result = search()
  // Written whole, then renamed: a worker never reads half a file. Two workers searching at once both write it.
  const partial = `${file}.${randomUUID()}`
  writeFileSync(partial, serialize(result))
  renameSync(partial, file)
  return result
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
