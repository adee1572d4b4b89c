import { afterEach, describe, expect, it, vi } from 'vitest'
import { InputError } from '../../../src/run/exit.js'
import { cliCommand, defineCommand, processContext, runCli, type Cli } from '../../../src/commands/runner.js'

/** Runs the toy command line with the process's KAFKACHECK_DEBUG, collecting everything written to each stream. */
async function captured(argv: readonly string[]): Promise<{ result: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const result = await runCli(cli, argv, {
    ...processContext(),
    stdout: { write: text => (stdout += text) },
    stderr: { write: text => (stderr += text) },
  })
  return { result, stdout, stderr }
}

afterEach(() => {
  vi.unstubAllEnvs()
})

const greet = defineCommand({
  meta: { name: 'greet', description: 'Say hello. Then stop.' },
  args: {
    name: { type: 'positional', required: true, description: 'who to greet', valueHint: 'NAME' },
    times: { type: 'string', description: 'how often', valueHint: 'N' },
    loud: { type: 'boolean', description: 'shout' },
  },
  run: ({ args }, context) => {
    if (args.name === 'bug') throw new Error('the greeting broke\nsecond line')
    if (args.name === 'nobody') throw new InputError('greet.yaml:3: name=nobody is not allowed; allowed: somebody')
    context.stdout.write(`hello ${args.name}${args.loud ? '!' : ''} x${args.times ?? '1'}\n`)
    return 0
  },
})

const cli: Cli = {
  name: 'toy',
  version: '1.2.3',
  description: 'a toy command line',
  commands: { greet: cliCommand(greet, ['toy greet world --loud']) },
  examples: ['toy greet world'],
}

describe('runCli', () => {
  it('runs a command with its options and returns its exit code', async () => {
    const { result, stdout } = await captured(['greet', 'world', '--loud', '--times', '2'])
    expect(stdout).toBe('hello world! x2\n')
    expect(result).toBe(0)
  })

  it.each([
    [['gret'], "toy: unknown command 'gret' (did you mean greet?); commands: greet (toy --help explains them)"],
    [['greet', 'world', '--lod'], 'toy: greet: unknown option --lod (did you mean --loud?); options: --times, --loud'],
    [['greet', 'world', '--times'], 'toy: greet: --times needs a value: N'],
    [['greet', 'world', '--loud=yes'], 'toy: greet: --loud takes no value (given --loud=yes)'],
    [['greet'], 'toy: greet: missing NAME: who to greet'],
    [['greet', 'a', 'b'], "toy: greet: unexpected argument 'b' (it takes NAME once)"],
    [['greet', 'nobody'], 'toy: greet.yaml:3: name=nobody is not allowed; allowed: somebody'],
  ])('answers bad input %j with one line and exit code 2', async (argv, line) => {
    const { result, stdout, stderr } = await captured(argv)
    expect(stderr).toBe(`${line}\n`)
    expect(stdout).toBe('')
    expect(result).toBe(2)
  })

  it('reports an unexpected error as one line and exit code 3, with the stack only under KAFKACHECK_DEBUG=1', async () => {
    const quiet = await captured(['greet', 'bug'])
    expect(quiet.stderr).toBe('toy: internal error: the greeting broke\n')
    expect(quiet.result).toBe(3)
    vi.stubEnv('KAFKACHECK_DEBUG', '1')
    const debug = await captured(['greet', 'bug'])
    expect(debug.stderr).toMatch(
      /^toy: internal error: the greeting broke\nError: the greeting broke\nsecond line\n {4}at /,
    )
    expect(debug.result).toBe(3)
  })

  it('explains the program and each command with examples under --help', async () => {
    const program = await captured(['--help'])
    expect(program.stdout).toContain('toy 1.2.3: a toy command line')
    expect(program.stdout).toMatch(/Commands:\n {2}greet +Say hello\.\n/)
    expect(program.stdout).toContain('Examples:\n  toy greet world\n')
    const command = await captured(['greet', '--help'])
    expect(command.stdout).toContain('Usage: toy greet [options] NAME')
    expect(command.stdout).toMatch(/ {2}--times N +how often\n {2}--loud +shout\n/)
    expect(command.stdout).toContain('Examples:\n  toy greet world --loud\n')
    expect(command.result).toBe(0)
    const version = await captured(['--version'])
    expect(version.stdout).toBe('1.2.3\n')
  })
})
