// Checkpoints, as TLC writes them: everything the breadth-first search needs to go on later — the visited-state
// store, the rest of the level being expanded, the next level so far, the counters and what the properties found.
// A checkpoint is taken between two expansions, so it is a consistent cut: resuming it and running to the end
// gives the counts and counterexamples of a run never stopped. Each one goes to a fresh generation folder and
// `latest.json` then names it (written last, atomically), so a process stopped while writing leaves the previous
// checkpoint whole.

import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { ENTRY_HEADER } from './frontier.js'
import { RECORD, type SavedStore } from './store.js'

/**
 * Bumped whenever what is saved would read back wrong: 4 the trace log beside the fingerprint table, 5 states packed
 * as one bit stream (checker/codec.ts), whose words and fingerprints differ from format 4's.
 */
const FORMAT = 5

export interface SavedViolation {
  readonly kind: 'invariant' | 'step' | 'quiescence' | 'deadlock'
  readonly property: string
  /** The index of the initial state, then the index of each action among those enabled: the trace, replayable. */
  readonly path: readonly number[]
}

export interface Checkpoint {
  readonly identity: string
  readonly depth: number
  readonly transitions: number
  readonly seconds: number
  readonly actionCounts: Readonly<Record<string, number>>
  readonly cutByDepth: boolean
  readonly cutByConstraint: boolean
  /** The frontier's statistics so far: states queued, their words, the peak queue, bytes spilled. */
  readonly frontier: { pushed: number; words: number; peak: number; spilledBytes: number }
  /** Properties already decided (violated, or a `sometimes` reached): no longer checked. */
  readonly decided: readonly string[]
  readonly violations: readonly SavedViolation[]
  readonly store: SavedStore
  /**
   * The entries of the current level not yet expanded, and those of the next level, as runs of packed words: written
   * and read back a run at a time, so that a level spilled to disk never has to fit in memory whole.
   */
  readonly current: Iterable<Int32Array>
  readonly next: Iterable<Int32Array>
}

const OTHER_CONFIGURATION =
  'is a checkpoint of another configuration (scenario, encoding or depth bound); resume it with the one it was taken of'

/** Whether the checkpoint in `dir` was taken under `identity`; throws CheckpointError when it was not or there is none. */
export function checkResumable(dir: string, identity: string): void {
  if (checkpointIdentity(dir) !== identity) throw new CheckpointError(`${dir} ${OTHER_CONFIGURATION}`)
}

/** Thrown when a checkpoint is missing, unreadable or of another configuration. */
export class CheckpointError extends Error {}

interface Meta extends Omit<Checkpoint, 'store' | 'current' | 'next'> {
  readonly format: number
  readonly storeSize: number
}

const bytesOf = (array: Uint32Array | Uint8Array | Int32Array) =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength)

export function saveCheckpoint(dir: string, checkpoint: Checkpoint): void {
  mkdirSync(dir, { recursive: true })
  const previous = latestGeneration(dir)
  const generation = (previous ?? 0) + 1
  const folder = join(dir, `generation-${generation}`)
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder)
  const { store, current, next, ...rest } = checkpoint
  const meta: Meta = { format: FORMAT, storeSize: store.size, ...rest }
  writeFileSync(join(folder, 'fingerprints.bin'), bytesOf(store.fingerprints))
  writeRuns(join(folder, 'log.bin'), store.log)
  writeRuns(join(folder, 'current.bin'), current)
  writeRuns(join(folder, 'next.bin'), next)
  writeFileSync(join(folder, 'meta.json'), JSON.stringify(meta))
  const latest = join(dir, 'latest.json')
  writeFileSync(`${latest}.tmp`, JSON.stringify({ generation }))
  renameSync(`${latest}.tmp`, latest)
  if (previous !== undefined) rmSync(join(dir, `generation-${previous}`), { recursive: true, force: true })
}

export function loadCheckpoint(dir: string, identity: string): Checkpoint {
  const generation = latestGeneration(dir)
  if (generation === undefined) throw new CheckpointError(`${dir} holds no checkpoint (no latest.json)`)
  const folder = join(dir, `generation-${generation}`)
  const read = (file: string) => {
    const bytes = readFileSync(join(folder, file))
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  }
  let meta: Meta
  try {
    meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as Meta
  } catch (error) {
    throw new CheckpointError(`${folder}/meta.json cannot be read: ${(error as Error).message}`)
  }
  if (meta.format !== FORMAT) throw new CheckpointError(`${folder} is checkpoint format ${meta.format}, not ${FORMAT}`)
  if (meta.identity !== identity) throw new CheckpointError(OTHER_CONFIGURATION)
  const { format: _format, storeSize, ...rest } = meta
  return {
    ...rest,
    store: {
      size: storeSize,
      fingerprints: new Uint32Array(read('fingerprints.bin')),
      log: readRecords(join(folder, 'log.bin')),
    },
    current: readLevel(join(folder, 'current.bin')),
    next: readLevel(join(folder, 'next.bin')),
  }
}

/** The identity a checkpoint was taken under; throws CheckpointError when `dir` holds none. */
export function checkpointIdentity(dir: string): string {
  const generation = latestGeneration(dir)
  if (generation === undefined) throw new CheckpointError(`${dir} holds no checkpoint (no latest.json)`)
  try {
    return (JSON.parse(readFileSync(join(dir, `generation-${generation}`, 'meta.json'), 'utf8')) as Meta).identity
  } catch (error) {
    throw new CheckpointError(`${dir}/generation-${generation}/meta.json cannot be read: ${(error as Error).message}`)
  }
}

/** Writes runs of words one after another: a level's entries, or the trace log's records. */
export function writeRuns(path: string, parts: Iterable<Int32Array | Uint32Array>): void {
  const fd = openSync(path, 'w')
  try {
    for (const part of parts) writeSync(fd, bytesOf(part))
  } finally {
    closeSync(fd)
  }
}

/** Bytes read from a saved level at a time. */
const READ_BLOCK = 4 * 2 ** 20

/** A saved level's entries, in runs of whole entries ([id, count, ...words]), read a block at a time. */
export function* readLevel(path: string, blockBytes = READ_BLOCK): Generator<Int32Array> {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    let carry = new Int32Array(0)
    for (let at = 0; at < size;) {
      const block = new Uint8Array(Math.min(blockBytes, size - at))
      readSync(fd, block, 0, block.length, at)
      at += block.length
      const words = new Int32Array(carry.length + block.length / 4)
      words.set(carry)
      words.set(new Int32Array(block.buffer), carry.length)
      let whole = 0
      while (whole + ENTRY_HEADER <= words.length && whole + ENTRY_HEADER + words[whole + 1]! <= words.length)
        whole += ENTRY_HEADER + words[whole + 1]!
      if (whole > 0) yield words.subarray(0, whole)
      carry = words.slice(whole)
    }
    if (carry.length > 0) throw new CheckpointError(`${path} ends in the middle of a state`)
  } finally {
    closeSync(fd)
  }
}

/** A saved trace log's records ([hi, lo, parent] each), read a block at a time. */
function* readRecords(path: string, blockBytes = READ_BLOCK): Generator<Uint32Array> {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    if (size % (RECORD * 4) !== 0) throw new CheckpointError(`${path} ends in the middle of a record`)
    const block = new Uint32Array(Math.floor(blockBytes / (RECORD * 4)) * RECORD)
    for (let at = 0; at < size;) {
      const bytes = Math.min(block.byteLength, size - at)
      readSync(fd, block, 0, bytes, at)
      at += bytes
      yield block.subarray(0, bytes / 4)
    }
  } finally {
    closeSync(fd)
  }
}

function latestGeneration(dir: string): number | undefined {
  const latest = join(dir, 'latest.json')
  if (!existsSync(latest)) return undefined
  try {
    const { generation } = JSON.parse(readFileSync(latest, 'utf8')) as { generation: unknown }
    if (typeof generation === 'number' && Number.isInteger(generation) && generation > 0) return generation
  } catch {
    // unreadable: reported below
  }
  throw new CheckpointError(`${latest} is not a checkpoint pointer`)
}
