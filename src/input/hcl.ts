// Just enough of HCL, Terraform's syntax (developer.hashicorp.com/terraform/language/syntax/configuration), to read
// literal attributes of blocks with their lines: strings, numbers, lists, heredocs (`<<ID` and the indented `<<-ID`).
// Any other expression (a reference, a function call) is kept as its source text. Not a general HCL parser.

export type HclValue =
  | { readonly kind: 'string'; readonly text: string; readonly line: number; readonly interpolated: boolean }
  /** `firstLine` is the line of the heredoc's first content line. */
  | { readonly kind: 'heredoc'; readonly text: string; readonly firstLine: number }
  | { readonly kind: 'list'; readonly items: readonly HclValue[]; readonly line: number }
  | { readonly kind: 'expression'; readonly text: string; readonly line: number }

export interface HclAttribute {
  readonly name: string
  readonly line: number
  readonly value: HclValue
}

export interface HclBlock {
  readonly type: string
  readonly labels: readonly string[]
  readonly line: number
  readonly attributes: readonly HclAttribute[]
  readonly blocks: readonly HclBlock[]
}

export interface HclError {
  readonly line: number
  readonly column: number
  readonly reason: string
}

class Scanner {
  i = 0
  private readonly lineStarts: number[] = [0]

  constructor(readonly text: string) {
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') this.lineStarts.push(k + 1)
  }

  lineAt(offset = this.i): number {
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const middle = Math.ceil((low + high) / 2)
      if (this.lineStarts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }

  columnAt(offset = this.i): number {
    return offset - this.lineStarts[this.lineAt(offset) - 1]! + 1
  }

  peek(ahead = 0): string {
    return this.text[this.i + ahead] ?? ''
  }

  startsWith(word: string): boolean {
    return this.text.startsWith(word, this.i)
  }

  /** Skips spaces and comments (`#`, `//`, `/* *\/`); newlines too unless `inline`. */
  skip(inline = false): void {
    for (;;) {
      const c = this.peek()
      if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && !inline)) this.i++
      else if (c === '#' || this.startsWith('//')) while (this.i < this.text.length && this.peek() !== '\n') this.i++
      else if (this.startsWith('/*')) {
        const end = this.text.indexOf('*/', this.i + 2)
        this.i = end < 0 ? this.text.length : end + 2
      } else return
    }
  }

  identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i, this.i + 256))
    if (match === null) return ''
    this.i += match[0].length
    return match[0]
  }
}

class Failure extends Error {
  constructor(readonly at: HclError) {
    super(at.reason)
  }
}

const fail = (s: Scanner, reason: string): never => {
  throw new Failure({ line: s.lineAt(), column: s.columnAt(), reason })
}

/** A quoted string from its opening quote; `${...}` and `%{...}` templates are kept as written. */
function quoted(s: Scanner): { text: string; interpolated: boolean } {
  const start = s.i
  s.i++
  let text = ''
  let interpolated = false
  const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' }
  while (s.i < s.text.length) {
    const c = s.peek()
    if (c === '"') {
      s.i++
      return { text, interpolated }
    }
    if (c === '\n') break
    if (c === '\\') {
      text += escapes[s.peek(1)] ?? s.peek(1)
      s.i += 2
    } else if ((c === '$' || c === '%') && s.peek(1) === '{') {
      interpolated = true
      const open = s.i
      let depth = 0
      do {
        if (s.peek() === '{') depth++
        if (s.peek() === '}') depth--
        if (s.peek() === '"' && depth > 0) {
          quoted(s)
          continue
        }
        s.i++
      } while (depth > 0 && s.i < s.text.length)
      text += s.text.slice(open, s.i)
    } else {
      text += c
      s.i++
    }
  }
  s.i = start
  return fail(s, 'a string that does not end on its line')
}

/** `<<ID` or `<<-ID` up to the line that holds only ID; `<<-` removes the lines' common indentation. */
function heredoc(s: Scanner): HclValue {
  const start = s.i
  s.i += 2
  const indented = s.peek() === '-'
  if (indented) s.i++
  const marker = s.identifier()
  if (marker === '') fail(s, 'a heredoc needs a marker, as in <<PROPERTIES')
  const newline = s.text.indexOf('\n', s.i)
  if (newline < 0) {
    s.i = start
    fail(s, `heredoc ${marker} has no content`)
  }
  const firstLine = s.lineAt(newline + 1)
  const lines: string[] = []
  let at = newline + 1
  for (;;) {
    if (at >= s.text.length) {
      s.i = start
      fail(s, `heredoc ${marker} is not closed by a line holding only ${marker}`)
    }
    const end = s.text.indexOf('\n', at)
    const line = s.text.slice(at, end < 0 ? s.text.length : end).replace(/\r$/, '')
    at = end < 0 ? s.text.length : end + 1
    if (line.trim() === marker) break
    lines.push(line)
  }
  s.i = at
  const indent = indented ? Math.min(...lines.filter(l => l.trim() !== '').map(l => /^[ \t]*/.exec(l)![0].length)) : 0
  const text = lines.map(l => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n')
  return { kind: 'heredoc', text: lines.length === 0 ? '' : `${text}\n`, firstLine }
}

/** Source text up to the end of the expression: a newline, `,`, `]` or `}` outside brackets and strings. */
function rawExpression(s: Scanner): HclValue {
  const start = s.i
  const line = s.lineAt()
  let depth = 0
  while (s.i < s.text.length) {
    const c = s.peek()
    if (c === '"') {
      quoted(s)
      continue
    }
    if (depth === 0 && (c === '\n' || c === ',' || c === ']' || c === '}' || c === '#' || s.startsWith('//'))) break
    if (c === '(' || c === '[' || c === '{') depth++
    if (c === ')' || c === ']' || c === '}') depth--
    s.i++
  }
  return { kind: 'expression', text: s.text.slice(start, s.i).trim(), line }
}

function value(s: Scanner): HclValue {
  s.skip(true)
  const line = s.lineAt()
  if (s.startsWith('<<')) return heredoc(s)
  if (s.peek() === '"') {
    const start = s.i
    const { text, interpolated } = quoted(s)
    s.skip(true)
    // A string that goes on as an expression ("a" == var.b ? ...) is read as the expression.
    if (!['', '\n', ',', ']', '}', '#'].includes(s.peek()) && !s.startsWith('//')) {
      s.i = start
      return rawExpression(s)
    }
    return { kind: 'string', text, line, interpolated }
  }
  if (s.peek() === '[') {
    const start = s.i
    s.i++
    const items: HclValue[] = []
    for (;;) {
      s.skip()
      if (s.peek() === ']') {
        s.i++
        return { kind: 'list', items, line }
      }
      if (s.i >= s.text.length) {
        s.i = start
        return fail(s, 'a list that is not closed with ]')
      }
      items.push(value(s))
      s.skip()
      if (s.peek() === ',') s.i++
    }
  }
  return rawExpression(s)
}

function body(s: Scanner, closing: boolean): { attributes: HclAttribute[]; blocks: HclBlock[] } {
  const attributes: HclAttribute[] = []
  const blocks: HclBlock[] = []
  for (;;) {
    s.skip()
    if (s.i >= s.text.length) {
      if (closing) fail(s, 'a block that is not closed with }')
      return { attributes, blocks }
    }
    if (s.peek() === '}') {
      if (!closing) fail(s, 'a } that closes no block')
      s.i++
      return { attributes, blocks }
    }
    const line = s.lineAt()
    const name = s.identifier()
    if (name === '') fail(s, `unexpected ${JSON.stringify(s.peek())}: an attribute (name = value) or a block`)
    s.skip(true)
    if (s.peek() === '=' && s.peek(1) !== '=') {
      s.i++
      attributes.push({ name, line, value: value(s) })
      continue
    }
    const labels: string[] = []
    for (;;) {
      s.skip(true)
      if (s.peek() === '"') labels.push(quoted(s).text)
      else if (s.peek() === '{') break
      else {
        const label = s.identifier()
        if (label === '') fail(s, `${name}: expected = or a block's {`)
        labels.push(label)
      }
    }
    s.i++
    const inner = body(s, true)
    blocks.push({ type: name, labels, line, ...inner })
  }
}

/** The file as one body of attributes and blocks, or where it stops making sense. */
export function parseHcl(text: string): HclBlock | HclError {
  const s = new Scanner(text)
  try {
    return { type: '', labels: [], line: 1, ...body(s, false) }
  } catch (error) {
    if (error instanceof Failure) return error.at
    throw error
  }
}

export const isHclError = (parsed: HclBlock | HclError): parsed is HclError => 'reason' in parsed
