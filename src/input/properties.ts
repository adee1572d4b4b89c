// Java .properties text -> key/value pairs with the line each pair starts on, read by the dot-properties package with
// java.util.Properties#load rules: `#`/`!` comments, `=`, `:` or whitespace separators, backslash continuations,
// \uXXXX escapes, and escaped separators in keys.
import { parseLines, type Pair } from 'dot-properties'

export interface PropertyLine {
  readonly key: string
  readonly value: string
  /** 1-based line of the key. */
  readonly line: number
}

/** Every key/value pair in file order; a repeated key appears each time (Java keeps the last). */
export function parseProperties(text: string): readonly PropertyLine[] {
  // dot-properties joins continuation lines only after "\\\n"; Java also accepts "\\\r\n" and a lone "\r".
  const source = text.replace(/\r\n?/g, '\n')
  const lineStarts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1)
  const lineOf = (offset: number) => {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (lineStarts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }
  return parseLines(source, true)
    .filter((node): node is Required<Pair> => node.type === 'PAIR')
    .map(pair => ({ key: pair.key, value: pair.value, line: lineOf(pair.range[0]) }))
}
