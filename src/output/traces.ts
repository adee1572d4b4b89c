// The counterexamples of a run as text, step by step, after the verdicts (left out with `--quiet`).
import { textTrace } from '../report/index.js'
import type { ScenarioRun } from '../run/checkScenario.js'

export const counterexampleTexts = (run: ScenarioRun): string[] =>
  run.properties.flatMap(({ counterexample }) =>
    counterexample === undefined ? [] : ['', textTrace(counterexample).trimEnd()],
  )
