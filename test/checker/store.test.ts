// The visited-state store against a Map: a state is new exactly once, keeps the number it got, and its trace-log
// record (fingerprint, parent) reads back the same from memory or from the log's file, before and after a checkpoint.
import { fstatSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  FingerprintSet,
  FULL,
  insertOwned,
  KNOWN,
  NEW,
  NO_PARENT,
  RecentFingerprints,
  SEEN,
  StateStore,
} from '../../checker/store.js'

/** Fingerprints with many repeats, never (0, 0) (the empty slot). */
const fingerprints = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 0xffffffff })).map(([hi, lo]) => ({
    hi,
    lo: hi === 0 && lo === 0 ? 1 : lo % 97,
  })),
  { maxLength: 600 },
)

/**
 * Fingerprints crowded onto a few home slots at the ends of regions (the slot is lo's low bits, as hi < 128), so that
 * probes run into the next region's slots unless they wrap, and regions fill up long before the table does.
 */
const crowded = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 10, max: 14 }), fc.integer({ min: 0, max: 3 }))
  .map(([hi, bits, before]) => ({ hi, lo: 2 ** bits - 1 - before }))

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
    for (let i = 0; i < 1000; i++) expect(insertGrowing(set, ...fingerprintOf(i))).toBeGreaterThanOrEqual(0)
    expect(set.capacity).toBeGreaterThan(1000)
    const slots = Array.from({ length: 1000 }, (_, i) => set.find(...fingerprintOf(i)))
    expect(slots).not.toContain(-1)
    expect(new Set(slots).size).toBe(1000)
    expect(set.find(5000, 1)).toBe(-1)
  })

  it('stores fingerprints as a Set does, through growth, crowded regions and wrapped probes', () => {
    fc.assert(
      fc.property(fc.array(crowded, { maxLength: 2000, size: 'max' }), fc.array(crowded), (inserted, asked) => {
        const set = new FingerprintSet(16)
        const model = new Set<string>()
        for (const { hi, lo } of inserted) {
          const key = `${hi},${lo}`
          expect(insertGrowing(set, hi, lo) === KNOWN).toBe(model.has(key))
          model.add(key)
          expect(set.size).toBe(model.size)
        }
        for (const { hi, lo } of [...inserted, ...asked]) expect(set.find(hi, lo) >= 0).toBe(model.has(`${hi},${lo}`))
      }),
      { numRuns: 40 },
    )
  })

  it('lets threads owning its regions insert candidates in order: the first copy of each is new, as one thread finds', () => {
    const run = fc.array(crowded, { maxLength: 400, size: 'max' })
    /** Runs in which a full region stopped an owner, and the owners went on after the table grew. */
    let resumed = 0
    fc.assert(
      fc.property(
        fc.array(run, { minLength: 1, maxLength: 6 }),
        fc.array(crowded, { maxLength: 600, size: 'max' }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 119 }),
        (runs, stored, owners, turn) => {
          const set = new FingerprintSet(16)
          for (const { hi, lo } of stored) insertGrowing(set, hi, lo)
          const before = new Set(stored.map(({ hi, lo }) => `${hi},${lo}`))
          const parts = runs.map(candidates => ({
            fingerprints: Uint32Array.from(candidates.flatMap(({ hi, lo }) => [hi, lo])),
            verdicts: new Uint8Array(candidates.length),
          }))
          // The owners in some order, each pass after the table grew from where a full region stopped it.
          const order = Array.from({ length: owners }, (_, i) => (i + turn) % owners)
          let passes = 0
          for (let full = true; full; passes++) {
            full = false
            for (const owner of order) {
              const result = insertOwned(set.view, owner, owners, parts)
              set.addStored(result.stored)
              full ||= result.full
            }
            if (full) set.grow()
          }
          const seen = new Set(before)
          runs.forEach((candidates, p) =>
            candidates.forEach(({ hi, lo }, c) => {
              const key = `${hi},${lo}`
              expect(parts[p]!.verdicts[c]).toBe(seen.has(key) ? SEEN : NEW)
              seen.add(key)
            }),
          )
          expect(set.size).toBe(seen.size)
          for (const key of seen) expect(set.find(...(key.split(',').map(Number) as [number, number]))).not.toBe(-1)
          if (passes > 1) resumed++
        },
      ),
      { numRuns: 40 },
    )
    expect(resumed).toBeGreaterThan(0)
  })

  it('keeps every fingerprint, in the same slot, when its table moves to shared memory, and goes on from there', () => {
    const set = new FingerprintSet(16)
    for (let i = 0; i < 300; i++) insertGrowing(set, ...fingerprintOf(i))
    const slots = Array.from({ length: 300 }, (_, i) => set.find(...fingerprintOf(i)))
    expect(slots).not.toContain(-1)
    expect(set.view.fingerprints.buffer).toBeInstanceOf(ArrayBuffer)
    set.share()
    expect(set.view.fingerprints.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(set.view.regionCounts.buffer).toBeInstanceOf(SharedArrayBuffer)
    set.share()
    expect(Array.from({ length: 300 }, (_, i) => set.find(...fingerprintOf(i)))).toEqual(slots)
    for (let i = 300; i < 1000; i++) expect(insertGrowing(set, ...fingerprintOf(i))).toBeGreaterThanOrEqual(0)
    expect(set.view.fingerprints.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(Array.from({ length: 1000 }, (_, i) => set.find(...fingerprintOf(i)))).not.toContain(-1)
    expect(set.insert(...fingerprintOf(7))).toBe(KNOWN)
  })
})

/** Inserts (hi, lo), growing the set first when the fingerprint's region is full. */
function insertGrowing(set: FingerprintSet, hi: number, lo: number): number {
  let slot = set.insert(hi, lo)
  for (; slot === FULL; slot = set.insert(hi, lo)) set.grow()
  return slot
}
