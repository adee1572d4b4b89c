// `kafkacheck --help` and `kafkacheck <command> --help`, rendered from the argument table in src/cli.ts: what the
// command does, its arguments and options each with a sentence, and examples to copy. Plain text, wrapped to fit.
import type { ArgDef, ArgsDef, CommandDef } from 'citty'

const WIDTH = 100

/** Words of `text` in lines of at most `width` characters, every line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(w => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (candidate.length > width && line !== '') {
      lines.push(line)
      line = word
    } else line = candidate
  }
  if (line !== '') lines.push(line)
  return lines.map((l, i) => (i === 0 ? l : indent + l))
}

/** Two columns: a term, and its description wrapped beside it. */
function definitionList(entries: readonly (readonly [string, string])[]): string[] {
  const termWidth = Math.min(30, Math.max(...entries.map(([term]) => term.length)) + 2)
  return entries.flatMap(([term, description]) => {
    const padding = ' '.repeat(termWidth + 2)
    const text = wrap(description, WIDTH - termWidth - 2, padding)
    if (term.length + 2 > termWidth) return [`  ${term}`, ...text.map((l, i) => (i === 0 ? padding + l : l))]
    return text.map((l, i) => (i === 0 ? `  ${term.padEnd(termWidth)}${l}` : l))
  })
}

const metaOf = (command: CommandDef) => command.meta as { name?: string; description?: string }

const hint = (def: ArgDef) => ('valueHint' in def && def.valueHint !== undefined ? def.valueHint : 'VALUE')

function optionTerm(name: string, def: ArgDef): string {
  const aliases =
    'alias' in def && def.alias !== undefined
      ? [def.alias]
          .flat()
          .map(a => `-${a}, `)
          .join('')
      : ''
  return `${aliases}--${name}${def.type === 'boolean' ? '' : ` ${hint(def)}`}`
}

const withDefault = (def: ArgDef) =>
  `${def.description ?? ''}${def.default === undefined ? '' : ` (default: ${String(def.default)})`}`

export function commandHelp(program: string, command: CommandDef, examples: readonly string[]): string {
  const { name = '', description = '' } = metaOf(command)
  const args = Object.entries(command.args as ArgsDef)
  const positionals = args.filter(([, def]) => def.type === 'positional')
  const options = args.filter(([, def]) => def.type !== 'positional')
  const usage = [
    `${program} ${name}`,
    ...(options.length > 0 ? ['[options]'] : []),
    ...positionals.map(([n, def]) => (def.required === false ? `[${n.toUpperCase()}]` : n.toUpperCase())),
  ].join(' ')
  return [
    ...wrap(description, WIDTH),
    '',
    `Usage: ${usage}`,
    ...(positionals.length === 0
      ? []
      : ['', 'Arguments:', ...definitionList(positionals.map(([n, def]) => [n.toUpperCase(), withDefault(def)]))]),
    ...(options.length === 0
      ? []
      : ['', 'Options:', ...definitionList(options.map(([n, def]) => [optionTerm(n, def), withDefault(def)]))]),
    ...(examples.length === 0 ? [] : ['', 'Examples:', ...examples.map(example => `  ${example}`)]),
    '',
  ].join('\n')
}

/** The first sentence of a description, for the list of commands. */
const summary = (description: string) => /^.*?\.(?=\s|$)/.exec(description)?.[0] ?? description

export function programHelp(
  program: string,
  version: string,
  description: string,
  commands: readonly (readonly [string, CommandDef])[],
  examples: readonly string[],
): string {
  return [
    `${program} ${version}: ${description}`,
    '',
    `Usage: ${program} <command> [options]`,
    '',
    'Commands:',
    ...definitionList(commands.map(([name, command]) => [name, summary(metaOf(command).description ?? '')])),
    '',
    `${program} <command> --help explains a command and its options.`,
    '',
    'Examples:',
    ...examples.map(example => `  ${example}`),
    '',
  ].join('\n')
}
