// State identity: the only place that decides when two states are the same. A state's canonical encoding
// (Model.encode) is streamed through two independent 32-bit MurmurHash3-style lanes, giving a 64-bit
// fingerprint without building a string or buffer per state. With n distinct states the chance of any
// collision is about n² / 2^65 (TLC's estimate): 1e-7 at two million states. A model without `encode` is encoded by
// plainEncoding.ts, which interns strings and key sets for the life of one Fingerprinter.

import type { Encoder, Model, ActionLike } from './model.js'
import { PlainEncoding, refuseUnlessPlain } from './plainEncoding.js'

const floatView = new Float64Array(1)
const floatWords = new Int32Array(floatView.buffer)

// Tags keep values of different types and shapes from encoding alike (e.g. [1, 2] versus [[1], 2]).
const TAG_INT = 1
const TAG_FLOAT = 2
const TAG_STRING = 3
const TAG_TRUE = 4
const TAG_FALSE = 5
const TAG_NULL = 6
const TAG_UNDEFINED = 7
const TAG_ARRAY = 8
const TAG_OBJECT = 9
/** An object without a prototype (Object.create(null)): a different value from a plain object of the same entries. */
const TAG_BARE_OBJECT = 10

/**
 * Collects a state's 32-bit words into a reused buffer, then hashes them into a 64-bit fingerprint in one tight
 * loop (measured: faster than mixing each word as it arrives, which reads and writes the hash state every call).
 */
export class FingerprintEncoder implements Encoder {
  /** High and low halves of the last finished fingerprint. */
  hi = 0
  lo = 0
  private words = new Int32Array(1024)
  /** Words written since `reset`; compiled encoders (plainEncoding.ts) write the buffer themselves and set it. */
  length = 0
  /** The interning encoding of plain data, when this encoder has one (see `constructor`). */
  private readonly plain: PlainEncoding | undefined

  /**
   * `intern`: encode plain data (`value`, `state`) with strings and key sets interned to ids assigned on first sight,
   * much faster, but fingerprints are then comparable only with others from this same encoder. Without it, plain
   * data is encoded character by character and any two encoders agree. `compileAfter`: states the interning encoding
   * sees before it compiles an encoder for their shapes (plainEncoding.ts, COMPILE_AFTER).
   */
  constructor(options: { readonly intern?: boolean; readonly compileAfter?: number } = {}) {
    this.plain = options.intern ? new PlainEncoding(this, options.compileAfter) : undefined
  }

  /** Reads back a value the interning encoding wrote (PlainEncoding.decode); only an interning encoder can. */
  decode(words: ArrayLike<number>, cursor: { at: number }): unknown {
    if (this.plain === undefined) throw new Error('only an interning encoder reads its words back')
    return this.plain.decode(words, cursor)
  }

  reset(): void {
    this.length = 0
  }

  /** The words written since `reset`: `encodedWords[0, encodedLength)`. */
  get encodedWords(): Int32Array {
    return this.words
  }
  get encodedLength(): number {
    return this.length
  }

  int(value: number): void {
    if (this.length === this.words.length) this.grow()
    this.words[this.length++] = value
  }

  bool(value: boolean): void {
    this.int(value ? TAG_TRUE : TAG_FALSE)
  }

  number(value: number): void {
    if ((value | 0) === value) {
      // -0 takes this path too (-0 | 0 is 0): it and 0 are one number to any spec, so they must be one state.
      this.int(TAG_INT)
      this.int(value)
    } else {
      floatView[0] = value === value ? value : NaN // one NaN, whatever its payload bits
      this.int(TAG_FLOAT)
      this.int(floatWords[0]!)
      this.int(floatWords[1]!)
    }
  }

  str(value: string): void {
    this.int(TAG_STRING)
    this.int(value.length)
    for (let i = 0; i < value.length; i++) this.int(value.charCodeAt(i))
  }

  value(value: unknown): void {
    if (this.plain) this.plain.value(value)
    else this.canonical(value)
  }

  /** A whole state of a model without `encode`: like `value`, through an encoder compiled for its shapes if interning. */
  state(value: unknown): void {
    if (this.plain) this.plain.state(value)
    else this.canonical(value)
  }

  private canonical(value: unknown): void {
    switch (typeof value) {
      case 'number':
        return this.number(value)
      case 'string':
        return this.str(value)
      case 'boolean':
        return this.bool(value)
      case 'undefined':
        return this.int(TAG_UNDEFINED)
      case 'object':
        if (value === null) return this.int(TAG_NULL)
        refuseUnlessPlain(value)
        if (Array.isArray(value)) {
          this.int(TAG_ARRAY)
          this.int(value.length)
          for (const element of value) this.canonical(element)
          return
        }
        return this.object(value as Record<string, unknown>)
      default:
        throw new TypeError(`cannot fingerprint a ${typeof value}: states must be plain data`)
    }
  }

  /** Finishes the fingerprint into `hi` and `lo`; (0, 0) is reserved for empty table slots and never produced. */
  finish(): void {
    const { words, length } = this
    let h1 = 0x9747b28c
    let h2 = 0x5bd1e995
    for (let i = 0; i < length; i++) {
      const word = words[i]!
      let k1 = Math.imul(word, 0xcc9e2d51)
      k1 = Math.imul((k1 << 15) | (k1 >>> 17), 0x1b873593)
      h1 ^= k1
      h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0
      let k2 = Math.imul(word, 0x85ebca6b)
      k2 = Math.imul((k2 << 16) | (k2 >>> 16), 0xc2b2ae35)
      h2 ^= k2
      h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 9) + 0x38495ab5) | 0
    }
    h1 ^= length
    h2 ^= length
    h1 = (h1 + h2) | 0
    h2 = (h2 + h1) | 0
    h1 = fmix32(h1)
    h2 = fmix32(h2)
    h1 = (h1 + h2) | 0
    h2 = (h2 + h1) | 0
    this.hi = h1 >>> 0
    this.lo = h2 >>> 0
    if (this.hi === 0 && this.lo === 0) this.lo = 1
  }

  /** For compiled encoders: sets the length to `length` and returns the buffer, grown to hold `count` more words. */
  room(length: number, count: number): Int32Array {
    this.length = length
    while (length + count > this.words.length) this.grow()
    return this.words
  }

  private grow(): void {
    const words = new Int32Array(this.words.length * 2)
    words.set(this.words)
    this.words = words
  }

  private object(value: Record<string, unknown>): void {
    const keys = Object.keys(value)
    if (!isSorted(keys)) keys.sort()
    this.int(Object.getPrototypeOf(value) === null ? TAG_BARE_OBJECT : TAG_OBJECT)
    this.int(keys.length)
    for (const key of keys) {
      this.str(key)
      this.canonical(value[key])
    }
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false
  return true
}

/**
 * Fingerprints states of one model: applies its symmetry and encoding, leaves the result in `hi`/`lo`. Plain data is
 * interned, so fingerprints compare only within one Fingerprinter: a search and its trace replays share one.
 */
export class Fingerprinter<S, A extends ActionLike> {
  private readonly encoder = new FingerprintEncoder({ intern: true })
  /**
   * Reads a state back from the words `of` left: the one rule for whether a search queues its states as words and
   * expands the copies read back. A model with its own `encode` has its own `decode`, if any. A model without has the
   * engine's plain encoding (PlainEncoding.decode: equal plain data, each key set's keys in the order first met),
   * unless it has `symmetry`, whose words are of its class's representative, not of the state. Undefined: the search
   * queues the objects themselves.
   */
  readonly decode: ((words: ArrayLike<number>, cursor: { at: number }) => S) | undefined

  constructor(private readonly model: Model<S, A>) {
    const { encoder } = this
    const plain = (words: ArrayLike<number>, cursor: { at: number }) => encoder.decode(words, cursor) as S
    this.decode = model.encode ? model.decode : model.symmetry ? undefined : plain
  }

  get hi(): number {
    return this.encoder.hi
  }
  get lo(): number {
    return this.encoder.lo
  }
  /** The last state's encoding: what a packed frontier queues. */
  get words(): Int32Array {
    return this.encoder.encodedWords
  }
  get wordCount(): number {
    return this.encoder.encodedLength
  }

  of(state: S): void {
    const { model, encoder } = this
    const canonical = model.symmetry ? model.symmetry(state) : state
    encoder.reset()
    if (model.encode) model.encode(canonical, encoder)
    else encoder.state(canonical)
    encoder.finish()
  }
}
