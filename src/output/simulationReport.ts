// The report of `kafkacheck simulate`: the run step by step, with what each step changed, then what it broke.
import type { StepReport } from '../report/index.js'
import type { SimulationRun } from '../run/simulation.js'
import { plural } from './format.js'
import { wrap } from './help.js'

const WIDTH = 120

/** Each step's sentence, then the variables it changed, old -> new, as the text trace shows them. */
export function stepLines(steps: readonly StepReport[]): string[] {
  const width = String(steps.length - 1).length
  const indent = ' '.repeat(width + 4)
  const block = (first: string, text: string) =>
    wrap(text, WIDTH - indent.length).map((line, i) => (i === 0 ? first : indent) + line)
  return steps.flatMap(step => [
    ...block(`  ${String(step.index).padStart(width)}. `, step.text),
    ...step.changes.flatMap(change => block(indent, `${change.path}: ${change.shown}`)),
  ])
}

export function simulationSummary(run: SimulationRun): string[] {
  const taken = run.trace.length - 1
  const ending = run.quiescent
    ? `Ended after ${plural(taken, 'step')}: no action is enabled.`
    : `Stopped after ${plural(taken, 'step')} (--steps ${run.maxSteps}).`
  const { violated, unreached } = run
  return [
    ending,
    violated.length === 0 ? 'No property was violated along this run.' : `Violated along this run:`,
    ...violated.map(b => `  ${b.property} (${b.kind}) at step ${b.step}`),
    ...(unreached.length === 0 ? [] : [`Never reached on this run (sometimes): ${unreached.join(', ')}`]),
  ]
}
