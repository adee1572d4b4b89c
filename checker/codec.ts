// The packed codec derived from a state schema: encode writes a value as 32-bit words, several small fields to a word
// (fewer words, fewer hash rounds); decode reads the words back into the same value. Field widths come from the
// schema's ranges under one configuration's bounds, so a field can never spill into its neighbour; and encode
// checks every value against its range and throws rather than pack it, because a value out of range would make
// two distinct states one. Both functions are generated as straight-line JavaScript (`source` shows it): as fast as
// a hand-written encoder, with nothing hand-written to fall out of step with the schema.
//
// Layout of a value: its scalars (ints, enums, bools, sets as bit masks, the lengths of its lists, the scalars of
// its nested records and of its fixed-length scalar arrays) in declaration order, then, in the same order, the
// elements of its lists and of its fixed-length arrays of non-scalars, each laid out the same way. All of it is one
// stream of bits cut into 32-bit words: a layout's scalars are grouped into runs of at most 32 bits (packWords), and
// each run goes into the current word if it fits, else starts the next one. So list elements share words with what
// comes before them (a Kafka state takes about half the words it took when each element started a word of its own).
// Lengths come before elements, so the encoding is prefix-free and therefore injective: equal words, equal values.

import type { Encoder } from './model.js'
import { isScalar, resolveLimit, type Bounds, type Infer, type ScalarSchema, type Schema } from './schema.js'

export interface Codec<T> {
  /** Writes `value`'s words to `out`; throws a RangeError naming the field if a value lies outside its range. */
  encode(value: T, out: Encoder): void
  /** Reads a value back from `words`, starting at `cursor.at` and leaving it after the value's last word. */
  decode(words: ArrayLike<number>, cursor: { at: number }): T
  /** The generated JavaScript of both, for reading and debugging. */
  readonly source: string
}

/** A scalar with its range resolved: where it sits among its layout's packed bits. */
interface Slot {
  readonly schema: ScalarSchema
  readonly min: number
  readonly max: number
  readonly width: number
  /** Field path for messages, e.g. `partitions[].replicas[].log.length`. */
  readonly name: string
  /** How to reach the value from the layout's root, as JavaScript after the root's variable (`.epoch`, `[2]`). */
  readonly access: string
}

/** Elements laid out after the packed scalars: a list (count in a slot) or a fixed-length array of non-scalars. */
interface Deferred {
  readonly access: string
  readonly name: string
  readonly count: { readonly fixed: number } | { readonly slot: number }
  /** Scalar elements are packed several to a word; others get a layout of their own each. */
  readonly element: { readonly scalar: Slot } | { readonly layout: Layout }
}

/** How the decoded value is assembled from slot and deferred values. */
type Shape =
  | { readonly kind: 'slot'; readonly slot: number }
  | { readonly kind: 'deferred'; readonly deferred: number }
  | { readonly kind: 'tuple'; readonly items: readonly Shape[] }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, Shape])[] }

interface Layout {
  readonly slots: readonly Slot[]
  readonly deferred: readonly Deferred[]
  readonly shape: Shape
}

/** Bits needed for the values 0..span. */
const bitsFor = (span: number): number =>
  span === 0 ? 0 : span > 0xffffffff ? Math.floor(Math.log2(span)) + 1 : 32 - Math.clz32(span)

function scalarSlot(schema: ScalarSchema, bounds: Bounds, name: string, access: string): Slot {
  let min = 0
  let max: number
  switch (schema.kind) {
    case 'int':
      min = resolveLimit(schema.min, bounds)
      max = resolveLimit(schema.max, bounds)
      break
    case 'bool':
      max = 1
      break
    case 'enum':
      max = schema.values.length - 1
      break
    case 'set':
      // Members 0..max as a bit mask; max -1 is a set that is always empty (say, of consumers when there are none).
      max = resolveLimit(schema.max, bounds)
      if (max > 31) throw new RangeError(`${name}: a set of members up to ${max} does not fit a 32-bit mask`)
      if (max < -1) throw new RangeError(`${name}: a set of members up to ${max} is not a set`)
      return { schema, min, max, width: max + 1, name, access }
  }
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min)
    throw new RangeError(`${name}: the range [${min}, ${max}] is empty or not integral`)
  const width = bitsFor(max - min)
  if (width > 32) throw new RangeError(`${name}: the range [${min}, ${max}] needs ${width} bits, more than a word`)
  return { schema, min, max, width, name, access }
}

function layoutOf(schema: Schema, bounds: Bounds, name: string): Layout {
  const slots: Slot[] = []
  const deferred: Deferred[] = []
  const place = (s: Schema, at: string, access: string): Shape => {
    if (isScalar(s)) {
      slots.push(scalarSlot(s, bounds, at, access))
      return { kind: 'slot', slot: slots.length - 1 }
    }
    switch (s.kind) {
      case 'record':
        return {
          kind: 'record',
          fields: Object.entries(s.fields).map(([field, f]) => [
            field,
            place(f, `${at}.${field}`, `${access}.${field}`),
          ]),
        }
      case 'array': {
        const length = resolveLimit(s.length, bounds)
        if (isScalar(s.of)) {
          // A fixed-length array of scalars is unrolled into slots; its length is a slot of one value: checked, no bits.
          slots.push(scalarSlot(intOf(length, length), bounds, `${at}.length`, `${access}.length`))
          const items = Array.from({ length }, (_, i) => place(s.of, `${at}[${i}]`, `${access}[${i}]`))
          return { kind: 'tuple', items }
        }
        deferred.push({
          access,
          name: at,
          count: { fixed: length },
          element: { layout: layoutOf(s.of, bounds, `${at}[]`) },
        })
        return { kind: 'deferred', deferred: deferred.length - 1 }
      }
      case 'list': {
        const maxLength = resolveLimit(s.maxLength, bounds)
        slots.push(scalarSlot(intOf(0, maxLength), bounds, `${at}.length`, `${access}.length`))
        const count = { slot: slots.length - 1 }
        const element = isScalar(s.of)
          ? { scalar: scalarSlot(s.of, bounds, `${at}[]`, '') }
          : { layout: layoutOf(s.of, bounds, `${at}[]`) }
        deferred.push({ access, name: at, count, element })
        return { kind: 'deferred', deferred: deferred.length - 1 }
      }
    }
  }
  const shape = place(schema, name, '')
  return { slots, deferred, shape }
}

const intOf = (min: number, max: number): ScalarSchema => ({ kind: 'int', min, max, role: 'protocol' })

/** Groups slot indices into words: consecutive slots while their widths fit 32 bits. */
function packWords(slots: readonly Slot[]): { slot: number; shift: number }[][] {
  const words: { slot: number; shift: number }[][] = []
  let current: { slot: number; shift: number }[] = []
  let bits = 0
  slots.forEach((slot, index) => {
    // A fixed array's length is checked, never stored; a zero-width slot is checked and takes no room either.
    if (slot.width === 0) return
    if (bits + slot.width > 32) {
      words.push(current)
      current = []
      bits = 0
    }
    current.push({ slot: index, shift: bits })
    bits += slot.width
  })
  if (current.length > 0) words.push(current)
  return words
}

/** Source-building helpers shared by the two emitters. */
class Source {
  readonly lines: string[] = []
  private counter = 0
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`
  }
  add(line: string): void {
    this.lines.push(line)
  }
}

const json = (value: unknown) => JSON.stringify(value)

/** Statements that read slot `slot` of the value at `root` into `variable` (its code: 0..2^width-1), checked. */
function emitSlotEncode(src: Source, slot: Slot, value: string, variable: string): void {
  const fail = `fail(${json(slot.name)}, ${value}, ${json(rangeText(slot))})`
  switch (slot.schema.kind) {
    case 'int':
      src.add(`const ${variable} = ${value} - ${slot.min};`)
      src.add(`if (!(${variable} >= 0 && ${variable} <= ${slot.max - slot.min})) ${fail};`)
      return
    case 'bool':
      src.add(`const ${variable} = ${value} === true ? 1 : ${value} === false ? 0 : ${fail};`)
      return
    case 'enum': {
      const codes = slot.schema.values.map((v, i) => `${value} === ${json(v)} ? ${i} : `).join('')
      src.add(`const ${variable} = ${codes}${fail};`)
      return
    }
    case 'set': {
      const member = src.fresh('m')
      src.add(`let ${variable} = 0;`)
      src.add(`{ let last = -1; for (const ${member} of ${value}) {`)
      src.add(`if (!(${member} > last && ${member} <= ${slot.max})) ${fail};`)
      src.add(`${variable} |= 1 << ${member}; last = ${member}; } }`)
      return
    }
  }
}

function rangeText(slot: Slot): string {
  switch (slot.schema.kind) {
    case 'int':
      return `an integer in [${slot.min}, ${slot.max}]`
    case 'bool':
      return 'a boolean'
    case 'enum':
      return `one of ${slot.schema.values.join(', ')}`
    case 'set':
      return `an ascending set of integers in [0, ${slot.max}]`
  }
}

/**
 * Where the stream stands while code is generated: the bits already in the current word when that is known where the
 * code is generated (a value's own scalars, from its start), or 'runtime' once a list made it depend on the value
 * (then the generated code keeps it in `bits`). The encoder starts on an empty word (0); the decoder on none (32),
 * so its first run loads a word exactly where the encoder began one.
 */
type Fill = number | 'runtime'

const widthOf = (layout: Layout, run: readonly { slot: number }[]): number =>
  run.reduce((sum, { slot }) => sum + layout.slots[slot]!.width, 0)

/** Statements appending `code`, a run of `width` bits, to the encoder's stream; returns the fill after it. */
function emitAppend(src: Source, code: string, width: number, fill: Fill): Fill {
  if (fill === 'runtime') {
    src.add(`if (bits + ${width} > 32) { out.int(acc); acc = 0; bits = 0; }`)
    src.add(`acc |= ${code} << bits; bits += ${width};`)
    return 'runtime'
  }
  if (fill + width > 32) {
    src.add(`out.int(acc); acc = ${code};`)
    return width
  }
  src.add(fill === 0 ? `acc = ${code};` : `acc |= ${code} << ${fill};`)
  return fill + width
}

/** Hands the fill known at generation over to the generated code's `bits`. */
function toRuntime(src: Source, fill: Fill): 'runtime' {
  if (fill !== 'runtime') src.add(`bits = ${fill};`)
  return 'runtime'
}

function emitEncode(src: Source, layout: Layout, root: string, fill: Fill): Fill {
  const codes = layout.slots.map(slot => {
    const variable = src.fresh('c')
    const value = src.fresh('v')
    src.add(`const ${value} = ${root}${slot.access};`)
    emitSlotEncode(src, slot, value, variable)
    return variable
  })
  for (const run of packWords(layout.slots)) {
    const parts = run.map(({ slot, shift }) => (shift === 0 ? codes[slot]! : `(${codes[slot]!} << ${shift})`))
    fill = emitAppend(src, `(${parts.join(' | ')})`, widthOf(layout, run), fill)
  }
  for (const d of layout.deferred) {
    const list = src.fresh('l')
    const index = src.fresh('i')
    fill = toRuntime(src, fill)
    src.add(`{ const ${list} = ${root}${d.access};`)
    const count = 'fixed' in d.count ? String(d.count.fixed) : `${list}.length`
    if ('fixed' in d.count)
      src.add(`if (${list}.length !== ${count}) fail(${json(`${d.name}.length`)}, ${list}.length, "exactly ${count}");`)
    const element = src.fresh('e')
    src.add(`for (let ${index} = 0; ${index} < ${count}; ${index}++) { const ${element} = ${list}[${index}];`)
    if ('scalar' in d.element) {
      const slot = d.element.scalar
      const code = src.fresh('c')
      emitSlotEncode(src, slot, element, code)
      if (slot.width > 0) emitAppend(src, code, slot.width, 'runtime')
    } else emitEncode(src, d.element.layout, element, 'runtime')
    src.add(`} }`)
  }
  return fill
}

/** Statements taking a run of `width` bits off the decoder's stream into `variable`; returns the fill after it. */
function emitTake(src: Source, variable: string, width: number, fill: Fill): Fill {
  const mask = width === 32 ? '' : ` & ${2 ** width - 1}`
  if (fill === 'runtime') {
    src.add(`if (bits + ${width} > 32) { acc = words[at++]; bits = 0; }`)
    src.add(`const ${variable} = (acc >>> bits)${mask}; bits += ${width};`)
    return 'runtime'
  }
  if (fill + width > 32) {
    src.add(`acc = words[at++];`)
    fill = 0
  }
  src.add(`const ${variable} = (acc >>> ${fill})${mask};`)
  return fill + width
}

/** Emits statements that read a value laid out as `layout`, from `fill`; returns the expression that builds it. */
function emitDecode(src: Source, layout: Layout, constants: unknown[], fill: Fill): string {
  const values: string[] = layout.slots.map(() => src.fresh('v'))
  for (const run of packWords(layout.slots)) {
    const w = src.fresh('w')
    fill = emitTake(src, w, widthOf(layout, run), fill)
    for (const { slot, shift } of run) {
      const { width } = layout.slots[slot]!
      const bits = width === 32 ? w : `((${w} >>> ${shift}) & ${2 ** width - 1})`
      src.add(`const ${values[slot]!}c = ${bits};`)
    }
  }
  layout.slots.forEach((slot, i) => {
    const code = slot.width === 0 ? '0' : `${values[i]!}c`
    src.add(`const ${values[i]!} = ${decodeScalar(slot, code, constants)};`)
  })
  const deferred = layout.deferred.map(d => {
    const list = src.fresh('d')
    const index = src.fresh('i')
    const count = 'fixed' in d.count ? String(d.count.fixed) : values[d.count.slot]!
    fill = toRuntime(src, fill)
    src.add(`const ${list} = [];`)
    src.add(`for (let ${index} = 0; ${index} < ${count}; ${index}++) {`)
    if ('scalar' in d.element) {
      const slot = d.element.scalar
      if (slot.width > 0) {
        const code = src.fresh('c')
        emitTake(src, code, slot.width, 'runtime')
        src.add(`${list}.push(${decodeScalar(slot, code, constants)});`)
      } else src.add(`${list}.push(${decodeScalar(slot, '0', constants)});`)
    } else {
      const element = emitDecode(src, d.element.layout, constants, 'runtime')
      src.add(`${list}.push(${element});`)
    }
    src.add(`}`)
    return list
  })
  const build = (shape: Shape): string => {
    switch (shape.kind) {
      case 'slot':
        return values[shape.slot]!
      case 'deferred':
        return deferred[shape.deferred]!
      case 'tuple':
        return `[${shape.items.map(build).join(', ')}]`
      case 'record':
        return `{ ${shape.fields.map(([field, inner]) => `${field}: ${build(inner)}`).join(', ')} }`
    }
  }
  return build(layout.shape)
}

function decodeScalar(slot: Slot, code: string, constants: unknown[]): string {
  switch (slot.schema.kind) {
    case 'int':
      return slot.min === 0 ? code : `${code} + ${slot.min}`
    case 'bool':
      return `${code} === 1`
    case 'enum':
      constants.push(slot.schema.values)
      return `k[${constants.length - 1}][${code}]`
    case 'set':
      return `setOfMask(${code})`
  }
}

function setOfMask(mask: number): number[] {
  const members: number[] = []
  for (let bit = 0; mask !== 0; bit++, mask >>>= 1) if (mask & 1) members.push(bit)
  return members
}

function fail(field: string, value: unknown, range: string): never {
  throw new RangeError(
    `state field ${field} = ${JSON.stringify(value) ?? String(value)} is not ${range}: a bound of the model is ` +
      'wrong, and packing the value would merge distinct states',
  )
}

/** Codecs compiled in this process, by schema, then by name and bounds: at most CODECS_KEPT a schema. */
const compiled = new WeakMap<Schema, Map<string, Codec<unknown>>>()
const CODECS_KEPT = 256

/**
 * The codec of `schema` for one configuration's `bounds`, compiled once per process for equal bounds: the generated
 * code is a function of the schema and the bounds alone, and a codec compiled before has been optimised by the JIT
 * already. A test suite builds the same models hundreds of times (the compiling alone was 4% of its CPU time).
 */
export function compileCodec<S extends Schema>(
  schema: S,
  bounds: Bounds,
  name = schema.kind === 'record' ? schema.name : 'value',
): Codec<Infer<S>> {
  let bySchema = compiled.get(schema)
  if (bySchema === undefined) compiled.set(schema, (bySchema = new Map()))
  const key = `${name} ${JSON.stringify(Object.entries(bounds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`
  let codec = bySchema.get(key)
  if (codec === undefined) {
    codec = Object.freeze(generate(schema, bounds, name))
    if (bySchema.size === CODECS_KEPT) bySchema.delete(bySchema.keys().next().value!)
    bySchema.set(key, codec)
  }
  return codec as Codec<Infer<S>>
}

function generate(schema: Schema, bounds: Bounds, name: string): Codec<unknown> {
  const layout = layoutOf(schema, bounds, name)
  const encodeSource = new Source()
  encodeSource.add('let acc = 0, bits = 0;')
  const filled = emitEncode(encodeSource, layout, 'value', 0)
  // The last word, unless the value took no bits at all.
  encodeSource.add(filled === 'runtime' ? 'if (bits > 0) out.int(acc);' : filled > 0 ? 'out.int(acc);' : '')
  const decodeSource = new Source()
  decodeSource.add('let at = cursor.at, acc = 0, bits = 32;')
  const constants: unknown[] = []
  const built = emitDecode(decodeSource, layout, constants, 32)
  const encodeBody = encodeSource.lines.join('\n')
  const decodeBody = `${decodeSource.lines.join('\n')}\ncursor.at = at;\nreturn ${built};`
  const encode = new Function('fail', `return function encode(value, out) {\n${encodeBody}\n}`)(fail)
  const decode = new Function('k', 'setOfMask', `return function decode(words, cursor) {\n${decodeBody}\n}`)(
    constants,
    setOfMask,
  )
  return {
    encode,
    decode,
    source: `function encode(value, out) {\n${encodeBody}\n}\n\nfunction decode(words, cursor) {\n${decodeBody}\n}`,
  }
}

/** The words `codec` writes for `value`, as an array. */
export function wordsOf<T>(codec: Codec<T>, value: T): number[] {
  const words: number[] = []
  const intsOnly = (): never => {
    throw new Error('a packed codec writes 32-bit words only')
  }
  codec.encode(value, {
    int: word => void words.push(word | 0),
    bool: intsOnly,
    number: intsOnly,
    str: intsOnly,
    value: intsOnly,
  })
  return words
}
