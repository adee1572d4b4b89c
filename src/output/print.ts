// The report goes to stdout, line by line; progress and errors go to stderr elsewhere. In the binary these are the
// process's streams; run in-process (src/cli.ts), the command line collects them as text instead.

/** Where text goes: process.stdout or process.stderr, or a collector; only a terminal rewrites a line in place. */
export interface TextOutput {
  readonly isTTY?: boolean | undefined
  write(text: string): unknown
}

export const printLines = (out: TextOutput, lines: readonly string[]): void => {
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`)
}

/** One JSON document, the whole of stdout under `--json`. */
export const printJson = (out: TextOutput, document: unknown): void => {
  out.write(`${JSON.stringify(document, null, 2)}\n`)
}
