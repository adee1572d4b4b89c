// Whether dist/ may stand for the TypeScript sources. scripts/build.mjs compiles checker/, spec/ and src/ into dist/
// (each module, and the command line bundled) and records there when it started and which files it read
// (dist/build.json). dist/ is fresh while that list is the list of sources now and none of them changed since the
// build started; bin/kafkacheck.js runs it then, and the sources through tsx otherwise, so an edited source never runs
// as the old code. Plain JavaScript: it runs before anything can compile TypeScript, on every start (a directory walk
// and some 150 stat calls, ~3 ms).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'

/** The folders compiled into dist/, each to dist/<folder>/ with the same layout. */
export const COMPILED_FOLDERS = ['checker', 'spec', 'src']

/** Files outside them that change what the build writes. */
export const BUILD_INPUTS = ['scripts/build.mjs', 'tsconfig.json']

/** The build's folder, and the file in it that says when the build started and which files it read. */
export const DIST = 'dist'
export const MANIFEST = 'build.json'

/** The command line as one module, in the build's folder: what bin/kafkacheck.js runs. */
export const BUNDLE = 'kafkacheck.js'

/**
 * The files a build reads, as sorted paths from `root` with forward slashes: every .ts and .mjs file of the compiled
 * folders (the .mjs ones are copied as they are), and those of the build's own inputs that are there.
 * @param {string} root the repository (or installed package) folder
 * @returns {string[]}
 */
export function buildSources(root) {
  const compiled = COMPILED_FOLDERS.flatMap(folder =>
    filesBelow(join(root, folder))
      .filter(file => file.endsWith('.ts') || file.endsWith('.mjs'))
      .map(file => `${folder}/${file.split(sep).join('/')}`),
  )
  return [...compiled, ...BUILD_INPUTS.filter(file => existsSync(join(root, file)))].sort()
}

/**
 * Why dist/ does not stand for the sources as they are now, or undefined when it does. A file counts as changed when
 * its modification time falls in or after the second the build started: a file system that keeps whole seconds
 * cannot tell an edit in that second from one before, and a needless fall-back to tsx costs only time. An installed
 * package's files carry npm's fixed 1985 date, which is before any build.
 * @param {string} root the repository (or installed package) folder
 * @returns {string | undefined}
 */
export function distStaleness(root) {
  /** @type {{ builtAt: number, sources: string[] }} */
  let manifest
  try {
    manifest = JSON.parse(readFileSync(join(root, DIST, MANIFEST), 'utf8'))
  } catch {
    return `${DIST}/ is not built`
  }
  const sources = buildSources(root)
  const built = new Set(manifest.sources)
  const added = sources.find(file => !built.delete(file))
  if (added !== undefined) return `${added} is new since ${DIST}/ was built`
  const [removed] = built
  if (removed !== undefined) return `${removed} is gone since ${DIST}/ was built`
  const since = Math.floor(manifest.builtAt / 1000) * 1000
  const changed = sources.find(file => modified(join(root, file)) >= since)
  if (changed !== undefined) return `${changed} changed since ${DIST}/ was built`
  return undefined
}

/**
 * The files below `dir` (paths relative to it), none if it is not there.
 * @param {string} dir
 */
function filesBelow(dir) {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
  } catch {
    return []
  }
}

/**
 * When `file` was last written; a file gone since it was listed counts as written now.
 * @param {string} file
 */
function modified(file) {
  try {
    return statSync(file).mtimeMs
  } catch {
    return Infinity
  }
}
