// What a step changed: a structural diff of two states, so that it covers every variable the specification has or
// will have without listing any. Objects are compared key by key and arrays of equal length element by element;
// an array that grew or shrank is one change, which reads better than a list of shifted elements. Given the state's
// schema, a list or a set (a log, the requests on the wire, an ISR) is always one value, as the state listing shows
// it: "ISR {1, 2} → {1, 3}" rather than the one member that moved.

import type { Schema } from '../../checker/index.js'
import { childSchema, type PathKey } from './schemaPath.js'

export type { PathKey } from './schemaPath.js'

/** One changed variable: `after` replaced `before` at `path`; undefined stands for a key that is absent. */
export interface Change {
  readonly path: readonly PathKey[]
  readonly before: unknown
  readonly after: unknown
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every change from `before` to `after`, in the order of the state's own keys; `schema` describes them, if known. */
export function diffStates(before: unknown, after: unknown, schema?: Schema): Change[] {
  const changes: Change[] = []
  collect(before, after, [], changes, schema)
  return changes
}

function collect(before: unknown, after: unknown, path: PathKey[], changes: Change[], schema?: Schema): void {
  // States share every part a step did not touch, so most comparisons stop here.
  if (Object.is(before, after)) return
  if (schema?.kind === 'list' || schema?.kind === 'set') {
    if (!sameValue(before, after)) changes.push({ path, before, after })
    return
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    const element = childSchema(schema, 0)
    before.forEach((value, index) => collect(value, after[index], [...path, index], changes, element))
    return
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter(key => !(key in before))]
    for (const key of keys) collect(before[key], after[key], [...path, key], changes, childSchema(schema, key))
    return
  }
  // Two different primitives, arrays of different lengths, or values of different kinds.
  changes.push({ path, before, after })
}

/** Whether two plain values are equal, part by part: states read back from a file share no parts at all. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, i) => sameValue(value, b[i]))
  if (!isRecord(a) || !isRecord(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every(key => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
}
