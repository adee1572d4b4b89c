// Connections, authentication and authorization (spec/security.ts): the built-in security scenarios' shortest
// traces, the one-setting flips that turn each verdict, the handshake outcomes of every protocol pairing, and the
// configurations Kafka (or kafkacheck) refuses. Every verdict comes from exploring the model.
import { describe, expect, it } from 'vitest'
import { check } from '../../checker/index.js'
import { resolveScenario } from '../../spec/config/resolve.js'
import { actionLabel, type ConnectOutcome } from '../../spec/index.js'
import { kafkaModel } from '../../spec/kafka.js'
import { paramsOf } from '../../spec/params.js'
import { rawScenario, type Blocks } from './config/rawScenario.js'
import { run, shortest, verdict } from './scenarioFiles.js'

const PLAIN_JAAS = (user: string, password: string) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required username="${user}" password="${password}";`
const SCRAM_JAAS = (user: string, password: string) =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`

/** One broker with a SASL listener (PLAIN users admin and alice) and a producer logging in as alice. */
function blocks(overrides: Blocks = {}, protocol = 'SASL_PLAINTEXT'): Blocks {
  const base: Blocks = {
    kafka: { version: '3.7' },
    cluster: { brokers: '1' },
    topic: { name: 'orders', partitions: '1', 'replication.factor': '1' },
    broker: {
      listeners: `${protocol}://:9092`,
      'security.inter.broker.protocol': protocol,
      'sasl.enabled.mechanisms': 'PLAIN',
      [`listener.name.${protocol.toLowerCase()}.plain.sasl.jaas.config`]:
        'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" ' +
        'password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";',
    },
    producer: {
      'security.protocol': protocol,
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': PLAIN_JAAS('alice', 'alice-secret'),
    },
    bound: { messages: '1' },
  }
  const merged: Record<string, Record<string, string | readonly string[]>> = {}
  for (const block of new Set([...Object.keys(base), ...Object.keys(overrides)]) as Set<keyof Blocks>)
    merged[block] = { ...base[block], ...overrides[block] }
  return merged
}

function resolved(b: Blocks) {
  const resolution = resolveScenario(rawScenario(b))
  if (!resolution.ok) throw new Error(resolution.issue.message)
  return resolution.scenario
}

const issueOf = (b: Blocks): string => {
  const resolution = resolveScenario(rawScenario(b))
  if (resolution.ok) throw new Error('expected the configuration to be refused')
  return resolution.issue.message
}

/** Every property's verdict after an exhaustive search of the configuration. */
function verdicts(b: Blocks): Record<string, string> {
  const result = check(kafkaModel(paramsOf(resolved(b))), { maxDepth: 60 })
  expect(result.stoppedBy).toBeUndefined()
  return Object.fromEntries(result.properties.map(p => [p.property, p.verdict]))
}

const outcome = (b: Blocks): ConnectOutcome => paramsOf(resolved(b)).security!.clients[0]!.outcome

describe('the built-in security scenarios', () => {
  it('SASL/PLAIN without TLS: the password is read at the handshake, the record when it is sent', () => {
    const result = run('sasl-plain-eavesdropped')
    expect(shortest(result, 'CredentialsConfidential')).toEqual(['ClientConnect(p1)'])
    expect(shortest(result, 'RecordsConfidential')).toEqual(['ClientConnect(p1)', 'ProducerSend(m1)'])
    expect(verdict(result, 'ClientAuthenticates')).toBe('holds')
  })

  it('SASL_SSL hides both from the eavesdropper', () => {
    const result = run('sasl-plain-over-ssl')
    expect(verdict(result, 'CredentialsConfidential')).toBe('holds')
    expect(verdict(result, 'RecordsConfidential')).toBe('holds')
  })

  it('TLS without host name verification takes a trusted certificate for another host', () => {
    const result = run('tls-no-hostname-verification-mitm')
    expect(shortest(result, 'NoImpersonation')).toEqual(['AttackerIntercept(p1, other-host)'])
    expect(shortest(result, 'RecordsConfidential')).toEqual(['AttackerIntercept(p1, other-host)', 'ProducerSend(m1)'])
    expect(verdict(run('tls-hostname-verification-mitm'), 'NoImpersonation')).toBe('holds')
  })

  it('a client that cannot authenticate sends nothing', () => {
    for (const name of ['sasl-mechanism-not-enabled', 'plaintext-client-sasl-listener']) {
      const result = run(name)
      expect(verdict(result, 'ClientAuthenticates')).toBe('unreached')
      expect(verdict(result, 'RecordAcknowledged')).toBe('unreached')
    }
  })

  it('allow.everyone.if.no.acl.found with no ACLs lets an ungranted producer append', () => {
    expect(shortest(run('authorizer-allow-everyone-no-acls'), 'OnlyAuthorizedWrites')).toEqual([
      'ClientConnect(p1)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
    ])
  })
})

describe('one setting turns the verdict', () => {
  it('SCRAM never sends the password; PLAIN does', () => {
    const scram = blocks({
      broker: {
        'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
        'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      },
      producer: { 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': SCRAM_JAAS('alice', 'alice-secret') },
      'scram-credentials': { alice: 'alice-secret' },
      faults: { eavesdrop: '1' },
    })
    expect(verdicts(scram)).toMatchObject({ CredentialsConfidential: 'holds', RecordsConfidential: 'violated' })
    expect(verdicts(blocks({ faults: { eavesdrop: '1' } }))).toMatchObject({ CredentialsConfidential: 'violated' })
  })

  it('an OAUTHBEARER token is a bearer credential: an eavesdropper can replay it', () => {
    const oauth = blocks({
      broker: {
        'sasl.enabled.mechanisms': 'OAUTHBEARER',
        'listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
      },
      producer: {
        'sasl.mechanism': 'OAUTHBEARER',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="alice";',
      },
      faults: { eavesdrop: '1' },
    })
    expect(verdicts(oauth)).toMatchObject({ CredentialsConfidential: 'violated', ClientAuthenticates: 'holds' })
  })

  it('a man-in-the-middle passes for the broker to a client without TLS, never to one that verifies host names', () => {
    expect(verdicts(blocks({ faults: { mitm: '1' } }))).toMatchObject({
      NoImpersonation: 'violated',
      CredentialsConfidential: 'violated',
    })
    const verified = blocks({ faults: { mitm: '1' } }, 'SASL_SSL')
    expect(verdicts(verified)).toMatchObject({ NoImpersonation: 'holds', CredentialsConfidential: 'holds' })
    const unverified = blocks(
      { producer: { 'ssl.endpoint.identification.algorithm': '' }, faults: { mitm: '1' } },
      'SASL_SSL',
    )
    expect(verdicts(unverified)).toMatchObject({ NoImpersonation: 'violated', CredentialsConfidential: 'violated' })
  })

  it('before 2.0 (KIP-294) a TLS client verified no host name by default', () => {
    const old = blocks(
      { kafka: { version: '1.1' }, producer: { 'enable.idempotence': 'false' }, faults: { mitm: '1' } },
      'SASL_SSL',
    )
    expect(verdicts(old)).toMatchObject({ NoImpersonation: 'violated' })
  })

  it('followers fetching over a PLAINTEXT inter-broker listener expose records the clients send over TLS', () => {
    const mixed = blocks(
      {
        cluster: { brokers: '2' },
        topic: { 'replication.factor': '2' },
        broker: { listeners: 'SASL_SSL://:9093,PLAINTEXT://:9092', 'security.inter.broker.protocol': 'PLAINTEXT' },
        producer: { 'bootstrap.servers': 'kafka-1:9093' },
        faults: { eavesdrop: '1' },
      },
      'SASL_SSL',
    )
    const result = check(kafkaModel(paramsOf(resolved(mixed))), { maxDepth: 60 })
    const violation =
      result.status === 'violated' ? result.violations.find(v => v.property === 'RecordsConfidential') : undefined
    expect(violation !== undefined && violation.kind !== 'sometimes').toBe(true)
    if (violation === undefined || violation.kind === 'sometimes') return
    expect(violation.trace.slice(1).map(step => actionLabel(step.action!))).toEqual([
      'ClientConnect(p1)',
      'ProducerSend(m1)',
      'LeaderHandleProduce(m1)',
      'FollowerFetch(p0, b2)',
    ])
  })

  it('the authorizer: no ACL for the topic and allow.everyone false denies; one ACL for someone else denies too', () => {
    const authorizer = { 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer' }
    expect(verdicts(blocks({ broker: authorizer }))).toMatchObject({
      OnlyAuthorizedWrites: 'holds',
      RecordAcknowledged: 'unreached',
    })
    const bobOnly = blocks({
      broker: { ...authorizer, 'allow.everyone.if.no.acl.found': 'true' },
      acls: { 'User:bob': 'WRITE orders' },
    })
    expect(verdicts(bobOnly)).toMatchObject({ OnlyAuthorizedWrites: 'holds', RecordAcknowledged: 'unreached' })
    const granted = blocks({ broker: authorizer, acls: { 'User:alice': ['WRITE orders'] } })
    expect(verdicts(granted)).toMatchObject({ OnlyAuthorizedWrites: 'holds', RecordAcknowledged: 'holds' })
    const superUser = blocks({ broker: { ...authorizer, 'super.users': 'User:admin;User:alice' } })
    expect(verdicts(superUser)).toMatchObject({ RecordAcknowledged: 'holds' })
    // ACLs without an authorizer are never read.
    expect(verdicts(blocks({ acls: { 'User:bob': 'WRITE orders' } }))).toMatchObject({
      OnlyAuthorizedWrites: 'violated',
    })
  })

  it('a consumer needs READ on the topic and on its group', () => {
    const consumer = (acls: readonly string[]) =>
      blocks({
        cluster: { consumers: '1' },
        broker: { 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer' },
        consumer: {
          'security.protocol': 'SASL_PLAINTEXT',
          'sasl.mechanism': 'PLAIN',
          'sasl.jaas.config': PLAIN_JAAS('alice', 'alice-secret'),
          'group.id': 'billing',
          'auto.offset.reset': 'earliest',
          'enable.auto.commit': 'false',
        },
        acls: { 'User:alice': ['WRITE orders', ...acls] },
      })
    expect(verdicts(consumer(['READ orders']))).toMatchObject({ RecordProcessed: 'unreached' })
    expect(verdicts(consumer(['READ orders', 'READ group:billing']))).toMatchObject({ RecordProcessed: 'holds' })
  })
})

describe('handshake outcomes', () => {
  const listener = (protocol: string, client: string): Blocks =>
    blocks({ producer: { 'security.protocol': client } }, protocol)

  it.each([
    ['SASL_PLAINTEXT', 'SASL_PLAINTEXT', 'ok'],
    ['SASL_SSL', 'PLAINTEXT', 'plaintext-to-tls-listener'],
    ['SASL_SSL', 'SASL_PLAINTEXT', 'plaintext-to-tls-listener'],
    ['SASL_SSL', 'SSL', 'no-sasl-to-sasl-listener'],
    ['SASL_PLAINTEXT', 'PLAINTEXT', 'no-sasl-to-sasl-listener'],
    ['SASL_PLAINTEXT', 'SASL_SSL', 'tls-to-plaintext-listener'],
  ])('a %s listener and a %s client: %s', (protocol, client, expected) => {
    expect(outcome(listener(protocol, client))).toBe(expected)
  })

  it('a SASL client on a listener without SASL, and credentials that do not match', () => {
    const plain = blocks({ broker: { listeners: 'PLAINTEXT://:9092', 'security.inter.broker.protocol': 'PLAINTEXT' } })
    expect(outcome(plain)).toBe('sasl-to-plaintext-listener')
    expect(outcome(blocks({ producer: { 'sasl.jaas.config': PLAIN_JAAS('alice', 'guess') } }))).toBe('bad-credentials')
    expect(outcome(blocks({ producer: { 'sasl.jaas.config': PLAIN_JAAS('mallory', 'x') } }))).toBe('bad-credentials')
    expect(outcome(blocks({ producer: { 'sasl.mechanism': 'SCRAM-SHA-256' } }))).toBe('mechanism-not-enabled')
  })

  it('ssl.client.auth=required refuses a client without a keystore; on SASL_SSL only the listener-prefixed one counts', () => {
    const ssl: Blocks = {
      broker: { listeners: 'SSL://:9093', 'security.inter.broker.protocol': 'SSL', 'ssl.client.auth': 'required' },
      producer: { 'security.protocol': 'SSL' },
    }
    expect(outcome(blocks(ssl))).toBe('no-client-certificate')
    expect(
      outcome(blocks({ ...ssl, producer: { 'security.protocol': 'SSL', 'ssl.keystore.location': '/k.jks' } })),
    ).toBe('ok')
    expect(outcome(blocks({ broker: { 'ssl.client.auth': 'required' } }, 'SASL_SSL'))).toBe('ok')
    const prefixed = blocks({ broker: { 'listener.name.sasl_ssl.ssl.client.auth': 'required' } }, 'SASL_SSL')
    expect(outcome(prefixed)).toBe('no-client-certificate')
  })
})

describe('configurations refused', () => {
  it('a SASL listener without its JAAS entry does not start', () => {
    const b = blocks()
    const broker = { ...b.broker }
    delete (broker as Record<string, unknown>)['listener.name.sasl_plaintext.plain.sasl.jaas.config']
    expect(issueOf({ ...b, broker })).toContain(
      "Could not find a 'sasl_plaintext.KafkaServer' or 'KafkaServer' entry in the JAAS configuration",
    )
  })

  it('names file, key and what is allowed', () => {
    expect(issueOf(blocks({ broker: { listeners: 'SASL_PLAINTEXT:9092' } }))).toMatch(
      /^scenario\.yaml:\d+: broker listeners=SASL_PLAINTEXT:9092 is not allowed; allowed: NAME:\/\/host:port/,
    )
    expect(issueOf(blocks({ producer: { 'bootstrap.servers': 'kafka-1:9999' } }))).toContain(
      'allowed: a port of a broker listener (SASL_PLAINTEXT:9092)',
    )
    expect(issueOf(blocks({ faults: { eavesdrop: '2' } }))).toContain('allowed: 0 or 1')
    expect(issueOf(blocks({ acls: { alice: 'WRITE orders' } }))).toContain('allowed: User:<name>: OPERATION')
    expect(issueOf(blocks({ broker: { 'security.inter.broker.protocol': 'SSL' } }))).toContain(
      'inter.broker.listener.name must be a listener name defined in advertised.listeners',
    )
  })

  it('never shows a password, even in the line that refuses it', () => {
    const message = issueOf(
      blocks({ producer: { 'sasl.jaas.config': 'PlainLoginModule username="alice" password="hunter2"' } }),
    )
    expect(message).toContain('sasl.jaas.config')
    expect(message).not.toContain('hunter2')
    expect(JSON.stringify(resolved(blocks()))).not.toMatch(/alice-secret|admin-secret/)
  })

  it('listeners that are all PLAINTEXT say nothing about security; a KRaft controller listener is not a client one', () => {
    const plaintext = resolved({
      kafka: { version: '3.7' },
      broker: {
        listeners: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:SSL',
        'controller.listener.names': 'CONTROLLER',
      },
      bound: { messages: '1' },
    })
    expect(plaintext.security).toBeNull()
    const sasl = blocks({
      broker: {
        listeners: 'SASL_PLAINTEXT://:9092,CONTROLLER://:9093',
        'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
        'controller.listener.names': 'CONTROLLER',
      },
    })
    expect(resolved(sasl).security!.listeners.map(l => l.name)).toEqual(['SASL_PLAINTEXT'])
    expect(outcome(sasl)).toBe('ok')
  })

  it('a scenario that says nothing about security has no connections', () => {
    const p = paramsOf(resolved({ kafka: { version: '3.7' }, bound: { messages: '1' } }))
    expect(p.security).toBeNull()
    expect(kafkaModel(p).init()[0]!.connections).toEqual([])
  })
})
