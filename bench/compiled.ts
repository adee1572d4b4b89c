// The benchmark runner compiled to one JavaScript module, so that a timed benchmark process starts as the product
// does (bin/kafkacheck.js runs compiled JavaScript too) instead of paying tsx's transpiling on every start (about
// half a second, which SPIN's pan does not pay either). In each module import.meta.url stays the URL of its own
// source file, so model sources handed to worker threads (bench/models.ts, spec/kafka.ts) name the real modules.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Inside node_modules, so that the packages left out of the bundle resolve from it as from the sources. */
const OUT = fileURLToPath(new URL('../node_modules/.cache/kafkacheck-bench/run.mjs', import.meta.url))

/** Compiles bench/run.ts and what it imports into one module; returns its path. */
export async function compiledRunner(): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL('./run.ts', import.meta.url))],
    outfile: OUT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        name: 'own-module-urls',
        setup(bundle) {
          bundle.onLoad({ filter: /\.ts$/ }, ({ path }) => {
            const contents = readFileSync(path, 'utf8')
            if (!path.startsWith(ROOT) || !contents.includes('import.meta.url')) return undefined
            const own = JSON.stringify(pathToFileURL(path).href)
            return { contents: contents.replace(/\bimport\.meta\.url\b/g, own), loader: 'ts' }
          })
        },
      },
    ],
  })
  return OUT
}

/** What bench/run.ts prints for one benchmark: the search's statistics, its verdict and the process's peak RSS. */
export interface BenchmarkFigures {
  readonly status: string
  readonly distinctStates: number
  readonly transitions: number
  readonly depth: number
  readonly seconds: number
  readonly statesPerSecond: number
  readonly bytesPerState: number
  readonly queueBytesPerState?: number
  readonly peakQueue: number
  readonly peakRssBytes: number
  /** The child process from start to exit, measured by its parent. */
  readonly wallSeconds: number
}

/** The flag a compiled child is started with, before the benchmark's name. */
export const CHILD = '--child'

/** Runs one benchmark in a fresh process of the compiled runner; returns its figures. */
export function runBenchmark(runner: string, name: string): BenchmarkFigures {
  const start = process.hrtime.bigint()
  const output = execFileSync(process.execPath, [runner, CHILD, name], { encoding: 'utf8' })
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9
  return { ...(JSON.parse(output.trim().split('\n').at(-1)!) as Omit<BenchmarkFigures, 'wallSeconds'>), wallSeconds }
}
