// Following a path through a state in the state's schema, so that the diff and the variable names read the shape
// from the declaration (spec/state.ts) instead of from field names they would have to know.

import type { Schema } from '../../checker/index.js'

/** A step in a path through plain data: an object key or an array index. */
export type PathKey = string | number

/** The schema of `key` under `schema`: a record's field, or an array's or a list's element; undefined if unknown. */
export function childSchema(schema: Schema | undefined, key: PathKey): Schema | undefined {
  if (schema === undefined) return undefined
  if (typeof key === 'string')
    return schema.kind === 'record' && Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined
  return schema.kind === 'array' || schema.kind === 'list' ? schema.of : undefined
}

/** The schema of the value at `path` under `root`, or undefined where the schema declares nothing there. */
export const schemaAt = (root: Schema, path: readonly PathKey[]): Schema | undefined =>
  path.reduce<Schema | undefined>(childSchema, root)
