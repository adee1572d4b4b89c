// Whether the consumer's value deserializer can read what the producer's value serializer wrote: the poison-record
// case of the seed notes. Only pairs that fail on every record are called incompatible: a deserializer that expects
// a Schema Registry payload (magic byte 0, a schema id) fails on anything else (AbstractKafkaAvroDeserializer:
// "Unknown magic byte!"), and a JSON deserializer fails on such a payload (Jackson cannot parse a leading 0x00).
// Every other pair is taken to work, since whether it does depends on the bytes (a String may hold JSON, raw bytes a
// Schema Registry payload copied from elsewhere).

import type { BlockReader } from './reader.js'
import type { ConsumerConfig, ProducerConfig } from './types.js'
import { nonEmptyText } from './values.js'

/** The payload formats the known serializers write. */
type Format = 'text' | 'bytes' | 'int' | 'long' | 'avro' | 'json-schema' | 'protobuf' | 'json'

const SERIALIZERS: Readonly<Record<string, Format>> = {
  'org.apache.kafka.common.serialization.StringSerializer': 'text',
  'org.apache.kafka.common.serialization.ByteArraySerializer': 'bytes',
  'org.apache.kafka.common.serialization.IntegerSerializer': 'int',
  'org.apache.kafka.common.serialization.LongSerializer': 'long',
  'io.confluent.kafka.serializers.KafkaAvroSerializer': 'avro',
  'io.confluent.kafka.serializers.json.KafkaJsonSchemaSerializer': 'json-schema',
  'io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer': 'protobuf',
  'org.springframework.kafka.support.serializer.JsonSerializer': 'json',
}

/** For each known deserializer, the formats it fails on every time; absent: it reads anything. */
const FAILS_ON: Readonly<Record<string, readonly Format[]>> = {
  'org.apache.kafka.common.serialization.StringDeserializer': [],
  'org.apache.kafka.common.serialization.ByteArrayDeserializer': [],
  'org.apache.kafka.common.serialization.IntegerDeserializer': [],
  'org.apache.kafka.common.serialization.LongDeserializer': [],
  'io.confluent.kafka.serializers.KafkaAvroDeserializer': ['text', 'int', 'long', 'json', 'json-schema', 'protobuf'],
  'io.confluent.kafka.serializers.json.KafkaJsonSchemaDeserializer': [
    'text',
    'int',
    'long',
    'json',
    'avro',
    'protobuf',
  ],
  'io.confluent.kafka.serializers.protobuf.KafkaProtobufDeserializer': [
    'text',
    'int',
    'long',
    'json',
    'avro',
    'json-schema',
  ],
  'org.springframework.kafka.support.serializer.JsonDeserializer': ['avro', 'json-schema', 'protobuf'],
}

/** Spring's wrapper: it catches its delegate's exception and hands the record on with it (ErrorHandlingDeserializer). */
export const ERROR_HANDLING_DESERIALIZER = 'org.springframework.kafka.support.serializer.ErrorHandlingDeserializer'

/** The key that names the ErrorHandlingDeserializer's delegate, passed among the consumer's properties. */
export const DELEGATE_KEY = 'spring.deserializer.value.delegate.class'

/** The fully qualified name for a class written by its simple name (StringSerializer). */
export function qualifiedName(name: string, known: readonly string[]): string {
  return known.find(full => full === name || full.endsWith(`.${name}`)) ?? name
}

export const KNOWN_SERIALIZERS = Object.keys(SERIALIZERS)
export const KNOWN_DESERIALIZERS = [...Object.keys(FAILS_ON), ERROR_HANDLING_DESERIALIZER]

/** Whether every record written with `serializer` fails in `deserializer` (both fully qualified and known). */
export function alwaysFails(serializer: string, deserializer: string): boolean {
  const format = SERIALIZERS[serializer]
  return format !== undefined && (FAILS_ON[deserializer] ?? []).includes(format)
}

/**
 * A Java class name setting, fully qualified when it is one of `known` (written in full or by its simple name); any
 * other class is kept as written. null when not set.
 */
export function className(reader: BlockReader, key: string, known: readonly string[]): string | null {
  const name = reader.readOptional(key, nonEmptyText)
  return name === undefined ? null : qualifiedName(name, known)
}

/** Whether the consumer fails to deserialize every record the producer writes: poison records. */
export function poisonRecords(producer: ProducerConfig, consumer: ConsumerConfig): boolean {
  const deserializer = consumer['value.deserializer']
  const reading = deserializer === ERROR_HANDLING_DESERIALIZER ? consumer[DELEGATE_KEY] : deserializer
  const serializer = producer['value.serializer']
  return serializer !== null && reading !== null && alwaysFails(serializer, reading)
}
