// The visited-state store: an open-addressing hash table (linear probing) over typed arrays. A slot holds a
// state's 64-bit fingerprint and the slot of the state it was first reached from: 12 bytes a slot, nothing per
// state on the JS heap. Which action reached it is not stored: a trace finds it again as the first enabled action
// whose successor has the stored fingerprint, which is the one the search took (actions are tried in order, and
// the first to reach a state records it). Parents point at slots, so growing the table
// rewrites them; `grow` returns the old-slot -> new-slot map so the caller can remap what it holds.

/** Marks "no parent" (an initial state). */
export const NO_PARENT = 0xffffffff

const INITIAL_CAPACITY = 1 << 12
const MAX_LOAD = 0.9

export class StateStore {
  private mask: number
  /** Slot i's fingerprint is at [2i] (high half) and [2i + 1] (low half): one cache line per probe. */
  private fingerprints: Uint32Array
  private parents: Uint32Array
  /** Distinct states stored. */
  size = 0
  /** The size at which the table must grow to keep its load under MAX_LOAD. */
  private threshold: number

  /**
   * `shared`: the fingerprints live in a SharedArrayBuffer, so that worker threads can look states up while the
   * main thread, which alone inserts, merges what they found (check.ts, expandInParallel).
   */
  constructor(
    capacity = INITIAL_CAPACITY,
    private readonly shared = false,
  ) {
    const slots = 1 << Math.max(4, Math.ceil(Math.log2(capacity)))
    this.mask = slots - 1
    this.fingerprints = this.fingerprintArray(slots)
    this.parents = new Uint32Array(slots)
    this.threshold = Math.floor(slots * MAX_LOAD)
  }

  get capacity(): number {
    return this.mask + 1
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.capacity * 12
  }

  /** True when the next insertion should be preceded by `grow()`. */
  get full(): boolean {
    return this.size >= this.threshold
  }

  /**
   * Stores the fingerprint (hi, lo) unless present. Returns the new slot, or -1 if the state was already stored.
   * (0, 0) must not be passed: it marks an empty slot.
   */
  insert(hi: number, lo: number, parent: number): number {
    const { fingerprints, mask } = this
    let slot = (lo ^ (hi >>> 7)) & mask
    for (;;) {
      const storedHi = fingerprints[2 * slot]!
      const storedLo = fingerprints[2 * slot + 1]!
      if (storedHi === 0 && storedLo === 0) break
      if (storedHi === hi && storedLo === lo) return -1
      slot = (slot + 1) & mask
    }
    if (this.shared) {
      // Worker threads read this table while the main thread inserts: the high half is published last, with
      // release order, so a reader that sees it also sees the low half (`findPublished`).
      fingerprints[2 * slot + 1] = lo
      Atomics.store(fingerprints, 2 * slot, hi)
    } else {
      fingerprints[2 * slot] = hi
      fingerprints[2 * slot + 1] = lo
    }
    this.parents[slot] = parent
    this.size++
    return slot
  }

  /** The slot holding the fingerprint (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    return findFingerprint(this.fingerprints, hi, lo)
  }

  /** The fingerprint table, for lookups from other threads (a SharedArrayBuffer's view when `shared`). */
  get fingerprintTable(): Uint32Array {
    return this.fingerprints
  }

  parentOf(slot: number): number {
    return this.parents[slot]!
  }

  sameFingerprint(slot: number, hi: number, lo: number): boolean {
    return this.fingerprints[2 * slot] === hi && this.fingerprints[2 * slot + 1] === lo
  }

  /** The table's arrays, for a checkpoint; `restore` reads them back. */
  snapshot(): { size: number; fingerprints: Uint32Array; parents: Uint32Array } {
    const { size, fingerprints, parents } = this
    return { size, fingerprints, parents }
  }

  static restore(saved: ReturnType<StateStore['snapshot']>, shared = false): StateStore {
    const slots = saved.parents.length
    if (slots < 16 || (slots & (slots - 1)) !== 0 || saved.fingerprints.length !== 2 * slots)
      throw new Error('a saved state store must have a power-of-two number of slots')
    const store = new StateStore(slots, shared)
    store.fingerprints.set(saved.fingerprints)
    store.parents = saved.parents
    store.size = saved.size
    return store
  }

  /** Doubles the table. Returns, for every old slot, the slot its state now occupies. */
  grow(): Uint32Array {
    const oldFingerprints = this.fingerprints
    const oldParents = this.parents
    const oldSlots = oldParents.length
    const slots = oldSlots * 2
    this.mask = slots - 1
    this.fingerprints = this.fingerprintArray(slots)
    this.parents = new Uint32Array(slots)
    this.threshold = Math.floor(slots * MAX_LOAD)
    this.size = 0
    const moved = new Uint32Array(oldSlots)
    const occupied = (old: number) => oldFingerprints[2 * old] !== 0 || oldFingerprints[2 * old + 1] !== 0
    for (let old = 0; old < oldSlots; old++) {
      if (occupied(old)) moved[old] = this.insert(oldFingerprints[2 * old]!, oldFingerprints[2 * old + 1]!, NO_PARENT)
    }
    for (let old = 0; old < oldSlots; old++) {
      if (!occupied(old)) continue
      const parent = oldParents[old]!
      this.parents[moved[old]!] = parent === NO_PARENT ? NO_PARENT : moved[parent]!
    }
    return moved
  }

  private fingerprintArray(slots: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(8 * slots)) : new Uint32Array(2 * slots)
  }
}

/** The slot of the fingerprint (hi, lo) in a table of 2 x 2^k words (a StateStore's, or a worker's view of it), or -1. */
export function findFingerprint(fingerprints: Uint32Array, hi: number, lo: number): number {
  const mask = fingerprints.length / 2 - 1
  let slot = (lo ^ (hi >>> 7)) & mask
  for (;;) {
    const storedHi = fingerprints[2 * slot]!
    const storedLo = fingerprints[2 * slot + 1]!
    if (storedHi === hi && storedLo === lo) return slot
    if (storedHi === 0 && storedLo === 0) return -1
    slot = (slot + 1) & mask
  }
}

/**
 * Whether (hi, lo) is in a table the main thread may be inserting into at the same time: only slots whose high half
 * has been published count. It can miss a state (one being published, or one whose high half is 0), never find one
 * that is not there; a miss only makes the state a candidate, which the main thread then finds stored.
 */
export function findPublished(fingerprints: Uint32Array, hi: number, lo: number): boolean {
  const mask = fingerprints.length / 2 - 1
  let slot = (lo ^ (hi >>> 7)) & mask
  for (;;) {
    const storedHi = Atomics.load(fingerprints, 2 * slot)
    if (storedHi === 0) return false
    if (storedHi === hi && fingerprints[2 * slot + 1] === lo) return true
    slot = (slot + 1) & mask
  }
}
