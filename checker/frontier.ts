// One level of the breadth-first search: the states still to expand, in the order they were found. A model whose
// words read back (Fingerprinter.decode: its own decode, or the engine's plain encoding) has its states queued as
// those words (a Kafka state is 20-60 words, so 100-250 bytes instead of the ~2-4 KB of its objects), in chunks of a
// typed array; past a memory threshold whole chunks go to a temporary file and come back in order, as TLC's disk queue
// does. Other models queue their objects.
// Each entry also carries the state's number in the visited-state store (checker/store.ts): the parent of every
// successor found by expanding it.

import { readSync, writeSync } from 'node:fs'
import { openScratchFile, type ScratchFile } from './scratchFile.js'

/** A dequeued state's number in the store; the state itself is returned by `next`. */
export interface Entry {
  id: number
}

export interface Level<S> {
  /** States queued so far. */
  readonly length: number
  /** Bytes this level has written to its spill file. */
  readonly spilledBytes: number
  /** Queues `state`, number `id` in the store; `words[0, count)` are its encoding (used by packed levels only). */
  push(state: S, id: number, words: Int32Array, count: number): void
  /** The next state in queue order with its number in `entry`, or undefined at the end. */
  next(entry: Entry): S | undefined
  /**
   * Entries not yet dequeued, as runs of raw words in queue order (packed levels only): what a checkpoint saves.
   * Spilled chunks are read back one at a time, and the reader does not move: the search goes on afterwards.
   */
  remainingParts(): Iterable<Int32Array>
  /** Frees the spill file, if any. */
  dispose(): void
}

/** Queues objects: for models whose encoding cannot be read back. */
export class ObjectLevel<S> implements Level<S> {
  private states: (S | undefined)[] = []
  private ids: number[] = []
  private read = 0

  get length(): number {
    return this.states.length
  }
  readonly spilledBytes = 0

  push(state: S, id: number): void {
    this.states.push(state)
    this.ids.push(id)
  }

  next(entry: Entry): S | undefined {
    if (this.read === this.states.length) return undefined
    const state = this.states[this.read]!
    this.states[this.read] = undefined // let the expanded state be collected
    entry.id = this.ids[this.read]!
    this.read++
    return state
  }

  remainingParts(): Iterable<Int32Array> {
    throw new Error('a level of objects cannot be saved: the model has no decode')
  }

  dispose(): void {}
}

/** Words per chunk: 4 MB, large enough that a file write is cheap per state and small enough to waste little. */
const CHUNK_WORDS = 1 << 20
/**
 * Words of a level's first chunk (16 KB); each next one is twice the last, up to the chunk size. A level of a few
 * states, as most levels of most searches are, no longer takes a zeroed 4 MB chunk: a search of the built-in
 * scenarios made one per level, 6% of `kafkacheck ci`'s time.
 */
const FIRST_CHUNK_WORDS = 1 << 12

export interface PackedLevelOptions {
  /** Reads a state back from its words. */
  readonly decode: (words: ArrayLike<number>, cursor: { at: number }) => unknown
  /** Beyond this many bytes in memory, full chunks are written to a temporary file. */
  readonly spillAboveBytes: number
  /** Words per chunk (default 2^20; a longer state gets one of its own); small ones let tests spill small levels. */
  readonly chunkWords?: number
}

/** Words an entry takes before the state's own: its number in the store and its word count. */
export const ENTRY_HEADER = 2

/**
 * Queues packed states: an entry is [id, count, ...words]. Chunks fill in order; the reader drains them in the
 * same order, from memory or from the spill file (spilled chunks are always the oldest, so the file is read front
 * to back).
 */
export class PackedLevel<S> implements Level<S> {
  /** Chunks in memory, oldest first; the last one is being written. */
  private chunks: Int32Array[] = []
  /** Words used in the last chunk, and its length. */
  private fill = 0
  private room = 0
  /** Chunks written to the spill file and not yet read back. */
  private spilledChunks = 0
  private spillFile: { file: ScratchFile; writeAt: number; readAt: number } | undefined
  private queued = 0
  spilledBytes = 0
  /** The chunk being read, its read position and its length in words. */
  private reading: Int32Array | undefined
  private readAt = 0
  private readEnd = 0
  private readonly cursor = { at: 0 }

  private readonly chunkWords: number

  constructor(private readonly options: PackedLevelOptions) {
    this.chunkWords = options.chunkWords ?? CHUNK_WORDS
  }

  get length(): number {
    return this.queued
  }

  /** Bytes this level holds in memory, not counting what it spilled to disk. */
  get memoryBytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.buffer.byteLength, 0)
  }

  push(_state: S, id: number, words: Int32Array, count: number): void {
    const needed = count + ENTRY_HEADER
    if (this.fill + needed > this.room) this.newChunk(needed)
    const chunk = this.chunks[this.chunks.length - 1]!
    let at = this.fill
    chunk[at++] = id
    chunk[at++] = count
    // A loop, not `set(words.subarray(...))`: a state is a few dozen words, and the view cost more than the copy.
    for (let i = 0; i < count; i++) chunk[at + i] = words[i]!
    this.fill = at + count
    this.queued++
  }

  next(entry: Entry): S | undefined {
    if (this.reading === undefined || this.readAt >= this.readEnd) {
      if (!this.advance()) return undefined
    }
    const chunk = this.reading!
    entry.id = chunk[this.readAt]! >>> 0
    const count = chunk[this.readAt + 1]!
    this.cursor.at = this.readAt + ENTRY_HEADER
    const state = this.options.decode(chunk, this.cursor) as S
    if (this.cursor.at !== this.readAt + ENTRY_HEADER + count)
      throw new Error(`decode read ${this.cursor.at - this.readAt - ENTRY_HEADER} words of a state encoded in ${count}`)
    this.readAt += ENTRY_HEADER + count
    return state
  }

  /** Dequeues up to `max` entries undecoded, as their words: a round for the worker threads. */
  takeEntries(max: number): Int32Array {
    const parts: Int32Array[] = []
    let taken = 0
    while (taken < max) {
      if (this.reading === undefined || this.readAt >= this.readEnd) {
        if (!this.advance()) break
      }
      const chunk = this.reading!
      const from = this.readAt
      while (taken < max && this.readAt < this.readEnd) {
        this.readAt += ENTRY_HEADER + chunk[this.readAt + 1]!
        taken++
      }
      parts.push(chunk.subarray(from, this.readAt))
    }
    return concatenate(parts)
  }

  *remainingParts(): Generator<Int32Array> {
    if (this.reading !== undefined) yield this.reading.subarray(this.readAt, this.readEnd)
    if (this.spillFile !== undefined) {
      let at = this.spillFile.readAt
      for (let i = 0; i < this.spilledChunks; i++) {
        const chunk = this.readSpilled(at)
        yield chunk
        at += 4 + chunk.length * 4
      }
    }
    for (let i = 0; i < this.chunks.length; i++)
      yield i === this.chunks.length - 1 ? this.chunks[i]!.subarray(0, this.fill) : this.chunks[i]!
  }

  /** Appends whole entries, as `remainingParts` gives them. */
  pushWords(words: Int32Array): void {
    let at = 0
    while (at < words.length) {
      const count = words[at + 1]!
      this.push(undefined as S, words[at]! >>> 0, words.subarray(at + ENTRY_HEADER), count)
      at += ENTRY_HEADER + count
    }
  }

  dispose(): void {
    this.spillFile?.file.close()
    this.spillFile = undefined
  }

  private newChunk(needed: number): void {
    if (this.chunks.length > 0) this.chunks[this.chunks.length - 1] = this.chunks.at(-1)!.subarray(0, this.fill)
    // A state longer than a chunk (plain data of over a million words) gets a chunk of its own size.
    const words = Math.max(needed, Math.min(this.chunkWords, Math.max(this.room * 2, FIRST_CHUNK_WORDS)))
    // Spill the oldest full chunks, never the one being read (it is no longer in `chunks`).
    while (this.chunks.length > 0 && this.memoryBytes + words * 4 > this.options.spillAboveBytes)
      this.spill(this.chunks.shift()!)
    this.chunks.push(new Int32Array(words))
    this.fill = 0
    this.room = words
  }

  private spill(chunk: Int32Array): void {
    this.spillFile ??= { file: openScratchFile('kafkacheck-frontier-'), writeAt: 0, readAt: 0 }
    const file = this.spillFile
    const header = new Int32Array([chunk.length])
    writeSync(file.file.fd, header, 0, 4, file.writeAt)
    writeSync(file.file.fd, chunk, 0, chunk.length * 4, file.writeAt + 4)
    file.writeAt += 4 + chunk.length * 4
    this.spilledBytes += chunk.length * 4
    this.spilledChunks++
  }

  /** Moves the reader to the next chunk: from the spill file while it has any, then from memory. */
  private advance(): boolean {
    if (this.spilledChunks > 0) {
      const file = this.spillFile!
      const chunk = this.readSpilled(file.readAt)
      file.readAt += 4 + chunk.length * 4
      this.spilledChunks--
      this.startReading(chunk)
      return true
    }
    const chunk = this.chunks.shift()
    if (chunk === undefined) {
      this.reading = undefined
      return false
    }
    // The chunk being written is read up to its fill; pushing afterwards starts a new chunk.
    if (this.chunks.length === 0) this.room = 0
    this.startReading(this.chunks.length === 0 ? chunk.subarray(0, this.fill) : chunk)
    return true
  }

  private readSpilled(at: number): Int32Array {
    const { fd } = this.spillFile!.file
    const header = new Int32Array(1)
    readSync(fd, header, 0, 4, at)
    const chunk = new Int32Array(header[0]!)
    readSync(fd, chunk, 0, chunk.length * 4, at + 4)
    return chunk
  }

  private startReading(chunk: Int32Array): void {
    this.reading = chunk
    this.readAt = 0
    this.readEnd = chunk.length
  }
}

function concatenate(parts: readonly Int32Array[]): Int32Array {
  const all = new Int32Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    all.set(part, at)
    at += part.length
  }
  return all
}
