// The benchmark runner compiled, so that a timed benchmark process runs what the product runs: the engine and the
// Kafka spec as dist/ has them (scripts/build.mjs, built here first if stale), worker threads included, and the bench's
// own modules bundled beside them. Nothing is transpiled while the clock runs (tsx took about half a second a start,
// and as long again in every worker thread; SPIN's pan pays neither).
import { rmSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { COMPILED_FOLDERS, DIST } from '../bin/dist.js'
import { buildDistIfStale } from '../scripts/build.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/**
 * Inside node_modules, so that packages resolve from it as from the sources, and three folders below the root, which
 * is how bench/models.ts finds bench/ again from there.
 */
const OUT = join(ROOT, 'node_modules', '.cache', 'kafkacheck-bench')

/** Builds dist/ if stale and compiles bench/run.ts and the TwoPhase model for worker threads; returns the runner. */
export async function compiledRunner(): Promise<string> {
  await buildDistIfStale(ROOT)
  // Chunks are named by their hash: the last build's would stay beside the new ones.
  rmSync(OUT, { recursive: true, force: true })
  await build({
    entryPoints: { run: join(ROOT, 'bench', 'run.ts'), twoPhaseCommit: join(ROOT, 'bench', 'twoPhaseCommit.ts') },
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // A module imported dynamically (bench/kafkaBenchmarks.ts) is a chunk of its own, loaded only when imported.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        // The engine, the spec and the CLI are imported from dist/, as compiled once, not bundled again.
        name: 'from-dist',
        setup(bundle) {
          bundle.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
            const source = relative(ROOT, resolve(resolveDir, path))
            if (!COMPILED_FOLDERS.includes(source.split(sep)[0]!)) return undefined
            const compiled = join(ROOT, DIST, source).replace(/\.ts$/, '.js')
            return { path: pathToFileURL(compiled).href, external: true }
          })
        },
      },
    ],
  })
  return join(OUT, 'run.mjs')
}
