// The listener container's settings, as the app block's: spring.kafka.listener.ack-mode decides when the container
// commits offsets (after processing, every batch or only some), spring.kafka.retry.topic.enabled sends a record whose
// processing fails to a retry topic. The rest of the container's settings change nothing the model checks.
import { formatOrigin, invalidValue, type RawBlock, type RawEntry, type Warning } from '../../spec/index.js'
import type { InputIssue } from './errors.js'
import type { SpringProperty } from './springFiles.js'

/** Where the binding of a Spring file says what it did with a property. */
export interface SpringNotes {
  add(kind: Warning['kind'], p: SpringProperty, block: Warning['block'], message: string): void
  /** Read without a warning, and landing in no block: it changes nothing kafkacheck checks. */
  quiet(p: SpringProperty, what: string): void
}

/** Spring Boot's spring.kafka.listener.* names (KafkaProperties.Listener, 3.x). */
export const LISTENER = [
  'type',
  'ack-mode',
  'async-acks',
  'client-id',
  'concurrency',
  'poll-timeout',
  'no-poll-threshold',
  'ack-count',
  'ack-time',
  'idle-between-polls',
  'idle-event-interval',
  'idle-partition-event-interval',
  'monitor-interval',
  'log-container-config',
  'missing-topics-fatal',
  'immediate-stop',
  'auto-startup',
  'change-consumer-thread-name',
  'observation-enabled',
].map(name => `spring.kafka.listener.${name}`)

/** Spring Boot's non-blocking retry settings (KafkaProperties.Retry.Topic). */
export const RETRY_TOPIC = [
  'enabled',
  'attempts',
  'delay',
  'multiplier',
  'max-delay',
  'random-back-off',
  'backoff.delay',
  'backoff.multiplier',
  'backoff.max-delay',
  'backoff.random',
].map(name => `spring.kafka.retry.topic.${name}`)

/**
 * What each AckMode commits, as the app block says it. Every mode commits on the listener's own thread once the
 * listener has returned (commitSync, syncCommits=true by default), so processing stays sync and the commit is after
 * processing; they differ in how often (Spring Kafka reference, "Committing Offsets":
 * https://docs.spring.io/spring-kafka/reference/kafka/receiving-messages/message-listener-container.html).
 */
export const ACK_MODES = {
  // After each record: the model processes what one poll() returned as one step, so a commit after each record and
  // one after the batch leave the same offsets committed at every point where it can crash.
  RECORD: { interval: 'every-batch', why: 'the offset is committed when the listener returns from each record' },
  BATCH: { interval: 'every-batch', why: 'the offsets are committed once all the records of a poll() are processed' },
  // TIME, COUNT, COUNT_TIME: after a batch, only once ack-time has passed or ack-count records came: a processed batch
  // may stay uncommitted, which is what `periodic` lets the model choose at every batch.
  TIME: { interval: 'periodic', why: 'a processed batch is committed only once ack-time has passed' },
  COUNT: { interval: 'periodic', why: 'a processed batch is committed only once ack-count records came' },
  COUNT_TIME: { interval: 'periodic', why: 'a processed batch is committed once ack-time or ack-count is reached' },
  // MANUAL queues acknowledge() and commits as BATCH does; MANUAL_IMMEDIATE commits in acknowledge(). Both are taken
  // to acknowledge after processing, on the listener's thread: an acknowledgement from another thread is async-acks.
  MANUAL: { interval: 'every-batch', why: 'acknowledge() is taken to follow processing; commits go as with BATCH' },
  MANUAL_IMMEDIATE: { interval: 'every-batch', why: 'acknowledge() is taken to follow processing, and commits' },
} as const satisfies Record<string, { interval: 'every-batch' | 'periodic'; why: string }>
type AckMode = keyof typeof ACK_MODES
const text = (value: string | readonly string[]) => (typeof value === 'string' ? value : value.join(','))

/** The listener's commit settings as the app block's, or the value that is not an AckMode. */
export function appBlock(
  listener: ReadonlyMap<string, SpringProperty>,
  consumer: RawBlock | undefined,
  notes: SpringNotes,
): Map<string, RawEntry> | InputIssue {
  const app = new Map<string, RawEntry>()
  const setting = (p: SpringProperty, key: string, value: string) => app.set(key, { value, origin: p.origin })
  const ackMode = listener.get('spring.kafka.listener.ack-mode')
  const autoCommit = consumer?.get('enable.auto.commit')
  const autoCommits = autoCommit !== undefined && text(autoCommit.value).trim().toLowerCase() === 'true'
  let mode: AckMode | undefined
  if (ackMode !== undefined) {
    const written = text(ackMode.value).trim()
    const constant = written.toUpperCase().replaceAll('-', '_')
    if (!(constant in ACK_MODES))
      return invalidValue(ackMode.origin, null, ackMode.written, written, Object.keys(ACK_MODES).join(', '))
    mode = constant as AckMode
    if (autoCommits)
      notes.add(
        'ignored',
        ackMode,
        'app',
        `${ackMode.written} is used only with enable.auto.commit=false; with enable.auto.commit=true ` +
          `(${formatOrigin(autoCommit!.origin)}) the Kafka consumer commits by itself and the container does not; ignored`,
      )
    else {
      const { interval, why } = ACK_MODES[mode]
      setting(ackMode, 'commit', 'after-process')
      setting(ackMode, 'commit-interval', interval)
      notes.add(
        'dialect',
        ackMode,
        'app',
        `${ackMode.written}=${written} is read as app commit=after-process commit-interval=${interval}: ${why}`,
      )
    }
  }
  for (const [name, p] of listener) {
    if (name === 'spring.kafka.listener.ack-mode') continue
    if (name === 'spring.kafka.listener.ack-count' || name === 'spring.kafka.listener.ack-time')
      notes.quiet(p, 'sets how often TIME, COUNT and COUNT_TIME commit: the model lets any batch go uncommitted')
    else if (
      name === 'spring.kafka.listener.async-acks' &&
      text(p.value).trim() === 'true' &&
      mode?.startsWith('MANUAL')
    )
      notes.add(
        'ignored',
        p,
        'app',
        `${p.written}=true lets the listener acknowledge out of order, from other threads; kafkacheck checks a ` +
          'listener that acknowledges each record after processing it, on its own thread (app processing: async ' +
          'describes a worker thread); ignored',
      )
    else if (name === 'spring.kafka.retry.topic.enabled') {
      if (text(p.value).trim() !== 'true') notes.quiet(p, 'is false: no retry topics')
      else {
        setting(p, 'retry', 'retry-topic')
        notes.add(
          'dialect',
          p,
          'app',
          `${p.written}=true is read as app retry=retry-topic: a record whose processing fails goes to a retry topic ` +
            'and the listener moves on',
        )
      }
    } else if (name.startsWith('spring.kafka.retry.'))
      notes.quiet(p, "tunes the retry topics (the model's retry topic delivers a record once more)")
    else notes.quiet(p, 'configures the listener container beyond when it commits')
  }
  return app
}
