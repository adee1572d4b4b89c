// Lamport's TwoPhase (tlaplus/Examples, specifications/transaction_commit/TwoPhase.tla), the model checkers'
// common yardstick: TLC, SPIN and Stateright all report 288 distinct states for 3 resource managers, 8,832 for
// 5, 296,448 for 7 and 1,745,408 for 8. Written the way a fast spec is written (STYLE.md, "Where the time goes"):
// a flat state of small integers (one bit or two per resource manager), spread updates, precomputed actions,
// a switch for dispatch and a hand-written encoding.

import type { Encoder, Model } from '../checker/index.js'

export const enum RmState {
  Working = 0,
  Prepared = 1,
  Committed = 2,
  Aborted = 3,
}

export interface State {
  /** Two bits per resource manager, RmState values. */
  readonly rmState: number
  readonly tmState: 'init' | 'done'
  /** Bit rm: the TM has received Prepared from rm. */
  readonly tmPrepared: number
  /** Bit rm: a [type |-> "Prepared", rm |-> rm] message is in `msgs`. */
  readonly msgsPrepared: number
  readonly msgsCommit: boolean
  readonly msgsAbort: boolean
}

export type Action =
  | { readonly type: 'TMRcvPrepared'; readonly rm: number }
  | { readonly type: 'TMCommit' }
  | { readonly type: 'TMAbort' }
  | { readonly type: 'RMPrepare'; readonly rm: number }
  | { readonly type: 'RMChooseToAbort'; readonly rm: number }
  | { readonly type: 'RMRcvCommitMsg'; readonly rm: number }
  | { readonly type: 'RMRcvAbortMsg'; readonly rm: number }

/** A copy of `s` with `changes`; one literal shape for every state keeps V8's property access monomorphic. */
const update = (s: State, changes: Partial<State>): State => ({
  rmState: changes.rmState ?? s.rmState,
  tmState: changes.tmState ?? s.tmState,
  tmPrepared: changes.tmPrepared ?? s.tmPrepared,
  msgsPrepared: changes.msgsPrepared ?? s.msgsPrepared,
  msgsCommit: changes.msgsCommit ?? s.msgsCommit,
  msgsAbort: changes.msgsAbort ?? s.msgsAbort,
})

const rmStateOf = (s: State, rm: number): RmState => (s.rmState >>> (2 * rm)) & 3
const withRmState = (s: State, rm: number, value: RmState): number =>
  (s.rmState & ~(3 << (2 * rm))) | (value << (2 * rm))

export function twoPhaseCommit(resourceManagers: number): Model<State, Action> {
  if (!Number.isInteger(resourceManagers) || resourceManagers < 1 || resourceManagers > 15)
    throw new RangeError(`resourceManagers must be an integer from 1 to 15, got ${resourceManagers}`)
  const rms = Array.from({ length: resourceManagers }, (_, rm) => rm)
  const all = (1 << resourceManagers) - 1
  const perRm = <T extends Action['type']>(type: T) => rms.map(rm => ({ type, rm }) as Extract<Action, { type: T }>)
  const tmRcvPrepared = perRm('TMRcvPrepared')
  const rmPrepare = perRm('RMPrepare')
  const rmChooseToAbort = perRm('RMChooseToAbort')
  const rmRcvCommitMsg = perRm('RMRcvCommitMsg')
  const rmRcvAbortMsg = perRm('RMRcvAbortMsg')
  const tmCommit: Action = { type: 'TMCommit' }
  const tmAbort: Action = { type: 'TMAbort' }

  return {
    init: () => [{ rmState: 0, tmState: 'init', tmPrepared: 0, msgsPrepared: 0, msgsCommit: false, msgsAbort: false }],

    actions(s) {
      const enabled: Action[] = []
      if (s.tmState === 'init') {
        for (const rm of rms) if (s.msgsPrepared & (1 << rm)) enabled.push(tmRcvPrepared[rm]!)
        if (s.tmPrepared === all) enabled.push(tmCommit)
        enabled.push(tmAbort)
      }
      for (const rm of rms) {
        if (rmStateOf(s, rm) === RmState.Working) enabled.push(rmPrepare[rm]!, rmChooseToAbort[rm]!)
        if (s.msgsCommit) enabled.push(rmRcvCommitMsg[rm]!)
        if (s.msgsAbort) enabled.push(rmRcvAbortMsg[rm]!)
      }
      return enabled
    },

    next(s, a) {
      switch (a.type) {
        case 'TMRcvPrepared':
          // TwoPhase.tla does not guard against a repeated receipt: it is a stuttering step.
          return s.tmPrepared & (1 << a.rm) ? s : update(s, { tmPrepared: s.tmPrepared | (1 << a.rm) })
        case 'TMCommit':
          return update(s, { tmState: 'done', msgsCommit: true })
        case 'TMAbort':
          return update(s, { tmState: 'done', msgsAbort: true })
        case 'RMPrepare':
          return update(s, {
            rmState: withRmState(s, a.rm, RmState.Prepared),
            msgsPrepared: s.msgsPrepared | (1 << a.rm),
          })
        case 'RMChooseToAbort':
          return update(s, { rmState: withRmState(s, a.rm, RmState.Aborted) })
        case 'RMRcvCommitMsg':
          return update(s, { rmState: withRmState(s, a.rm, RmState.Committed) })
        case 'RMRcvAbortMsg':
          return update(s, { rmState: withRmState(s, a.rm, RmState.Aborted) })
        default:
          return a satisfies never
      }
    },

    invariants: {
      /** No resource manager has committed while another has aborted. */
      TCConsistent: s =>
        !rms.some(rm => rmStateOf(s, rm) === RmState.Committed) ||
        !rms.some(rm => rmStateOf(s, rm) === RmState.Aborted),
    },

    sometimes: {
      AllCommitted: s => rms.every(rm => rmStateOf(s, rm) === RmState.Committed),
    },

    encode(s: State, out: Encoder) {
      out.int(s.rmState)
      out.int((s.tmPrepared << 1) | (s.tmState === 'done' ? 1 : 0))
      out.int((s.msgsPrepared << 2) | (s.msgsCommit ? 2 : 0) | (s.msgsAbort ? 1 : 0))
    },

    // The inverse of encode, so that the frontier queues three words a state and worker threads can share it.
    decode(words, cursor) {
      const rmState = words[cursor.at]!
      const tm = words[cursor.at + 1]!
      const msgs = words[cursor.at + 2]!
      cursor.at += 3
      return {
        rmState,
        tmState: tm & 1 ? 'done' : 'init',
        tmPrepared: tm >>> 1,
        msgsPrepared: msgs >>> 2,
        msgsCommit: (msgs & 2) !== 0,
        msgsAbort: (msgs & 1) !== 0,
      }
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
