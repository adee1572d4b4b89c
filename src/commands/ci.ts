// `kafkacheck ci [folder]`: every scenario with an `expect` block is a regression test. All of them are loaded and
// validated before any is checked, so bad input ends the run before it costs minutes or writes a report.
import { BUILT_IN_SCENARIOS_DIR } from '../../spec/index.js'
import { prepareScenario, runScenario, type PreparedScenario } from '../run/checkScenario.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { expectationsOf, loadScenario, nameOf } from '../run/load.js'
import { scenarioFilesIn, scenarioName } from '../run/scenarioSource.js'
import { ciCounts, ciSummary, ciTable } from '../output/ciReport.js'
import { checkWritableFile, writeFileAtomically } from '../output/files.js'
import { ciScenarioDocument, type CiDocument } from '../output/json.js'
import { junitXml } from '../output/junit.js'
import { printJson, printLines } from '../output/print.js'
import { progressLine } from '../output/progress.js'
import type { CliContext } from './runner.js'

export interface CiArgs {
  readonly folder: string | undefined
  readonly junit: string | undefined
  readonly json: boolean
}

/** Loads every scenario file; all the problems at once, one line each, rather than one per run. */
function prepareAll(files: readonly string[], cwd: string): { prepared: PreparedScenario[]; skipped: string[] } {
  const prepared: PreparedScenario[] = []
  const skipped: string[] = []
  const problems: string[] = []
  for (const file of files) {
    try {
      const loaded = loadScenario(file, cwd)
      if (Object.keys(expectationsOf(loaded)).length === 0) skipped.push(file)
      else prepared.push(prepareScenario(loaded))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems.push(error.message)
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'))
  return { prepared, skipped }
}

export async function runCi(args: CiArgs, context: CliContext): Promise<ExitCode> {
  const { cwd, stdout, stderr } = context
  const folder = args.folder ?? BUILT_IN_SCENARIOS_DIR
  if (args.junit !== undefined) checkWritableFile('junit', args.junit, cwd)
  const { prepared, skipped } = prepareAll(scenarioFilesIn(folder, cwd), cwd)
  if (prepared.length === 0) throw new InputError(`no scenario in ${folder} has an expect block; nothing to check`)

  const runs = prepared.map(scenario => {
    const progress = progressLine(stderr, `checking ${nameOf(scenario.loaded)}`)
    const run = runScenario(scenario, {}, progress.update)
    progress.done()
    return run
  })
  const scenarios = runs.map(ciScenarioDocument)
  const counts = ciCounts(scenarios)
  const differing = counts.differences.length
  if (args.junit !== undefined) writeFileAtomically(args.junit, junitXml(scenarios), cwd)

  if (args.json) {
    const document: CiDocument = {
      command: 'ci',
      folder,
      ok: differing === 0,
      differences: differing,
      scenarios,
      skipped: skipped.map(file => ({ scenario: scenarioName(file), source: file })),
    }
    printJson(stdout, document)
  } else printLines(stdout, [...ciTable(scenarios), '', ...ciSummary(counts, skipped.map(scenarioName))])
  return differing === 0 ? EXIT.ok : EXIT.failed
}
