// What a file that configures brokers says, whatever its format (server.properties, a docker-compose file, Strimzi
// resources, an Amazon MSK configuration): the scenario blocks it fills, each value with the file and line it was
// written on, and what the reader noticed on the way. The readers of each format build one of these.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BlockName, Origin, RawEntry, Warning } from '../../spec/index.js'
import { unreadable, type InputIssue } from './errors.js'

/** The blocks a deployment file can fill. */
export type DeploymentBlock = Extract<BlockName, 'kafka' | 'cluster' | 'broker' | 'topic'>

/** Entries as written, before dialects: key -> entry, in file order (a later entry replaces an earlier one). */
export type WrittenEntries = readonly (readonly [string, RawEntry])[]

export type DeploymentFormat = 'properties' | 'msk-properties' | 'docker-compose' | 'strimzi' | 'msk-terraform'

export interface DeploymentRead {
  readonly format: DeploymentFormat
  readonly blocks: Readonly<Partial<Record<DeploymentBlock, WrittenEntries>>>
  readonly notes: readonly Warning[]
}

/** How a deployment file is to be read: the flag (or scenario block) that named it, and which topic, if several. */
export interface DeploymentOptions {
  readonly role: 'broker' | 'topic'
  /** A topic's name, to pick one KafkaTopic of several (`topic: { file: topics.yaml, name: orders }`). */
  readonly topicName?: string | undefined
}

/** A file named as the user wrote it: relative to `cwd`, and named in messages exactly as written. */
export function readText(file: string, cwd: string): string | InputIssue {
  try {
    return readFileSync(resolve(cwd, file), 'utf8')
  } catch (error) {
    return unreadable(file, error)
  }
}

export const entry = (value: string | readonly string[], origin: Origin): RawEntry => ({ value, origin })

/** Collects a format's blocks in the order they are found. */
export class DeploymentBuilder {
  private readonly entries: Partial<Record<DeploymentBlock, (readonly [string, RawEntry])[]>> = {}
  readonly notes: Warning[] = []

  set(block: DeploymentBlock, key: string, value: string | readonly string[], origin: Origin): void {
    ;(this.entries[block] ??= []).push([key, { value, origin }])
  }

  has(block: DeploymentBlock, key: string): boolean {
    return (this.entries[block] ?? []).some(([written]) => written === key)
  }

  note(kind: Warning['kind'], origin: Origin, block: BlockName | null, key: string | null, message: string): void {
    this.notes.push({ kind, origin, block, key, message })
  }

  build(format: DeploymentFormat): DeploymentRead {
    return { format, blocks: this.entries, notes: this.notes }
  }
}
