import { describe, expect, it } from 'vitest'
import { PRODUCER_ERRORS } from '../../../spec/config/producer.js'
import { resolveScenario } from '../../../spec/config/resolve.js'
import type { ProducerConfig } from '../../../spec/config/types.js'
import { rawScenario } from './rawScenario.js'

const EXCEPTION = 'org.apache.kafka.common.config.ConfigException: '

function producer(version: string, settings: Record<string, string>) {
  return resolveScenario(rawScenario({ kafka: { version }, producer: settings }))
}

function effective(version: string, settings: Record<string, string>): ProducerConfig {
  const result = producer(version, settings)
  if (!result.ok) throw new Error(result.issue.message)
  return result.scenario.producer
}

function refusal(version: string, settings: Record<string, string>) {
  const result = producer(version, settings)
  if (result.ok || result.issue.kind !== 'rejected')
    throw new Error(`expected a rejection, got ${JSON.stringify(result)}`)
  return result.issue
}

describe('the 3.x idempotence rules (postProcessAndValidateIdempotenceConfigs)', () => {
  it('an explicit acks=1 silently turns the default idempotence off, with a warning that says why', () => {
    const result = producer('3.7', { acks: '1' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.scenario.producer.acks).toBe('1')
    expect(result.scenario.producer['enable.idempotence']).toBe(false)
    const warning = result.warnings.find(w => w.key === 'acks')
    expect(warning?.kind).toBe('effective')
    expect(warning?.message).toContain('idempotence is turned off because acks=1')
  })

  it('enable.idempotence=true with acks=1 is refused in Kafka words', () => {
    const issue = refusal('3.7', { 'enable.idempotence': 'true', acks: '1' })
    expect(issue.key).toBe('acks')
    expect(issue.message).toBe(
      'scenario.yaml:3: producer acks=1 is rejected by the Kafka 3.7 producer: ' +
        `${EXCEPTION}Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.`,
    )
  })

  it('enable.idempotence=true with max.in.flight=6 is refused by 3.x and 4.x in their own words', () => {
    const settings = { 'enable.idempotence': 'true', 'max.in.flight.requests.per.connection': '6' }
    expect(refusal('3.7', settings).message).toContain(EXCEPTION + PRODUCER_ERRORS.inFlightUpTo39)
    expect(refusal('4.0', settings).message).toContain(
      `${EXCEPTION}To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.`,
    )
  })

  it('max.in.flight=6 turns the default idempotence off in 3.x but is an error from 4.0 (KAFKA-17927)', () => {
    expect(effective('3.9', { 'max.in.flight.requests.per.connection': '6' })['enable.idempotence']).toBe(false)
    expect(refusal('4.0', { 'max.in.flight.requests.per.connection': '6' }).key).toBe(
      'max.in.flight.requests.per.connection',
    )
  })

  it('retries=0 turns the default idempotence off, and is refused with enable.idempotence=true', () => {
    expect(effective('3.7', { retries: '0' })['enable.idempotence']).toBe(false)
    expect(refusal('3.7', { retries: '0', 'enable.idempotence': 'true' }).message).toContain(
      EXCEPTION + 'Must set retries to non-zero when using the idempotent producer.',
    )
  })

  it('a transactional.id needs idempotence, even when a conflict turned the default off', () => {
    expect(effective('3.7', { 'transactional.id': 'tx-1' })['enable.idempotence']).toBe(true)
    const issue = refusal('3.7', { 'transactional.id': 'tx-1', acks: '1' })
    expect(issue.key).toBe('transactional.id')
    expect(issue.reason).toBe(EXCEPTION + 'Cannot set a transactional.id without also enabling idempotence.')
    expect(refusal('3.7', { 'transactional.id': 'tx-1', 'enable.idempotence': 'false' }).key).toBe('transactional.id')
  })

  it('acks=-1 is acks=all', () => {
    expect(effective('3.7', { acks: '-1', 'enable.idempotence': 'true' }).acks).toBe('all')
  })
})

describe('KAFKA-13598: 3.0.0 and 3.1.0 did not apply the idempotence default', () => {
  it.each(['3.0.0', '3.1.0'])('%s runs without idempotence unless it is set', version => {
    const result = producer(version, {})
    expect(result.ok && result.scenario.producer['enable.idempotence']).toBe(false)
    expect(result.ok && result.warnings.some(w => w.message.includes('KAFKA-13598'))).toBe(true)
  })

  it.each(['3.0.1', '3.1.1', '3.2'])('%s applies it', version => {
    expect(effective(version, {})['enable.idempotence']).toBe(true)
  })

  it('3.0.0 with enable.idempotence=true and acks=1 is still refused', () => {
    expect(refusal('3.0.0', { 'enable.idempotence': 'true', acks: '1' }).reason).toBe(EXCEPTION + PRODUCER_ERRORS.acks)
  })
})

describe('pre-3.0 clients (opt-in idempotence)', () => {
  it('enable.idempotence=true with acks unset forces acks=all and retries=MAX', () => {
    const result = producer('2.0', { 'enable.idempotence': 'true' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.scenario.producer.acks).toBe('all')
    expect(result.scenario.producer.retries).toBe(2147483647)
    expect(result.warnings.filter(w => w.kind === 'effective').map(w => w.key)).toEqual(['acks', 'retries'])
  })

  it('enable.idempotence=true with an explicit acks=1 is a ConfigException', () => {
    expect(refusal('2.4', { 'enable.idempotence': 'true', acks: '1' }).reason).toBe(EXCEPTION + PRODUCER_ERRORS.acks)
  })

  it('acks=1 alone keeps the producer non-idempotent without complaint', () => {
    const result = producer('2.4', { acks: '1' })
    expect(result.ok && result.scenario.producer['enable.idempotence']).toBe(false)
    expect(result.ok && result.warnings).toEqual([])
  })

  it('a transactional.id implies idempotence', () => {
    expect(effective('2.8', { 'transactional.id': 'tx-1' })).toMatchObject({ 'enable.idempotence': true, acks: 'all' })
  })

  it('0.11 allows one request in flight with idempotence', () => {
    expect(effective('0.11', { 'enable.idempotence': 'true' })['max.in.flight.requests.per.connection']).toBe(1)
    expect(refusal('0.11', { 'enable.idempotence': 'true', 'max.in.flight.requests.per.connection': '2' }).key).toBe(
      'max.in.flight.requests.per.connection',
    )
  })

  it('0.10 has no idempotent producer: the setting is ignored with a warning', () => {
    const result = producer('0.10', { 'enable.idempotence': 'true' })
    expect(result.ok && result.scenario.producer['enable.idempotence']).toBe(false)
    expect(result.ok && result.warnings.map(w => w.message)).toEqual([
      'enable.idempotence is not a producer property in Kafka 0.10 (it arrived in 0.11 with KIP-98); ignored',
    ])
  })
})

describe('delivery.timeout.ms', () => {
  it('below linger.ms + request.timeout.ms is refused when set explicitly', () => {
    const issue = refusal('3.7', { 'delivery.timeout.ms': '1000', 'linger.ms': '10' })
    expect(issue.reason).toBe(
      EXCEPTION + 'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms',
    )
  })

  it('is raised to linger.ms + request.timeout.ms when only its default is too small', () => {
    expect(effective('3.7', { 'request.timeout.ms': '200000' })['delivery.timeout.ms']).toBe(200000)
  })
})
