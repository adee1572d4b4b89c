// The counterexample as the terminal shows it: what was checked, then each step in Kafka words with only the
// variables it changed (old → new), then the one line that says what broke.

import type { Counterexample } from '../run/counterexample.js'
import { explainViolation } from './explain.js'
import { serdeOf } from './factsErrors.js'
import { counted, messageName, partitionName, producerName } from './names.js'
import { stepsOf } from './steps.js'
import { formatValue, variablePath } from './variables.js'

const WIDTH = 120

/** What was checked: the scenario and the configuration that matters for the trace. */
export function scenarioSummary(c: Counterexample): string[] {
  const { scenario, params } = c
  const { topic, producer, consumer, app, cluster } = scenario
  const faults = Object.entries(scenario.faults).filter(([, budget]) => budget > 0)
  const messages = params.messages.map(
    (m, i) =>
      `${messageName(i)} key ${JSON.stringify(m.key)} → ${partitionName(m.partitionFor[params.initialPartitions]!)} (${producerName(m.producer)})`,
  )
  return [
    `Kafka ${scenario.kafka.version} · ${counted(cluster.brokers, 'broker')} · topic ${JSON.stringify(topic.name)}: ` +
      `${counted(topic.partitions, 'partition')}, replication.factor=${topic['replication.factor']}, ` +
      `min.insync.replicas=${topic['min.insync.replicas']}, unclean.leader.election.enable=${topic['unclean.leader.election.enable']}`,
    params.pipeline
      ? // The input is already written: the scenario's producers send nothing, the members' producers write results.
        `producer: the input topic already holds the records; each member writes its results with its own producer` +
        transactionalSummary(c)
      : `producer: acks=${producer.acks}, enable.idempotence=${producer['enable.idempotence']}, ` +
        `max.in.flight.requests.per.connection=${producer['max.in.flight.requests.per.connection']}, ` +
        `retries=${producer.retries} (searched up to ${params.attemptsExplored} attempts per batch)` +
        transactionalSummary(c) +
        (producer['value.serializer'] === null ? '' : `, value.serializer=${simpleName(producer['value.serializer'])}`),
    ...(cluster.consumers === 0
      ? []
      : [
          `consumers: ${cluster.consumers} in group ${JSON.stringify(consumer['group.id'])}, ` +
            `enable.auto.commit=${consumer['enable.auto.commit']}, auto.offset.reset=${consumer['auto.offset.reset']}, ` +
            (params.transactional ? `isolation.level=${consumer['isolation.level']}, ` : '') +
            (params.pipelineTransactional ? 'offsets sent in each transaction, ' : `commit ${app.commit}, `) +
            `processing ${app.processing}, assignor ${params.assignor}` +
            (params.pipeline ? `, pipeline ${app.pipeline}` : '') +
            errorPathSummary(c),
        ]),
    `messages: ${messages.join('; ')}`,
    `faults allowed: ${faults.length === 0 ? 'none' : faults.map(([name, budget]) => `${name} ${budget}`).join(', ')}`,
  ]
}

/** A Java class by its simple name: StringSerializer. */
const simpleName = (name: string): string => name.slice(name.lastIndexOf('.') + 1)

/**
 * ", value.deserializer=ErrorHandlingDeserializer (delegate KafkaAvroDeserializer): every record is poison (…)" and
 * ", on failure: blocking retries (2 deliveries), then the dead-letter topic (write awaited)", when set.
 */
function errorPathSummary({ scenario, params: p }: Counterexample): string {
  const deserializer = scenario.consumer['value.deserializer']
  const delegate = scenario.consumer['spring.deserializer.value.delegate.class']
  const reads =
    deserializer === null
      ? ''
      : `, value.deserializer=${simpleName(deserializer)}` +
        (p.errorHandlingDeserializer && delegate !== null ? ` (delegate ${simpleName(delegate)})` : '')
  const serde = serdeOf(scenario, p)
  const poison =
    p.poison && serde !== null
      ? `: every record is poison (${serde.deserializer} cannot read what ${serde.serializer} wrote)`
      : ''
  if (p.retry === 'none' && !p.dlq) return reads + poison
  const retry =
    p.retry === 'blocking'
      ? `blocking retries (${p.retryAttempts} ${p.retryAttempts === 1 ? 'delivery' : 'deliveries'})`
      : p.retry === 'retry-topic'
        ? 'the retry topic'
        : 'no retry'
  // What is given up goes to the dead-letter topic or the log; the retry topic gives nothing up in the model.
  const giveUp = p.dlq
    ? `, then the dead-letter topic (write ${p.dlqAwaitAck ? 'awaited' : 'not awaited'})`
    : p.retry === 'blocking'
      ? ', then only a log line'
      : ''
  return `${reads}${poison}, on failure: ${retry}${giveUp}`
}

/** ", transactional.id="tx-1" (stable across restarts)", only for a transactional producer. */
function transactionalSummary({ scenario, params }: Counterexample): string {
  const id = scenario.producer['transactional.id']
  if (id === null) return ''
  if (params.pipeline)
    return params.pipelineIdPerPartition
      ? `, transactional.id=${JSON.stringify(id)} (one per input partition)`
      : `, transactional.id=${JSON.stringify(id)} (each pipeline member's producer has its own)`
  const across = scenario.app['transactional-id'] === 'stable' ? 'the same' : 'a new one'
  return `, transactional.id=${JSON.stringify(id)} (${across} for each producer instance)`
}

/** Word-wraps `text` to the report width, continuing lines under `indent`. */
function wrap(text: string, first: string, indent: string): string {
  const out: string[] = []
  let line = first
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > WIDTH && line.trim() !== '' && line !== first) {
      out.push(line)
      line = indent + word
    } else line += (line === first || line === indent ? '' : ' ') + word
  }
  out.push(line)
  return out.join('\n')
}

/** The whole counterexample as plain text. */
export function textTrace(c: Counterexample): string {
  const all = stepsOf(c)
  const numberWidth = String(all.length - 1).length
  const header = [
    `${c.property} violated (${c.kind}) in scenario ${JSON.stringify(c.scenario.name)}, ${counted(all.length - 1, 'step')}`,
    ...(c.scenario.description === '' ? [] : [wrap(c.scenario.description, '  ', '  ')]),
    ...scenarioSummary(c).map(line => wrap(line, '  ', '    ')),
  ]
  const body = all.map(({ index, text, changes }) => {
    const number = String(index).padStart(numberWidth)
    const indent = ' '.repeat(numberWidth + 2)
    const rows = changes.map(change => ({
      path: variablePath(c.params, change.path),
      change: `${formatValue(c.params, change.path, change.before)} → ${formatValue(c.params, change.path, change.after)}`,
    }))
    const pathWidth = Math.max(0, ...rows.map(row => row.path.length))
    const changed = rows.map(row => wrap(row.change, `${indent}  ${row.path.padEnd(pathWidth)}  `, `${indent}    `))
    return [wrap(text, `${number}. `, indent), ...changed].join('\n')
  })
  return [...header, '', ...body, '', `✕ ${explainViolation(c)}`, ''].join('\n')
}
