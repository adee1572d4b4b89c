// Writing Graphviz DOT safely. Every text that reaches a label goes through `quote`, so a topic name, a group id or
// a record key from a crafted scenario can neither end the string nor inject DOT attributes, nor markup into the SVG
// that Graphviz renders from it.

/** A DOT double-quoted string whose text renders exactly as given; `align` decides how its lines are justified. */
export function quote(text: string, align: 'center' | 'left' = 'center'): string {
  const escaped = text
    // A backslash starts DOT escapes (\n, \N, \G …) and a quote would end the string.
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    // Graphviz passes entities such as &lt; through to SVG; escaping & keeps a literal "&lt;" literal.
    .replace(/&/g, '&amp;')
    // Other control characters have no place in a label: each becomes a space.
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
  const lines = escaped.split('\n')
  return `"${align === 'left' ? lines.map(line => `${line}\\l`).join('') : lines.join('\\n')}"`
}

/** A value already written as DOT, such as a left-justified label from `quote(text, 'left')`. */
interface Dot {
  readonly dot: string
}

type Attributes = Readonly<Record<string, string | number | boolean | Dot | undefined>>

/** ` [a="x", b=2]`, skipping undefined values; strings are quoted (HTML-like labels are never used). */
export function attributes(attrs: Attributes): string {
  const parts = Object.entries(attrs).flatMap(([key, value]) => {
    if (value === undefined) return []
    if (typeof value === 'object') return [`${key}=${value.dot}`]
    return [`${key}=${typeof value === 'string' ? quote(value) : String(value)}`]
  })
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`
}

/** Wraps `text` into lines of at most `width` characters, at spaces. */
export function wrapLines(text: string, width: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  lines.push(line)
  return lines.join('\n')
}
