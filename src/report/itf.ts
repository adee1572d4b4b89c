// Counterexamples in the Informal Trace Format (ITF, Apalache ADR-015), which Quint and Apalache read and write, so
// that a trace can travel to other tools and come back to be rendered again. Each state holds the spec's variables
// plus, as Quint does for model-based testing, the action that produced it (`mbt::actionTaken`) and the action's
// parameters (`mbt::nondetPicks`, each wrapped in an Option variant). `#meta.kafkacheck` holds what re-rendering
// needs: the scenario, the model parameters and the violated property.
//
// Reading one back trusts nothing in the file: the parameters must be ones the model runs with, every state must be
// a ValidState under their bounds, and the trace is replayed through the model, so that each action is one the model
// enables in the state before it and each state the one it leads to. What comes back is the model's own trace.

import { DEADLOCK, type Model, type Step, type Trace } from '../../checker/index.js'
import {
  actionLabel,
  ACTION_TYPES,
  kafkaModel,
  StateSchema,
  validState,
  type Action,
  type Params,
  type State,
} from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { diffStates, sameValue, type PathKey } from './diff.js'
import { explainViolation } from './explain.js'
import { assertParams, assertScenario } from './itfMeta.js'

const ACTION_TAKEN = 'mbt::actionTaken'
const NONDET_PICKS = 'mbt::nondetPicks'
const INIT = 'init'
const KINDS = ['invariant', 'step', 'quiescence', 'deadlock'] as const

/** Plain data as an ITF value: integers become `{"#bigint": "…"}`, arrays lists, objects records. */
function toItf(value: unknown, where: string): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? { '#bigint': String(value) } : value
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map((element, i) => toItf(element, `${where}[${i}]`))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, toItf(field, `${where}.${key}`)]))
  throw new Error(`cannot write ${where} as ITF: ${String(value)} is not plain data`)
}

/** The counterexample as an ITF document (a JSON value). */
export function itfTrace(c: Counterexample): unknown {
  const vars = Object.keys(c.trace[0]!.state)
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'Informal Trace Format, Apalache ADR-015',
      source: c.scenario.name,
      description: explainViolation(c),
      kafkacheck: { scenario: c.scenario, params: c.params, property: c.property, kind: c.kind },
    },
    vars: [...vars, ACTION_TAKEN, NONDET_PICKS],
    states: c.trace.map(({ action, state }, index) => {
      const variables: Record<string, unknown> = { '#meta': { index } }
      for (const [name, value] of Object.entries(state)) variables[name] = toItf(value, name)
      const { type, ...picks } = action ?? { type: INIT }
      variables[ACTION_TAKEN] = type
      variables[NONDET_PICKS] = Object.fromEntries(
        Object.entries(picks).map(([name, pick]) => [name, { tag: 'Some', value: toItf(pick, `${type}.${name}`) }]),
      )
      return variables
    }),
  }
}

const fail = (what: string): never => {
  throw new Error(`not a kafkacheck ITF trace: ${what}`)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** An ITF value back as plain data. */
function fromItf(value: unknown, where: string): unknown {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map((element, i) => fromItf(element, `${where}[${i}]`))
  if (!isRecord(value)) return fail(`${where} is ${String(value)}`)
  if ('#bigint' in value) {
    const n = Number(value['#bigint'])
    return Number.isSafeInteger(n)
      ? n
      : fail(`${where} is not an integer kafkacheck can hold: ${String(value['#bigint'])}`)
  }
  if ('#tup' in value || '#set' in value) return fromItf(value['#tup'] ?? value['#set'], where)
  const special = Object.keys(value).find(key => key.startsWith('#'))
  if (special !== undefined) return fail(`${where} is an ITF ${special}, which no kafkacheck state holds`)
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, fromItf(field, `${where}.${key}`)]))
}

/** The action a state names, as the plain record it was written from: its type and its parameters. */
function writtenAction(state: Record<string, unknown>, index: number): Readonly<Record<string, unknown>> {
  const type = state[ACTION_TAKEN]
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type))
    return fail(`state ${index} has no known ${ACTION_TAKEN} (${String(type)})`)
  const picks = state[NONDET_PICKS] ?? {}
  if (!isRecord(picks)) return fail(`state ${index}'s ${NONDET_PICKS} is not a record`)
  const fields = Object.entries(picks).map(([name, pick]) => {
    const value = isRecord(pick) && pick['tag'] === 'Some' ? pick['value'] : pick
    return [name, fromItf(value, `state ${index} ${NONDET_PICKS}.${name}`)]
  })
  return { type, ...Object.fromEntries(fields) }
}

/** `partitions[0].replicas[1].log`, as ValidState names a place in the state. */
const pathText = (path: readonly PathKey[]): string =>
  path.map((key, at) => (typeof key === 'number' ? `[${key}]` : at === 0 ? key : `.${key}`)).join('')

/** Fails with `what` and the first place where the written state differs from the model's. */
function expectSame(model: State, written: unknown, what: string): void {
  const difference = diffStates(model, written, StateSchema)[0]
  if (difference !== undefined)
    fail(
      `${what}: ${pathText(difference.path)} is ${show(difference.after)} in the file, ` +
        `${show(difference.before)} in the model`,
    )
}

/** The first step: the model's initial state, which the file's must be. */
function initialStep(
  model: Model<State, Action>,
  written: unknown,
  state: Record<string, unknown>,
): Step<State, Action> {
  const taken = state[ACTION_TAKEN]
  if (taken !== INIT && taken !== undefined) fail(`state 0 has action ${String(taken)}`)
  const initial = model.init().find(s => sameValue(s, written)) ?? model.init()[0]!
  expectSame(initial, written, 'state 0 is not the initial state of these parameters')
  return { action: undefined, state: initial }
}

/** The step to state `index`: an action the model enables after the step before, and the state it leads to. */
function nextStep(
  model: Model<State, Action>,
  previous: Step<State, Action>,
  written: unknown,
  state: Record<string, unknown>,
  index: number,
): Step<State, Action> {
  const taken = writtenAction(state, index)
  const action =
    [...model.actions(previous.state)].find(enabled => sameValue(enabled, taken)) ??
    fail(`state ${index}'s action ${JSON.stringify(taken)} is not one the model enables after state ${index - 1}`)
  const next = model.next(previous.state, action)
  expectSame(next, written, `state ${index} is not where ${actionLabel(action)} leads from state ${index - 1}`)
  return { action, state: next }
}

/** The file's states replayed through the model: each a ValidState, each reached by the action it names. */
function replay(
  params: Params,
  model: Model<State, Action>,
  states: readonly unknown[],
  variables: readonly string[],
): Trace<State, Action> {
  const valid = validState(params)
  const trace: Step<State, Action>[] = []
  states.forEach((state, index) => {
    if (!isRecord(state)) return fail(`state ${index} is not an object`)
    const missing = variables.find(name => !(name in state))
    if (missing !== undefined) return fail(`state ${index} lacks the variable ${missing}`)
    const written = Object.fromEntries(variables.map(name => [name, fromItf(state[name], `state ${index} ${name}`)]))
    const issue = valid(written)[0]
    if (issue !== undefined) return fail(`state ${index} is not a state of these parameters: ${issue}`)
    const previous = trace[index - 1]
    trace.push(
      previous === undefined ? initialStep(model, written, state) : nextStep(model, previous, written, state, index),
    )
  })
  return trace
}

/** The properties a counterexample of `kind` can violate in `model`. */
function propertiesOf(model: Model<State, Action>, kind: Counterexample['kind']): readonly string[] {
  switch (kind) {
    case 'invariant':
      return Object.keys(model.invariants)
    case 'step':
      return Object.keys(model.stepInvariants ?? {})
    case 'quiescence':
      return Object.keys(model.atQuiescence ?? {})
    case 'deadlock':
      return [DEADLOCK]
  }
}

/** Reads a counterexample back from `itfTrace`'s output; throws a one-line Error naming what is wrong. */
export function traceFromItf(json: unknown): Counterexample {
  if (!isRecord(json)) return fail('the document is not a JSON object')
  const meta = json['#meta']
  const origin = isRecord(meta) ? meta['kafkacheck'] : undefined
  if (!isRecord(origin)) return fail('#meta.kafkacheck (scenario, params, property) is missing')
  const { scenario, params, property, kind } = origin
  assertScenario(scenario, fail)
  assertParams(params, fail)
  const knownKind =
    KINDS.find(k => k === kind) ?? fail(`#meta.kafkacheck.kind is ${String(kind)}, not one of ${KINDS.join(', ')}`)
  const model = kafkaModel(params)
  const properties = propertiesOf(model, knownKind)
  if (typeof property !== 'string' || !properties.includes(property))
    return fail(
      `#meta.kafkacheck.property is ${show(property)}, not one of this model's ${knownKind} properties: ` +
        `${properties.join(', ') || 'none'}`,
    )
  const { vars, states } = json
  if (!Array.isArray(vars) || !vars.every(v => typeof v === 'string')) return fail('vars is not a list of names')
  if (!Array.isArray(states) || states.length === 0) return fail('states is missing or empty')
  const variables = vars.filter(name => !name.startsWith('mbt::'))
  return { scenario, params, property, kind: knownKind, trace: replay(params, model, states, variables) }
}
