// The application's error path in words: a record whose processing fails and what the error handler does with it
// (retry in place, the retry topic, the dead-letter topic or the log), the retry topic's listener, and dead-letter
// writes nobody waited for.

import type { Commit, DeadLetterWrite, ProcessFail, RetryTopicProcess } from './facts.js'
import { consumerName, joinWords, messageList, messageName, partitionName } from './names.js'
import { recordsWords, serdeWords } from './wordsConsumer.js'

/** "offset 0 of partition 0" */
const seekWords = (positions: readonly Commit[]): string =>
  joinWords(positions.map(c => `offset ${c.offset} of ${partitionName(c.partition)}`))

/** "at once", "after 2 deliveries" */
const deliveriesWords = (deliveries: number): string =>
  deliveries === 1 ? 'at once' : `after ${deliveries} deliveries`

/** What the error handler did, with `who` as its subject. */
function outcomeWords({ outcome, record, rewound, unprocessed }: ProcessFail, who: string): string[] {
  const name = messageName(record.message)
  const seek =
    rewound.length === 0 ? `offset ${record.offset} of ${partitionName(record.partition)}` : seekWords(rewound)
  const pollsAgain =
    unprocessed.length === 0 || rewound.length === 0
      ? ''
      : `it seeks back to ${seek} to poll ${messageList(unprocessed.map(r => r.message))} again`
  switch (outcome.kind) {
    case 'retryInPlace':
      return [
        `${who} retries it in place: it seeks back to ${seek} (delivery ${outcome.delivery} of ${outcome.attempts} failed)`,
      ]
    case 'retryTopic':
      return [`${who} hands ${name} to the retry topic and moves on`, pollsAgain]
    case 'deadLetter':
      return [
        `${who} gives ${name} up ${deliveriesWords(outcome.deliveries)} and writes it to the dead-letter topic, ` +
          (outcome.awaited
            ? 'waiting for the acknowledgement before it commits past it'
            : 'without waiting for the acknowledgement (app.dlq-await-ack: false): it may commit past it while ' +
              'the write is in flight'),
        pollsAgain,
      ]
    case 'logged':
      return [
        `${who} gives ${name} up ${deliveriesWords(outcome.deliveries)} and only logs it (no dead-letter topic): ` +
          'it will commit past it',
        pollsAgain,
      ]
  }
}

export function processFailWords(fact: ProcessFail): string[] {
  const { consumer, zombie, processed, again, record, cause } = fact
  const who = `${zombie ? 'zombie ' : ''}${consumerName(consumer)}`
  const name = messageName(record.message)
  const repeated = again.map(r => r.message)
  const first =
    processed.length === 0
      ? []
      : [
          `${who} processes ${recordsWords(processed)}` +
            (repeated.length === 0
              ? ''
              : `; ${messageList(repeated)} ${repeated.length === 1 ? 'is' : 'are'} processed a second time`),
        ]
  if (cause.kind === 'transient')
    return [
      ...first,
      `processing ${name} (offset ${record.offset} of ${partitionName(record.partition)}) fails on ${who} (a ` +
        'transient error, faults.processing-failure)',
      ...outcomeWords(fact, 'it'),
    ]
  return [
    ...first,
    `${name} (offset ${record.offset} of ${partitionName(record.partition)}) cannot be deserialized ` +
      `(${serdeWords(cause.serde)})`,
    `ErrorHandlingDeserializer hands it on to ${who} with its DeserializationException, which is never retried`,
    ...outcomeWords(fact, who),
  ]
}

export function retryTopicProcessWords({
  message,
  partition,
  overtaken,
  sameKey,
  key,
  again,
}: RetryTopicProcess): string[] {
  const name = messageName(message)
  return [
    `the retry topic's listener processes ${name}` +
      (overtaken.length === 0 ? '' : `, after ${messageList(overtaken)} behind it in ${partitionName(partition)}`),
    sameKey.length === 0
      ? ''
      : `${joinWords([name, ...sameKey.map(messageName)])} share key ${JSON.stringify(key)}, so that key's records ` +
        'are processed out of offset order',
    again ? `${name} is processed a second time` : '',
  ]
}

export function deadLetterWriteWords({ message, outcome, committedPast, again }: DeadLetterWrite): string[] {
  const name = messageName(message)
  if (outcome === 'acked')
    return [
      `the dead-letter topic acknowledges the write of ${name}: ${name} is in the dead-letter topic` +
        (again ? ' a second time' : ''),
    ]
  return [
    `the dead-letter write of ${name} runs out of delivery.timeout.ms: nobody waited for it, ` +
      (committedPast === null
        ? `so ${name} is in neither topic, unless its partition is read again from before it`
        : `and ${partitionName(committedPast.partition)}'s committed offset ${committedPast.offset} is already past ` +
          `it, so ${name} is gone`),
  ]
}
