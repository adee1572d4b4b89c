// A temporary file the search reads and writes through its descriptor alone (the frontier's spill file, the trace
// log). Where the system allows it (Linux, macOS), the file's name is removed as soon as it is open: the file lives
// until its descriptor is closed, and a search killed midway (Ctrl-C, out of memory) leaves nothing behind. Elsewhere
// the folder is removed on `close`.
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ScratchFile {
  readonly fd: number
  /** Closes the file and removes what is left of it. */
  close(): void
}

/** Creates and opens a temporary file (read and write) in a fresh folder named `prefix`-something. */
export function openScratchFile(prefix: string): ScratchFile {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  let fd: number
  try {
    fd = openSync(join(dir, 'data'), 'w+')
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  let named = true
  try {
    unlinkSync(join(dir, 'data'))
    rmSync(dir, { recursive: true })
    named = false
  } catch {
    // An open file cannot be unlinked here (Windows): the folder goes on close.
  }
  return {
    fd,
    close() {
      closeSync(fd)
      if (named) rmSync(dir, { recursive: true, force: true })
    },
  }
}
