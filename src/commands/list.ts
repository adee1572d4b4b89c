// `kafkacheck list`: the built-in scenarios, one line each, so that `kafkacheck check <name>` has names to use.
import { formatIssue, readScenarioFile } from '../input/index.js'
import { EXIT, type ExitCode } from '../run/exit.js'
import { builtInScenarioFiles, scenarioName } from '../run/scenarioSource.js'
import { printLines } from '../output/print.js'
import { textTable } from '../output/table.js'
import type { CliContext } from './runner.js'

export function runList(context: CliContext): ExitCode {
  const rows = builtInScenarioFiles(context.cwd).map(file => {
    const raw = readScenarioFile(file, context.cwd)
    return [scenarioName(file), 'kind' in raw ? `(does not load: ${formatIssue(raw)})` : raw.description]
  })
  printLines(context.stdout, textTable(rows))
  return EXIT.ok
}
