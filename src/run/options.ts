// The numbers given on the command line, checked before anything runs so that a typo ends in one line and exit 2.
import { InputError } from './exit.js'

const WHOLE = /^[+-]?\d+$/

const integersFrom = (min: number) =>
  min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`

/** `--max-depth 40`: a whole number from `min` on; undefined when the option was not given. */
export function wholeNumberOption(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text.trim())
  if (!WHOLE.test(text.trim()) || !Number.isSafeInteger(value) || value < min)
    throw new InputError(`--${flag} ${text} is not allowed; allowed: ${integersFrom(min)}`)
  return value
}

/** `--time-limit 2.5`: seconds, a positive number. */
export function secondsOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text.trim())
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
    throw new InputError(`--${flag} ${text} is not allowed; allowed: a positive number of seconds`)
  return value
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i
const UNITS: Readonly<Record<string, number>> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }

/** `--max-memory 4G`: bytes, with an optional K, M, G or T suffix (powers of 1024); at least 64M. */
export function bytesOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const match = SIZE.exec(text.trim())
  const bytes = match === null ? NaN : Math.floor(Number(match[1]) * UNITS[match[2]!.toUpperCase()]!)
  if (!Number.isFinite(bytes) || bytes < 64 * 2 ** 20)
    throw new InputError(`--${flag} ${text} is not allowed; allowed: a size of at least 64M, such as 512M, 4G or 4GiB`)
  return bytes
}

/** `--seed -3`: any 32-bit integer (the random generator's seed). */
export function seedOption(flag: string, text: string): number {
  const value = Number(text.trim())
  if (!WHOLE.test(text.trim()) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new InputError(`--${flag} ${text} is not allowed; allowed: an integer from -2147483648 to 2147483647`)
  return value
}

/** `--encoding generic`: one of a fixed list of words; `fallback` when the option was not given. */
export function choiceOption<const C extends string>(
  flag: string,
  text: string | undefined,
  choices: readonly C[],
  fallback: C,
): C {
  if (text === undefined) return fallback
  const choice = choices.find(c => c === text.trim())
  if (choice === undefined) throw new InputError(`--${flag} ${text} is not allowed; allowed: ${choices.join(', ')}`)
  return choice
}
