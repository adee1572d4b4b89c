// `kafkacheck simulate <scenario> --seed N --steps K`: one reproducible random run, printed step by step.
import { randomInt } from 'node:crypto'
import { formatIssue } from '../input/index.js'
import { describeSteps } from '../report/index.js'
import { prepareScenario } from '../run/checkScenario.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { loadScenario } from '../run/load.js'
import { seedOption, wholeNumberOption } from '../run/options.js'
import { scenarioFileFor } from '../run/scenarioSource.js'
import { simulateScenario } from '../run/simulation.js'
import { printLines } from '../output/print.js'
import { simulationSummary, stepLines } from '../output/simulationReport.js'
import type { CliContext } from './runner.js'

export interface SimulateArgs {
  readonly scenario: string
  readonly seed: string | undefined
  readonly steps: string | undefined
}

export function runSimulate(args: SimulateArgs, context: CliContext): ExitCode {
  // Without --seed a fresh one is drawn and printed, so that any run can be repeated.
  const seed = args.seed === undefined ? randomInt(2 ** 31) : seedOption('seed', args.seed)
  const maxSteps = wholeNumberOption('steps', args.steps, 0)
  const prepared = prepareScenario(loadScenario(scenarioFileFor(args.scenario, context.cwd), context.cwd))
  if (prepared.status === 'rejected') throw new InputError(formatIssue(prepared.loaded.issue))
  const { scenario } = prepared.loaded
  const steps = maxSteps ?? scenario.bound.depth
  const run = simulateScenario(prepared, seed, steps)
  // describeSteps reads a counterexample; a run that broke nothing is described the same way, under no property.
  const first = run.violated[0]
  const reports = describeSteps({
    scenario,
    params: prepared.params,
    property: first?.property ?? '',
    kind: first?.kind ?? 'invariant',
    trace: run.trace,
  })
  printLines(context.stdout, [
    `Simulation of ${scenario.name}, seed ${seed}, at most ${steps} steps ` +
      `(kafkacheck simulate ${args.scenario} --seed ${seed} --steps ${steps} repeats it)`,
    '',
    ...stepLines(reports),
    '',
    ...simulationSummary(run),
  ])
  return first === undefined ? EXIT.ok : EXIT.failed
}
