// The visited-state store, laid out as TLC lays it out. In memory only the set of fingerprints seen: an
// open-addressing table (linear probing) of 8-byte slots, cut into regions that worker threads fill side by side
// (`insertOwned`). Beside it the trace log: each state's fingerprint and its
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
/** `insert`'s answer when (hi, lo) is already stored. */
export const KNOWN = -1
/** `insert`'s answer when (hi, lo) is new but its region is at its load limit: grow the table and insert again. */
export const FULL = -2
/** At most 2^MAX_REGION_BITS regions... */
const MAX_REGION_BITS = 6
/** ...of at least 2^MIN_REGION_SLOT_BITS slots: a small region fills up well before the table does. */
const MIN_REGION_SLOT_BITS = 10

/**
 * A fingerprint table as worker threads see it: the slots, two words each ((0, 0) when empty), and how many of each
 * region's slots are taken. Its layout (`layoutOf`) follows from the two lengths.
 */
export interface FingerprintTable {
  readonly fingerprints: Uint32Array
  readonly regionCounts: Int32Array
}

/** Where the probe for (hi, lo) starts in a table of mask + 1 slots: inserts and every lookup, on any thread, agree. */
const homeSlot = (hi: number, lo: number, mask: number): number => (lo ^ (hi >>> 7)) & mask

/** What the slot and region of a fingerprint follow from. */
export interface Layout {
  readonly mask: number
  /** A slot's region is `slot >>> regionShift`. */
  readonly regionShift: number
  /** The slots a region may fill before the table must grow. */
  readonly regionThreshold: number
}

const regionBitsOf = (slotBits: number) => Math.max(0, Math.min(MAX_REGION_BITS, slotBits - MIN_REGION_SLOT_BITS))

export function layoutOf(table: FingerprintTable): Layout {
  const slots = table.fingerprints.length / 2
  const regionShift = Math.log2(slots) - Math.log2(table.regionCounts.length)
  return { mask: slots - 1, regionShift, regionThreshold: Math.floor(2 ** regionShift * MAX_LOAD) }
}

/**
 * The table is cut into regions of consecutive slots, and a probe wraps around within the region its home slot is in,
 * never into the next one. So the regions are separate tables: worker threads, each owning some of them
 * (`regionOwner`), insert into one table at the same time without locks (check.ts, expandInParallel).
 */
function insertInto(
  fingerprints: Uint32Array,
  regionCounts: Int32Array,
  mask: number,
  regionShift: number,
  regionThreshold: number,
  hi: number,
  lo: number,
): number {
  let slot = homeSlot(hi, lo, mask)
  const region = slot >>> regionShift
  const base = region << regionShift
  const regionMask = (1 << regionShift) - 1
  for (;;) {
    const storedHi = fingerprints[2 * slot]!
    const storedLo = fingerprints[2 * slot + 1]!
    if (storedHi === 0 && storedLo === 0) break
    if (storedHi === hi && storedLo === lo) return KNOWN
    slot = base | ((slot + 1) & regionMask)
  }
  if (regionCounts[region]! >= regionThreshold) return FULL
  fingerprints[2 * slot] = hi
  fingerprints[2 * slot + 1] = lo
  regionCounts[region]!++
  return slot
}

/** The slot of (hi, lo) in a table of this layout, or -1. */
export function findIn(fingerprints: Uint32Array, mask: number, regionShift: number, hi: number, lo: number): number {
  let slot = homeSlot(hi, lo, mask)
  const base = (slot >>> regionShift) << regionShift
  const regionMask = (1 << regionShift) - 1
  for (;;) {
    const storedHi = fingerprints[2 * slot]!
    const storedLo = fingerprints[2 * slot + 1]!
    if (storedHi === hi && storedLo === lo) return slot
    if (storedHi === 0 && storedLo === 0) return -1
    slot = base | ((slot + 1) & regionMask)
  }
}

/** Which of `owners` threads inserts (hi, lo) into a table of this layout: the one owning the fingerprint's region. */
const regionOwner = (layout: Layout, owners: number, hi: number, lo: number): number =>
  (homeSlot(hi, lo, layout.mask) >>> layout.regionShift) % owners

/**
 * Inserts, in order, the fingerprints (hi, lo at [2c], [2c + 1]) whose region thread `owner` of `owners` owns, and
 * writes each one's verdict: NEW, or SEEN when stored before. Fingerprints with a verdict already are skipped, so a
 * pass stopped by a full region is taken up again, after the table grew, where it stopped. Returns how many it
 * stored, and whether a full region stopped it.
 */
export function insertOwned(
  table: FingerprintTable,
  owner: number,
  owners: number,
  runs: readonly { readonly fingerprints: Uint32Array; readonly verdicts: Uint8Array }[],
): { stored: number; full: boolean } {
  const layout = layoutOf(table)
  const { fingerprints: slots, regionCounts } = table
  const { mask, regionShift, regionThreshold } = layout
  let stored = 0
  for (const { fingerprints, verdicts } of runs)
    for (let c = 0; c < verdicts.length; c++) {
      if (verdicts[c] !== UNDECIDED) continue
      const hi = fingerprints[2 * c]!
      const lo = fingerprints[2 * c + 1]!
      if (regionOwner(layout, owners, hi, lo) !== owner) continue
      const slot = insertInto(slots, regionCounts, mask, regionShift, regionThreshold, hi, lo)
      if (slot === FULL) return { stored, full: true }
      verdicts[c] = slot === KNOWN ? SEEN : NEW
      if (slot !== KNOWN) stored++
    }
  return { stored, full: false }
}

/** Verdicts `insertOwned` writes. */
export const UNDECIDED = 0
export const NEW = 1
export const SEEN = 2

/**
 * A set of 64-bit fingerprints (hi, lo), each half an unsigned 32-bit number. (0, 0) marks an empty slot and must not
 * be stored (Fingerprinter never produces it). An open-addressing table with linear probing, within regions of the
 * table (`insertInto`).
 */
export class FingerprintSet {
  // The table and its layout, each in a field of its own: the probe reads them on every insert.
  private fingerprints!: Uint32Array
  private regionCounts!: Int32Array
  private mask!: number
  private regionShift!: number
  private regionThreshold!: number
  /** Fingerprints stored. */
  size = 0

  /**
   * Whether the table lives in SharedArrayBuffers, so that worker threads can insert into it (check.ts,
   * expandInParallel). A table starts in the main thread's memory and moves there when threads start (`share`): on
   * TwoPhase-7, inserting into a shared table cost 3% more instructions, and a search offered threads often keeps to
   * the main thread.
   */
  private shared = false

  constructor(capacity = INITIAL_CAPACITY) {
    this.use(this.tableOf(1 << Math.max(4, Math.ceil(Math.log2(capacity)))))
  }

  get capacity(): number {
    return this.mask + 1
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.capacity * 8
  }

  /** Stores (hi, lo) unless present. Returns its new slot, KNOWN if it was already stored, or FULL: `grow` first. */
  insert(hi: number, lo: number): number {
    const { fingerprints, regionCounts, mask, regionShift, regionThreshold } = this
    const slot = insertInto(fingerprints, regionCounts, mask, regionShift, regionThreshold, hi, lo)
    if (slot >= 0) this.size++
    return slot
  }

  /** The slot holding (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    return findIn(this.fingerprints, this.mask, this.regionShift, hi, lo)
  }

  /** The table, for worker threads (SharedArrayBuffers' views once `shared`); replaced when it grows. */
  get view(): FingerprintTable {
    return { fingerprints: this.fingerprints, regionCounts: this.regionCounts }
  }

  /** Moves the table into SharedArrayBuffers, if it is not there yet: the same slots, from now on shared. */
  share(): void {
    if (this.shared) return
    this.shared = true
    const table = this.tableOf(this.capacity)
    table.fingerprints.set(this.fingerprints)
    table.regionCounts.set(this.regionCounts)
    this.use(table)
  }

  /**
   * Doubles the table (or more, in the unlikely case that a region of the doubled one overflows). Returns, for every
   * old slot, the slot its fingerprint now occupies.
   */
  grow(): Uint32Array {
    const old = this.fingerprints
    const oldSlots = old.length / 2
    const moved = new Uint32Array(oldSlots)
    for (let slots = oldSlots * 2; ; slots *= 2) {
      this.use(this.tableOf(slots))
      this.size = 0
      let overflow = false
      for (let slot = 0; slot < oldSlots && !overflow; slot++) {
        const hi = old[2 * slot]!
        const lo = old[2 * slot + 1]!
        if (hi === 0 && lo === 0) continue
        moved[slot] = this.insert(hi, lo)
        overflow = moved[slot] === FULL
      }
      if (!overflow) return moved
    }
  }

  /** Counts fingerprints that worker threads stored (`insertOwned`) into this set's table. */
  addStored(count: number): void {
    this.size += count
  }

  /** A set holding the fingerprints of a saved table, in whatever slots (`fingerprints`, 2^k slots of two words). */
  static restore(fingerprints: Uint32Array, size: number): FingerprintSet {
    const slots = fingerprints.length / 2
    if (slots < 16 || (slots & (slots - 1)) !== 0) throw new Error('a saved fingerprint table must have 2^k slots')
    const set = new FingerprintSet(slots)
    // Inserted again, not copied: a table saved before it had regions has its fingerprints elsewhere.
    for (let slot = 0; slot < slots; slot++) {
      const hi = fingerprints[2 * slot]!
      const lo = fingerprints[2 * slot + 1]!
      if (hi === 0 && lo === 0) continue
      while (set.insert(hi, lo) === FULL) set.grow()
    }
    if (set.size !== size) throw new Error(`a saved fingerprint table of ${size} states holds ${set.size}`)
    return set
  }

  private use(table: FingerprintTable): void {
    this.fingerprints = table.fingerprints
    this.regionCounts = table.regionCounts
    ;({ mask: this.mask, regionShift: this.regionShift, regionThreshold: this.regionThreshold } = layoutOf(table))
  }

  private tableOf(slots: number): FingerprintTable {
    const regions = 2 ** regionBitsOf(Math.log2(slots))
    return this.shared
      ? {
          fingerprints: new Uint32Array(new SharedArrayBuffer(8 * slots)),
          regionCounts: new Int32Array(new SharedArrayBuffer(4 * regions)),
        }
      : { fingerprints: new Uint32Array(2 * slots), regionCounts: new Int32Array(regions) }
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
  /** States numbered: the log's size, kept here because reading it from the log cost 1% of TwoPhase's search. */
  private numbered = 0

  private constructor(
    private set: FingerprintSet,
    private readonly log: TraceLog,
  ) {
    this.recent = new RecentFingerprints(set.capacity)
  }

  static create(options: { readonly chunkRecords?: number } = {}): StateStore {
    return new StateStore(new FingerprintSet(), new TraceLog(options.chunkRecords))
  }

  /** Distinct states stored: numbered, with a record in the trace log. */
  get size(): number {
    return this.numbered
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
    let slot = this.set.insert(hi, lo)
    while (slot === FULL) {
      this.grow()
      slot = this.set.insert(hi, lo)
    }
    if (slot < 0) return -1
    this.numbered++
    return this.log.append(hi, lo, parent)
  }

  /** Moves the fingerprint table into shared memory, for worker threads (`table`). */
  share(): void {
    this.set.share()
  }

  /** The fingerprint table, for worker threads: the table as it is now (it is replaced when it grows). */
  get table(): FingerprintTable {
    return this.set.view
  }

  /** Doubles the fingerprint table. */
  grow(): void {
    this.set.grow()
    if (this.recent.size < Math.min(RECENT_SLOTS, this.set.capacity))
      this.recent = new RecentFingerprints(this.set.capacity)
  }

  /** Counts fingerprints worker threads put into the table (`insertOwned`), which the main thread then numbers. */
  addStored(count: number): void {
    this.set.addStored(count)
  }

  /** Numbers a state whose fingerprint a worker thread stored (`insertOwned`), reached from state `parent`. */
  number(hi: number, lo: number, parent: number): number {
    this.numbered++
    return this.log.append(hi, lo, parent)
  }

  parentOf(state: number): number {
    return this.log.parentOf(state)
  }

  sameFingerprint(state: number, hi: number, lo: number): boolean {
    return this.log.sameFingerprint(state, hi, lo)
  }

  snapshot(): SavedStore {
    if (this.set.size !== this.log.size)
      throw new Error(`the fingerprint table holds ${this.set.size} states and the trace log ${this.log.size}`)
    return { size: this.log.size, fingerprints: this.set.view.fingerprints, log: this.log.parts() }
  }

  static restore(saved: SavedStore): StateStore {
    const store = new StateStore(FingerprintSet.restore(saved.fingerprints, saved.size), new TraceLog())
    for (const words of saved.log) store.log.appendWords(words)
    store.numbered = store.log.size
    if (store.log.size !== saved.size)
      throw new Error(`a saved store of ${saved.size} states has ${store.log.size} trace-log records`)
    return store
  }

  /** Removes the trace log's file. */
  dispose(): void {
    this.log.dispose()
  }
}
