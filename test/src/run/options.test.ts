import { describe, expect, it } from 'vitest'
import { secondsOption, seedOption, wholeNumberOption } from '../../../src/run/options.js'

describe('numeric options', () => {
  it('reads whole numbers, seconds and seeds', () => {
    expect(wholeNumberOption('max-depth', ' 40 ', 0)).toBe(40)
    expect(wholeNumberOption('max-depth', undefined, 0)).toBeUndefined()
    expect(secondsOption('time-limit', '2.5')).toBe(2.5)
    expect(seedOption('seed', '-7')).toBe(-7)
  })

  it.each([
    [() => wholeNumberOption('max-states', '0', 1), '--max-states 0 is not allowed; allowed: a positive integer'],
    [() => wholeNumberOption('max-depth', '1e3', 0), '--max-depth 1e3 is not allowed; allowed: a non-negative integer'],
    [() => wholeNumberOption('steps', '-1', 0), '--steps -1 is not allowed'],
    [() => secondsOption('time-limit', '0'), '--time-limit 0 is not allowed; allowed: a positive number of seconds'],
    [() => secondsOption('time-limit', 'soon'), '--time-limit soon is not allowed'],
    [() => seedOption('seed', '2147483648'), '--seed 2147483648 is not allowed; allowed: an integer from'],
  ])('refuses a bad value with what is allowed (%#)', (read, message) => {
    expect(read).toThrow(message)
  })
})
