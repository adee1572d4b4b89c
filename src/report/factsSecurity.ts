// Connections and the attacker as facts (spec/security.ts): a client's handshakes with the brokers or with a
// man-in-the-middle, and what an attacker read of the records a step carried. The outcome of a handshake is the
// spec's decision (Params.security); the step only says whose connection it was and what the attacker learnt.

import type { ActionOf } from '../../spec/index.js'
import type { Connect, StepFacts } from './facts.js'
import type { Transition } from './factsShared.js'

export function connectFacts(
  { p, before, after }: Transition,
  action: ActionOf<'ClientConnect'> | ActionOf<'AttackerIntercept'>,
): StepFacts {
  const c = p.security!.clients[action.client]!
  const now = after.connections[action.client]!
  const fact: Connect = {
    kind: 'connect',
    role: action.role,
    index: action.index,
    protocol: c.protocol,
    mechanism: c.mechanism,
    listener: c.listener,
    listenerMechanisms: c.listenerMechanisms,
    principal: c.principal,
    attacker:
      action.type === 'AttackerIntercept'
        ? { certificate: action.certificate, accepted: now.status !== 'rejected' }
        : null,
    outcome: c.outcome,
    verifiesHostname: c.verifiesHostname,
    credentialsRead: now.credentialsRead && !before.connections[action.client]!.credentialsRead,
    unauthorized: now.status === 'authenticated' && !c.allowed,
  }
  return [fact]
}

/** What an attacker read of the records the step carried: a client's connection, or a follower's fetch. */
export function wireReadFacts({ p, before, after }: Transition): StepFacts {
  const reads: StepFacts[number][] = after.connections.flatMap((connection, client) =>
    connection.recordsRead && !before.connections[client]!.recordsRead
      ? [
          {
            kind: 'wireRead' as const,
            role: p.security!.clients[client]!.role,
            index: p.security!.clients[client]!.index,
            by: connection.viaAttacker ? ('impostor' as const) : ('eavesdropper' as const),
          },
        ]
      : [],
  )
  return after.replicationRead && !before.replicationRead ? [...reads, { kind: 'replicationRead' }] : reads
}
