// Which faults exercise a configuration, and why: what `kafkacheck init` writes into a new scenario's faults block.
// Each piece of advice names the Kafka behaviour the fault puts to the test for these settings; the ones that
// matter most are written as budgets, the others as comments a person can turn on.
import { hasTls } from './security.js'
import { FAULT_NAMES, type Scenario } from './types.js'

export type FaultName = (typeof FAULT_NAMES)[number]

export interface FaultAdvice {
  readonly fault: FaultName
  readonly budget: number
  /** Written as a budget (true), or as a commented line to turn on. */
  readonly active: boolean
  readonly why: string
}

/** The faults worth exploring for `scenario`, the most telling first; each only where the configuration allows it. */
export function faultAdvice(scenario: Scenario): FaultAdvice[] {
  const { topic, producer, consumer, app, cluster, security } = scenario
  const acks = producer.acks
  const replicated = topic['replication.factor'] > 1
  const consumers = cluster.consumers > 0
  const transactional = producer['transactional.id'] !== null
  const pipeline = app.pipeline !== 'none'
  const advice: FaultAdvice[] = []
  const add = (fault: FaultName, budget: number, active: boolean, why: string) =>
    advice.push({ fault, budget, active, why })

  if (!pipeline) {
    add(
      'broker-crash',
      topic['unclean.leader.election.enable'] && replicated ? 2 : 1,
      true,
      topic['unclean.leader.election.enable'] && replicated
        ? 'unclean.leader.election.enable=true: after two crashes an out-of-sync replica may be the only one left to lead'
        : acks === 'all'
          ? `a leader dies: min.insync.replicas=${topic['min.insync.replicas']} decides whether an acknowledged record survives`
          : `acks=${acks} answers before the followers copy the record: a leader crash can lose it`,
    )
    add(
      'lost-response',
      1,
      acks !== '0',
      producer['enable.idempotence']
        ? 'a lost response makes the producer retry: idempotence should keep the retry from writing twice'
        : 'a lost response makes the producer retry, and without idempotence the record is written twice',
    )
    add('lost-request', 1, acks === '0', 'acks=0 never hears that a request was lost')
    add(
      'delayed-request',
      1,
      transactional,
      transactional
        ? 'a request that arrives after its transaction was aborted: hanging transactions before 3.6 (KIP-890)'
        : 'a request the producer gave up on (request.timeout.ms) still arrives',
    )
    add('delivery-timeout', 1, false, 'a batch runs out of delivery.timeout.ms, in flight or queued (KIP-91)')
    add(
      'producer-restart',
      1,
      transactional,
      transactional
        ? 'a new instance with the same transactional.id fences the old one'
        : 'a new producer instance gets a new producer id: idempotence does not span it',
    )
    add(
      'lossy-crash',
      1,
      false,
      `a power loss loses what was not fsynced (log.flush.interval.messages=${scenario.broker['log.flush.interval.messages']})`,
    )
  }
  if (consumers) {
    add(
      'consumer-crash',
      1,
      true,
      consumer['enable.auto.commit']
        ? 'a consumer dies between an auto-commit and processing: records lost, or processed twice'
        : `a consumer dies between processing and its commit (app.commit=${app.commit})`,
    )
    add('consumer-pause', 1, false, 'a consumer stalls past max.poll.interval.ms and finishes its batch as a zombie')
    add('coordinator-crash', 1, false, 'the group coordinator moves while a commitSync is in flight')
    if (consumer['auto.offset.reset'] === 'latest' && !pipeline)
      add('add-partition', 1, false, 'a partition added while the group reads with auto.offset.reset=latest')
  }
  if (security !== null) {
    const clients = [security.producer, ...(security.consumer === null ? [] : [security.consumer])]
    const plaintext = clients.some(c => !hasTls(c['security.protocol']))
    const unverified = clients.some(
      c => hasTls(c['security.protocol']) && c['ssl.endpoint.identification.algorithm'] === '',
    )
    add('eavesdrop', 1, plaintext, 'someone reads what crosses a wire without TLS: passwords, tokens, records')
    add(
      'mitm',
      1,
      unverified || plaintext,
      unverified
        ? 'ssl.endpoint.identification.algorithm is empty: a man-in-the-middle with a trusted certificate passes'
        : 'a man-in-the-middle answers a connection',
    )
  }
  return advice
}
