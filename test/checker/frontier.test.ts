// A packed level must give back exactly the states queued, in queue order, whether they stayed in memory or went
// to its spill file, and must say what is left without losing its place.
import { fstatSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readLevel, writeRuns } from '../../checker/checkpoint.js'
import { PackedLevel, type Entry } from '../../checker/frontier.js'

/** A state is a list of small numbers; its words are its length, then the numbers. */
type State = readonly number[]
const decode = (words: ArrayLike<number>, cursor: { at: number }): State => {
  const length = words[cursor.at++]!
  const state: number[] = []
  for (let i = 0; i < length; i++) state.push(words[cursor.at++]!)
  return state
}
const wordsOf = (state: State) => Int32Array.from([state.length, ...state])

function drain(level: PackedLevel<State>): { states: State[]; ids: number[] } {
  const entry: Entry = { id: 0 }
  const states: State[] = []
  const ids: number[] = []
  for (let state = level.next(entry); state !== undefined; state = level.next(entry)) {
    states.push(state)
    ids.push(entry.id)
  }
  return { states, ids }
}

const states = fc.array(fc.array(fc.integer({ min: -5, max: 1000 }), { maxLength: 12 }), { maxLength: 300 })

describe('a packed frontier level', () => {
  it('returns every queued state in order with its number, spilling or not', () => {
    fc.assert(
      fc.property(
        states,
        fc.integer({ min: 16, max: 64 }),
        fc.integer({ min: 1, max: 1024 }),
        (queued, chunkWords, spillAboveBytes) => {
          const level = new PackedLevel<State>({ decode, chunkWords, spillAboveBytes })
          queued.forEach((state, i) => level.push(state, 0xffffffff - i, wordsOf(state), state.length + 1))
          expect(level.length).toBe(queued.length)
          const { states: read, ids } = drain(level)
          expect(read).toEqual(queued)
          expect(ids).toEqual(queued.map((_, i) => 0xffffffff - i))
          level.dispose()
        },
      ),
    )
  })

  it('reads and writes in any interleaving, its chunks growing from 16 KB to the chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 20 }), fc.constant('read' as const)), {
          maxLength: 2_000,
        }),
        fc.constantFrom(64, 5_000, 1 << 20),
        (operations, chunkWords) => {
          const level = new PackedLevel<State>({ decode, chunkWords, spillAboveBytes: 1 << 30 })
          const reference: State[] = []
          const entry: Entry = { id: 0 }
          operations.forEach((operation, i) => {
            if (operation !== 'read') {
              level.push(operation, i, wordsOf(operation), operation.length + 1)
              reference.push(operation)
            } else expect(level.next(entry)).toEqual(reference.shift())
          })
          expect(drain(level).states).toEqual(reference)
        },
      ),
      { numRuns: 60 },
    )
    // A level of a few states takes its first chunk, 16 KB, not a whole 4 MB one.
    const small = new PackedLevel<State>({ decode, spillAboveBytes: 1 << 30 })
    for (const state of [[1], [2, 3], [4]]) small.push(state, 0, wordsOf(state), state.length + 1)
    expect(small.memoryBytes).toBe(16 * 1024)
  })

  it('queues a state longer than a chunk in a chunk of its own, in memory or spilled', () => {
    for (const spillAboveBytes of [1 << 30, 100]) {
      const level = new PackedLevel<State>({ decode, chunkWords: 32, spillAboveBytes })
      const queued = [
        [1, 2],
        Array.from({ length: 100 }, (_, i) => i),
        [3],
        Array.from({ length: 40 }, (_, i) => -i - 1),
      ]
      for (const state of queued) level.push(state, 7, wordsOf(state), state.length + 1)
      expect(level.spilledBytes > 0).toBe(spillAboveBytes === 100)
      expect(drain(level).states).toEqual(queued)
      level.dispose()
    }
  })

  it('writes chunks past its memory threshold to a file it closes when disposed', () => {
    const level = new PackedLevel<State>({ decode, chunkWords: 32, spillAboveBytes: 200 })
    const queued = Array.from({ length: 100 }, (_, i) => [i, i * 2, i * 3])
    for (const state of queued) level.push(state, 1, wordsOf(state), 4)
    expect(level.spilledBytes).toBeGreaterThan(0)
    expect(level.memoryBytes).toBeLessThanOrEqual(200)
    const { fd } = (level as unknown as { spillFile: { file: { fd: number } } }).spillFile.file
    expect(drain(level).states).toEqual(queued)
    level.dispose()
    expect(() => fstatSync(fd)).toThrow(/EBADF/)
  })

  it('tells the entries left without moving its reader, and takes them back', () => {
    fc.assert(
      fc.property(states, fc.nat(), fc.integer({ min: 1, max: 300 }), (queued, seen, spillAboveBytes) => {
        const taken = queued.length === 0 ? 0 : seen % (queued.length + 1)
        const level = new PackedLevel<State>({ decode, chunkWords: 40, spillAboveBytes })
        queued.forEach((state, i) => level.push(state, i + 1, wordsOf(state), state.length + 1))
        const entry: Entry = { id: 0 }
        for (let i = 0; i < taken; i++) level.next(entry)
        const copy = new PackedLevel<State>({ decode, spillAboveBytes: 1 << 20 })
        for (const words of level.remainingParts()) copy.pushWords(words)
        expect(drain(copy).states).toEqual(queued.slice(taken))
        expect(drain(level).states).toEqual(queued.slice(taken))
        level.dispose()
      }),
    )
  })

  it('goes to a checkpoint file and comes back entry for entry, whatever the read block size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-level-'))
    try {
      fc.assert(
        fc.property(
          states,
          fc.integer({ min: 1, max: 64 }),
          fc.integer({ min: 1, max: 300 }),
          (queued, words, spill) => {
            const level = new PackedLevel<State>({ decode, chunkWords: 40, spillAboveBytes: spill })
            queued.forEach((state, i) => level.push(state, i + 1, wordsOf(state), state.length + 1))
            const file = join(dir, 'level.bin')
            writeRuns(file, level.remainingParts())
            const back = new PackedLevel<State>({ decode, spillAboveBytes: 1 << 20 })
            for (const run of readLevel(file, 4 * words)) back.pushWords(run)
            expect(drain(back).states).toEqual(queued)
            level.dispose()
          },
        ),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
