// `kafkacheck render trace.itf.json`: draws a saved counterexample again (after an upgrade, or with --png).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { unreadable } from '../input/errors.js'
import { formatIssue } from '../input/index.js'
import { writeCounterexample } from '../output/counterexampleFiles.js'
import { traceFromItf } from '../report/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { checkOutputFolder } from '../output/files.js'
import { printLines } from '../output/print.js'
import type { CliContext } from './runner.js'

export interface RenderArgs {
  readonly trace: string
  readonly out: string
  readonly png: boolean
  readonly graph: boolean
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]

/** The counterexample saved in an ITF file (relative to `cwd`); anything else in it is bad input, named as such. */
function readCounterexample(file: string, cwd: string): Counterexample {
  let text: string
  try {
    text = readFileSync(resolve(cwd, file), 'utf8')
  } catch (error) {
    throw new InputError(formatIssue(unreadable(file, error)))
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${file}: not JSON: ${reason(error)}`)
  }
  try {
    return traceFromItf(json)
  } catch (error) {
    throw new InputError(`${file}: ${reason(error)}`)
  }
}

export async function runRender(args: RenderArgs, context: CliContext): Promise<ExitCode> {
  const { cwd } = context
  checkOutputFolder('out', args.out, cwd)
  const counterexample = readCounterexample(args.trace, cwd)
  const { files } = await writeCounterexample(counterexample, args.out, cwd, { png: args.png, graph: args.graph })
  printLines(context.stdout, [
    `${counterexample.property} in ${counterexample.scenario.name}: ${files.length} files written`,
    ...files.map(file => `  ${file}`),
  ])
  return EXIT.ok
}
