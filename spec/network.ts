// Network faults between producers and brokers, each a budget the scenario sets. Connections are TCP: requests and
// responses on one connection arrive in order, and nothing is lost alone. A lost request or response is therefore a
// broken connection: everything in flight on it is gone, and the producer fails every batch that was waiting on it
// (NetworkClient completes them as disconnected), oldest first. A delayed request is one the producer gave up on
// (request.timeout.ms): it closes the connection, but the requests the broker already has are still processed.

import type { ActionOf } from './actions.js'
import type { Params } from './params.js'
import { failAttempt } from './producer.js'
import { update, updateFaults, updatePartition, updatePendingAck, updateProduceRequest, type State } from './state.js'

/**
 * The connection from `producer` to `broker` closes. Undelivered responses are dropped; requests the broker has not
 * read are dropped, or with `requestsStillArrive` left to arrive as orphans; acks=all requests in purgatory will
 * complete unheard. Then every batch that was waiting on the connection fails its attempt, in send order.
 */
export function closeConnection(
  p: Params,
  s: State,
  producer: number,
  broker: number,
  requestsStillArrive: boolean,
): State {
  const waiting: number[] = []
  for (const r of s.responses) if (r.producer === producer && r.broker === broker) waiting.push(r.message)
  for (const partition of s.partitions)
    if (partition.leader === broker)
      for (const pending of partition.purgatory)
        if (pending.producer === producer && !pending.orphan) waiting.push(pending.message)
  for (const r of s.requests) if (r.producer === producer && r.broker === broker && !r.orphan) waiting.push(r.message)
  let next = update(s, {
    responses: s.responses.filter(r => r.producer !== producer || r.broker !== broker),
    requests: requestsStillArrive
      ? s.requests.map(r =>
          r.producer === producer && r.broker === broker && !r.orphan ? updateProduceRequest(r, { orphan: true }) : r,
        )
      : s.requests.filter(r => r.producer !== producer || r.broker !== broker || r.orphan),
    partitions: s.partitions.map(partition =>
      partition.leader === broker && partition.purgatory.some(a => a.producer === producer && !a.orphan)
        ? updatePartition(partition, {
            purgatory: partition.purgatory.map(a =>
              a.producer === producer ? updatePendingAck(a, { orphan: true }) : a,
            ),
          })
        : partition,
    ),
  })
  for (const message of waiting) {
    const b = next.batches[message]!
    if (b.status === 'inFlight' && b.broker === broker) next = failAttempt(p, next, message, 'NETWORK_EXCEPTION')
  }
  return next
}

/** NetworkLoseRequest is enabled: the budget is not spent and the connection carries a request (`waiting`). */
export const canLoseRequest = (p: Params, s: State, waiting: boolean): boolean =>
  waiting && s.faults.lostRequest < p.faults['lost-request']

/** NetworkLoseRequest: the connection breaks before the broker reads the next request. */
export function networkLoseRequest(p: Params, s: State, { producer, broker }: ActionOf<'NetworkLoseRequest'>): State {
  const counted = update(s, { faults: updateFaults(s.faults, { lostRequest: s.faults.lostRequest + 1 }) })
  return closeConnection(p, counted, producer, broker, false)
}

/** NetworkLoseResponse is enabled: the budget is not spent and the connection carries a response (`waiting`). */
export const canLoseResponse = (p: Params, s: State, waiting: boolean): boolean =>
  waiting && s.faults.lostResponse < p.faults['lost-response']

/** NetworkLoseResponse: the broker did the work, but the connection breaks before its answer arrives. */
export function networkLoseResponse(p: Params, s: State, { producer, broker }: ActionOf<'NetworkLoseResponse'>): State {
  const counted = update(s, { faults: updateFaults(s.faults, { lostResponse: s.faults.lostResponse + 1 }) })
  return closeConnection(p, counted, producer, broker, false)
}

/** With acks=0 the producer never times out a request, so a delay is not a fault it can notice. */
export const canDelayRequest = (p: Params, s: State, waiting: boolean): boolean =>
  waiting && p.acks !== 0 && s.faults.delayedRequest < p.faults['delayed-request']

/**
 * NetworkDelayRequest: the next request is held up past request.timeout.ms; the producer closes the connection and
 * retries, while the broker still processes what it had received, out of turn, answering no one.
 */
export function networkDelayRequest(p: Params, s: State, { producer, broker }: ActionOf<'NetworkDelayRequest'>): State {
  const counted = update(s, { faults: updateFaults(s.faults, { delayedRequest: s.faults.delayedRequest + 1 }) })
  return closeConnection(p, counted, producer, broker, true)
}
