// Parsers for the text people write, with Kafka's own reading rules (ConfigDef: booleans case-insensitive, numbers
// trimmed) and, on failure, the allowed values in words for the error line.
import type { RawEntry } from './raw.js'

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly allowed: string }
export type Parser<T> = (value: RawEntry['value']) => Parsed<T>

const fail = (allowed: string): Parsed<never> => ({ ok: false, allowed })
const scalar = (value: RawEntry['value']): string | null => (typeof value === 'string' ? value.trim() : null)

/** Whole numbers from `min` to `max`; Java's INT and LONG both arrive here (larger LONGs are clamped to `max`). */
export const integer =
  (min: number, max: number, allowed = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `${min}..${max}`) =>
  (value: RawEntry['value']): Parsed<number> => {
    const text = scalar(value)
    if (text === null || !/^[+-]?\d+$/.test(text)) return fail(allowed)
    const parsed = Number(text)
    if (parsed < min) return fail(allowed)
    if (parsed > max) return max === Number.MAX_SAFE_INTEGER ? { ok: true, value: max } : fail(allowed)
    return { ok: true, value: parsed }
  }

export const boolean: Parser<boolean> = value => {
  const text = scalar(value)?.toLowerCase()
  return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : fail('true, false')
}

/** One of `choices`, compared case-sensitively as Kafka's ValidString does; `aliases` maps other spellings to one. */
export const oneOf =
  <T extends string>(choices: readonly T[], aliases: Readonly<Record<string, T>> = {}) =>
  (value: RawEntry['value']): Parsed<T> => {
    const text = scalar(value)
    const allowed = [...choices, ...Object.keys(aliases)].join(', ')
    if (text === null) return fail(allowed)
    const choice = choices.find(c => c === text) ?? (Object.hasOwn(aliases, text) ? aliases[text] : undefined)
    return choice === undefined ? fail(allowed) : { ok: true, value: choice }
  }

/** Any text but the empty string (Kafka's NonEmptyString). */
export const nonEmptyText: Parser<string> = value => {
  const text = scalar(value)
  return text === null || text === '' ? fail('a non-empty string') : { ok: true, value: text }
}

/** A list, written as a YAML sequence or comma-separated; each element checked by `element`. */
export const listOf =
  <T>(element: Parser<T>, allowed: string) =>
  (value: RawEntry['value']): Parsed<readonly T[]> => {
    const items = (typeof value === 'string' ? value.split(',') : value).map(item => item.trim()).filter(i => i !== '')
    if (items.length === 0) return fail(allowed)
    const parsed: T[] = []
    for (const item of items) {
      const one = element(item)
      if (!one.ok) return fail(allowed)
      parsed.push(one.value)
    }
    return { ok: true, value: parsed }
  }

/** The value as it was written, for error lines. */
export const shown = (value: RawEntry['value']): string => (typeof value === 'string' ? value : value.join(','))
