import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FingerprintEncoder } from '../../checker/index.js'

const fingerprintOf = (value: unknown) => {
  const encoder = new FingerprintEncoder()
  encoder.reset()
  encoder.value(value)
  encoder.finish()
  return `${encoder.hi}:${encoder.lo}`
}

describe('FingerprintEncoder', () => {
  it('ignores key order but not structure', () => {
    expect(fingerprintOf({ a: 1, b: [2, 3] })).toBe(fingerprintOf({ b: [2, 3], a: 1 }))
    expect(fingerprintOf([1, 2])).not.toBe(fingerprintOf([[1], 2]))
    expect(fingerprintOf([1, 2])).not.toBe(fingerprintOf([2, 1]))
    expect(fingerprintOf('1')).not.toBe(fingerprintOf(1))
    expect(fingerprintOf(1.5)).not.toBe(fingerprintOf(1))
    expect(fingerprintOf(null)).not.toBe(fingerprintOf(undefined))
    expect(fingerprintOf({ a: undefined })).not.toBe(fingerprintOf({}))
  })

  it('gives equal plain data equal fingerprints and distinct data distinct ones', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const same = JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
        expect(fingerprintOf(a) === fingerprintOf(b)).toBe(same)
      }),
    )
  })

  it('encodes -0 as 0: they are the same number to every spec', () => {
    expect(fingerprintOf(-0)).toBe(fingerprintOf(0))
    expect(fingerprintOf({ offset: -0, log: [-0] })).toBe(fingerprintOf({ offset: 0, log: [0] }))
    expect(fingerprintOf(-0)).not.toBe(fingerprintOf(-1))
  })

  it('refuses values that are not plain data', () => {
    expect(() => fingerprintOf({ f: () => 1 })).toThrow(/plain data/)
  })
})

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    )
  return Object.is(value, -0) ? 0 : value
}
