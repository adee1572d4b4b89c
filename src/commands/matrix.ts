// `kafkacheck matrix <scenario> --vary acks=0,1,all --vary min.insync.replicas=1,2`: every combination checked.
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { readScenario } from '../run/load.js'
import { checkMatrix, parseVariation } from '../run/matrix.js'
import { bytesOption, secondsOption, wholeNumberOption } from '../run/options.js'
import { scenarioFileFor } from '../run/scenarioSource.js'
import { matrixDocument } from '../output/matrixJson.js'
import { matrixReport } from '../output/matrixReport.js'
import { printJson, printLines } from '../output/print.js'
import { progressLine } from '../output/progress.js'
import type { CliContext } from './runner.js'

export interface MatrixArgs {
  readonly scenario: string
  /** Every `--vary`, in the order given. */
  readonly vary: readonly string[]
  readonly maxStates: string | undefined
  readonly maxDepth: string | undefined
  readonly timeLimit: string | undefined
  readonly maxMemory: string | undefined
  readonly workers: string | undefined
  /** One JSON document (src/output/matrixJson.ts) instead of the table. */
  readonly json: boolean
}

export function runMatrix(args: MatrixArgs, context: CliContext): ExitCode {
  const limits = {
    maxStates: wholeNumberOption('max-states', args.maxStates, 1),
    maxDepth: wholeNumberOption('max-depth', args.maxDepth, 0),
    timeLimitSeconds: secondsOption('time-limit', args.timeLimit),
    maxMemoryBytes: bytesOption('max-memory', args.maxMemory),
    workers: wholeNumberOption('workers', args.workers, 1),
  }
  if (args.vary.length === 0)
    throw new InputError('matrix needs at least one --vary key=value,value,... (e.g. --vary acks=0,1,all)')
  const variations = args.vary.map(parseVariation)
  const raw = readScenario(scenarioFileFor(args.scenario, context.cwd), context.cwd)
  const matrix = checkMatrix(raw, variations, limits, label => progressLine(context.stderr, label))
  if (args.json) printJson(context.stdout, matrixDocument(matrix))
  else printLines(context.stdout, matrixReport(matrix))
  return EXIT.ok
}
