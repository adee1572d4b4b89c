// The report goes to stdout, line by line; progress and errors go to stderr elsewhere.

export const printLines = (lines: readonly string[]): void => {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`)
}

/** One JSON document, the whole of stdout under `--json`. */
export const printJson = (document: unknown): void => {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`)
}
