// `kafkacheck init [scenario.yaml] --producer FILE --broker FILE ...`: drafts a scenario from the files a team already
// has. The file is checked to load before it replaces anything, and an existing file is only replaced with --force.
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { ScenarioFlags } from '../input/index.js'
import { initScenarioText } from '../output/initScenario.js'
import { printLines } from '../output/print.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { draftScenario } from '../run/init.js'
import { loadScenario } from '../run/load.js'
import type { CliContext } from './runner.js'

export interface InitArgs {
  /** The scenario file to write. */
  readonly scenario: string
  readonly files: ScenarioFlags
  readonly force: boolean
}

export function runInit(args: InitArgs, context: CliContext): ExitCode {
  const { cwd } = context
  const target = resolve(cwd, args.scenario)
  if (!/\.ya?ml$/.test(args.scenario))
    throw new InputError(`init ${args.scenario}: a scenario file ends in .yaml or .yml`)
  if (!(statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory() ?? false))
    throw new InputError(`init ${args.scenario}: the folder ${dirname(args.scenario)} does not exist`)
  if (existsSync(target) && !args.force)
    throw new InputError(`init ${args.scenario}: the file exists; give another name, or --force to replace it`)
  const { producer, consumer, broker, topic, spring } = args.files
  if (![producer, consumer, broker, topic, spring].some(f => f !== undefined))
    throw new InputError(
      'init needs the files to start from: --spring, --producer, --consumer, --broker and/or --topic',
    )
  const draft = draftScenario(args.files, cwd)
  const text = initScenarioText(draft, args.scenario, cwd)
  // Written beside the target (its file references are relative to its folder) and read back before it replaces it.
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp.yaml`)
  try {
    writeFileSync(temporary, text)
    loadScenario(temporary, cwd)
    renameSync(temporary, target)
  } finally {
    rmSync(temporary, { force: true })
  }
  const active = [...draft.given, ...draft.advice.filter(a => a.active).map(a => [a.fault, String(a.budget)] as const)]
  const commented = draft.advice.filter(a => !a.active).length
  printLines(context.stdout, [
    `Wrote ${args.scenario}: faults ${active.length === 0 ? 'none' : active.map(([f, n]) => `${f}=${n}`).join(', ')}` +
      `${commented === 0 ? '' : ` (${commented} more as comments)`}, ${draft.properties.length} properties to expect.`,
    `Check it: kafkacheck check ${args.scenario}`,
  ])
  return EXIT.ok
}
