// Reading what a person wrote into a RawScenario, then resolving it: a scenario YAML file (blocks as in DESIGN.md,
// a Kafka block may point at a real .properties file), or the CLI's `check --producer FILE ...` flags.
import { readFileSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import {
  invalidName,
  invalidValue,
  closestName,
  KAFKA_ROLES,
  SCENARIO_BLOCKS,
  type BlockName,
  type KafkaRole,
  type Origin,
  type RawBlock,
  type RawEntry,
  type RawScenario,
  type Warning,
  resolveScenario,
} from '../../spec/index.js'
import { readDeploymentFile } from './brokerFiles.js'
import type { DeploymentRead } from './deployment.js'
import { normalizeProperty } from './dialects.js'
import { malformed, unreadable, type InputIssue, type LoadResult } from './errors.js'
import { parseProperties } from './properties.js'
import { oneFileTwoRoles, readSpringConfiguration } from './spring.js'
import { originOf, resolved, syntaxIssue, textOf, type YamlDocument } from './yamlTree.js'

/** A block as read, before dialects: written key -> entry, in file order. */
type WrittenBlock = readonly (readonly [string, RawEntry])[]

interface ReadBlock {
  readonly block: RawBlock
  readonly notes: readonly Warning[]
  /** Other blocks the block's file fills (a docker-compose file's broker count and Kafka version). */
  readonly others?: Partial<Record<BlockName, RawBlock>>
}

const isKafkaRole = (block: BlockName): block is KafkaRole => (KAFKA_ROLES as readonly string[]).includes(block)

/** A file named as the user wrote it: relative to `cwd`, and named in messages exactly as written. */
function readText(file: string, cwd: string): string | InputIssue {
  try {
    return readFileSync(resolve(cwd, file), 'utf8')
  } catch (error) {
    return unreadable(file, error)
  }
}

/** A .properties file as written entries, each with its line. */
function readPropertiesFile(file: string, cwd: string): WrittenBlock | InputIssue {
  const text = readText(file, cwd)
  if (typeof text !== 'string') return text
  return parseProperties(text).map(({ key, value, line }) => [key, { value, origin: { file, line } }] as const)
}

/** Translates a Kafka block's keys and values to Kafka's own spelling; later entries win, as in Java. */
function normalizeBlock(name: BlockName, written: WrittenBlock): ReadBlock {
  const block = new Map<string, RawEntry>()
  const notes: Warning[] = []
  const note = (kind: Warning['kind'], origin: Origin, key: string, message: string) =>
    notes.push({ kind, origin, block: name, key, message })
  for (const [key, entry] of written) {
    if (!isKafkaRole(name)) {
      block.set(key, entry)
      continue
    }
    const normalized = normalizeProperty(name, key, entry.value)
    if (normalized.kind === 'ignored') {
      note('ignored', entry.origin, key, `${normalized.reason}; ignored`)
      continue
    }
    if (normalized.note !== null) note('dialect', entry.origin, normalized.key, normalized.note)
    const earlier = block.get(normalized.key)
    if (earlier !== undefined && earlier.origin.file === entry.origin.file)
      note(
        'effective',
        entry.origin,
        normalized.key,
        `${normalized.key} is set again; this line replaces line ${earlier.origin.line}`,
      )
    block.set(normalized.key, { value: normalized.value, origin: entry.origin })
  }
  return { block, notes }
}

/** Every block a broker or topic file fills (docker-compose, Strimzi, MSK, .properties), each in Kafka's spelling. */
function deploymentBlocks(read: DeploymentRead): { blocks: Partial<Record<BlockName, RawBlock>>; notes: Warning[] } {
  const blocks: Partial<Record<BlockName, RawBlock>> = {}
  const notes: Warning[] = [...read.notes]
  for (const [name, written] of Object.entries(read.blocks) as [BlockName, WrittenBlock][]) {
    const normalized = normalizeBlock(name, written)
    blocks[name] = normalized.block
    notes.push(...normalized.notes)
  }
  return { blocks, notes }
}

/** `into` with `over`'s entries added block by block; an entry of `over` replaces one of `into` with the same key. */
function mergeBlocks(into: Partial<Record<BlockName, RawBlock>>, over: Partial<Record<BlockName, RawBlock>>): void {
  for (const [name, block] of Object.entries(over) as [BlockName, RawBlock][])
    into[name] = new Map([...(into[name] ?? []), ...block])
}

/** Where YAML nodes were written, and the folder `file` (and a `file:` it points at) is relative to. */
interface YamlSource extends YamlDocument {
  readonly cwd: string
}

/** The entries of a YAML block mapping; nested mappings become dotted keys (`replication: { factor: 3 }`). */
function flattenYaml(yaml: YamlSource, block: BlockName, name: string, node: Node | null): WrittenBlock | InputIssue {
  if (node === null) return []
  if (!isMap(node)) {
    const at = originOf(yaml, node)
    return invalidValue(at, block === name ? null : block, name, textOf(node) ?? '…', 'a mapping of settings')
  }
  const entries: (readonly [string, RawEntry])[] = []
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null
    const key = `${block === name ? '' : `${name}.`}${textOf(keyNode) ?? ''}`
    const at = originOf(yaml, keyNode)
    const value = resolved(yaml, pair.value)
    if (isMap(value)) {
      const nested = flattenYaml(yaml, block, key, value)
      if ('kind' in nested) return nested
      entries.push(...nested)
    } else if (isSeq(value)) {
      const items = value.items.map(item => textOf(resolved(yaml, item)))
      if (items.some(item => item === null)) return invalidValue(at, block, key, '[…]', 'a list of plain values')
      entries.push([key, { value: items as string[], origin: at }])
    } else entries.push([key, { value: textOf(value) ?? '', origin: at }])
  }
  return entries
}

const TOP_LEVEL = ['name', 'description', 'spring', ...SCENARIO_BLOCKS] as const

/** A scenario file's blocks, read (and any `file:` pointed at) but not yet resolved; `file` is relative to `cwd`. */
export function readScenarioFile(file: string, cwd: string): RawScenario | InputIssue {
  const text = readText(file, cwd)
  if (typeof text !== 'string') return text
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true })
  const issue = syntaxIssue(file, doc)
  if (issue !== undefined) return issue
  const yaml: YamlSource = { file, cwd, doc, lineCounter }
  const scenario: RawScenario = {
    name: basename(file, extname(file)),
    description: '',
    origin: { file, line: null },
    blocks: {},
    notes: [],
  }
  if (doc.contents === null) return scenario
  if (!isMap(doc.contents)) return malformed(file, 1, 1, 'a scenario is a mapping of blocks (kafka:, producer:, …)')
  const blocks: Partial<Record<BlockName, RawBlock>> = {}
  const fromFiles: Partial<Record<BlockName, RawBlock>> = {}
  const notes: Warning[] = []
  let { name, description } = scenario
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node | null
    const key = textOf(keyNode) ?? ''
    const value = resolved(yaml, pair.value)
    if (key === 'name' || key === 'description') {
      const text = textOf(value)
      if (text === null) return invalidValue(originOf(yaml, keyNode), null, key, '…', 'plain text')
      if (key === 'name') name = text
      else description = text
      continue
    }
    if (key === 'spring') {
      const spring = readSpringEntry(yaml, keyNode, value)
      if ('kind' in spring) return spring
      mergeBlocks(fromFiles, spring.blocks)
      notes.push(...spring.notes)
      continue
    }
    const block = SCENARIO_BLOCKS.find(b => b === key)
    if (block === undefined)
      return invalidName(originOf(yaml, keyNode), null, 'block', key, TOP_LEVEL, closestName(key, TOP_LEVEL))
    const read = readYamlBlock(yaml, block, value)
    if ('kind' in read) return read
    blocks[block] = read.block
    notes.push(...read.notes)
    if (read.others !== undefined) mergeBlocks(fromFiles, read.others)
  }
  // What a block's file says of other blocks (a compose file's broker count) gives way to what the scenario writes.
  mergeBlocks(fromFiles, blocks)
  return { ...scenario, name, description, blocks: fromFiles, notes }
}

/**
 * `spring: { file: application.yml, profile: prod }`: a Spring Boot service's own files as the producer, consumer and
 * app blocks (what `--spring` reads), under the scenario's own blocks, which win key by key.
 */
function readSpringEntry(
  yaml: YamlSource,
  keyNode: Node | null,
  node: Node | null,
): { blocks: Partial<Record<BlockName, RawBlock>>; notes: readonly Warning[] } | InputIssue {
  const at = originOf(yaml, keyNode)
  const allowed = 'a mapping with file: (application.yml or .properties) and, optionally, profile:'
  if (!isMap(node)) return invalidValue(at, null, 'spring', textOf(node) ?? '…', allowed)
  const entries = new Map(node.items.map(pair => [textOf(pair.key as Node | null) ?? '', pair.value as Node | null]))
  const file = textOf(entries.get('file') ?? null)
  const profile = entries.has('profile') ? (textOf(entries.get('profile') ?? null) ?? undefined) : undefined
  const unknown = [...entries.keys()].find(key => key !== 'file' && key !== 'profile')
  if (file === null || file === '' || unknown !== undefined)
    return invalidValue(at, null, unknown === undefined ? 'spring' : `spring.${unknown}`, file ?? '…', allowed)
  const spring = readSpringConfiguration(join(dirname(yaml.file), file), profile, yaml.cwd)
  if ('kind' in spring) return spring
  const blocks: Partial<Record<BlockName, RawBlock>> = { producer: spring.producer }
  if (spring.consumer !== undefined) blocks.consumer = spring.consumer
  if (spring.app !== undefined) blocks.app = spring.app
  return { blocks, notes: spring.notes }
}

function readYamlBlock(yaml: YamlSource, block: BlockName, node: Node | null): ReadBlock | InputIssue {
  const written = flattenYaml(yaml, block, block, node)
  if ('kind' in written) return written
  const fileEntry = isKafkaRole(block) ? written.find(([key]) => key === 'file') : undefined
  if (fileEntry === undefined) return normalizeBlock(block, written)
  if (block === 'broker' || block === 'topic') {
    // A docker-compose file, Strimzi resources or an MSK configuration may fill other blocks too; `name` picks a topic.
    const topicName = block === 'topic' ? written.find(([key]) => key === 'name')?.[1].value : undefined
    const read = readDeploymentFile(join(dirname(yaml.file), String(fileEntry[1].value)), yaml.cwd, {
      role: block,
      topicName: typeof topicName === 'string' ? topicName : undefined,
    })
    if ('kind' in read) return read
    const { [block]: fromFile = [], ...otherBlocks } = read.blocks
    const { blocks: others, notes } = deploymentBlocks({ ...read, blocks: otherBlocks })
    // Settings written in the YAML block itself override the file's.
    const own = normalizeBlock(block, [...fromFile, ...written.filter(([key]) => key !== 'file')])
    return { block: own.block, notes: [...notes, ...own.notes], others }
  }
  const fromFile = readPropertiesFile(join(dirname(yaml.file), String(fileEntry[1].value)), yaml.cwd)
  if ('kind' in fromFile) return fromFile
  // Settings written in the YAML block itself override the file's.
  return normalizeBlock(block, [...fromFile, ...written.filter(([key]) => key !== 'file')])
}

/** Reads and resolves a scenario YAML file; a relative path starts from `cwd` (default: this process's). */
export function loadScenarioFile(file: string, cwd = process.cwd()): LoadResult {
  const raw = readScenarioFile(file, cwd)
  return 'kind' in raw ? { ok: false, issue: raw } : resolveScenario(raw)
}

/** The CLI's `check --producer FILE --faults broker-crash=1,lost-response=1 ...` form. */
export interface ScenarioFlags {
  readonly producer?: string | undefined
  readonly consumer?: string | undefined
  readonly broker?: string | undefined
  readonly topic?: string | undefined
  readonly faults?: string | undefined
  readonly messages?: string | undefined
  readonly version?: string | undefined
  readonly platform?: string | undefined
  /** A Spring Boot application.yml or application.properties: the producer, consumer and app blocks. */
  readonly spring?: string | undefined
  /** Spring profiles (comma-separated) whose application-{profile} files apply over `spring`. */
  readonly springProfile?: string | undefined
}

/** `--faults broker-crash=1,lost-response=1` as faults entries. */
function faultEntries(text: string): WrittenBlock | InputIssue {
  const origin: Origin = { file: '--faults', line: null }
  const entries: (readonly [string, RawEntry])[] = []
  for (const item of text
    .split(',')
    .map(part => part.trim())
    .filter(part => part !== '')) {
    const [name, count, ...rest] = item.split('=')
    if (name === undefined || count === undefined || rest.length > 0 || name.trim() === '')
      return invalidValue(origin, 'faults', 'faults', item, 'name=count pairs separated by commas, e.g. broker-crash=1')
    entries.push([name.trim(), { value: count.trim(), origin }])
  }
  return entries
}

/** The flags as a scenario, not yet resolved; the .properties files they name are relative to `cwd`. */
export function readScenarioFlags(flags: ScenarioFlags, cwd: string): RawScenario | InputIssue {
  const blocks: Partial<Record<BlockName, RawBlock>> = {}
  const notes: Warning[] = []
  for (const role of KAFKA_ROLES) {
    const file = flags[role]
    if (file === undefined) continue
    if (role === 'broker' || role === 'topic') {
      // Also a docker-compose file, Strimzi resources or an MSK configuration, which fill other blocks too.
      const read = readDeploymentFile(file, cwd, { role })
      if ('kind' in read) return read
      const deployed = deploymentBlocks(read)
      mergeBlocks(blocks, deployed.blocks)
      notes.push(...deployed.notes)
      continue
    }
    const written = readPropertiesFile(file, cwd)
    if ('kind' in written) return written
    const read = normalizeBlock(role, written)
    blocks[role] = read.block
    notes.push(...read.notes)
  }
  if (flags.spring !== undefined) {
    const spring = readSpringConfiguration(flags.spring, flags.springProfile, cwd)
    if ('kind' in spring) return spring
    blocks.producer = spring.producer
    if (spring.consumer !== undefined) blocks.consumer = spring.consumer
    if (spring.app !== undefined) blocks.app = spring.app
    notes.push(...spring.notes)
  }
  notes.splice(0, notes.length, ...oneFileTwoRoles(notes, blocks))
  const single = (flag: string, key: string, value: string): RawBlock =>
    new Map([[key, { value, origin: { file: `--${flag}`, line: null } }]])
  if (flags.faults !== undefined) {
    const faults = faultEntries(flags.faults)
    if ('kind' in faults) return faults
    blocks.faults = new Map(faults)
  }
  if (flags.messages !== undefined) blocks.bound = single('messages', 'messages', flags.messages)
  const kafka = new Map<string, RawEntry>(blocks.kafka)
  if (flags.version !== undefined)
    kafka.set('version', { value: flags.version, origin: { file: '--kafka-version', line: null } })
  if (flags.platform !== undefined)
    kafka.set('platform', { value: flags.platform, origin: { file: '--platform', line: null } })
  blocks.kafka = kafka
  return { name: 'custom', description: '', origin: { file: 'command line', line: null }, blocks, notes }
}

/** Reads and resolves the CLI's flags; relative paths start from `cwd` (default: this process's). */
export function scenarioFromFlags(flags: ScenarioFlags, cwd = process.cwd()): LoadResult {
  const raw = readScenarioFlags(flags, cwd)
  return 'kind' in raw ? { ok: false, issue: raw } : resolveScenario(raw)
}
