// The packed codec against the schema it is compiled from: on random schemas and random values of them, decode
// gives back exactly what encode was given (so the encoding is injective: it can never merge two states), and any
// value outside its declared range is refused instead of packed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCodec, wordsOf } from '../../checker/codec.js'
import {
  arrayOf,
  bool,
  counter,
  enumOf,
  history,
  int,
  listOf,
  record,
  resolveLimit,
  setOf,
  validate,
  type Bounds,
  type Schema,
} from '../../checker/schema.js'

/** Random values that fit `schema` under `bounds`. */
function valuesOf(schema: Schema, bounds: Bounds): fc.Arbitrary<unknown> {
  switch (schema.kind) {
    case 'int':
      return fc.integer({ min: resolveLimit(schema.min, bounds), max: resolveLimit(schema.max, bounds) })
    case 'bool':
      return fc.boolean()
    case 'enum':
      return fc.constantFrom(...schema.values)
    case 'set': {
      const max = resolveLimit(schema.max, bounds)
      if (max < 0) return fc.constant([])
      return fc.uniqueArray(fc.integer({ min: 0, max })).map(members => [...members].sort((a, b) => a - b))
    }
    case 'list':
      return fc.array(valuesOf(schema.of, bounds), { maxLength: resolveLimit(schema.maxLength, bounds) })
    case 'array': {
      const length = resolveLimit(schema.length, bounds)
      return fc.array(valuesOf(schema.of, bounds), { minLength: length, maxLength: length })
    }
    case 'record':
      return fc.record(Object.fromEntries(Object.entries(schema.fields).map(([k, f]) => [k, valuesOf(f, bounds)])))
  }
}

/** Random schemas of every kind, nested, with ranges from tiny to a whole word. */
const schemas: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema }>(tie => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
      .map(([min, span]) => int(min, Math.min(min + span, 2 ** 31 - 1))),
    fc
      .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 40 }))
      .map(([min, span]) => int(min, min + span)),
    fc.constant(bool()),
    fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1 }).map(values => enumOf(...values)),
    fc.integer({ min: -1, max: 31 }).map(max => setOf(max)),
    fc.tuple(tie('schema'), fc.integer({ min: 0, max: 5 })).map(([of, max]) => listOf(of, max)),
    fc.tuple(tie('schema'), fc.integer({ min: 0, max: 4 })).map(([of, n]) => arrayOf(of, n, { index: 'i' })),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom('f', 'g', 'h', 'k', 'n'), tie('schema')), {
        selector: ([name]) => name,
        minLength: 1,
        maxLength: 4,
      })
      .map(fields => record('r', Object.fromEntries(fields))),
  ),
})).schema

describe('the packed codec', () => {
  const kinds = record('Example', {
    status: enumOf('queued', 'inFlight', 'acked'),
    offset: int(-1, 'offset'),
    alive: bool(),
    isr: setOf('broker'),
    log: listOf(record('Entry', { message: int(0, 5), epoch: int(0, 'epochs') }), 'offset'),
    queue: listOf(int(0, 5), 8),
    perBroker: arrayOf(int(-1, 'offset'), 3, { index: 'broker' }),
    nested: record('Nested', { flags: arrayOf(bool(), 2, { index: 'i' }), big: int(-(2 ** 31), 2 ** 31 - 1) }),
    seen: history(arrayOf(int(0, 2), 4, { index: 'message' })),
    used: counter(int(0, 3)),
  })
  const bounds = { offset: 20, broker: 2, epochs: 4 }

  it('decodes exactly what it encoded, for every kind of field', () => {
    const codec = compileCodec(kinds, bounds)
    fc.assert(
      fc.property(valuesOf(kinds, bounds), value => {
        const words = wordsOf(codec, value as never)
        const cursor = { at: 0 }
        expect(codec.decode(words, cursor)).toEqual(value)
        expect(cursor.at).toBe(words.length)
      }),
      { numRuns: 500 },
    )
  })

  it('round-trips random schemas, and gives distinct values distinct words', () => {
    fc.assert(
      fc.property(
        schemas.chain(schema => fc.tuple(fc.constant(schema), valuesOf(schema, {}), valuesOf(schema, {}))),
        ([schema, a, b]) => {
          const codec = compileCodec(schema, {})
          const wordsA = wordsOf(codec, a as never)
          const wordsB = wordsOf(codec, b as never)
          expect(codec.decode(wordsA, { at: 0 })).toEqual(a)
          expect(wordsA.join() === wordsB.join()).toBe(JSON.stringify(a) === JSON.stringify(b))
          expect(validate(schema, {}, a)).toEqual([])
        },
      ),
      { numRuns: 400 },
    )
  })

  it('refuses a value outside its range instead of packing it into a neighbour', () => {
    const codec = compileCodec(kinds, bounds)
    const valid = fc.sample(valuesOf(kinds, bounds), { numRuns: 1, seed: 1 })[0] as Record<string, unknown>
    const encode = (changes: Record<string, unknown>) => () => wordsOf(codec, { ...valid, ...changes } as never)
    expect(encode({})).not.toThrow()
    expect(encode({ offset: 21 })).toThrow(/state field Example.offset = 21 is not an integer in \[-1, 20\]/)
    expect(encode({ offset: -2 })).toThrow(RangeError)
    expect(encode({ status: 'failed' })).toThrow(/one of queued, inFlight, acked/)
    expect(encode({ alive: 1 })).toThrow(/a boolean/)
    expect(encode({ isr: [2, 1] })).toThrow(/ascending set/)
    expect(encode({ isr: [3] })).toThrow(/ascending set of integers in \[0, 2\]/)
    expect(encode({ queue: [6] })).toThrow(/Example.queue\[\] = 6/)
    expect(encode({ queue: Array.from({ length: 9 }, () => 0) })).toThrow(/Example.queue.length = 9/)
    expect(encode({ perBroker: [0, 0] })).toThrow(/Example.perBroker.length = 2 is not an integer in \[3, 3\]/)
    expect(encode({ seen: [0, 0, 0, 0, 0] })).toThrow(/Example.seen.length/)
    expect(encode({ log: [{ message: 0, epoch: 5 }] })).toThrow(/Example.log\[\].epoch = 5/)
  })

  it('derives each field width from its range: a wider bound widens the field instead of overflowing it', () => {
    const attempts = record('Batch', { attempts: int(0, 'attempts'), resends: int(0, 1) })
    for (const max of [15, 16, 1000]) {
      const codec = compileCodec(attempts, { attempts: max })
      const words = (value: { attempts: number; resends: number }) => wordsOf(codec, value).join()
      // The hand-packed encoding this replaced put attempts in 4 bits: 16 attempts and 0 resends read as 0 and 1.
      expect(words({ attempts: max, resends: 0 })).not.toBe(words({ attempts: 0, resends: 1 }))
      expect(codec.decode(wordsOf(codec, { attempts: max, resends: 1 }), { at: 0 })).toEqual({
        attempts: max,
        resends: 1,
      })
    }
  })

  it('packs list elements into the words before them: a run of fields never starts a word it fits in', () => {
    const log = record('Log', {
      leader: int(0, 2),
      entries: listOf(record('Entry', { message: int(0, 5), epoch: int(0, 4) }), 20),
    })
    const codec = compileCodec(log, {})
    // 2 + 5 bits of scalars, then 6 bits an entry: the scalars and four entries fill the first word, five the second,
    // the last one the third (a word for the scalars and one an entry made eleven).
    const entries = Array.from({ length: 10 }, (_, i) => ({ message: i % 6, epoch: i % 5 }))
    const words = wordsOf(codec, { leader: 1, entries })
    expect(words).toHaveLength(3)
    expect(codec.decode(words, { at: 0 })).toEqual({ leader: 1, entries })
    expect(wordsOf(codec, { leader: 2, entries: [] })).toHaveLength(1)
  })

  it('compiles once per schema, name and bounds, whatever order the bounds were written in', () => {
    const batch = record('Batch', { attempts: int(0, 'attempts'), resends: int(0, 'resends') })
    const codec = compileCodec(batch, { attempts: 3, resends: 1 })
    expect(compileCodec(batch, { resends: 1, attempts: 3 })).toBe(codec)
    expect(Object.isFrozen(codec)).toBe(true)
    // Any other bound, name or schema is another layout.
    expect(compileCodec(batch, { attempts: 3, resends: 2 })).not.toBe(codec)
    expect(compileCodec(batch, { attempts: 3, resends: 1 }, 'Other')).not.toBe(codec)
    const same = record('Batch', { attempts: int(0, 'attempts'), resends: int(0, 'resends') })
    expect(compileCodec(same, { attempts: 3, resends: 1 })).not.toBe(codec)
    expect(wordsOf(compileCodec(batch, { attempts: 3, resends: 2 }), { attempts: 3, resends: 2 })).toHaveLength(1)
  })

  it('refuses a schema whose range cannot fit a word', () => {
    expect(() => compileCodec(int(0, 2 ** 33), {})).toThrow(/needs 34 bits/)
    expect(() => compileCodec(setOf(32), {})).toThrow(/32-bit mask/)
    expect(() => compileCodec(int(0, 'missing'), {})).toThrow(/bound "missing"/)
  })
})
