// The command line around the argument table in src/cli.ts: help with examples, strict checking of commands and
// options (citty itself ignores an unknown option, which would silently check something else than asked), the one
// line and exit code 2 for bad input, and exit code 3 with one line for anything unexpected. Everything a run reads
// and writes goes through its CliContext, so the same command line runs as the binary or in-process.
import { parseArgs, type ArgDef, type ArgsDef, type CommandDef, type CommandMeta, type ParsedArgs } from 'citty'
import { closestName } from '../../spec/index.js'
import { commandHelp, programHelp } from '../output/help.js'
import type { TextOutput } from '../output/print.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'

/** What one run of the command line works in: the folder relative paths start from, and where its text goes. */
export interface CliContext {
  readonly cwd: string
  readonly stdout: TextOutput
  readonly stderr: TextOutput
  /** Print the stack trace of an internal error (KAFKACHECK_DEBUG=1). */
  readonly debug: boolean
}

/** A command as written in the table: citty's description and arguments, and a `run` that gets them parsed. */
export interface CommandDefinition<T extends ArgsDef> {
  readonly meta: CommandMeta
  readonly args: T
  /** The last positional argument may be given any number of times (`ci --merge FILE...`); `run` checks when. */
  readonly repeatsLastPositional?: boolean
  readonly run: (
    parsed: { readonly args: ParsedArgs<T>; readonly rawArgs: readonly string[] },
    context: CliContext,
  ) => ExitCode | Promise<ExitCode>
}

/** Types a command's `run` from its argument table, as citty's own defineCommand does. */
export const defineCommand = <const T extends ArgsDef>(definition: CommandDefinition<T>): CommandDefinition<T> =>
  definition

/** A command of the table: its citty definition (for checking and `--help`), how it runs, and examples. */
export interface CliCommand {
  readonly definition: CommandDef<ArgsDef>
  readonly repeatsLastPositional: boolean
  readonly run: (rawArgs: readonly string[], context: CliContext) => Promise<ExitCode>
  readonly examples: readonly string[]
}

/** A table entry; the one place a command's precise argument types are forgotten, once its `run` is typed. */
export const cliCommand = <T extends ArgsDef>(
  definition: CommandDefinition<T>,
  examples: readonly string[],
): CliCommand => ({
  definition: { meta: definition.meta, args: definition.args },
  repeatsLastPositional: definition.repeatsLastPositional ?? false,
  run: async (rawArgs, context) =>
    definition.run({ args: parseArgs<T>([...rawArgs], definition.args), rawArgs }, context),
  examples,
})

export interface Cli {
  readonly name: string
  readonly version: string
  readonly description: string
  readonly commands: Readonly<Record<string, CliCommand>>
  readonly examples: readonly string[]
}

const HELP = ['--help', '-h']
const VERSION = ['--version', '-v']

const stripColors = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '')

const argsOf = (command: CommandDef): ArgsDef => command.args as ArgsDef

/**
 * Checks the arguments against the command's table before citty parses them: an unknown option, a missing value,
 * a missing or extra positional argument is bad input, reported with what is allowed.
 */
function checkArguments(
  commandName: string,
  command: CommandDef,
  rawArgs: readonly string[],
  repeatsLastPositional: boolean,
): void {
  const table = Object.entries(argsOf(command))
  const options = new Map<string, [string, ArgDef]>()
  for (const [name, def] of table) {
    if (def.type === 'positional') continue
    options.set(`--${name}`, [name, def])
    for (const alias of [('alias' in def ? def.alias : undefined) ?? []].flat())
      options.set(`${alias.length === 1 ? '-' : '--'}${alias}`, [name, def])
  }
  const known = [...options.keys()].filter(option => option.startsWith('--'))
  const positionals = table.filter(([, def]) => def.type === 'positional')
  let given = 0
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!
    if (token === '--') {
      given += rawArgs.length - i - 1
      break
    }
    if (!token.startsWith('-') || token === '-') {
      given++
      if (given > positionals.length && !(repeatsLastPositional && positionals.length > 0)) {
        const takes = positionals.map(([name]) => name.toUpperCase()).join(' ')
        throw new InputError(
          `${commandName}: unexpected argument '${token}'${takes === '' ? '' : ` (it takes ${takes} once)`}`,
        )
      }
      continue
    }
    const [flag, inline] = token.includes('=')
      ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
      : [token, undefined]
    const negated = flag.startsWith('--no-') ? options.get(`--${flag.slice(5)}`) : undefined
    const option = options.get(flag) ?? (negated?.[1].type === 'boolean' ? negated : undefined)
    if (option === undefined) {
      const closest = closestName(flag, known)
      throw new InputError(
        `${commandName}: unknown option ${flag}${closest === null ? '' : ` (did you mean ${closest}?)`}; ` +
          `options: ${known.join(', ')}`,
      )
    }
    const [name, def] = option
    if (def.type === 'boolean') {
      if (inline !== undefined) throw new InputError(`${commandName}: --${name} takes no value (given ${token})`)
      continue
    }
    if (inline !== undefined && inline !== '') continue
    const next = rawArgs[i + 1]
    if (inline !== undefined || next === undefined || next.startsWith('--'))
      throw new InputError(`${commandName}: --${name} needs a value: ${def.valueHint ?? 'a value'}`)
    i++
  }
  const missing = positionals.slice(given).find(([, def]) => def.required !== false && def.default === undefined)
  if (missing !== undefined)
    throw new InputError(`${commandName}: missing ${missing[0].toUpperCase()}: ${missing[1].description ?? ''}`)
}

async function dispatch(cli: Cli, argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const [first, ...rest] = argv
  if (first === undefined || HELP.includes(first)) {
    const commands = Object.entries(cli.commands).map(([name, c]) => [name, c.definition] as const)
    context.stdout.write(programHelp(cli.name, cli.version, cli.description, commands, cli.examples))
    return EXIT.ok
  }
  if (VERSION.includes(first)) {
    context.stdout.write(`${cli.version}\n`)
    return EXIT.ok
  }
  const names = Object.keys(cli.commands)
  const command = Object.hasOwn(cli.commands, first) ? cli.commands[first] : undefined
  if (command === undefined) {
    const closest = closestName(first, names)
    const what = first.startsWith('-') ? `option ${first} before a command` : `command '${first}'`
    throw new InputError(
      `unknown ${what}${closest === null ? '' : ` (did you mean ${closest}?)`}; commands: ${names.join(', ')} ` +
        `(${cli.name} --help explains them)`,
    )
  }
  const beforeSeparator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest
  if (beforeSeparator.some(arg => HELP.includes(arg))) {
    context.stdout.write(commandHelp(cli.name, command.definition, command.examples))
    return EXIT.ok
  }
  checkArguments(first, command.definition, rest, command.repeatsLastPositional)
  return command.run(rest, context)
}

/** The context of the kafkacheck process itself: its working folder, its streams, KAFKACHECK_DEBUG. */
export const processContext = (): CliContext => ({
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  debug: process.env.KAFKACHECK_DEBUG === '1',
})

/** A reader that stops early (`kafkacheck ci | head`) is not an error: exit as if it had read everything. */
export function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', error => {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok)
    throw error
  })
}

/** Runs the command line; never throws, never exits, and prints a stack trace only when `context.debug`. */
export async function runCli(cli: Cli, argv: readonly string[], context: CliContext): Promise<ExitCode> {
  try {
    return await dispatch(cli, argv, context)
  } catch (error) {
    if (error instanceof InputError || (error instanceof Error && error.name === 'CLIError')) {
      for (const line of stripColors(error.message).split('\n')) context.stderr.write(`${cli.name}: ${line}\n`)
      return EXIT.badInput
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    context.stderr.write(`${cli.name}: internal error: ${message}\n`)
    if (context.debug && error instanceof Error) context.stderr.write(`${error.stack}\n`)
    return EXIT.internal
  }
}

/** What a run printed, and how it ended. */
export interface Completed {
  readonly code: ExitCode
  readonly stdout: string
  readonly stderr: string
}

/** Runs the command line in this process, in the folder `cwd`, collecting its output as text (not a terminal). */
export async function runCliCollecting(cli: Cli, argv: readonly string[], cwd: string): Promise<Completed> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(cli, argv, {
    cwd,
    stdout: { write: text => (stdout += text) },
    stderr: { write: text => (stderr += text) },
    debug: false,
  })
  return { code, stdout, stderr }
}
