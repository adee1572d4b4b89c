// The visited-state store against a Map: a state is new exactly once, keeps the number it got, and its trace-log
// record (fingerprint, parent) reads back the same from memory or from the log's file, before and after a checkpoint.
import { fstatSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findPublished, FingerprintSet, NO_PARENT, RecentFingerprints, StateStore } from '../../checker/store.js'

/** Fingerprints with many repeats, never (0, 0) (the empty slot). */
const fingerprints = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 0xffffffff })).map(([hi, lo]) => ({
    hi,
    lo: hi === 0 && lo === 0 ? 1 : lo % 97,
  })),
  { maxLength: 600 },
)

/** The ith of many distinct fingerprints. */
const fingerprintOf = (i: number) => [i + 1, (i * 2654435761) >>> 0] as const

describe('the state store', () => {
  it('remembers only fingerprints it was given, the last one always', () => {
    fc.assert(
      fc.property(fingerprints, fingerprints, (added, asked) => {
        const recent = new RecentFingerprints()
        const given = new Set<string>()
        for (const { hi, lo } of added) {
          recent.add(hi, lo)
          given.add(`${hi},${lo}`)
          expect(recent.has(hi, lo)).toBe(true)
        }
        for (const { hi, lo } of [...asked, ...added])
          if (recent.has(hi, lo)) expect(given.has(`${hi},${lo}`)).toBe(true)
      }),
    )
  })

  it('numbers each new fingerprint in order and logs its parent, whatever the chunk size', () => {
    fc.assert(
      fc.property(fingerprints, fc.integer({ min: 1, max: 40 }), (inserted, chunkRecords) => {
        const store = StateStore.create({ chunkRecords })
        const reference = new Map<string, { id: number; parent: number }>()
        try {
          inserted.forEach(({ hi, lo }, i) => {
            const key = `${hi},${lo}`
            const parent = reference.size === 0 ? NO_PARENT : i % reference.size
            const id = store.insert(hi, lo, parent)
            if (reference.has(key)) return expect(id).toBe(-1)
            expect(id).toBe(reference.size)
            reference.set(key, { id, parent })
          })
          expect(store.size).toBe(reference.size)
          for (const [key, { id, parent }] of reference) {
            const [hi, lo] = key.split(',').map(Number) as [number, number]
            expect(store.parentOf(id)).toBe(parent)
            expect(store.sameFingerprint(id, hi, lo)).toBe(true)
            expect(store.sameFingerprint(id, hi, lo + 1)).toBe(false)
          }
          const restored = StateStore.restore(store.snapshot())
          for (const [key, { id, parent }] of reference) {
            const [hi, lo] = key.split(',').map(Number) as [number, number]
            expect(restored.insert(hi, lo, 0)).toBe(-1)
            expect(restored.parentOf(id)).toBe(parent)
            expect(restored.sameFingerprint(id, hi, lo)).toBe(true)
          }
          expect(restored.insert(41, 5, 0)).toBe(reference.size)
          restored.dispose()
        } finally {
          store.dispose()
        }
      }),
    )
  })

  it('keeps one chunk of the trace log in memory and the rest in a file it closes', () => {
    const store = StateStore.create({ chunkRecords: 8 })
    for (let i = 1; i <= 100; i++) store.insert(i, i, i - 2)
    expect(store.logBytes).toEqual({ memory: 8 * 12, file: 96 * 12 })
    expect(store.parentOf(3)).toBe(2)
    expect(store.sameFingerprint(50, 51, 51)).toBe(true)
    expect(() => store.parentOf(100)).toThrow(RangeError)
    const { fd } = (store as unknown as { log: { file: { fd: number } } }).log.file
    store.dispose()
    expect(() => fstatSync(fd)).toThrow(/EBADF/)
  })

  it('keeps the trace log in memory where no temporary file can be written', () => {
    const temporary = process.env['TMPDIR']
    process.env['TMPDIR'] = '/nonexistent/kafkacheck-test'
    try {
      const store = StateStore.create({ chunkRecords: 8 })
      for (let i = 1; i <= 100; i++) store.insert(i, i, i - 2)
      expect(store.logBytes).toEqual({ memory: 13 * 8 * 12, file: 0 })
      expect(store.parentOf(3)).toBe(2)
      expect(store.sameFingerprint(50, 51, 51)).toBe(true)
      const restored = StateStore.restore(store.snapshot())
      expect(restored.parentOf(99)).toBe(98)
      store.dispose()
    } finally {
      if (temporary === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = temporary
    }
  })

  it('finds every stored fingerprint again after the table grows', () => {
    const set = new FingerprintSet(16)
    for (let i = 0; i < 1000; i++) {
      if (set.full) set.grow()
      expect(set.insert(...fingerprintOf(i))).toBeGreaterThanOrEqual(0)
    }
    expect(set.capacity).toBeGreaterThan(1000)
    const slots = Array.from({ length: 1000 }, (_, i) => set.find(...fingerprintOf(i)))
    expect(slots).not.toContain(-1)
    expect(new Set(slots).size).toBe(1000)
    expect(set.find(5000, 1)).toBe(-1)
  })

  it('keeps every fingerprint, in the same slot, when its table moves to shared memory, and goes on from there', () => {
    const set = new FingerprintSet(16)
    for (let i = 0; i < 300; i++) {
      if (set.full) set.grow()
      set.insert(...fingerprintOf(i))
    }
    const slots = Array.from({ length: 300 }, (_, i) => set.find(...fingerprintOf(i)))
    expect(slots).not.toContain(-1)
    expect(set.table.buffer).toBeInstanceOf(ArrayBuffer)
    set.share()
    expect(set.table.buffer).toBeInstanceOf(SharedArrayBuffer)
    set.share()
    expect(Array.from({ length: 300 }, (_, i) => set.find(...fingerprintOf(i)))).toEqual(slots)
    for (let i = 300; i < 1000; i++) {
      if (set.full) set.grow()
      expect(set.insert(...fingerprintOf(i))).toBeGreaterThanOrEqual(0)
      expect(findPublished(set.table, ...fingerprintOf(i))).toBe(true)
    }
    expect(set.table.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(Array.from({ length: 1000 }, (_, i) => set.find(...fingerprintOf(i)))).not.toContain(-1)
    expect(set.insert(...fingerprintOf(7))).toBe(-1)
  })
})
