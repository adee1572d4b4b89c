// The compiled JavaScript and bin/kafkacheck.js's choice of what to run: dist/ when it was built from the sources as
// they are (bin/dist.js), the TypeScript through tsx otherwise, so that an edited source never runs as its old code.
// Most of it on a small stand-in repository (a main module that says which of the two it is), where a test may
// edit, add and remove sources; the rest on this repository's own dist/, which test/buildDist.ts built for the run.
import { execFile } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSources, distStaleness } from '../../bin/dist.js'
import { buildDist } from '../../scripts/build.mjs'
import { distBuilt } from '../buildDist.js'
import { REPOSITORY, workspace } from '../src/cli/kafkacheck.js'

/**
 * Says whether it runs compiled, and the URL its helper module sees as its own: in the bundle, the helper's own
 * compiled file, as when it is loaded on its own.
 */
const MAIN = [
  "import { helper, where } from './lib/helper.js'",
  "const kind = import.meta.url.endsWith('.ts') ? 'sources' : 'compiled'",
  "const at = where.lastIndexOf('/src/')",
  "process.stdout.write(`${kind} ${helper} ${where.slice(where.includes('/dist/src/') ? at - 4 : at + 1)}\\n`)",
].join('\n')

/** The helper module, saying `helper`. */
const helperModule = (helper: string) =>
  `export const helper: string = '${helper}'\nexport const where = import.meta.url\n`

/** A repository with bin/ as shipped, three compiled folders, a worker boot to copy, and this one's node_modules. */
function standIn(): string {
  const root = workspace({
    'package.json': '{ "type": "module" }\n',
    'tsconfig.json': '{}\n',
    'src/main.ts': MAIN,
    'src/lib/helper.ts': helperModule('helper'),
    'spec/model.ts': 'export const model = (n: number): number => n + 1\n',
    'checker/workerBoot.mjs': "import 'node:worker_threads'\n",
    'checker/notes.md': 'not a source\n',
  })
  mkdirSync(join(root, 'bin'))
  for (const file of ['kafkacheck.js', 'dist.js']) copyFileSync(join(REPOSITORY, 'bin', file), join(root, 'bin', file))
  symlinkSync(join(REPOSITORY, 'node_modules'), join(root, 'node_modules'))
  return root
}

/** Dates every source back to 2001, long before any build: a build of them is fresh. */
function ageSources(root: string): void {
  const then = new Date('2001-01-01T00:00:00Z')
  for (const file of buildSources(root)) utimesSync(join(root, file), then, then)
}

/** `node bin/kafkacheck.js` in `root`, with KAFKACHECK_RUN as given (unset by default, unlike the rest of the suite). */
function binary(root: string, run?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.KAFKACHECK_RUN
  if (run !== undefined) env.KAFKACHECK_RUN = run
  return new Promise(resolve =>
    execFile(process.execPath, [join(root, 'bin', 'kafkacheck.js')], { cwd: root, env }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    ),
  )
}

describe('the build', () => {
  it('compiles each module of checker/, spec/ and src/ to the same path in dist/, and src/main.ts bundled', async () => {
    const root = standIn()
    await buildDist(root)
    expect(readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' }).sort()).toEqual([
      'build.json',
      'checker',
      join('checker', 'workerBoot.mjs'),
      'kafkacheck.js',
      'kafkacheck.js.map',
      'spec',
      join('spec', 'model.js'),
      join('spec', 'model.js.map'),
      'src',
      join('src', 'lib'),
      join('src', 'lib', 'helper.js'),
      join('src', 'lib', 'helper.js.map'),
      join('src', 'main.js'),
      join('src', 'main.js.map'),
    ])
    expect(readFileSync(join(root, 'dist', 'spec', 'model.js'), 'utf8')).toContain('const model = (n) => n + 1')
    // The bundle holds the modules main.ts imports, not the packages, and gives each its own import.meta.url.
    const bundle = readFileSync(join(root, 'dist', 'kafkacheck.js'), 'utf8')
    expect(bundle).toContain(`var helper = "helper"`)
    expect(bundle).toContain('var where = new URL("./src/lib/helper.js", import.meta.url).href')
    expect(bundle).not.toContain('model')
    const manifest = JSON.parse(readFileSync(join(root, 'dist', 'build.json'), 'utf8')) as { sources: string[] }
    expect(manifest.sources).toEqual([
      'checker/workerBoot.mjs',
      'spec/model.ts',
      'src/lib/helper.ts',
      'src/main.ts',
      'tsconfig.json',
    ])
  })

  it('lets builds run at once, each replacing dist/ whole, and leaves no scratch folder', async () => {
    const root = standIn()
    await Promise.all([buildDist(root), buildDist(root), buildDist(root)])
    expect(readdirSync(root).filter(name => name.includes('dist'))).toEqual(['dist'])
    expect(existsSync(join(root, 'dist', 'src', 'main.js'))).toBe(true)
  })

  it('fails on a source that does not parse, leaving dist/ as it was', async () => {
    const root = standIn()
    ageSources(root)
    await buildDist(root)
    writeFileSync(join(root, 'spec', 'model.ts'), 'export const model = (n: number => n\n')
    await expect(buildDist(root, 'silent')).rejects.toThrow(/spec\/model\.ts:1:\d+: ERROR/)
    expect(readFileSync(join(root, 'dist', 'spec', 'model.js'), 'utf8')).toContain('const model = (n) => n + 1')
    expect(readdirSync(root).filter(name => name.includes('dist'))).toEqual(['dist'])
  })

  it("built this repository's dist/ from every source it has now", () => {
    distBuilt()
    const manifest = JSON.parse(readFileSync(join(REPOSITORY, 'dist', 'build.json'), 'utf8')) as { sources: string[] }
    expect(manifest.sources).toContain('src/main.ts')
    expect(manifest.sources).toContain('checker/workerBoot.mjs')
    expect(existsSync(join(REPOSITORY, 'dist', 'kafkacheck.js'))).toBe(true)
    for (const file of manifest.sources.filter(file => /^(checker|spec|src)\//.test(file)))
      expect(existsSync(join(REPOSITORY, 'dist', file.replace(/\.ts$/, '.js'))), file).toBe(true)
  })
})

describe('whether dist/ stands for the sources', () => {
  it('does once built, until a source changes, is added or is removed', async () => {
    const root = standIn()
    expect(distStaleness(root)).toBe('dist/ is not built')
    ageSources(root)
    await buildDist(root)
    expect(distStaleness(root)).toBeUndefined()

    writeFileSync(join(root, 'src', 'lib', 'helper.ts'), helperModule('edited'))
    expect(distStaleness(root)).toBe('src/lib/helper.ts changed since dist/ was built')
    ageSources(root)
    expect(distStaleness(root)).toBeUndefined()

    writeFileSync(join(root, 'spec', 'extra.ts'), 'export {}\n')
    utimesSync(join(root, 'spec', 'extra.ts'), new Date(0), new Date(0))
    expect(distStaleness(root)).toBe('spec/extra.ts is new since dist/ was built')
    rmSync(join(root, 'spec', 'extra.ts'))

    rmSync(join(root, 'spec', 'model.ts'))
    expect(distStaleness(root)).toBe('spec/model.ts is gone since dist/ was built')
  })

  it('does not when a source was written in the second the build started (whole-second file times)', async () => {
    const root = standIn()
    await buildDist(root)
    expect(distStaleness(root)).toMatch(/ changed since dist\/ was built$/)
  })

  it('ignores files that are not built: YAML, Markdown, the output', async () => {
    const root = standIn()
    ageSources(root)
    await buildDist(root)
    writeFileSync(join(root, 'spec', 'scenario.yaml'), 'kafka: { version: "3.7" }\n')
    writeFileSync(join(root, 'checker', 'notes.md'), 'edited\n')
    mkdirSync(join(root, 'out'))
    expect(distStaleness(root)).toBeUndefined()
  })
})

describe('bin/kafkacheck.js', () => {
  it('runs dist/ when fresh, the sources through tsx when not, and either when KAFKACHECK_RUN says so', async () => {
    const root = standIn()
    expect(await binary(root)).toEqual({ code: 0, stdout: 'sources helper src/lib/helper.ts\n', stderr: '' })
    ageSources(root)
    await buildDist(root)
    expect(await binary(root)).toEqual({ code: 0, stdout: 'compiled helper dist/src/lib/helper.js\n', stderr: '' })
    expect((await binary(root, 'src')).stdout).toBe('sources helper src/lib/helper.ts\n')

    writeFileSync(join(root, 'src', 'lib', 'helper.ts'), helperModule('edited'))
    expect(await binary(root)).toEqual({ code: 0, stdout: 'sources edited src/lib/helper.ts\n', stderr: '' })
    // Asked for, a stale dist/ runs as it was built.
    expect((await binary(root, 'dist')).stdout).toBe('compiled helper dist/src/lib/helper.js\n')
  })

  it('refuses an unknown KAFKACHECK_RUN, and KAFKACHECK_RUN=dist without a build, with exit code 2', async () => {
    const root = standIn()
    expect(await binary(root, 'fast')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kafkacheck: KAFKACHECK_RUN=fast is not allowed; allowed: dist, src (or unset)\n',
    })
    expect(await binary(root, 'dist')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kafkacheck: KAFKACHECK_RUN=dist, but dist/ is not built: run npm run build\n',
    })
  })
})

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
    dependencies: Record<string, string>
    files: string[]
  }

  it('builds dist/ on npm install, and can without the development dependencies', () => {
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs')
    expect(pkg.dependencies).toHaveProperty('esbuild')
    expect(pkg.dependencies).toHaveProperty('tsx')
  })

  it('packs dist/ (ignored by git) and everything bin/kafkacheck.js reads or falls back to', () => {
    for (const file of ['bin/kafkacheck.js', 'bin/dist.js', 'scripts/build.mjs', 'tsconfig.json'])
      expect(
        pkg.files.some(entry => file === entry || file.startsWith(`${entry.replace(/\/$/, '')}/`)),
        file,
      ).toBe(true)
    for (const folder of ['dist', 'checker', 'spec', 'src']) expect(pkg.files).toContain(`${folder}/`)
  })
})
