// The keys read from another spelling are not warnings: the report counts them on one line (--verbose lists each with
// its file and line), and keeps the Warnings section for what changes meaning.
import { describe, expect, it } from 'vitest'
import type { Warning } from '../../../spec/index.js'
import { translationLines } from '../../../src/output/effectiveConfig.js'

const note = (file: string, line: number | null, block: Warning['block'], message: string): Warning => ({
  kind: 'dialect',
  origin: { file, line },
  block,
  key: null,
  message,
})

const SPRING = [
  note(
    'application.yml',
    9,
    'producer',
    'spring.kafka.bootstrap-servers is read as bootstrap.servers (spring spelling)',
  ),
  note('application.yml', 33, 'app', 'spring.kafka.listener.ack-mode=record is read as app commit=after-process'),
  note(
    'application.yml',
    34,
    null,
    'spring.kafka.listener.concurrency configures the listener container; not modelled',
  ),
  note('application-prod.yml', 19, 'consumer', 'spring.kafka.consumer.auto-offset-reset is read as auto.offset.reset'),
  note('Spring Kafka default', null, 'consumer', 'spring.kafka.consumer.enable-auto-commit is not set, so ...'),
]
const LIBRDKAFKA = [
  note('producer.properties', 1, 'producer', 'request.required.acks is read as acks (librdkafka spelling)'),
  note('consumer.properties', 4, 'consumer', 'auto.offset.reset=smallest is read as earliest (librdkafka spelling)'),
]

describe('the keys read from another spelling', () => {
  it('are one line that counts them by what they became, and names the files', () => {
    expect(translationLines(SPRING, false)).toEqual([
      'Read 5 Spring Boot keys from application.yml and application-prod.yml: 3 as Kafka properties, 1 as app ' +
        'settings, 1 changing nothing kafkacheck checks (--verbose lists them)',
    ])
    expect(translationLines(LIBRDKAFKA, false)).toEqual([
      "Read 2 keys written in another client's spelling as Kafka's (--verbose lists them)",
    ])
    expect(translationLines([...SPRING.slice(0, 1), ...LIBRDKAFKA], false)).toEqual([
      'Read 1 Spring Boot key from application.yml: 1 as Kafka properties; ' +
        "and 2 keys written in another client's spelling as Kafka's (--verbose lists them)",
    ])
  })

  it('are listed one a line with their file and line by --verbose', () => {
    expect(translationLines(LIBRDKAFKA, true)).toEqual([
      'Read from another spelling',
      '  producer.properties:1: request.required.acks is read as acks (librdkafka spelling)',
      '  consumer.properties:4: auto.offset.reset=smallest is read as earliest (librdkafka spelling)',
    ])
  })

  it('are nothing at all when there are none', () => {
    expect(translationLines([], false)).toEqual([])
    expect(translationLines([], true)).toEqual([])
  })
})
