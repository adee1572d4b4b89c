// The temporary files of a search (frontier spill, trace log) leave nothing behind, even when the process is killed:
// on Linux and macOS the name is gone as soon as the file is open, and the data stays readable through it.
import { fstatSync, readdirSync, readSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { openScratchFile } from '../../checker/scratchFile.js'

const scratchFolders = () => readdirSync(tmpdir()).filter(name => name.startsWith('kafkacheck-scratch-test-'))

describe('a scratch file', () => {
  it.skipIf(process.platform === 'win32')('has no name on disk while open, and keeps what is written', () => {
    const before = scratchFolders()
    const file = openScratchFile('kafkacheck-scratch-test-')
    expect(scratchFolders()).toEqual(before)
    writeSync(file.fd, Int32Array.from([7, 8, 9]), 0, 12, 0)
    const back = new Int32Array(3)
    readSync(file.fd, back, 0, 12, 0)
    expect([...back]).toEqual([7, 8, 9])
    file.close()
    expect(() => fstatSync(file.fd)).toThrow(/EBADF/)
    expect(scratchFolders()).toEqual(before)
  })
})
