// Compiles checker/, spec/ and src/ into dist/, so that bin/kafkacheck.js starts without compiling TypeScript.
// `npm install` runs it (the prepare script), `npm run build` runs it by hand, and every test run brings dist/ up to
// date first (test/buildDist.ts).
//
// esbuild strips the types, as tsx and Vitest do, so the compiled code is the code the tests run, and a type error
// does not stop the build (`npm run typecheck` finds those). It writes two things:
//  - every module on its own, at the same path (src/cli.ts to dist/src/cli.js), the one non-TypeScript module
//    (checker/workerBoot.mjs) copied: what worker threads load, by URL (the checker's worker, the model);
//  - the command line as one module, dist/kafkacheck.js (src/main.ts and all it imports, the packages left out),
//    which bin/kafkacheck.js runs: one file to load instead of some 150 starts it ~70 ms sooner.
// In that bundle each module still sees the import.meta.url it has on its own (dist/checker/pool.js, ...): the
// plugin below rewrites the expression, so the files a module finds beside itself are the same in both. Those
// files stay in the source tree and the modules look for them there (package.json, the built-in scenarios' YAML).
// The build is written to a scratch folder and renamed into place, so a kafkacheck starting meanwhile (another test
// run) sees the old dist/, none, or the new one, never half of one.
//   node scripts/build.mjs              build
//   node scripts/build.mjs --if-stale   build only if dist/ does not stand for the sources (bin/dist.js)
import { build } from 'esbuild'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BUILD_INPUTS, buildSources, BUNDLE, DIST, distStaleness, MANIFEST } from '../bin/dist.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * Builds dist/ in `root` from its sources as they are now; esbuild prints its warnings and errors unless told not
 * to (the error it rejects with says what they were).
 * @param {string} root
 * @param {import('esbuild').LogLevel} logLevel
 */
export async function buildDist(root = ROOT, logLevel = 'warning') {
  const builtAt = Date.now()
  const sources = buildSources(root)
  const compiled = sources.filter(file => !BUILD_INPUTS.includes(file))
  const scratch = mkdtempSync(join(root, '.dist-build-'))
  /** @type {import('esbuild').BuildOptions} */
  const options = {
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.json'),
    // Linked, so that they cost nothing unless asked for: bin/kafkacheck.js turns them on for KAFKACHECK_DEBUG=1.
    sourcemap: 'linked',
  }
  try {
    await Promise.all([
      build({
        ...options,
        entryPoints: compiled.filter(file => file.endsWith('.ts')).map(file => join(root, file)),
        outdir: scratch,
        outbase: root,
        logLevel,
      }),
      build({
        ...options,
        entryPoints: [join(root, 'src', 'main.ts')],
        outfile: join(scratch, BUNDLE),
        bundle: true,
        packages: 'external',
        plugins: [moduleUrls(root)],
        logLevel: 'silent', // the same messages as the build above, about the same files
      }),
    ])
    for (const file of compiled.filter(file => file.endsWith('.mjs'))) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true })
      copyFileSync(join(root, file), join(scratch, file))
    }
    writeFileSync(join(scratch, MANIFEST), `${JSON.stringify({ builtAt, sources }, null, 1)}\n`)
    replaceDist(root, scratch)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * An esbuild plugin for the bundle: in each module of `root`, import.meta.url becomes the URL of the module's own
 * compiled file, found from the bundle's (dist/kafkacheck.js), instead of the bundle's.
 * @param {string} root
 * @returns {import('esbuild').Plugin}
 */
function moduleUrls(root) {
  return {
    name: 'module-urls',
    setup(bundle) {
      bundle.onLoad({ filter: /\.ts$/ }, ({ path }) => {
        const contents = readFileSync(path, 'utf8')
        if (!contents.includes('import.meta.url')) return undefined
        const own = `./${relative(root, path).split(sep).join('/').replace(/\.ts$/, '.js')}`
        return {
          contents: contents.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(own)}, import.meta.url).href`),
          loader: 'ts',
        }
      })
    },
  }
}

/**
 * Builds dist/ if it does not stand for the sources; says whether it did.
 * @param {string} root
 */
export async function buildDistIfStale(root = ROOT) {
  if (distStaleness(root) === undefined) return false
  await buildDist(root)
  return true
}

/**
 * Renames the finished build to dist/, moving an older one aside first (a rename does not replace a folder that has
 * files). Two builds at once both finish: each only ever moves a whole folder.
 * @param {string} root
 * @param {string} scratch
 */
function replaceDist(root, scratch) {
  const dist = join(root, DIST)
  for (let attempt = 1; ; attempt++) {
    try {
      renameSync(scratch, dist)
      return
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt === 10) throw error
    }
    const old = `${scratch}-old-${attempt}`
    try {
      renameSync(dist, old)
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error
    }
    rmSync(old, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale')
  const started = Date.now()
  const built = ifStale ? await buildDistIfStale() : (await buildDist(), true)
  console.log(built ? `kafkacheck: built dist/ in ${Date.now() - started} ms` : 'kafkacheck: dist/ is up to date')
}
