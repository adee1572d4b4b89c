// The generic encoding of plain data for one search, fast: what a model without `encode` is fingerprinted by.
// Strings and objects' key sets are interned to small ids, so a string costs one word instead of its characters and
// an object's keys one word in all; and from the shapes the first 16,384 states show (COMPILE_AFTER), an encoder is
// compiled (straight-line JavaScript, as the packed codec is) that reads each field by name and compares strings to
// the literals seen there, as V8's hidden classes and inline caches do. A value the compiled code did not foresee
// (another key set, a string never seen at that place, a number where a string was) goes to the interpreter, which
// encodes it alike and records it; enough of those and the encoder is compiled again from what was recorded.
//
// Words: the low 4 bits are a tag, the high 28 a payload (an int, a length, an id). Every value starts with one tag
// word that says how many words or values follow, so the encoding is prefix-free; interned ids are never reused, so
// within one table equal words mean equal data (key order ignored, -0 as 0, every NaN one NaN). Ids depend on the
// order values were first seen, so words and fingerprints compare only within one PlainEncoding: the one a
// Fingerprinter owns for a whole search, the trace replay included. The words also read back (`decode`), so the search
// queues such states packed as it queues those of a model with its own codec.

import type { FingerprintEncoder } from './fingerprint.js'

const SMALL_INT = 1
const INT = 2
const FLOAT = 3
const NAN = 4
const STRING = 5
const TRUE = 6
const FALSE = 7
const NULL = 8
const UNDEFINED = 9
const ARRAY = 10
const OBJECT = 11
const CHARACTERS = 12

/** Payloads are 28 bits: ids and lengths below this, small ints from -SMALL to SMALL - 1. */
const PAYLOAD_LIMIT = 1 << 28
const SMALL = 1 << 27

/**
 * Strings interned at most, so that a model with ever new strings does not keep them all alive (some 15 MB at most);
 * strings met after the table filled are encoded by their characters.
 */
const MAX_INTERNED_STRINGS = 1 << 18
/** How many distinct strings a place keeps as literals in the compiled code; others there are looked up in the table. */
const MAX_LITERALS = 8
/** How many key sets (in insertion order) a place keeps before it leaves objects to the interpreter. */
const MAX_SHAPES = 4
/**
 * States encoded by the interpreter before the first compilation, by default. V8 takes long over the code compiled
 * for a large state (50 KB of it for a Kafka state): the 60 built-in scenarios searched with the generic encoding took
 * 8.0 s compiling after 8 states, 5.3 s after 16,384, and 5.1 s never compiling; a search of 146,858 Kafka states took
 * 2.9 s after 16,384 against 3.2 s after 8, and TwoPhase-7 in plain objects is no slower.
 */
const COMPILE_AFTER = 16_384
/** Interpreter calls from compiled code before the next compilation; doubles every time. */
const FIRST_MISS_BUDGET = 32
const MAX_COMPILATIONS = 12
/**
 * Keys of an object `decode` builds by a generated literal. Past a few hundred keys V8 keeps an object as a dictionary,
 * so a literal gains nothing over a loop; and a literal of ~120,000 keys (one local each) overflows the stack.
 */
const MAX_LITERAL_KEYS = 256
/** Key sets `decode` generates a function for; objects used as dictionaries can have tens of thousands of key sets. */
const MAX_GENERATED_BUILDERS = 1024
/** Places compiled in one encoder; deeper or wider data beyond it goes to the interpreter. */
const MAX_COMPILED_PLACES = 2000

const floatView = new Float64Array(1)
const floatWords = new Int32Array(floatView.buffer)

const NO_WORDS: ArrayLike<number> = []
const PLAIN_DATA = 'plain objects, arrays, strings, numbers, booleans, null and undefined'

/**
 * Refuses an object that is neither a plain object (of Object.prototype or none) nor an array: Object.keys sees no
 * entries in a Map or a Set and no fields of a Date, so encoded by their keys all Maps would be one state.
 */
export function refuseUnlessPlain(value: object): void {
  const prototype: unknown = Object.getPrototypeOf(value)
  const plain = Array.isArray(value)
    ? prototype === Array.prototype
    : prototype === Object.prototype || prototype === null
  if (plain) return
  const constructor = (prototype as { constructor?: unknown } | null)?.constructor
  // A class instance by its class's name; an object made with Object.create from another object, by what it is.
  const name = typeof constructor === 'function' && constructor.prototype === prototype ? constructor.name : ''
  const what =
    name === 'Object' || name === 'Array'
      ? `an ${name} of another realm (a vm context)`
      : name !== ''
        ? `a ${name}`
        : 'an object with a prototype of its own'
  throw new TypeError(
    `cannot fingerprint ${what}: states must be plain data (${PLAIN_DATA}), or the model must encode them itself`,
  )
}

/** An array of this realm's Array.prototype (not a subclass, nor another realm's): the only kind compiled code encodes. */
const isPlainArray = (value: object): boolean => Object.getPrototypeOf(value) === Array.prototype

/** One insertion order of an object's keys, and the interned key set it belongs to. */
interface Shape {
  /** As Object.keys gives them. */
  readonly keys: readonly string[]
  readonly keySet: KeySet
}

/**
 * What an object's tag word stands for: its keys, sorted, and whether it has no prototype (Object.create(null)), which
 * makes it a different value from a plain object of the same entries (`'toString' in it` is false).
 */
interface KeySet {
  /** The object's tag word: the key set's id. */
  readonly word: number
  /** The order the words hold the values in. */
  readonly sorted: readonly string[]
  /**
   * The order the key set was first met in, which `decode` inserts the keys in: a model builds most objects of a key
   * set with one literal, and copies in that order share its hidden class. (Sorted, the Kafka spec's generic search
   * took 8 s instead of 4.)
   */
  readonly order: readonly string[]
  readonly bare: boolean
}

/** What was seen at one place of the state (a field, the elements of an array): what the compiled code expects. */
class Place {
  numbers = false
  booleans = false
  nulls = false
  undefineds = false
  readonly strings: string[] = []
  manyStrings = false
  element: Place | undefined
  readonly objects: { readonly shape: Shape; readonly fields: Place[] }[] = []
  manyShapes = false
}

export class PlainEncoding {
  private readonly stringWords = new Map<string, number>()
  /** Interned strings by id - 1, for `decode`. */
  private readonly strings: string[] = []
  /** Every interned key set by id - 1 (`decode` reads ids), and what builds an object of it. */
  private readonly keySetsById: KeySet[] = []
  private readonly builders: (Builder | undefined)[] = []
  /** Builders that are generated functions, up to MAX_GENERATED_BUILDERS. */
  private generatedBuilders = 0
  /** The words `decode` reads and its place in them. */
  private source: ArrayLike<number> = NO_WORDS
  private cursor = { at: 0 }
  /** The same key sets by their keys, sorted, as text (marked when bare): what `shapeOf` interns by. */
  private readonly keySets = new Map<string, KeySet>()
  /** Shapes by their first key (empty string for {}), compared key by key. */
  private readonly shapes = new Map<string, Shape[]>()
  private readonly root = new Place()
  private compiled: ((value: unknown) => void) | undefined
  private statesSeen = 0
  private misses = 0
  private missBudget = FIRST_MISS_BUDGET
  private compilations = 0

  /** `compileAfter`: states encoded by the interpreter before the first compilation. */
  constructor(
    private readonly out: FingerprintEncoder,
    private readonly compileAfter = COMPILE_AFTER,
  ) {}

  /** A whole state: through the compiled encoder once there is one. */
  state(value: unknown): void {
    if (this.compiled) {
      this.compiled(value)
      if (this.misses >= this.missBudget) this.recompile()
      return
    }
    this.write(value, this.root)
    if (++this.statesSeen >= this.compileAfter) this.recompile()
  }

  /** Any plain data, by the interpreter alone (for `Encoder.value` called from a model's own `encode`). */
  value(value: unknown): void {
    this.write(value, undefined)
  }

  /** The interpreter: encodes `value` and records what it saw in `place`. */
  private write(value: unknown, place: Place | undefined): void {
    const { out } = this
    switch (typeof value) {
      case 'number':
        if (place) place.numbers = true
        return this.number(value)
      case 'string': {
        const word = this.stringWord(value)
        if (word === 0) {
          if (place) place.manyStrings = true
          return this.characters(value)
        }
        out.int(word)
        if (place && !place.manyStrings && !place.strings.includes(value)) {
          if (place.strings.length < MAX_LITERALS) place.strings.push(value)
          else place.manyStrings = true
        }
        return
      }
      case 'boolean':
        if (place) place.booleans = true
        return out.int(value ? TRUE : FALSE)
      case 'undefined':
        if (place) place.undefineds = true
        return out.int(UNDEFINED)
      case 'object': {
        if (value === null) {
          if (place) place.nulls = true
          return out.int(NULL)
        }
        refuseUnlessPlain(value)
        if (Array.isArray(value)) {
          out.int(arrayWord(value.length))
          const element = place ? (place.element ??= new Place()) : undefined
          for (let i = 0; i < value.length; i++) this.write(value[i], element)
          return
        }
        const record = value as Record<string, unknown>
        const shape = this.shapeOf(Object.keys(record), Object.getPrototypeOf(record) === null)
        const { word, sorted } = shape.keySet
        out.int(word)
        const fields = place ? this.fieldsAt(place, shape) : undefined
        for (let i = 0; i < sorted.length; i++) this.write(record[sorted[i]!], fields?.[i])
        return
      }
      default:
        throw new TypeError(`cannot fingerprint a ${typeof value}: states must be plain data`)
    }
  }

  /** A number that is not a small int (compiled code writes those itself). */
  number(value: number): void {
    const { out } = this
    if ((value | 0) === value) {
      // -0 takes this path too (-0 | 0 is 0): it and 0 are one number to any spec, so they must be one state.
      if (value >= -SMALL && value < SMALL) out.int((value << 4) | SMALL_INT)
      else {
        out.int(INT)
        out.int(value)
      }
    } else if (value !== value) out.int(NAN)
    else {
      floatView[0] = value
      out.int(FLOAT)
      out.int(floatWords[0]!)
      out.int(floatWords[1]!)
    }
  }

  /**
   * The string's word, interning it on first sight; 0 once the table is full and the string is not in it. Nothing
   * leaves the table, so a string is always encoded the same way: by its id or, never interned, by `characters`.
   */
  stringWord(value: string): number {
    let word = this.stringWords.get(value)
    if (word === undefined) {
      if (this.stringWords.size === MAX_INTERNED_STRINGS) return 0
      word = ((this.stringWords.size + 1) << 4) | STRING
      this.stringWords.set(value, word)
      this.strings.push(value)
    }
    return word
  }

  /** A string beyond the intern table: its length, then two UTF-16 code units a word. */
  characters(value: string): void {
    const { out } = this
    if (value.length >= PAYLOAD_LIMIT) throw new RangeError(`cannot fingerprint a string of ${value.length} characters`)
    out.int((value.length << 4) | CHARACTERS)
    for (let i = 0; i < value.length; i += 2) out.int(value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16))
  }

  private shapeOf(keys: readonly string[], bare: boolean): Shape {
    const first = keys.length === 0 ? '' : keys[0]!
    let known = this.shapes.get(first)
    if (known === undefined) this.shapes.set(first, (known = []))
    for (const shape of known) if (shape.keySet.bare === bare && sameKeys(shape.keys, keys)) return shape
    const sorted = [...keys].sort()
    const text = `${bare ? 'bare ' : ''}${JSON.stringify(sorted)}`
    let keySet = this.keySets.get(text)
    if (keySet === undefined) {
      const word = idWord(this.keySetsById.length + 1, OBJECT, 'distinct key sets')
      keySet = { word, sorted, order: [...keys], bare }
      this.keySets.set(text, keySet)
      this.keySetsById.push(keySet)
    }
    const shape: Shape = { keys: [...keys], keySet }
    known.push(shape)
    return shape
  }

  private fieldsAt(place: Place, shape: Shape): Place[] | undefined {
    for (const seen of place.objects) if (seen.shape === shape) return seen.fields
    if (place.manyShapes) return undefined
    if (place.objects.length === MAX_SHAPES) {
      place.manyShapes = true
      return undefined
    }
    const fields = shape.keySet.sorted.map(() => new Place())
    place.objects.push({ shape, fields })
    return fields
  }

  private recompile(): void {
    this.misses = 0
    if (this.compilations === MAX_COMPILATIONS) {
      this.missBudget = Infinity
      return
    }
    this.compilations++
    this.missBudget = FIRST_MISS_BUDGET << this.compilations
    this.compiled = compile(this, this.out, this.root)
  }

  /**
   * Reads back one value this encoding wrote at `words[cursor.at]` and moves the cursor past it: equal plain data,
   * each object's keys inserted in the order its key set was first met in (KeySet.order), an object without a
   * prototype again without one, new objects throughout (what was one object twice is two), an array's holes as
   * undefined, -0 as 0, and none of what the encoding ignores (symbol-keyed and non-enumerable properties, an
   * array's own properties besides its elements).
   */
  decode(words: ArrayLike<number>, cursor: { at: number }): unknown {
    this.source = words
    this.cursor = cursor
    const value = this.read()
    this.source = NO_WORDS // not to keep a frontier chunk alive
    return value
  }

  /** `decode`'s reader, one function for the life of the encoding: the builders of objects call it for each field. */
  private readonly read = (): unknown => {
    const { source, cursor } = this
    const word = source[cursor.at++]!
    switch (word & 15) {
      case SMALL_INT:
        return word >> 4
      case INT:
        return source[cursor.at++]! | 0
      case FLOAT:
        floatWords[0] = source[cursor.at++]!
        floatWords[1] = source[cursor.at++]!
        return floatView[0]
      case NAN:
        return NaN
      case STRING:
        return this.strings[(word >>> 4) - 1]
      case TRUE:
        return true
      case FALSE:
        return false
      case NULL:
        return null
      case UNDEFINED:
        return undefined
      case ARRAY: {
        const array: unknown[] = []
        for (let i = word >>> 4; i > 0; i--) array.push(this.read())
        return array
      }
      case OBJECT: {
        const id = (word >>> 4) - 1
        let build = this.builders[id]
        if (build === undefined) {
          // The first key sets read back, the common ones in practice, get a generated function; later ones a loop.
          const keySet = this.keySetsById[id]!
          const generate = this.generatedBuilders < MAX_GENERATED_BUILDERS && keySet.order.length <= MAX_LITERAL_KEYS
          if (generate) this.generatedBuilders++
          build = this.builders[id] = builderOf(keySet, generate)
        }
        return build(this.read)
      }
      case CHARACTERS: {
        const length = word >>> 4
        let text = ''
        for (let i = 0; i < length; i += 2) {
          const pair = source[cursor.at++]!
          text += i + 1 < length ? String.fromCharCode(pair & 0xffff, pair >>> 16) : String.fromCharCode(pair & 0xffff)
        }
        return text
      }
      default:
        throw new Error(`no plain value starts with the word ${word}`)
    }
  }

  /** Called by compiled code where it meets a value it did not foresee. */
  miss(value: unknown, place: Place): void {
    this.misses++
    this.write(value, place)
  }

  /** Called by compiled code where it chose not to specialise (many strings or key sets). */
  generic(value: unknown, place: Place): void {
    this.write(value, place)
  }
}

function idWord(id: number, tag: number, what: string): number {
  if (id >= PAYLOAD_LIMIT) throw new RangeError(`cannot fingerprint more than ${PAYLOAD_LIMIT - 1} ${what}`)
  return (id << 4) | tag
}

function arrayWord(length: number): number {
  if (length >= PAYLOAD_LIMIT) throw new RangeError(`cannot fingerprint an array of ${length} elements`)
  return (length << 4) | ARRAY
}

/** Builds one object of a key set, reading its fields in order. */
type Builder = (read: () => unknown) => Record<string, unknown>

/**
 * Reads the values in sorted order and builds the object with its keys in first-met order, so that every copy of a
 * key set shares one hidden class, the one the model's own literal gives it: the model's code then meets one shape
 * where its spreads made many. An object without a prototype is made so and filled in the same order. `generate`: as
 * a generated object literal, fastest; otherwise by a loop (MAX_LITERAL_KEYS, MAX_GENERATED_BUILDERS).
 */
function builderOf({ sorted, order, bare }: KeySet, generate: boolean): Builder {
  const position = new Map(sorted.map((key, i) => [key, i]))
  if (!generate) {
    const positions = order.map(key => position.get(key)!)
    return read => {
      const values = sorted.map(() => read())
      const object = (bare ? Object.create(null) : {}) as Record<string, unknown>
      for (let i = 0; i < order.length; i++) {
        const key = order[i]!
        const value = values[positions[i]!]
        // Assigned, "__proto__" would set a plain object's prototype: defined, it is an own key, as it was.
        if (key === '__proto__')
          Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
        else object[key] = value
      }
      return object
    }
  }
  const value = (key: string) => `v${position.get(key)!}`
  const reads = sorted.map((_, i) => `const v${i} = read();`).join('\n')
  if (bare) {
    const fields = order.map(key => `o[${JSON.stringify(key)}] = ${value(key)};`).join('\n')
    return new Function('read', `${reads}\nconst o = Object.create(null);\n${fields}\nreturn o`) as Builder
  }
  // A quoted "__proto__" in a literal would set the prototype; a computed one is an own property, as it was.
  const name = (key: string) => (key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key))
  const fields = order.map(key => `${name(key)}: ${value(key)}`).join(', ')
  return new Function('read', `${reads}\nreturn { ${fields} }`) as Builder
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Generates the encoder for what `root` recorded; every place it does not specialise calls back into `encoding`. */
function compile(encoding: PlainEncoding, out: FingerprintEncoder, root: Place): (value: unknown) => void {
  const places: Place[] = []
  let names = 0
  const lines: string[] = []
  let writes = 0
  const emit = (line: string): void => {
    lines.push(line)
  }
  /** A statement writing one word straight into the buffer. */
  const word = (expression: string): string => {
    writes++
    return `w[n++] = ${expression};`
  }
  /** A call that writes through `out`: the buffer and its length are handed over and taken back. */
  const call = (statement: string): string => `{ out.length = n; ${statement} n = out.length; w = out.room(n, T); }`
  const literal = (value: string) => JSON.stringify(value)

  const at = (place: Place, v: string): void => {
    const p = places.push(place) - 1
    if (places.length > MAX_COMPILED_PLACES) return emit(call(`encoding.generic(${v}, places[${p}]);`))
    const branches: [test: string, body: () => void][] = []
    if (place.strings.length > 0 || place.manyStrings)
      branches.push([
        `typeof ${v} === 'string'`,
        () => {
          for (const s of place.strings)
            emit(`if (${v} === ${literal(s)}) ${word(String(encoding.stringWord(s)))} else`)
          if (!place.manyStrings) return emit(call(`encoding.miss(${v}, places[${p}]);`))
          const id = `s${names++}`
          emit(`{ const ${id} = encoding.stringWord(${v});`)
          emit(`if (${id} !== 0) ${word(id)} else ${call(`encoding.characters(${v});`)} }`)
        },
      ])
    if (place.numbers)
      branches.push([
        `typeof ${v} === 'number'`,
        () =>
          emit(
            `if ((${v} | 0) === ${v} && ${v} >= ${-SMALL} && ${v} < ${SMALL}) ${word(`(${v} << 4) | ${SMALL_INT}`)} ` +
              `else ${call(`encoding.number(${v});`)}`,
          ),
      ])
    if (place.booleans) branches.push([`${v} === true`, () => emit(word(String(TRUE)))])
    if (place.booleans) branches.push([`${v} === false`, () => emit(word(String(FALSE)))])
    if (place.nulls) branches.push([`${v} === null`, () => emit(word(String(NULL)))])
    if (place.undefineds) branches.push([`${v} === undefined`, () => emit(word(String(UNDEFINED)))])
    const element = place.element
    if (element)
      branches.push([
        `Array.isArray(${v}) && isPlainArray(${v})`,
        () => {
          const i = `i${names++}`
          const e = `v${names++}`
          emit(word(`arrayWord(${v}.length)`))
          emit(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`)
          emit(`if (n + T > w.length) w = out.room(n, T);`)
          emit(`const ${e} = ${v}[${i}];`)
          at(element, e)
          emit('}')
        },
      ])
    if (place.objects.length > 0 || place.manyShapes)
      branches.push([
        `${v} !== null && typeof ${v} === 'object' && !Array.isArray(${v})`,
        () => {
          if (place.manyShapes) return emit(call(`encoding.generic(${v}, places[${p}]);`))
          const keys = `k${names++}`
          const prototype = `p${names++}`
          emit(`const ${keys} = Object.keys(${v});`)
          // Any other prototype (a Map, a class instance) goes to the interpreter, which refuses it.
          emit(`const ${prototype} = getPrototypeOf(${v});`)
          for (const { shape, fields } of place.objects) {
            const test = [
              `${prototype} === ${shape.keySet.bare ? 'null' : 'ObjectPrototype'}`,
              `${keys}.length === ${shape.keys.length}`,
            ]
            shape.keys.forEach((key, i) => test.push(`${keys}[${i}] === ${literal(key)}`))
            emit(`if (${test.join(' && ')}) {`)
            emit(word(String(shape.keySet.word)))
            shape.keySet.sorted.forEach((key, i) => {
              const field = `v${names++}`
              emit(`const ${field} = ${v}[${literal(key)}];`)
              at(fields[i]!, field)
            })
            emit('} else')
          }
          emit(call(`encoding.miss(${v}, places[${p}]);`))
        },
      ])
    for (const [test, body] of branches) {
      emit(`if (${test}) {`)
      body()
      emit('} else')
    }
    emit(call(`encoding.miss(${v}, places[${p}]);`))
  }

  at(root, 'v')
  // Between two calls of `room`, each write statement runs at most once (a loop calls it every iteration), so T
  // words of room are enough.
  const source =
    `const T = ${writes};\nreturn function encode(v) {\nlet n = out.length;\nlet w = out.room(n, T);\n` +
    `${lines.join('\n')}\nout.length = n;\n}`
  return new Function(
    'encoding',
    'out',
    'places',
    'arrayWord',
    'isPlainArray',
    'getPrototypeOf',
    'ObjectPrototype',
    source,
  )(encoding, out, places, arrayWord, isPlainArray, Object.getPrototypeOf, Object.prototype)
}
