// The interning, compiled encoding of plain data that models without `encode` are fingerprinted by: within one
// encoder, equal fingerprints exactly for equal plain data, however the shapes seen change along the way.
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { check, FingerprintEncoder, type Model } from '../../checker/index.js'
import { twoPhasePlain } from '../../bench/twoPhasePlain.js'

/**
 * A state fingerprinter as a search has one: one interning encoder for every state. It compiles after 8 states, not
 * after thousands as a search does, so that these few values meet the compiled code and its recompilations.
 */
const interning = () => {
  const encoder = new FingerprintEncoder({ intern: true, compileAfter: 8 })
  return (state: unknown) => {
    encoder.reset()
    encoder.state(state)
    encoder.finish()
    return `${encoder.hi}:${encoder.lo}`
  }
}

/** An interning encoder with its last state's words read back: what a search queues and expands. */
const roundTrip = () => {
  const encoder = new FingerprintEncoder({ intern: true, compileAfter: 8 })
  return (state: unknown) => {
    encoder.reset()
    encoder.state(state)
    const words = encoder.encodedWords.slice(0, encoder.encodedLength)
    const cursor = { at: 0 }
    const back = encoder.decode(words, cursor)
    return { back, read: cursor.at, written: words.length }
  }
}

/** The reference: a canonical text of plain data, keys sorted, -0 as 0, every NaN alike, objects without a prototype marked. */
function canonical(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return `n${Object.is(value, -0) ? '0' : String(value)}`
    case 'string':
      return `s${JSON.stringify(value)}`
    case 'boolean':
      return `b${value}`
    case 'undefined':
      return 'u'
    default:
      if (value === null) return 'null'
      if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
      return `${Object.getPrototypeOf(value) === null ? '!' : ''}{${Object.keys(value as object)
        .sort()
        .map(key => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
        .join(',')}}`
  }
}

/**
 * The pairs [i, j] whose fingerprints are equal where their canonical texts differ, or the other way round: none for an
 * exact encoding. (One assertion for all pairs: thousands of `expect` calls cost more than the encoding they test.)
 */
function disagreements(prints: readonly string[], texts: readonly string[]): [number, number][] {
  const wrong: [number, number][] = []
  for (let i = 0; i < prints.length; i++)
    for (let j = i + 1; j < prints.length; j++)
      if ((prints[i] === prints[j]) !== (texts[i] === texts[j])) wrong.push([i, j])
  return wrong
}

/** Plain data over small alphabets, so that equal values and shared shapes are common. */
const { plain } = fc.letrec<{ plain: unknown }>(tie => ({
  plain: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      0,
      -0,
      1,
      -1,
      NaN,
      Infinity,
      -Infinity,
      0.5,
      -0.5,
      2 ** 27 - 1,
      2 ** 27,
      -(2 ** 27),
      -(2 ** 27) - 1,
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom('', 'a', 'b', 'type', '1', 'working'),
    fc.string({ maxLength: 4 }),
    fc.array(tie('plain'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'type', 'rm', '', '1', '10'), tie('plain'), { maxKeys: 4 }),
    // Without a prototype (Object.create(null)), and with keys a literal or a prototype would misread.
    fc
      .dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'a b', '"'), tie('plain'), { maxKeys: 3 })
      .map(entries => Object.assign(Object.create(null) as object, entries)),
  ),
}))

/** The same data with every object's keys inserted in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed)
  if (value === null || typeof value !== 'object') return value
  const copy = (Object.getPrototypeOf(value) === null ? Object.create(null) : {}) as Record<string, unknown>
  for (const key of Object.keys(value).reverse()) {
    // Defined, not assigned: an own "__proto__" key stays a key.
    Object.defineProperty(copy, key, {
      value: reversed((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy
}

describe('the interning encoding of plain data', () => {
  it('gives equal fingerprints exactly to equal plain data, key order and -0 aside, before and after compiling', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 2, maxLength: 40 }), values => {
        const fingerprint = interning()
        // Reversed copies and repeats interleaved, so a value meets the compiled code in another key order.
        const all = [...values, ...values.map(reversed), ...values]
        expect(disagreements(all.map(fingerprint), all.map(canonical))).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('stays exact where one place sees more strings and key sets than the compiled code keeps as literals', () => {
    const names = 'abcdefghijklmnop'.split('')
    const record = fc.record({ tag: fc.constantFrom(...names), body: plain, rest: fc.array(fc.constantFrom(...names)) })
    fc.assert(
      fc.property(fc.array(record, { minLength: 10, maxLength: 80 }), values => {
        const fingerprint = interning()
        const all = [...values, ...values.map(reversed)]
        expect(disagreements(all.map(fingerprint), all.map(canonical))).toEqual([])
      }),
      { numRuns: 100 },
    )
  })

  it('agrees with itself on pairs whatever was encoded first', () => {
    fc.assert(
      fc.property(plain, plain, fc.array(plain, { maxLength: 20 }), (a, b, before) => {
        const fingerprint = interning()
        before.forEach(fingerprint)
        expect(fingerprint(a) === fingerprint(b)).toBe(canonical(a) === canonical(b))
        expect(fingerprint(a)).toBe(fingerprint(reversed(a)))
      }),
      { numRuns: 500 },
    )
  })

  it('handles a shape change after the encoder was compiled for the first shapes', () => {
    const fingerprint = interning()
    const state = (n: number) => ({
      count: n,
      phase: n % 2 === 0 ? 'even' : 'odd',
      log: [n, n + 1],
      peer: { id: 'p1' },
    })
    const first = Array.from({ length: 200 }, (_, n) => fingerprint(state(n)))
    expect(new Set(first).size).toBe(200)

    const s = state(4)
    expect(fingerprint({ peer: s.peer, log: s.log, phase: s.phase, count: s.count })).toBe(first[4]) // key order
    expect(fingerprint({ ...s, extra: undefined })).not.toBe(first[4]) // an added key
    expect(fingerprint({ count: 4, phase: 'even', log: [4, 5] })).not.toBe(first[4]) // a removed key
    expect(fingerprint({ ...s, count: '4' })).not.toBe(first[4]) // a string where a number was
    expect(fingerprint({ ...s, phase: 0 })).not.toBe(fingerprint({ ...s, phase: '0' }))
    expect(fingerprint({ ...s, count: 4.5 })).not.toBe(first[4])
    expect(fingerprint({ ...state(0), count: -0 })).toBe(first[0])
    const otherNaN = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0]! // a NaN with another payload
    expect(fingerprint({ ...s, count: otherNaN })).toBe(fingerprint({ ...s, count: NaN }))
    expect(fingerprint({ ...s, log: [4, '5'] })).not.toBe(first[4])
    expect(fingerprint({ ...s, log: [4, 5, 6] })).not.toBe(first[4])
    expect(fingerprint({ ...s, peer: { id: 'p2' } })).not.toBe(first[4]) // a string never seen there
    expect(fingerprint({ ...s, peer: ['p1'] })).not.toBe(first[4])
    expect(fingerprint({ ...s, peer: null })).not.toBe(fingerprint({ ...s, peer: undefined }))
    // Longer than the encoder's first buffer, through the compiled code: the last element still counts.
    const long = Array.from({ length: 5000 }, (_, i) => i % 10)
    expect(fingerprint({ ...s, log: long })).not.toBe(fingerprint({ ...s, log: [...long.slice(0, -1), 7] }))
    expect(fingerprint({ ...s, log: long })).toBe(fingerprint({ ...s, log: [...long] }))
    // The same where the interpreter grows the buffer in the middle of the compiled code (`a` was an object).
    const fresh = interning()
    for (let n = 0; n < 20; n++) fresh({ a: { id: 'x' }, z: n })
    const grown = fresh({ a: long, z: 1 })
    expect(fresh({ a: long, z: 1 })).toBe(grown)
    expect(fresh({ a: long, z: 2 })).not.toBe(grown)
    // Every state the encoder saw before its recompilations still has its fingerprint.
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 1000; n++) fingerprint({ [`k${n % 50}`]: n, shape: n % 7 === 0 ? [n] : `s${n}` })
      expect(Array.from({ length: 200 }, (_, n) => fingerprint(state(n)))).toEqual(first)
    }
  })

  it('encodes strings by their characters once the intern table is full, each string always the same way', () => {
    const fingerprint = interning()
    const early = fingerprint({ name: 'early', tags: ['x'] })
    for (let i = 0; i < 1 << 18; i++) fingerprint({ name: `n${i}`, tags: [] })
    const late = (name: string) => fingerprint({ name, tags: ['x'] })
    expect(late('early')).toBe(early)
    expect(late(['la', 'te'].join(''))).toBe(late('late'))
    expect(late('late')).not.toBe(late('later'))
    expect(late('a')).not.toBe(late('a\u0000'))
    expect(late('')).not.toBe(late('\u0000'))
    expect(late('ab')).not.toBe(late('ba'))
    expect(fingerprint({ name: 'n7', tags: ['late'] })).not.toBe(fingerprint({ name: 'n7', tags: ['lat'] }))
  })

  it('reads back strings encoded by their characters once the intern table is full', () => {
    const read = roundTrip()
    for (let i = 0; i < 1 << 18; i++) read({ name: `n${i}`, tags: [] })
    for (const name of ['', 'a', 'ab', 'abc', '\u0000', 'a\u0000', '\uffff\ud83d\ude00x', 'n7', 'late'])
      expect(read({ name, tags: [name] }).back).toEqual({ name, tags: [name] })
  })

  it('reads back equal plain data, every word and nothing more, before and after compiling', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 40 }), values => {
        const read = roundTrip()
        const fingerprint = interning()
        const all = [...values, ...values.map(reversed), ...values]
        const wrong = all.flatMap((value, i) => {
          const { back, read: at, written } = read(value)
          return canonical(back) === canonical(value) && at === written ? [] : [{ i, value, back, at, written }]
        })
        expect(wrong).toEqual([])
        // What is read back is the state itself to the engine: the same fingerprint.
        expect(all.map(value => fingerprint(read(value).back))).toEqual(all.map(fingerprint))
      }),
      { numRuns: 300 },
    )
  })

  it('reads objects back as new plain objects, keys in the order their key set was first met, "__proto__" an own key', () => {
    const read = roundTrip()
    const shared = { id: 'p1' }
    const { back } = read({ z: 1, a: [shared, shared], m: { b: -0, a: undefined } })
    expect(Object.keys(back as object)).toEqual(['z', 'a', 'm'])
    const { a, m } = back as { a: object[]; m: Record<string, unknown> }
    expect(a[0]).toEqual(shared)
    expect(a[0]).not.toBe(a[1]) // one object twice is two equal objects
    expect(Object.keys(m)).toEqual(['b', 'a'])
    expect(Object.is(m.b, 0)).toBe(true)
    expect('a' in m).toBe(true)
    // Met later in another order, the key set reads back in its first: one hidden class for all its copies.
    expect(Object.keys(read({ m: { a: 1, b: 2 }, a: [], z: 0 }).back as object)).toEqual(['z', 'a', 'm'])
    expect(Object.keys((read({ z: 0, a: [], m: { a: 1, b: 2 } }).back as { m: object }).m)).toEqual(['b', 'a'])
    const own = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as object
    const ownBack = read(own).back as object
    expect(Object.getPrototypeOf(ownBack)).toBe(Object.prototype)
    expect(Object.keys(ownBack)).toEqual(['__proto__', 'y'])
    expect(canonical(ownBack)).toBe(canonical(own))
  })

  it('refuses what is not plain data instead of encoding it by its keys, before and after compiling', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    class List extends Array<number> {}
    const refused: [unknown, string][] = [
      [new Map([['a', 1]]), 'a Map'],
      [new Set([1]), 'a Set'],
      [new Date(0), 'a Date'],
      [new Point(1), 'a Point'],
      [new Uint8Array(2), 'a Uint8Array'],
      [List.from([1]), 'a List'],
      [Object.create({ inherited: 1 }) as object, 'an object with a prototype of its own'],
    ]
    const interned = interning()
    // Compiled for an empty object and an array at `value`, which a Map's and a List's keys would pass for.
    for (let n = 0; n < 20; n++) interned({ n, value: n % 2 === 0 ? {} : [n] })
    const plainOnly = new FingerprintEncoder()
    for (const [value, name] of refused) {
      const message = `cannot fingerprint ${name}: states must be plain data`
      expect(() => interned({ n: 1, value }), name).toThrow(message)
      expect(() => plainOnly.value({ value }), name).toThrow(message)
    }
    // Without a prototype, an object is another value than a plain one (`'toString' in it` is false), and stays one.
    const bare = Object.assign(Object.create(null) as object, { a: 1 })
    expect(interned({ n: 1, value: bare })).not.toBe(interned({ n: 1, value: { a: 1 } }))
    const canonicalPrint = (value: unknown) => {
      plainOnly.reset()
      plainOnly.value(value)
      plainOnly.finish()
      return `${plainOnly.hi}:${plainOnly.lo}`
    }
    expect(canonicalPrint({ value: bare })).not.toBe(canonicalPrint({ value: { a: 1 } }))
    const read = roundTrip()
    for (let n = 0; n < 20; n++) read({ n, value: n % 2 === 0 ? bare : { a: n } })
    const back = read({ n: 1, value: bare }).back as { value: object }
    expect(Object.getPrototypeOf(back.value)).toBe(null)
    expect(back.value).toEqual(bare)
    // An array or an object from another realm has another Array.prototype or Object.prototype: refused, by name.
    expect(() => interned({ n: 1, value: runInNewContext('[1]') as unknown })).toThrow(
      'cannot fingerprint an Array of another realm (a vm context)',
    )
  })

  it('counts the states of a model whose state changes shape mid-run, and rebuilds its traces', () => {
    type State = { readonly n: number; readonly tag?: string | number; readonly [flag: string]: unknown }
    const model: Model<State, { type: 'Step'; k: number }> = {
      init: () => [{ n: 0 }],
      *actions(s) {
        if (s.n < 30) for (let k = 0; k < 3; k++) yield { type: 'Step', k }
      },
      // k 0: a tag that is a number, then a string; k 1: the tag first, in another key order; k 2: a flag per n.
      next: (s, { k }) =>
        k === 0
          ? { n: s.n + 1, tag: s.n % 2 === 0 ? s.n % 3 : `${s.n % 3}` }
          : k === 1
            ? { tag: s.n % 3, n: s.n + 1 }
            : { n: s.n + 1, [`f${s.n % 4}`]: true },
      invariants: { BelowTwenty: s => s.n < 20 },
    }
    // Per n >= 1: tags 0..2 as numbers, tags '0'..'2' as strings (each only at some n), no tag with one flag.
    const expected = new Set<string>()
    for (let n = 0; n < 30; n++) {
      expected.add(canonical({ n: n + 1, tag: n % 2 === 0 ? n % 3 : `${n % 3}` }))
      expected.add(canonical({ n: n + 1, tag: n % 3 }))
      expected.add(canonical({ n: n + 1, [`f${n % 4}`]: true }))
    }
    const result = check(model)
    expect(result.stats.distinctStates).toBe(expected.size + 1)
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant') return expect.fail('expected an invariant violation')
    const trace = violation.trace
    expect(trace).toHaveLength(21)
    expect(trace.at(-1)!.state.n).toBe(20)
  })

  it('searches objects without a prototype as they are: their copies have no inherited names either', () => {
    type State = { readonly names: Readonly<Record<string, true>> }
    const names = ['constructor', 'toString', 'x']
    const model: Model<State, { type: 'Add'; name: string }> = {
      init: () => [{ names: Object.create(null) as Record<string, true> }],
      actions: s => names.filter(name => !(name in s.names)).map(name => ({ type: 'Add', name })),
      next: (s, { name }) => ({ names: Object.assign(Object.create(null) as object, s.names, { [name]: true }) }),
      invariants: {},
    }
    // Every subset of the three names; with symmetry the objects themselves are queued, not read back.
    expect(check(model).stats.distinctStates).toBe(8)
    expect(check({ ...model, symmetry: s => s }).stats.distinctStates).toBe(8)
  })

  it("rebuilds the counterexample of a model that follows its keys' order, as the search took it", () => {
    // Its bag is made again in the other order, then its first key taken: the search takes it from the read-back copy,
    // whose keys are in the order the key set was first met in ('a' first), so the replay must too.
    type State = { readonly bag: Readonly<Record<string, true>>; readonly turned: boolean; readonly taken: string }
    const model: Model<State, { type: 'Turn' } | { type: 'Take' }> = {
      init: () => [{ bag: { a: true, b: true }, turned: false, taken: '' }],
      actions: s => (s.turned ? (s.taken === '' ? [{ type: 'Take' }] : []) : [{ type: 'Turn' }]),
      next: (s, action) =>
        action.type === 'Turn'
          ? { ...s, bag: { b: true, a: true }, turned: true }
          : { ...s, taken: Object.keys(s.bag)[0]! },
      invariants: { TakesNothing: s => s.taken === '' },
    }
    const result = check(model)
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant') return expect.fail('expected an invariant violation')
    expect(violation.trace.map(step => step.state.taken)).toEqual(['', '', 'a'])
  })

  it('ends an invariant counterexample on the state as next returned it, which the invariant failed on', () => {
    // The invariant reads the key order, which the search's read-back copy does not keep: it failed on the original.
    type State = { readonly bag: Readonly<Record<string, true>>; readonly turned: boolean }
    const model: Model<State, { type: 'Turn' }> = {
      init: () => [{ bag: { a: true, b: true }, turned: false }],
      actions: s => (s.turned ? [] : [{ type: 'Turn' }]),
      next: s => ({ ...s, bag: { b: true, a: true }, turned: true }),
      invariants: { AFirst: s => Object.keys(s.bag)[0] === 'a' },
    }
    const result = check(model)
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant') return expect.fail('expected an invariant violation')
    expect(violation.trace).toHaveLength(2)
    expect(model.invariants.AFirst!(violation.trace.at(-1)!.state)).toBe(false)
  })

  it('reads back objects of very many keys, and of key sets past those it generates a function for', () => {
    const read = roundTrip()
    const wide = Object.fromEntries([...Array.from({ length: 300 }, (_, i) => [`k${299 - i}`, i]), ['__proto__', 1]])
    const back = read({ wide }).back as { wide: object }
    expect(Object.keys(back.wide)).toEqual(Object.keys(wide))
    expect(Object.getPrototypeOf(back.wide)).toBe(Object.prototype)
    expect(back.wide).toEqual(wide)
    for (let i = 0; i < 1100; i++) read({ [`only${i}`]: i })
    const late = JSON.parse('{"z": 1, "__proto__": 2, "a": [3]}') as object
    const lateBack = read(late).back as object
    expect(Object.keys(lateBack)).toEqual(['z', '__proto__', 'a'])
    expect(Object.getPrototypeOf(lateBack)).toBe(Object.prototype)
    expect(canonical(lateBack)).toBe(canonical(late))
  })

  it('rebuilds a counterexample of a plain-object model through the same interning', () => {
    const base = twoPhasePlain(3)
    const result = check({
      ...base,
      invariants: { NobodyCommits: s => !Object.values(s.rmState).includes('committed') },
    })
    if (result.status !== 'violated') return expect.fail('expected a violation')
    const [violation] = result.violations
    if (violation?.kind !== 'invariant') return expect.fail('expected an invariant violation')
    const trace = violation.trace
    expect(trace.at(-1)!.state.rmState).toMatchObject({ r1: 'committed' })
    // Shortest: three prepares, three receipts, the commit and one resource manager learning of it.
    expect(trace).toHaveLength(9)
    expect(trace.at(-1)!.action?.type).toBe('RMRcvCommitMsg')
    for (let i = 1; i < trace.length; i++)
      expect(base.next(trace[i - 1]!.state, trace[i]!.action!)).toEqual(trace[i]!.state)
  })
})
