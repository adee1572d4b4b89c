// The folders are the architecture, and their imports point one way: checker/ knows nothing of Kafka, spec/ nothing
// of the product, src/ reaches the spec only through its public surface (spec/index.ts), and inside src/ a report
// flows input → run → report → render → output, with the commands on top. This test reads every import and fails
// on any that points the wrong way, which also rules out every import cycle between folders.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPOSITORY } from './src/cli/kafkacheck.js'

/** The layers of src/, lowest first: a folder may import from its own layer and the ones before it. */
const SRC_LAYERS = ['input', 'run', 'report', 'render', 'output', 'commands'] as const

function sourceFiles(folder: string): string[] {
  return readdirSync(join(REPOSITORY, folder), { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.ts'))
    .map(file => join(folder, file))
}

/** Every relative import of a file, resolved to a path from the repository root. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(REPOSITORY, file), 'utf8')
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map(match => match[1]!)
  return specifiers.map(specifier =>
    relative(REPOSITORY, resolve(REPOSITORY, dirname(file), specifier)).replace(/\.js$/, '.ts'),
  )
}

/** Which unit a file belongs to: checker, spec, src/<layer>, or src itself (cli.ts, the argument table). */
function unitOf(file: string): string {
  const [top, layer] = file.split('/')
  if (top !== 'src') return top!
  return layer!.endsWith('.ts') ? 'src' : `src/${layer}`
}

function rank(unit: string): number {
  if (unit === 'src') return SRC_LAYERS.length
  return SRC_LAYERS.indexOf(unit.slice('src/'.length) as (typeof SRC_LAYERS)[number])
}

/** Why importing `target` from `file` points the wrong way, or undefined when it is allowed. */
function wrongWay(file: string, target: string): string | undefined {
  const from = unitOf(file)
  const to = unitOf(target)
  if (from === 'checker' && to !== 'checker') return 'checker/ imports only checker/'
  if (from === 'spec' && to.startsWith('src')) return 'spec/ never imports src/'
  if (from.startsWith('src') && to === 'spec' && target !== 'spec/index.ts')
    return 'src/ imports the spec through spec/index.ts only'
  if (from.startsWith('src') && to.startsWith('src')) {
    if (rank(to) < 0 || rank(from) < 0) return `${from} or ${to} is not a known layer of src/`
    if (rank(to) > rank(from)) return `${from} may not import ${to}: ${SRC_LAYERS.join(' → ')}`
  }
  return undefined
}

describe('the architecture', () => {
  const files = ['checker', 'spec', 'src'].flatMap(sourceFiles)

  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(60)
    expect(importsOf('src/cli.ts')).toContain('src/commands/runner.ts')
  })

  it('has every import point the one allowed way', () => {
    const wrong = files.flatMap(file =>
      importsOf(file).flatMap(target => {
        const why = wrongWay(file, target)
        return why === undefined ? [] : [`${file} → ${target}: ${why}`]
      }),
    )
    expect(wrong).toEqual([])
  })

  it('flags the imports it exists to forbid', () => {
    expect(wrongWay('checker/check.ts', 'spec/state.ts')).toBeDefined()
    expect(wrongWay('spec/kafka.ts', 'src/report/names.ts')).toBeDefined()
    expect(wrongWay('src/report/describe.ts', 'spec/leader.ts')).toBeDefined()
    expect(wrongWay('src/report/index.ts', 'src/render/svg.ts')).toBeDefined()
    expect(wrongWay('src/run/checkScenario.ts', 'src/output/help.ts')).toBeDefined()
    expect(wrongWay('src/render/sequence.ts', 'src/report/describe.ts')).toBeUndefined()
    expect(wrongWay('src/commands/check.ts', 'src/output/json.ts')).toBeUndefined()
  })
})
