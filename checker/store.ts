// The visited-state store, laid out as TLC lays it out. In memory only the set of fingerprints seen: an
// open-addressing table (linear probing) of 8-byte slots. Beside it the trace log: each state's fingerprint and its
// parent's number, in the order the states were found, written to a temporary file a chunk at a time, since only
// counterexamples read it. A state is known by its number (its place in that order), which never changes: the
// frontier carries it, so expanding a state looks nothing up, and growing the table moves nothing the search holds.
// Which action reached a state is not logged: a trace finds it again as the first enabled action whose successor
// has the logged fingerprint, which is the one the search took (actions are tried in order, and the first to reach
// a state records it).

import { readSync, writeSync } from 'node:fs'
import { openScratchFile, type ScratchFile } from './scratchFile.js'

/** Marks "no parent" (an initial state). */
export const NO_PARENT = 0xffffffff

const INITIAL_CAPACITY = 1 << 12
const MAX_LOAD = 0.9

/** Where the probe for (hi, lo) starts in a table of mask + 1 slots: inserts and every lookup, on any thread, agree. */
const homeSlot = (hi: number, lo: number, mask: number): number => (lo ^ (hi >>> 7)) & mask

/**
 * A set of 64-bit fingerprints (hi, lo), each half an unsigned 32-bit number. (0, 0) marks an empty slot and must not
 * be stored (Fingerprinter never produces it).
 */
export class FingerprintSet {
  private mask: number
  /** Slot i's fingerprint is at [2i] (high half) and [2i + 1] (low half): one cache line per probe. */
  private fingerprints: Uint32Array
  /** Fingerprints stored. */
  size = 0
  /** The size at which the table must grow to keep its load under MAX_LOAD. */
  private threshold: number

  /**
   * Whether the table lives in a SharedArrayBuffer, so that worker threads can look fingerprints up while the main
   * thread, which alone inserts, merges what they found (check.ts, expandInParallel). A table starts in the main
   * thread's memory and moves there when threads start (`share`): on TwoPhase-7, inserting into a shared table cost
   * 3% more instructions, and a search offered threads often keeps to the main thread.
   */
  private shared = false

  constructor(capacity = INITIAL_CAPACITY) {
    const slots = 1 << Math.max(4, Math.ceil(Math.log2(capacity)))
    this.mask = slots - 1
    this.fingerprints = this.tableOf(slots)
    this.threshold = Math.floor(slots * MAX_LOAD)
  }

  get capacity(): number {
    return this.mask + 1
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.capacity * 8
  }

  /** True when the next insertion should be preceded by `grow()`. */
  get full(): boolean {
    return this.size >= this.threshold
  }

  /** Stores (hi, lo) unless present. Returns its new slot, or -1 if it was already stored. */
  insert(hi: number, lo: number): number {
    const { fingerprints, mask } = this
    let slot = homeSlot(hi, lo, mask)
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
    this.size++
    return slot
  }

  /** The slot holding (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    return findFingerprint(this.fingerprints, hi, lo)
  }

  /** The table, for lookups from other threads (a SharedArrayBuffer's view when `shared`). */
  get table(): Uint32Array {
    return this.fingerprints
  }

  /** Moves the table into a SharedArrayBuffer, if it is not there yet: the same slots, from now on shared. */
  share(): void {
    if (this.shared) return
    this.shared = true
    const table = this.tableOf(this.capacity)
    table.set(this.fingerprints)
    this.fingerprints = table
  }

  /** Doubles the table. Returns, for every old slot, the slot its fingerprint now occupies. */
  grow(): Uint32Array {
    const old = this.fingerprints
    const oldSlots = old.length / 2
    const slots = oldSlots * 2
    this.mask = slots - 1
    this.fingerprints = this.tableOf(slots)
    this.threshold = Math.floor(slots * MAX_LOAD)
    this.size = 0
    const moved = new Uint32Array(oldSlots)
    for (let slot = 0; slot < oldSlots; slot++) {
      const hi = old[2 * slot]!
      const lo = old[2 * slot + 1]!
      if (hi !== 0 || lo !== 0) moved[slot] = this.insert(hi, lo)
    }
    return moved
  }

  /** A set holding the fingerprints of a saved table (`table` of a set of `size`). */
  static restore(table: Uint32Array, size: number): FingerprintSet {
    const slots = table.length / 2
    if (slots < 16 || (slots & (slots - 1)) !== 0) throw new Error('a saved fingerprint table must have 2^k slots')
    const set = new FingerprintSet(slots)
    set.fingerprints.set(table)
    set.size = size
    return set
  }

  private tableOf(slots: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(8 * slots)) : new Uint32Array(2 * slots)
  }
}

/**
 * Fingerprints a RecentFingerprints remembers: 256 KB, which stays in the second-level cache. On TwoPhase-8 it finds
 * 14.3M of the 16.8M repeats (1,024 slots, in the first-level cache, found 12.1M); one thread searched in 2.65 s on
 * average against 2.78 s, faster in 9 runs of 10 alternated, and the Kafka spec's searches were no slower.
 */
const RECENT_SLOTS = 1 << 15

/**
 * The last fingerprints looked up, one per slot of a small direct-mapped table, in front of a set too large for the
 * processor's caches. A state's successors mostly repeat those of its neighbours in the queue (actions commute), so on
 * TwoPhase-8 three successors in four are found here without touching the large table. It holds only fingerprints the
 * set is known to have, so a hit is a repeat for certain; a miss says nothing.
 */
export class RecentFingerprints {
  private readonly slots: Uint32Array
  private readonly mask: number

  /**
   * Room for the lookups of about `lookups` (a power of two from 1,024 to RECENT_SLOTS): a small search does not
   * allocate 256 KB for a few hundred states (test suites run thousands of them).
   */
  constructor(lookups = RECENT_SLOTS) {
    const slots = Math.min(RECENT_SLOTS, 2 ** Math.max(10, Math.ceil(Math.log2(Math.max(1, lookups)))))
    this.slots = new Uint32Array(2 * slots)
    this.mask = slots - 1
  }

  get size(): number {
    return this.mask + 1
  }

  /** Whether (hi, lo) is remembered. */
  has(hi: number, lo: number): boolean {
    const at = this.slotOf(hi, lo)
    return this.slots[at] === hi && this.slots[at + 1] === lo
  }

  /** Remembers (hi, lo), which the set now holds, in place of whatever shared its slot. */
  add(hi: number, lo: number): void {
    const at = this.slotOf(hi, lo)
    this.slots[at] = hi
    this.slots[at + 1] = lo
  }

  /** Where (hi, lo) is kept: `has` and `add` must agree. */
  private slotOf(hi: number, lo: number): number {
    return 2 * ((hi ^ (lo >>> 13)) & this.mask)
  }
}

/** The slot of the fingerprint (hi, lo) in a table of 2 x 2^k words (a FingerprintSet's, or a worker's view), or -1. */
export function findFingerprint(fingerprints: Uint32Array, hi: number, lo: number): number {
  const mask = fingerprints.length / 2 - 1
  let slot = homeSlot(hi, lo, mask)
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
  let slot = homeSlot(hi, lo, mask)
  for (;;) {
    const storedHi = Atomics.load(fingerprints, 2 * slot)
    if (storedHi === 0) return false
    if (storedHi === hi && fingerprints[2 * slot + 1] === lo) return true
    slot = (slot + 1) & mask
  }
}

/** Words a trace-log record takes: the state's fingerprint (hi, lo) and its parent's number. */
export const RECORD = 3
/** Records per chunk of the trace log: 768 KB. A search of fewer states never writes a file. */
const DEFAULT_CHUNK_RECORDS = 1 << 16
/** Records of the log's first chunk (12 KB), which doubles up to the chunk size before the first is filed. */
const FIRST_CHUNK_RECORDS = 1 << 10

/**
 * The trace log: record n is [hi, lo, parent] of state number n. Records fill a chunk in memory; a full chunk is
 * appended to a temporary file (removed by `dispose`), so memory holds one chunk whatever the number of states. Where
 * no temporary file can be written (a read-only or full temporary folder), full chunks stay in memory instead: the
 * search goes on as before this log had a file, with 12 more bytes a state.
 */
export class TraceLog {
  private chunk: Uint32Array
  /** Records in `chunk`, and the records it has room for. */
  private fill = 0
  private room: number
  /** Records before `chunk`: the first `filed` in the file, the rest in `kept`, a full chunk each. */
  private flushed = 0
  private filed = 0
  private readonly kept: Uint32Array[] = []
  private file: ScratchFile | 'unwritable' | undefined
  private readonly record = new Uint32Array(RECORD)

  constructor(private readonly chunkRecords = DEFAULT_CHUNK_RECORDS) {
    this.room = Math.min(chunkRecords, FIRST_CHUNK_RECORDS)
    this.chunk = new Uint32Array(this.room * RECORD)
  }

  /** Records logged. */
  get size(): number {
    return this.flushed + this.fill
  }

  /** Bytes the log holds in memory (its file is not counted). */
  get memoryBytes(): number {
    return this.kept.length * this.chunkRecords * RECORD * 4 + this.chunk.byteLength
  }

  /** Bytes the log has written to its file. */
  get fileBytes(): number {
    return this.filed * RECORD * 4
  }

  /** Logs a state; returns its number. */
  append(hi: number, lo: number, parent: number): number {
    if (this.fill === this.room) this.makeRoom()
    const at = this.fill * RECORD
    this.chunk[at] = hi
    this.chunk[at + 1] = lo
    this.chunk[at + 2] = parent
    this.fill++
    return this.flushed + this.fill - 1
  }

  parentOf(n: number): number {
    return this.read(n)[2]!
  }

  /** Whether state n has the fingerprint (hi, lo). */
  sameFingerprint(n: number, hi: number, lo: number): boolean {
    const record = this.read(n)
    return record[0] === hi && record[1] === lo
  }

  /** Every record in order, a run of whole records at a time: what a checkpoint saves. */
  *parts(): Generator<Uint32Array> {
    const block = new Uint32Array(this.chunkRecords * RECORD)
    for (let at = 0; at < this.filed; at += this.chunkRecords) {
      const records = Math.min(this.chunkRecords, this.filed - at)
      readSync(this.fd(), block, 0, records * RECORD * 4, at * RECORD * 4)
      yield block.subarray(0, records * RECORD)
    }
    yield* this.kept
    yield this.chunk.subarray(0, this.fill * RECORD)
  }

  /** Appends whole records, as `parts` gives them. */
  appendWords(words: Uint32Array): void {
    if (words.length % RECORD !== 0) throw new Error('a saved trace log must hold whole records')
    for (let at = 0; at < words.length; at += RECORD) this.append(words[at]!, words[at + 1]!, words[at + 2]!)
  }

  /** Removes the file, if any. */
  dispose(): void {
    if (this.file === undefined || this.file === 'unwritable') return
    this.file.close()
    this.file = undefined
  }

  /** A chunk twice as large while it is smaller than the chunk size, else the next chunk after flushing this one. */
  private makeRoom(): void {
    if (this.room === this.chunkRecords) return this.flush()
    this.room = Math.min(this.chunkRecords, this.room * 2)
    const chunk = new Uint32Array(this.room * RECORD)
    chunk.set(this.chunk)
    this.chunk = chunk
  }

  private flush(): void {
    // Once a chunk is kept in memory every later one is too: the file holds exactly the first `filed` records.
    if (this.kept.length > 0 || !this.filedChunk()) {
      this.kept.push(this.chunk)
      this.chunk = new Uint32Array(this.chunkRecords * RECORD)
    }
    this.flushed += this.fill
    this.fill = 0
  }

  /** Appends the full chunk to the file, opened on first use; false where it cannot be (read-only or full folder). */
  private filedChunk(): boolean {
    if (this.file === 'unwritable') return false
    try {
      this.file ??= openScratchFile('kafkacheck-trace-')
      writeSync(this.file.fd, this.chunk, 0, this.chunk.byteLength, this.filed * RECORD * 4)
    } catch {
      // No file at all: none is tried again. A failed write (a full disk) keeps the file, whose records stay readable.
      this.file ??= 'unwritable'
      return false
    }
    this.filed += this.fill
    return true
  }

  private fd(): number {
    if (this.file === undefined || this.file === 'unwritable') throw new Error('the trace log has no file')
    return this.file.fd
  }

  private read(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0 || n >= this.size) throw new RangeError(`no state number ${n} in the trace log`)
    if (n >= this.flushed) return this.chunk.subarray((n - this.flushed) * RECORD, (n - this.flushed + 1) * RECORD)
    if (n >= this.filed) {
      const chunk = this.kept[Math.floor((n - this.filed) / this.chunkRecords)]!
      const at = ((n - this.filed) % this.chunkRecords) * RECORD
      return chunk.subarray(at, at + RECORD)
    }
    readSync(this.fd(), this.record, 0, RECORD * 4, n * RECORD * 4)
    return this.record
  }
}

/** What a checkpoint saves of a store: the table and its size, and the trace log's records in runs. */
export interface SavedStore {
  readonly size: number
  readonly fingerprints: Uint32Array
  readonly log: Iterable<Uint32Array>
}

/**
 * The visited states: a FingerprintSet to tell a new state from a known one, and a TraceLog to rebuild the path to
 * any of them. States are numbered in the order they were stored.
 */
export class StateStore {
  /** As large as the set, up to RECENT_SLOTS: replaced by a larger one, empty, as the set grows. */
  private recent: RecentFingerprints

  private constructor(
    private set: FingerprintSet,
    private readonly log: TraceLog,
  ) {
    this.recent = new RecentFingerprints(set.capacity)
  }

  static create(options: { readonly chunkRecords?: number } = {}): StateStore {
    return new StateStore(new FingerprintSet(), new TraceLog(options.chunkRecords))
  }

  /** Distinct states stored. */
  get size(): number {
    return this.set.size
  }

  /** Bytes of the visited set in memory: the fingerprint table (the trace log's file is on disk). */
  get bytes(): number {
    return this.set.bytes
  }

  /** The trace log's bytes in memory and in its file. */
  get logBytes(): { memory: number; file: number } {
    return { memory: this.log.memoryBytes, file: this.log.fileBytes }
  }

  /**
   * Stores the fingerprint (hi, lo), reached from state number `parent` (NO_PARENT for an initial state), unless it
   * is known. Returns the new state's number, or -1 if the state was already stored.
   */
  insert(hi: number, lo: number, parent: number): number {
    if (this.recent.has(hi, lo)) return -1
    this.recent.add(hi, lo)
    if (this.set.full) {
      this.set.grow()
      if (this.recent.size < Math.min(RECENT_SLOTS, this.set.capacity))
        this.recent = new RecentFingerprints(this.set.capacity)
    }
    if (this.set.insert(hi, lo) < 0) return -1
    return this.log.append(hi, lo, parent)
  }

  /** Moves the fingerprint table into shared memory, for worker threads' lookups (`fingerprintTable`). */
  share(): void {
    this.set.share()
  }

  /** The fingerprint table, for lookups from worker threads: the table as it is now (it is replaced when it grows). */
  get fingerprintTable(): Uint32Array {
    return this.set.table
  }

  parentOf(state: number): number {
    return this.log.parentOf(state)
  }

  sameFingerprint(state: number, hi: number, lo: number): boolean {
    return this.log.sameFingerprint(state, hi, lo)
  }

  snapshot(): SavedStore {
    return { size: this.set.size, fingerprints: this.set.table, log: this.log.parts() }
  }

  static restore(saved: SavedStore): StateStore {
    const store = new StateStore(FingerprintSet.restore(saved.fingerprints, saved.size), new TraceLog())
    for (const words of saved.log) store.log.appendWords(words)
    if (store.log.size !== saved.size)
      throw new Error(`a saved store of ${saved.size} states has ${store.log.size} trace-log records`)
    return store
  }

  /** Removes the trace log's file. */
  dispose(): void {
    this.log.dispose()
  }
}
