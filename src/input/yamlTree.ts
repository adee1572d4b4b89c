// Walking parsed YAML (the yaml package's nodes) with the line each node starts on: what the readers of deployment
// files (docker-compose, Strimzi resources) share. Aliases are followed and merge keys (`<<: *common`) applied, as
// Compose applies them (docs.docker.com/reference/compose-file/fragments/: "YAML merge type").
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml'
import { malformed, type InputIssue } from './errors.js'
import type { Origin } from '../../spec/index.js'

/** One YAML document of a file, and where its nodes were written. */
export interface YamlDocument {
  readonly file: string
  readonly doc: Document
  readonly lineCounter: LineCounter
}

/** A mapping's entry: its key as text, where the key was written, and its value (aliases followed). */
export interface Field {
  readonly key: string
  readonly keyNode: Node | null
  readonly value: Node | null
}

/** Every document of a YAML file (one, or several separated by `---`); the first syntax error as an issue. */
export function parseYamlDocuments(file: string, text: string): readonly YamlDocument[] | InputIssue {
  const lineCounter = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true })
  const all = Array.isArray(docs) ? docs : []
  for (const doc of all) {
    const issue = syntaxIssue(file, doc)
    if (issue !== undefined) return issue
  }
  return all.filter(doc => doc.contents !== null).map(doc => ({ file, doc, lineCounter }))
}

/** A document's first syntax error as an issue naming file, line and column; undefined when it parsed. */
export function syntaxIssue(file: string, doc: Document): InputIssue | undefined {
  const error = doc.errors[0]
  if (error === undefined) return undefined
  const [line, column] = error.linePos === undefined ? [1, 1] : [error.linePos[0].line, error.linePos[0].col]
  return malformed(file, line, column, error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''))
}

export const lineOf = (yaml: YamlDocument, node: Node | null): number | null =>
  node?.range ? yaml.lineCounter.linePos(node.range[0]).line : null

export const originOf = (yaml: YamlDocument, node: Node | null): Origin => ({
  file: yaml.file,
  line: lineOf(yaml, node),
})

/** What an alias (`*name`) stands for; any other node as it is. */
export const resolved = (yaml: YamlDocument, node: unknown): Node | null =>
  isAlias(node) ? ((node.resolve(yaml.doc) as Node | undefined) ?? null) : ((node ?? null) as Node | null)

/** A scalar as written (`version: 0.10` stays "0.10"); '' for an empty value; null for a mapping or a list. */
export function textOf(node: Node | null): string | null {
  if (node === null) return ''
  if (!isScalar(node)) return null
  if (node.value === null) return ''
  return typeof node.source === 'string' ? node.source.trim() : String(node.value)
}

/** A mapping's entries in file order, with merge keys applied: an entry written in the mapping wins over a merged one. */
export function fieldsOf(yaml: YamlDocument, node: Node | null): readonly Field[] {
  const map = resolved(yaml, node)
  if (!isMap(map)) return []
  const own: Field[] = []
  const merged: Field[] = []
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null
    const key = textOf(keyNode) ?? ''
    const value = resolved(yaml, pair.value)
    if (key !== '<<' || !isScalar(keyNode) || keyNode.type !== 'PLAIN') {
      own.push({ key, keyNode, value })
      continue
    }
    // `<<: *a` or `<<: [*a, *b]`: in a list of merged mappings the earlier one wins (yaml.org/type/merge.html).
    const sources = isSeq(value) ? value.items.map(item => resolved(yaml, item)) : [value]
    for (const source of sources) merged.push(...fieldsOf(yaml, source).filter(f => !merged.some(m => m.key === f.key)))
  }
  return [...merged.filter(m => !own.some(o => o.key === m.key)), ...own]
}

export const fieldOf = (yaml: YamlDocument, node: Node | null, key: string): Field | undefined =>
  fieldsOf(yaml, node).find(field => field.key === key)

/** The value at a path of keys (`spec.kafka.config` as ['spec', 'kafka', 'config']), if every step is there. */
export function fieldAt(yaml: YamlDocument, node: Node | null, path: readonly string[]): Field | undefined {
  let current: Field | undefined
  let at = node
  for (const key of path) {
    current = fieldOf(yaml, at, key)
    if (current === undefined) return undefined
    at = current.value
  }
  return current
}

/** A list's items, aliases followed; [] for anything else. */
export const itemsOf = (yaml: YamlDocument, node: Node | null): readonly (Node | null)[] => {
  const list = resolved(yaml, node)
  return isSeq(list) ? list.items.map(item => resolved(yaml, item)) : []
}

export { isMap, isScalar, isSeq }
