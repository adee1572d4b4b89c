// `kafkacheck init [scenario.yaml] --producer FILE --broker FILE ...`: drafts a scenario from the files a team already
// has. The file is checked to load before it replaces anything, and an existing file is only replaced with --force.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ScenarioFlags } from '../input/index.js'
import { checkWritableFile, writeFileAtomically } from '../output/files.js'
import { initScenarioText } from '../output/initScenario.js'
import { printLines } from '../output/print.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { draftScenario } from '../run/init.js'
import { givesFiles, loadScenario, refuseClashes } from '../run/load.js'
import type { CliContext } from './runner.js'

export interface InitArgs {
  /** The scenario file to write. */
  readonly scenario: string
  readonly files: ScenarioFlags
  readonly force: boolean
}

export function runInit(args: InitArgs, context: CliContext): ExitCode {
  const { cwd } = context
  if (!/\.ya?ml$/.test(args.scenario))
    throw new InputError(`init ${args.scenario}: a scenario file ends in .yaml or .yml`)
  checkWritableFile('init', args.scenario, cwd)
  if (existsSync(resolve(cwd, args.scenario)) && !args.force)
    throw new InputError(`init ${args.scenario}: the file exists; give another name, or --force to replace it`)
  refuseClashes(args.files)
  if (!givesFiles(args.files))
    throw new InputError(
      'init needs the files to start from: --spring, --producer, --consumer, --broker and/or --topic',
    )
  const draft = draftScenario(args.files, cwd)
  // Read back before it replaces anything: its file references are relative to its folder, as the temporary's are.
  writeFileAtomically(args.scenario, initScenarioText(draft, args.scenario, cwd), cwd, temporary =>
    loadScenario(temporary, cwd),
  )
  const active = [...draft.given, ...draft.advice.filter(a => a.active).map(a => [a.fault, String(a.budget)] as const)]
  const commented = draft.advice.filter(a => !a.active).length
  printLines(context.stdout, [
    `Wrote ${args.scenario}: faults ${active.length === 0 ? 'none' : active.map(([f, n]) => `${f}=${n}`).join(', ')}` +
      `${commented === 0 ? '' : ` (${commented} more as comments)`}, ${draft.properties.length} properties to expect.`,
    `Check it: kafkacheck check ${args.scenario}`,
  ])
  return EXIT.ok
}
