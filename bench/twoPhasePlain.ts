// Lamport's TwoPhase (tlaplus/Examples, specifications/transaction_commit/TwoPhase.tla) as someone new to the
// engine writes it: a transcription of the TLA+ with plain objects. Resource managers are named 'r1'..'rN',
// `rmState` is a function from names to strings, `tmPrepared` and `msgs` are sets kept as sorted arrays, every
// action is a spread update, and there is no `encode`: the engine's generic encoding fingerprints the states.
// It must count what TLC counts: 288 distinct states for 3 resource managers, 8,832 for 5, 296,448 for 7.
// bench/twoPhaseCommit.ts is the same protocol written for speed.

import type { Model } from '../checker/index.js'

export type RmState = 'working' | 'prepared' | 'committed' | 'aborted'

export type Message =
  { readonly type: 'Prepared'; readonly rm: string } | { readonly type: 'Commit' } | { readonly type: 'Abort' }

export interface State {
  readonly rmState: Readonly<Record<string, RmState>>
  readonly tmState: 'init' | 'done'
  /** A set of resource manager names, sorted. */
  readonly tmPrepared: readonly string[]
  /** A set of messages, sorted by `compareMessages`. */
  readonly msgs: readonly Message[]
}

export type Action =
  | { readonly type: 'TMRcvPrepared'; readonly rm: string }
  | { readonly type: 'TMCommit' }
  | { readonly type: 'TMAbort' }
  | { readonly type: 'RMPrepare'; readonly rm: string }
  | { readonly type: 'RMChooseToAbort'; readonly rm: string }
  | { readonly type: 'RMRcvCommitMsg'; readonly rm: string }
  | { readonly type: 'RMRcvAbortMsg'; readonly rm: string }

/** Messages in `msgs` order: by type, then by resource manager. */
function compareMessages(a: Message, b: Message): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1
  if (a.type !== 'Prepared' || b.type !== 'Prepared' || a.rm === b.rm) return 0
  return a.rm < b.rm ? -1 : 1
}
const hasMessage = (msgs: readonly Message[], m: Message): boolean => msgs.some(x => compareMessages(x, m) === 0)
/** msgs ∪ {m}, still sorted. */
const withMessage = (msgs: readonly Message[], m: Message): readonly Message[] =>
  hasMessage(msgs, m) ? msgs : [...msgs, m].sort(compareMessages)
/** set ∪ {x}, still sorted. */
const withName = (set: readonly string[], x: string): readonly string[] => (set.includes(x) ? set : [...set, x].sort())

export function twoPhasePlain(resourceManagers: number): Model<State, Action> {
  const RM = Array.from({ length: resourceManagers }, (_, i) => `r${i + 1}`)

  return {
    init: () => [
      {
        rmState: Object.fromEntries(RM.map(rm => [rm, 'working' as RmState])),
        tmState: 'init',
        tmPrepared: [],
        msgs: [],
      },
    ],

    actions(s) {
      const enabled: Action[] = []
      if (s.tmState === 'init') {
        for (const rm of RM)
          if (hasMessage(s.msgs, { type: 'Prepared', rm })) enabled.push({ type: 'TMRcvPrepared', rm })
        if (s.tmPrepared.length === RM.length) enabled.push({ type: 'TMCommit' })
        enabled.push({ type: 'TMAbort' })
      }
      const commit = hasMessage(s.msgs, { type: 'Commit' })
      const abort = hasMessage(s.msgs, { type: 'Abort' })
      for (const rm of RM) {
        if (s.rmState[rm] === 'working') {
          enabled.push({ type: 'RMPrepare', rm })
          enabled.push({ type: 'RMChooseToAbort', rm })
        }
        if (commit) enabled.push({ type: 'RMRcvCommitMsg', rm })
        if (abort) enabled.push({ type: 'RMRcvAbortMsg', rm })
      }
      return enabled
    },

    next(s, a) {
      switch (a.type) {
        case 'TMRcvPrepared':
          return { ...s, tmPrepared: withName(s.tmPrepared, a.rm) }
        case 'TMCommit':
          return { ...s, tmState: 'done', msgs: withMessage(s.msgs, { type: 'Commit' }) }
        case 'TMAbort':
          return { ...s, tmState: 'done', msgs: withMessage(s.msgs, { type: 'Abort' }) }
        case 'RMPrepare':
          return {
            ...s,
            rmState: { ...s.rmState, [a.rm]: 'prepared' },
            msgs: withMessage(s.msgs, { type: 'Prepared', rm: a.rm }),
          }
        case 'RMChooseToAbort':
          return { ...s, rmState: { ...s.rmState, [a.rm]: 'aborted' } }
        case 'RMRcvCommitMsg':
          return { ...s, rmState: { ...s.rmState, [a.rm]: 'committed' } }
        case 'RMRcvAbortMsg':
          return { ...s, rmState: { ...s.rmState, [a.rm]: 'aborted' } }
        default:
          return a satisfies never
      }
    },

    invariants: {
      /** No resource manager has committed while another has aborted. */
      TCConsistent: s => !RM.some(rm => s.rmState[rm] === 'committed') || !RM.some(rm => s.rmState[rm] === 'aborted'),
    },

    sometimes: {
      AllCommitted: s => RM.every(rm => s.rmState[rm] === 'committed'),
    },

    actionTypes: [
      'TMRcvPrepared',
      'TMCommit',
      'TMAbort',
      'RMPrepare',
      'RMChooseToAbort',
      'RMRcvCommitMsg',
      'RMRcvAbortMsg',
    ],
  }
}
