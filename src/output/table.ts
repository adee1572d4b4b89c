// Tables for the terminal (aligned columns) and for Markdown (pipes), from the same rows of cells.

/** Columns padded to their widest cell; lines carry no trailing blanks. */
export function textTable(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))))
  return rows.map(row => (indent + row.map((cell, i) => pad(cell, widths[i]!)).join('  ')).trimEnd())
}

/** A GitHub-flavoured Markdown table; `|` inside a cell is escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(cell => cell.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)]
}

/** Characters on screen: a check mark is one, like any letter. */
const width = (text: string) => [...text].length

const pad = (text: string, to: number) => text + ' '.repeat(to - width(text))
