// Reads one block of a RawScenario: each setting either as written (checked) or defaulted. The first problem is kept
// and later reads fall back to their defaults, so a resolver reads a whole block and then asks for `issue` once.
import { invalidValue, rejected, type ConfigIssue } from './issues.js'
import type { BlockName, Origin, RawBlock, RawEntry } from './raw.js'
import { shown, type Parser } from './values.js'

export class BlockReader {
  private firstIssue: ConfigIssue | null = null

  constructor(
    readonly block: BlockName,
    private readonly entries: RawBlock,
    /** Where defaults come from: the scenario file, or the flags. */
    readonly fallbackOrigin: Origin,
  ) {}

  get issue(): ConfigIssue | null {
    return this.firstIssue
  }

  /** Whether the user wrote this key (Kafka's `originals().containsKey`). */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  keys(): readonly string[] {
    return [...this.entries.keys()]
  }

  entry(key: string): RawEntry | undefined {
    return this.entries.get(key)
  }

  origin(key: string): Origin {
    return this.entries.get(key)?.origin ?? this.fallbackOrigin
  }

  /** The value as written, for messages; `fallback` when the key is absent. */
  written(key: string, fallback: string): string {
    const entry = this.entries.get(key)
    return entry === undefined ? fallback : shown(entry.value)
  }

  /** The parsed value if the key is present, else `fallback`. A bad value records the issue and yields `fallback`. */
  read<T>(key: string, parse: Parser<T>, fallback: T): T {
    const entry = this.entries.get(key)
    if (entry === undefined) return fallback
    const parsed = parse(entry.value)
    if (parsed.ok) return parsed.value
    this.fail(invalidValue(entry.origin, this.block, key, shown(entry.value), parsed.allowed))
    return fallback
  }

  /** Like `read`, but absent stays absent. */
  readOptional<T>(key: string, parse: Parser<T>): T | undefined {
    return this.read<T | undefined>(key, parse, undefined)
  }

  /**
   * Records that `key` may not be what it is here, and what is allowed: the value as written, or `value` for one the
   * user did not write (a default that the rest of the scenario rules out).
   */
  refuse(key: string, allowed: string, value = this.written(key, '')): void {
    this.fail(invalidValue(this.origin(key), this.block, key, value, allowed))
  }

  /** Records a refusal by the real system, unless an earlier problem was already found. */
  reject(key: string, value: string, refusedBy: string, reason: string): void {
    this.fail(rejected(this.origin(key), this.block, key, value, refusedBy, reason))
  }

  fail(issue: ConfigIssue): void {
    this.firstIssue ??= issue
  }
}
