// The one way kafkacheck writes a file: whole or not at all, to a temporary file beside the target that is then
// renamed over it, so that a crash or an interrupted run never leaves a half-written report for a CI server to read.
// Paths are as the user gave them, relative to the run's working folder `cwd`, and named so in messages.
import { randomBytes } from 'node:crypto'
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { InputError } from '../run/exit.js'

/**
 * `verify`, when given, reads the temporary file (beside the target, so relative paths in it mean the same) and throws
 * to keep the target as it was.
 */
export function writeFileAtomically(
  file: string,
  content: string | Uint8Array,
  cwd: string,
  verify?: (temporary: string) => void,
): void {
  const target = resolve(cwd, file)
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    writeFileSync(temporary, content)
    verify?.(temporary)
    renameSync(temporary, target)
  } finally {
    rmSync(temporary, { force: true })
  }
}

/**
 * Fails before any work when a file could not be written there: the folder it goes in must exist. `given` names it in
 * messages as the user gave it (`--junit`, `init`).
 */
export function checkWritableFile(given: string, file: string, cwd: string): void {
  const target = resolve(cwd, file)
  if (!(statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory() ?? false))
    throw new InputError(`${given} ${file}: the folder ${dirname(file)} does not exist`)
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false)
    throw new InputError(`${given} ${file}: is a folder; give a file name`)
}

/** Fails before any work when the output folder is a file (it is created on demand otherwise). */
export function checkOutputFolder(flag: string, folder: string, cwd: string): void {
  const stat = statSync(resolve(cwd, folder), { throwIfNoEntry: false })
  if (stat !== undefined && !stat.isDirectory()) throw new InputError(`--${flag} ${folder}: is a file, not a folder`)
}
