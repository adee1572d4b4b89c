// The public surface of reports: a counterexample in words and as data, for people and for tools.
export { describeSteps, type StepReport } from './steps.js'
export { textTrace } from './text.js'
export { explainViolation } from './explain.js'
export { itfTrace, traceFromItf } from './itf.js'
export { connectionProblems, explainUnreached } from './wordsSecurity.js'
