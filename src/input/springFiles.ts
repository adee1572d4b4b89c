// Spring Boot's configuration files as Spring reads them, before anything is bound: application.yml (or .yaml, or
// .properties), its documents (`---` in YAML, `#---` in .properties) each applying unless
// spring.config.activate.on-profile names a profile that is not active, then each active profile's
// application-{profile}.yml/.yaml/.properties next to it, every later value replacing an earlier one key by key
// ("Profile Specific Files" and "Activation Properties" in Spring Boot's reference, Externalized Configuration).
// Names are Spring's canonical (relaxed) form; ${name:default} placeholders are resolved against the files themselves.
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml'
import { invalidValue, type Origin, type Warning } from '../../spec/index.js'
import { springPropertyName } from './dialects.js'
import { malformed, unreadable, type InputIssue } from './errors.js'
import { parseProperties } from './properties.js'
import { lineOf, originOf, resolved, syntaxIssue, textOf, type YamlDocument } from './yamlTree.js'

/** One Spring property as it applies: its canonical name, the name as written, its value and where it was written. */
export interface SpringProperty {
  readonly name: string
  readonly written: string
  readonly value: string | readonly string[]
  readonly origin: Origin
  /** The value of the same name it replaced (a profile over the base file, a later document over an earlier one). */
  readonly replaced?: SpringProperty | undefined
}

interface SpringDocument {
  readonly properties: readonly SpringProperty[]
  /** spring.config.activate.on-profile (or Spring Boot 2.3's spring.profiles): the profiles it applies to. */
  readonly onProfile: SpringProperty | undefined
}

export interface SpringSources {
  /** Every property that applies, by canonical name, the last one written winning. */
  readonly properties: ReadonlyMap<string, SpringProperty>
  readonly profiles: readonly string[]
  /** The files read, the given one first. */
  readonly files: readonly string[]
  readonly notes: readonly Warning[]
}

const EXTENSIONS = ['.yml', '.yaml', '.properties'] as const

function readText(file: string, cwd: string): string | InputIssue {
  try {
    return readFileSync(resolve(cwd, file), 'utf8')
  } catch (error) {
    return unreadable(file, error)
  }
}

const property = (written: string, value: string | readonly string[], origin: Origin): SpringProperty => ({
  name: springPropertyName(written),
  written,
  value,
  origin,
})

/** `key[0]`, `key[1]` ... of one document as one list under `key`, as Spring binds a List. */
function foldIndexed(properties: readonly SpringProperty[]): SpringProperty[] {
  const folded: SpringProperty[] = []
  const lists = new Map<string, { first: SpringProperty; items: string[] }>()
  for (const p of properties) {
    const [, base, index] = /^(.*)\[(\d+)\]$/.exec(p.name) ?? []
    if (base === undefined || typeof p.value !== 'string') {
      folded.push(p)
      continue
    }
    const list = lists.get(base) ?? { first: p, items: [] }
    if (!lists.has(base)) lists.set(base, list)
    list.items[Number(index)] = p.value
  }
  for (const [name, { first, items }] of lists)
    folded.push({ ...first, name, written: first.written.replace(/\[\d+\]$/, ''), value: items.filter(i => i) })
  return folded
}

function documentOf(properties: readonly SpringProperty[]): SpringDocument {
  const all = foldIndexed(properties)
  const onProfile = all.find(p => p.name === 'spring.config.activate.on-profile' || p.name === 'spring.profiles')
  return { properties: all.filter(p => p !== onProfile), onProfile }
}

/** A .properties file's documents: `#---` (or `!---`) on a line of its own starts the next one. */
function propertiesDocuments(file: string, text: string): SpringDocument[] {
  const separators = text
    .split(/\r\n?|\n/)
    .flatMap((line, i) => (line.trim() === '#---' || line.trim() === '!---' ? [i + 1] : []))
  const documents: SpringProperty[][] = Array.from({ length: separators.length + 1 }, () => [])
  for (const { key, value, line } of parseProperties(text))
    documents[separators.filter(separator => separator < line).length]!.push(property(key, value, { file, line }))
  return documents.map(documentOf)
}

/** A YAML document's mappings flattened to dotted names, each with the line of its key. */
function flattenYaml(yaml: YamlDocument, node: Node | null, prefix: string, out: SpringProperty[]): void {
  if (!isMap(node)) return
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null
    const key = textOf(keyNode) ?? ''
    const name = prefix === '' ? key : key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`
    const value = resolved(yaml, pair.value)
    if (isMap(value)) flattenYaml(yaml, value, name, out)
    else if (isSeq(value)) {
      const items = value.items.map(item => resolved(yaml, item))
      if (items.every(item => textOf(item) !== null))
        out.push(
          property(
            name,
            items.map(item => textOf(item)!),
            originOf(yaml, keyNode),
          ),
        )
      else items.forEach((item, i) => flattenYaml(yaml, item, `${name}[${i}]`, out))
    } else out.push(property(name, textOf(value) ?? '', originOf(yaml, keyNode)))
  }
}

function yamlDocuments(file: string, text: string): SpringDocument[] | InputIssue {
  const lineCounter = new LineCounter()
  const documents: SpringDocument[] = []
  for (const doc of parseAllDocuments(text, { lineCounter, uniqueKeys: true })) {
    const issue = syntaxIssue(file, doc)
    if (issue !== undefined) return issue
    const yaml: YamlDocument = { file, doc, lineCounter }
    if (doc.contents !== null && !isMap(doc.contents))
      return malformed(
        file,
        lineOf(yaml, doc.contents) ?? 1,
        1,
        'a Spring Boot configuration document is a mapping of properties',
      )
    const properties: SpringProperty[] = []
    flattenYaml(yaml, doc.contents, '', properties)
    documents.push(documentOf(properties))
  }
  return documents
}

function readDocuments(file: string, cwd: string): SpringDocument[] | InputIssue {
  const extension = extname(file).toLowerCase()
  if (!(EXTENSIONS as readonly string[]).includes(extension))
    return {
      kind: 'unreadable',
      file,
      reason: 'a Spring Boot configuration is a .yml, .yaml or .properties file',
      message: `cannot read ${file}: a Spring Boot configuration is a .yml, .yaml or .properties file`,
    }
  const text = readText(file, cwd)
  if (typeof text !== 'string') return text
  return extension === '.properties' ? propertiesDocuments(file, text) : yamlDocuments(file, text)
}

/** Whether a profile expression (`prod`, `!local`, `prod & eu`, `(a | b) & !c`, or a list with commas) holds. */
export function profilesMatch(expression: string, active: readonly string[]): boolean | null {
  const tokens = expression.match(/[()!&|,]|[^\s()!&|,]+/g) ?? []
  let at = 0
  const any = (): boolean | null => {
    let value = all()
    while (value !== null && (tokens[at] === '|' || tokens[at] === ',')) {
      at++
      const next = all()
      value = next === null ? null : value || next
    }
    return value
  }
  const all = (): boolean | null => {
    let value = one()
    while (value !== null && tokens[at] === '&') {
      at++
      const next = one()
      value = next === null ? null : value && next
    }
    return value
  }
  const one = (): boolean | null => {
    const token = tokens[at++]
    if (token === '!') {
      const value = one()
      return value === null ? null : !value
    }
    if (token === '(') {
      const value = any()
      return tokens[at++] === ')' ? value : null
    }
    return token === undefined || /^[()!&|,]$/.test(token) ? null : active.includes(token)
  }
  const value = tokens.length === 0 ? null : any()
  return at === tokens.length ? value : null
}

const PROFILE_EXPRESSION = 'a profile name, or names joined with !, &, | and parentheses, or a list with commas'

/** The documents of `file` that apply with `profiles` active, in order. */
function applying(documents: readonly SpringDocument[], profiles: readonly string[]): SpringDocument[] | InputIssue {
  const applies: SpringDocument[] = []
  for (const doc of documents) {
    const on = doc.onProfile
    const text = on === undefined ? '' : typeof on.value === 'string' ? on.value : on.value.join(',')
    const matches = on === undefined ? true : profilesMatch(text, profiles)
    if (matches === null) return invalidValue(on!.origin, null, on!.written, text, PROFILE_EXPRESSION)
    if (matches) applies.push(doc)
  }
  return applies
}

const listOf = (value: string | readonly string[]): string[] =>
  (typeof value === 'string' ? value.split(',') : [...value]).map(v => v.trim()).filter(v => v !== '')

/** ${name} and ${name:default} in `value`: another property of the files, else the default, else left as written. */
function resolvePlaceholders(
  p: SpringProperty,
  properties: ReadonlyMap<string, SpringProperty>,
  notes: Warning[],
): SpringProperty {
  const one = (text: string, depth: number): string =>
    text.replace(/\$\{([^}:]+)(?::([^}]*))?\}/g, (whole, name: string, fallback: string | undefined) => {
      const other = properties.get(springPropertyName(name))
      if (other !== undefined && typeof other.value === 'string' && depth < 5) return one(other.value, depth + 1)
      if (fallback !== undefined) return fallback
      notes.push({
        kind: 'note',
        origin: p.origin,
        block: null,
        key: p.name,
        message:
          `${p.written} uses \${${name}}, which these files do not set (Spring would take it from the environment ` +
          'or another property source); read as written',
      })
      return whole
    })
  const value = typeof p.value === 'string' ? one(p.value, 0) : p.value.map(v => one(v, 0))
  return value === p.value ? p : { ...p, value }
}

/**
 * The Spring Boot configuration `file` (relative to `cwd`) with `profileFlag`'s profiles (comma-separated) active, or
 * without it those its own spring.profiles.active names; a profile given on the command line must have a file or a
 * document of its own.
 */
export function readSpringSources(
  file: string,
  profileFlag: string | undefined,
  cwd: string,
): SpringSources | InputIssue {
  const base = readDocuments(file, cwd)
  if ('kind' in base) return base
  const named = base.flatMap(doc =>
    doc.onProfile === undefined ? doc.properties.filter(p => p.name === 'spring.profiles.active') : [],
  )
  const profiles = listOf(profileFlag ?? named[named.length - 1]?.value ?? '')
  const stem = basename(file, extname(file))
  const files = [file]
  const ordered: SpringDocument[] = []
  const fromBase = applying(base, profiles)
  if ('kind' in fromBase) return fromBase
  ordered.push(...fromBase)
  for (const profile of profiles) {
    // Where a location has both, Spring Boot gives .properties precedence over YAML: it is read last.
    const found = EXTENSIONS.map(ext => join(dirname(file), `${stem}-${profile}${ext}`)).filter(path =>
      existsSync(resolve(cwd, path)),
    )
    const named = base.some(doc => doc.onProfile !== undefined && profileNamed(doc.onProfile.value, profile))
    if (profileFlag !== undefined && found.length === 0 && !named) {
      const tried = EXTENSIONS.map(ext => `${stem}-${profile}${ext}`).join(', ')
      const reason = `no ${tried} next to it, and no document of it has spring.config.activate.on-profile: ${profile}`
      return { kind: 'unreadable', file, reason, message: `--spring-profile ${profile}: ${reason} (${file})` }
    }
    for (const path of found) {
      const documents = readDocuments(path, cwd)
      if ('kind' in documents) return documents
      const docs = applying(documents, profiles)
      if ('kind' in docs) return docs
      files.push(path)
      ordered.push(...docs)
    }
  }
  const merged = new Map<string, SpringProperty>()
  for (const doc of ordered)
    for (const p of doc.properties) {
      const replaced = merged.get(p.name)
      merged.delete(p.name) // a later value takes its place in the order too
      merged.set(p.name, replaced === undefined ? p : { ...p, replaced })
    }
  const notes: Warning[] = []
  const properties = new Map([...merged].map(([name, p]) => [name, resolvePlaceholders(p, merged, notes)]))
  return { properties, profiles, files, notes }
}

const profileNamed = (value: string | readonly string[], profile: string): boolean =>
  (typeof value === 'string' ? value : value.join(',')).split(/[\s()!&|,]+/).includes(profile)
