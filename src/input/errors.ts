// Everything reading a scenario can end in, and the one line each is printed as. Never a stack trace.
import { type ConfigIssue, type Resolution, formatOrigin, type Warning } from '../../spec/index.js'

export type InputIssue =
  | ConfigIssue
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string; readonly message: string }
  | {
      readonly kind: 'malformed'
      readonly file: string
      readonly line: number
      readonly column: number
      readonly reason: string
      readonly message: string
    }

/** A resolved scenario, or the first thing wrong with the input (a file, its syntax, or a value in it). */
export type LoadResult = Resolution | { readonly ok: false; readonly issue: InputIssue }

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
}

export function unreadable(file: string, error: unknown): InputIssue {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  const reason = REASONS[code] ?? (error instanceof Error ? error.message : String(error))
  return { kind: 'unreadable', file, reason, message: `cannot read ${file}: ${reason}` }
}

export const malformed = (file: string, line: number, column: number, reason: string): InputIssue => ({
  kind: 'malformed',
  file,
  line,
  column,
  reason,
  message: `${file}:${line}:${column}: ${reason}`,
})

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim()

export const formatIssue = (issue: InputIssue): string => oneLine(issue.message)

export const formatWarning = (warning: Warning): string =>
  oneLine(`${formatOrigin(warning.origin)}: warning: ${warning.message}`)
