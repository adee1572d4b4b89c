import { describe, expect, it } from 'vitest'
import { progressLine } from '../../../src/output/progress.js'

const PROGRESS = {
  distinctStates: 120448,
  transitions: 602113,
  depth: 14,
  queue: 20311,
  seconds: 3,
  statesPerSecond: 40149.3,
  memoryBytes: 210 * 2 ** 20,
  workerThreads: 0,
}

const sink = (isTTY: boolean) => {
  const writes: string[] = []
  return { isTTY, writes, write: (text: string) => writes.push(text) }
}

describe('the progress line', () => {
  it('rewrites one line in place on a terminal and erases it at the end', () => {
    const out = sink(true)
    const line = progressLine(out, 'checking x')
    line.update(PROGRESS)
    line.update(PROGRESS)
    line.done()
    expect(out.writes).toEqual([
      '\r\x1b[Kchecking x: 120,448 states, 40,149 distinct/s, depth 14, queue 20,311, 210 MB, 3.0 s',
      '\r\x1b[Kchecking x: 120,448 states, 40,149 distinct/s, depth 14, queue 20,311, 210 MB, 3.0 s',
      '\r\x1b[K',
    ])
  })

  it('prints plain lines anywhere else, and nothing for a run that never reported', () => {
    const out = sink(false)
    const line = progressLine(out, 'checking x')
    line.update(PROGRESS)
    line.done()
    expect(out.writes).toEqual([
      'checking x: 120,448 states, 40,149 distinct/s, depth 14, queue 20,311, 210 MB, 3.0 s\n',
    ])
    const quiet = sink(true)
    progressLine(quiet, 'checking y').done()
    expect(quiet.writes).toEqual([])
  })

  it('says how many worker threads have taken levels, once any has', () => {
    const out = sink(false)
    progressLine(out, 'checking x').update({ ...PROGRESS, workerThreads: 2 })
    expect(out.writes).toEqual([
      'checking x: 120,448 states, 40,149 distinct/s, depth 14, queue 20,311, 210 MB, 3.0 s, 2 worker threads\n',
    ])
  })
})
