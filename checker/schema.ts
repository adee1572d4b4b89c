// A model's state declared once. Each record kind lists its fields; each field has a kind (an int in a range, an
// enum, a bool, a set of small ints, a list up to a length, an array of fixed length, a record) and a role
// (protocol state, history kept only for properties, or a counter that bounds the search). A range may name a
// bound (`int(-1, 'offset')`) that is resolved for one configuration when the codec is compiled. Everything else is
// derived from the declaration: the TypeScript type (`Infer`), fixed-shape constructors and updaters, the packed
// codec (codec.ts), the TypeOK check (`validate`), and what reports call each variable.

/** Protocol state; history kept only for properties (TLA+ history variables); a counter that only bounds the search. */
export type Role = 'protocol' | 'history' | 'bound'

/** A number, or the name of a bound in the `Bounds` the codec and `validate` are given. */
export type Limit = number | string

/** The values of named limits for one configuration. */
export type Bounds = Readonly<Record<string, number>>

interface Common {
  readonly role: Role
}

export interface IntSchema extends Common {
  readonly kind: 'int'
  readonly min: Limit
  readonly max: Limit
  /** What the value identifies (e.g. 'broker'), so that reports can name it. */
  readonly id?: string
}
export interface BoolSchema extends Common {
  readonly kind: 'bool'
}
export interface EnumSchema<V extends string = string> extends Common {
  readonly kind: 'enum'
  readonly values: readonly V[]
}
/** A set of small non-negative ints, held as an ascending array without repeats. */
export interface SetSchema extends Common {
  readonly kind: 'set'
  readonly max: Limit
  readonly id?: string
}
/** An array whose length varies up to `maxLength` (a log, the requests on the wire). */
export interface ListSchema<E extends Schema = Schema> extends Common {
  readonly kind: 'list'
  readonly of: E
  readonly maxLength: Limit
}
/** An array of fixed length, one element per entity (per broker, per partition…). */
export interface ArraySchema<E extends Schema = Schema> extends Common {
  readonly kind: 'array'
  readonly of: E
  readonly length: Limit
  /** What an index identifies (e.g. 'partition'), and what an element is called after it ("partition 0 queue"). */
  readonly index: string
  readonly element?: string
}
export interface RecordSchema<F extends Fields = Fields> extends Common {
  readonly kind: 'record'
  /** The record kind's name, for messages. */
  readonly name: string
  readonly fields: F
}

export type Fields = { readonly [field: string]: Schema }
export type ScalarSchema = IntSchema | BoolSchema | EnumSchema | SetSchema
export type Schema = ScalarSchema | ListSchema | ArraySchema | RecordSchema

/** The TypeScript type of the values a schema describes. */
export type Infer<S> = S extends IntSchema
  ? number
  : S extends BoolSchema
    ? boolean
    : S extends EnumSchema<infer V>
      ? V
      : S extends SetSchema
        ? readonly number[]
        : S extends ListSchema<infer E> | ArraySchema<infer E>
          ? readonly Infer<E>[]
          : S extends RecordSchema<infer F>
            ? { readonly [K in keyof F]: Infer<F[K]> }
            : never

// Builders. Every field is protocol state unless wrapped in `history` or `counter`.

export const int = (min: Limit, max: Limit, id?: string): IntSchema =>
  id === undefined ? { kind: 'int', min, max, role: 'protocol' } : { kind: 'int', min, max, id, role: 'protocol' }
export const bool = (): BoolSchema => ({ kind: 'bool', role: 'protocol' })
export const enumOf = <const V extends readonly string[]>(...values: V): EnumSchema<V[number]> => ({
  kind: 'enum',
  values,
  role: 'protocol',
})
export const setOf = (max: Limit, id?: string): SetSchema =>
  id === undefined ? { kind: 'set', max, role: 'protocol' } : { kind: 'set', max, id, role: 'protocol' }
export const listOf = <E extends Schema>(of: E, maxLength: Limit): ListSchema<E> => ({
  kind: 'list',
  of,
  maxLength,
  role: 'protocol',
})
export const arrayOf = <E extends Schema>(
  of: E,
  length: Limit,
  naming: { readonly index: string; readonly element?: string },
): ArraySchema<E> => ({ kind: 'array', of, length, ...naming, role: 'protocol' })
export const record = <F extends Fields>(name: string, fields: F): RecordSchema<F> => ({
  kind: 'record',
  name,
  fields,
  role: 'protocol',
})
/** A history variable: kept only so that a property can read it. */
export const history = <S extends Schema>(schema: S): S => ({ ...schema, role: 'history' })
/** A counter that only bounds the search (fault budgets used, resends). */
export const counter = <S extends Schema>(schema: S): S => ({ ...schema, role: 'bound' })

/** The value of a limit under `bounds`. */
export function resolveLimit(limit: Limit, bounds: Bounds): number {
  if (typeof limit === 'number') return limit
  const value = bounds[limit]
  if (value === undefined) throw new Error(`the schema names a bound "${limit}" that the configuration does not give`)
  return value
}

export const isScalar = (schema: Schema): schema is ScalarSchema =>
  schema.kind === 'int' || schema.kind === 'bool' || schema.kind === 'enum' || schema.kind === 'set'

// Constructors and updaters are generated as one object literal each, so every record of a kind has one hidden
// class in V8 (measured when the constructors were hand-written: a spread over mixed shapes made successors ~6x dearer).

const identifier = /^[A-Za-z_$][\w$]*$/

function fieldNames(schema: RecordSchema): string[] {
  const names = Object.keys(schema.fields)
  for (const name of names) if (!identifier.test(name)) throw new Error(`${schema.name}: bad field name ${name}`)
  return names
}

/** `fields => record`: builds a record of this kind from all its fields, in declaration order. */
export function constructor<F extends Fields>(
  schema: RecordSchema<F>,
): (fields: Infer<RecordSchema<F>>) => Infer<RecordSchema<F>> {
  const body = fieldNames(schema)
    .map(name => `${name}: o.${name}`)
    .join(', ')
  return new Function('o', `return { ${body} }`) as (fields: Infer<RecordSchema<F>>) => Infer<RecordSchema<F>>
}

/** `(record, changes) => record`: a copy with the fields in `changes` replaced, in the same shape. */
export function updater<F extends Fields>(
  schema: RecordSchema<F>,
): (current: Infer<RecordSchema<F>>, changes: Partial<Infer<RecordSchema<F>>>) => Infer<RecordSchema<F>> {
  const body = fieldNames(schema)
    .map(name => `${name}: c.${name} === undefined ? r.${name} : c.${name}`)
    .join(', ')
  return new Function('r', 'c', `return { ${body} }`) as (
    current: Infer<RecordSchema<F>>,
    changes: Partial<Infer<RecordSchema<F>>>,
  ) => Infer<RecordSchema<F>>
}

// TypeOK.

/** Everything in `value` that does not fit `schema` under `bounds`, as "path: what is wrong" (at most `limit`). */
export function validate(schema: Schema, bounds: Bounds, value: unknown, path = '', limit = 10): string[] {
  const issues: string[] = []
  const visit = (s: Schema, v: unknown, at: string): void => {
    if (issues.length >= limit) return
    const fail = (what: string) => issues.push(`${at || '(state)'}: ${what}`)
    switch (s.kind) {
      case 'int': {
        const min = resolveLimit(s.min, bounds)
        const max = resolveLimit(s.max, bounds)
        if (typeof v !== 'number' || !Number.isInteger(v) || Object.is(v, -0) || v < min || v > max)
          fail(`${show(v)} is not an integer in [${min}, ${max}]`)
        return
      }
      case 'bool':
        if (typeof v !== 'boolean') fail(`${show(v)} is not a boolean`)
        return
      case 'enum':
        if (typeof v !== 'string' || !s.values.includes(v)) fail(`${show(v)} is not one of ${s.values.join(', ')}`)
        return
      case 'set': {
        const max = resolveLimit(s.max, bounds)
        const ascending =
          Array.isArray(v) &&
          v.every((m, i) => Number.isInteger(m) && m >= 0 && m <= max && (i === 0 || m > (v[i - 1] as number)))
        if (!ascending) fail(`${show(v)} is not an ascending set of integers in [0, ${max}]`)
        return
      }
      case 'list':
      case 'array': {
        if (!Array.isArray(v)) return void fail(`${show(v)} is not a list`)
        const bound = s.kind === 'list' ? resolveLimit(s.maxLength, bounds) : resolveLimit(s.length, bounds)
        if (s.kind === 'list' ? v.length > bound : v.length !== bound)
          fail(`has ${v.length} elements, ${s.kind === 'list' ? 'at most' : 'exactly'} ${bound} allowed`)
        v.forEach((element, i) => visit(s.of, element, `${at}[${i}]`))
        return
      }
      case 'record': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return void fail(`${show(v)} is not a ${s.name}`)
        const fields = Object.keys(s.fields)
        const extra = Object.keys(v).filter(key => !fields.includes(key))
        if (extra.length > 0) fail(`${s.name} has no field ${extra.join(', ')}`)
        for (const field of fields)
          visit(s.fields[field]!, (v as Record<string, unknown>)[field], at === '' ? field : `${at}.${field}`)
        return
      }
    }
  }
  visit(schema, value, path)
  return issues
}

function show(value: unknown): string {
  const text = JSON.stringify(value)
  if (text === undefined) return String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
