// The effective consumer configuration for the chosen Kafka version (ConsumerConfig's definitions and defaults).
import { consumerDefaults, INT_MAX } from './defaults.js'
import { existsIn } from './keyWarnings.js'
import type { Warning } from './raw.js'
import type { BlockReader } from './reader.js'
import { ASSIGNORS, type AssignorName, type ConsumerConfig, type KafkaVersion } from './types.js'
import { DELEGATE_KEY, KNOWN_DESERIALIZERS, className } from './serde.js'
import { boolean, integer, listOf, nonEmptyText, oneOf } from './values.js'
import { atLeast } from './versions.js'

/** The one consumer group the model runs, when the scenario does not name it. */
export const DEFAULT_GROUP_ID = 'kafkacheck'

/** When each built-in assignor appeared: StickyAssignor with KIP-54 (0.11), CooperativeStickyAssignor with KIP-429 (2.4). */
const ASSIGNOR_SINCE: Readonly<Record<AssignorName, KafkaVersion>> = {
  range: '0.10',
  roundrobin: '0.10',
  sticky: '0.11',
  'cooperative-sticky': '2.4',
}

const assignorsIn = (version: KafkaVersion) => ASSIGNORS.filter(name => atLeast(version, ASSIGNOR_SINCE[name]))

export function resolveConsumer(reader: BlockReader, version: KafkaVersion, warnings: Warning[]): ConsumerConfig {
  const defaults = consumerDefaults(version)
  const assignors = assignorsIn(version)
  if (reader.keys().length > 0 && !reader.has('group.id'))
    warnings.push({
      kind: 'note',
      origin: reader.fallbackOrigin,
      block: 'consumer',
      key: 'group.id',
      message: `group.id is not set; the model runs one consumer group and calls it '${DEFAULT_GROUP_ID}'`,
    })
  return {
    'group.id': reader.read('group.id', nonEmptyText, DEFAULT_GROUP_ID),
    'enable.auto.commit': reader.read('enable.auto.commit', boolean, defaults['enable.auto.commit']),
    'auto.commit.interval.ms': reader.read(
      'auto.commit.interval.ms',
      integer(0, INT_MAX),
      defaults['auto.commit.interval.ms'],
    ),
    'auto.offset.reset': reader.read(
      'auto.offset.reset',
      oneOf(['earliest', 'latest', 'none']),
      defaults['auto.offset.reset'],
    ),
    'isolation.level': existsIn('consumer', 'isolation.level', version)
      ? reader.read('isolation.level', oneOf(['read_uncommitted', 'read_committed']), defaults['isolation.level'])
      : defaults['isolation.level'],
    'partition.assignment.strategy': reader.read(
      'partition.assignment.strategy',
      listOf(oneOf(assignors), `a list of ${assignors.join(', ')} (in Kafka ${version})`),
      defaults['partition.assignment.strategy'],
    ),
    'session.timeout.ms': reader.read('session.timeout.ms', integer(1, INT_MAX), defaults['session.timeout.ms']),
    'heartbeat.interval.ms': reader.read(
      'heartbeat.interval.ms',
      integer(1, INT_MAX),
      defaults['heartbeat.interval.ms'],
    ),
    'max.poll.interval.ms': reader.read('max.poll.interval.ms', integer(1, INT_MAX), defaults['max.poll.interval.ms']),
    'max.poll.records': reader.read('max.poll.records', integer(1, INT_MAX), defaults['max.poll.records']),
    'value.deserializer': className(reader, 'value.deserializer', KNOWN_DESERIALIZERS),
    [DELEGATE_KEY]: className(reader, DELEGATE_KEY, KNOWN_DESERIALIZERS),
  }
}
