// What a step changed: a structural diff of two states as plain data, so that it covers every variable the
// specification has or will have without listing any. Objects are compared key by key and arrays of equal length
// element by element; an array that grew or shrank (a log, the requests on the wire) is one change, which reads
// better than a list of shifted elements.

/** A step in a path through plain data: an object key or an array index. */
export type PathKey = string | number

/** One changed variable: `after` replaced `before` at `path`; undefined stands for a key that is absent. */
export interface Change {
  readonly path: readonly PathKey[]
  readonly before: unknown
  readonly after: unknown
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every change from `before` to `after`, in the order of the state's own keys. */
export function diffStates(before: unknown, after: unknown): Change[] {
  const changes: Change[] = []
  collect(before, after, [], changes)
  return changes
}

function collect(before: unknown, after: unknown, path: PathKey[], changes: Change[]): void {
  // States share every part a step did not touch, so most comparisons stop here.
  if (Object.is(before, after)) return
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((element, index) => collect(element, after[index], [...path, index], changes))
    return
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter(key => !(key in before))]
    for (const key of keys) collect(before[key], after[key], [...path, key], changes)
    return
  }
  // Two different primitives, arrays of different lengths, or values of different kinds.
  changes.push({ path, before, after })
}
