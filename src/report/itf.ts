// Counterexamples in the Informal Trace Format (ITF, Apalache ADR-015), which Quint and Apalache read and write, so
// that a trace can travel to other tools and come back to be rendered again. Each state holds the spec's variables
// plus, as Quint does for model-based testing, the action that produced it (`mbt::actionTaken`) and the action's
// parameters (`mbt::nondetPicks`, each wrapped in an Option variant). `#meta.kafkacheck` holds what re-rendering
// needs: the scenario, the model parameters and the violated property.

import { ACTION_TYPES, type Action, type Scenario, type State, type Params } from '../../spec/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { explainViolation } from './explain.js'

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
      for (const name of vars) variables[name] = toItf((state as unknown as Record<string, unknown>)[name], name)
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

function actionOf(state: Record<string, unknown>, index: number): Action | undefined {
  const type = state[ACTION_TAKEN]
  if (index === 0) return type === INIT || type === undefined ? undefined : fail(`state 0 has action ${String(type)}`)
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type))
    return fail(`state ${index} has no known ${ACTION_TAKEN} (${String(type)})`)
  const picks = state[NONDET_PICKS] ?? {}
  if (!isRecord(picks)) return fail(`state ${index}'s ${NONDET_PICKS} is not a record`)
  const fields = Object.entries(picks).map(([name, pick]) => {
    const value = isRecord(pick) && pick['tag'] === 'Some' ? pick['value'] : pick
    return [name, fromItf(value, `state ${index} ${NONDET_PICKS}.${name}`)]
  })
  return { type, ...Object.fromEntries(fields) } as Action
}

/** Reads a counterexample back from `itfTrace`'s output; throws a one-line Error naming what is wrong. */
export function traceFromItf(json: unknown): Counterexample {
  if (!isRecord(json)) return fail('the document is not a JSON object')
  const meta = json['#meta']
  const origin = isRecord(meta) ? meta['kafkacheck'] : undefined
  if (!isRecord(origin)) return fail('#meta.kafkacheck (scenario, params, property) is missing')
  const { scenario, params, property, kind } = origin
  if (!isRecord(scenario) || typeof scenario['name'] !== 'string')
    return fail('#meta.kafkacheck.scenario is missing its name')
  if (!isRecord(params) || !Array.isArray(params['messages']) || !Array.isArray(params['assignment']))
    return fail('#meta.kafkacheck.params is missing the messages or the assignment')
  if (typeof property !== 'string') return fail('#meta.kafkacheck.property is not a string')
  const knownKind =
    KINDS.find(k => k === kind) ?? fail(`#meta.kafkacheck.kind is ${String(kind)}, not one of ${KINDS.join(', ')}`)
  const { vars, states } = json
  if (!Array.isArray(vars) || !vars.every(v => typeof v === 'string')) return fail('vars is not a list of names')
  if (!Array.isArray(states) || states.length === 0) return fail('states is missing or empty')
  const variables = (vars as string[]).filter(name => !name.startsWith('mbt::'))
  const trace = states.map((state: unknown, index) => {
    if (!isRecord(state)) return fail(`state ${index} is not an object`)
    const missing = variables.find(name => !(name in state))
    if (missing !== undefined) return fail(`state ${index} lacks the variable ${missing}`)
    const values = Object.fromEntries(variables.map(name => [name, fromItf(state[name], `state ${index} ${name}`)]))
    return { action: actionOf(state, index), state: values as unknown as State }
  })
  return {
    scenario: scenario as unknown as Scenario,
    params: params as unknown as Params,
    property,
    kind: knownKind,
    trace,
  }
}
