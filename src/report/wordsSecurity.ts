// Connections and the attacker in words: the handshakes a client runs with its listener, what the real client and
// broker log when they fail (quoted from Kafka), and what an attacker read.

import { hasTls, type ConnectOutcome, type Params } from '../../spec/index.js'
import type { Connect, ReplicationRead, WireRead } from './facts.js'
import { roleName } from './names.js'

/**
 * What the Java client and the broker log when a connection ends in `outcome`, in Kafka's words
 * (Selector.pollSelectionKeys, NetworkClient.processDisconnection, SaslServerAuthenticator, SslTransportLayer).
 */
export function connectFailureLog(
  outcome: Exclude<ConnectOutcome, 'ok'>,
  fact: Pick<Connect, 'role' | 'mechanism' | 'listener' | 'listenerMechanisms' | 'protocol'>,
): string {
  const kind = fact.role === 'producer' ? 'producer' : 'consumer'
  const disconnected =
    'the client only logs "Bootstrap broker <host>:<port> (id: -1 rack: null) disconnected" and tries again, until ' +
    (fact.role === 'producer'
      ? 'send() fails with "Topic <topic> not present in metadata after 60000 ms."'
      : 'forever: poll() keeps returning nothing')
  const failed = (message: string) =>
    `the client logs "Connection to node -1 (<host>:<port>) failed authentication due to: ${message}"; ` +
    (fact.role === 'producer' ? 'send() fails with it' : 'poll() throws it')
  switch (outcome) {
    case 'no-client-jaas':
      return (
        `the ${kind} does not start: "Failed to construct kafka ${kind}", caused by "Could not find a 'KafkaClient' ` +
        "entry in the JAAS configuration. System property 'java.security.auth.login.config' is not set\" " +
        '(sasl.jaas.config is not set)'
      )
    case 'tls-to-plaintext-listener':
      return (
        `it opens with a TLS ClientHello to the ${fact.listener} listener, which has no TLS: the broker reads it as a ` +
        'request size and logs "Unexpected error from /<client>; closing connection" with "Invalid receive (size = ' +
        '369295617 larger than 104857600)"; the client logs "Connection to node -1 (<host>:<port>) terminated during ' +
        'authentication" and tries again, for ever'
      )
    case 'plaintext-to-tls-listener':
      return (
        `it speaks without TLS to the ${fact.listener} listener, which expects TLS: the broker logs "Failed ` +
        `authentication with /<client> (SSL handshake failed)"; ${disconnected} (reading the TLS alert as a ` +
        'response size can even run the client out of memory, KAFKA-4090)'
      )
    case 'no-client-certificate':
      return (
        `the ${fact.listener} listener has ssl.client.auth=required and the client has no ssl.keystore.location: ` +
        'the broker\'s TLS handshake fails with "Empty client certificate chain" and it logs "Failed authentication ' +
        `with /<client> (SSL handshake failed)"; ${failed('SSL handshake failed')}`
      )
    case 'no-sasl-to-sasl-listener':
      return (
        `it sends a Metadata request where the ${fact.listener} listener expects a SASL handshake: the broker ` +
        'logs "Failed authentication with /<client> (Unexpected Kafka request of type METADATA during SASL ' +
        `handshake.)" and closes the connection; ${disconnected}`
      )
    case 'sasl-to-plaintext-listener':
      return failed(
        `Unexpected handshake request with client mechanism ${fact.mechanism}, enabled mechanisms are []`,
      ).replace('failed authentication', `(the ${fact.listener} listener has no SASL) failed authentication`)
    case 'mechanism-not-enabled':
      return failed(
        `Client SASL mechanism '${fact.mechanism}' not enabled in the server, enabled mechanisms are ` +
          `[${fact.listenerMechanisms.join(', ')}]`,
      )
    case 'bad-credentials':
      return failed(
        fact.mechanism === 'PLAIN'
          ? 'Authentication failed: Invalid username or password'
          : `Authentication failed during authentication due to invalid credentials with SASL mechanism ${fact.mechanism}`,
      )
  }
}

/** "SASL_SSL with SCRAM-SHA-512". */
const how = ({ protocol, mechanism }: Pick<Connect, 'protocol' | 'mechanism'>): string =>
  mechanism === null ? protocol : `${protocol} with ${mechanism}`

const certificateWords = {
  none: 'no TLS at all',
  'self-signed': 'a self-signed certificate',
  'other-host': "a certificate a trusted CA issued for the attacker's own host",
} as const

export function connectWords(fact: Connect): string[] {
  const who = roleName(fact.role, fact.index)
  const read = fact.credentialsRead
    ? `the attacker reads ${fact.mechanism === 'PLAIN' ? 'its SASL/PLAIN password' : `its ${fact.mechanism} token`}`
    : ''
  const result =
    fact.outcome === 'ok'
      ? `${who} is authenticated as ${fact.principal}` +
        (fact.unauthorized ? ', but the authorizer does not allow its requests (TopicAuthorizationException)' : '')
      : `${who} cannot connect: ${connectFailureLog(fact.outcome, fact)}`
  if (fact.attacker === null)
    return [`${who} connects to the ${fact.listener} listener (${how(fact)})`, read, result].filter(w => w !== '')
  const presented = `a man-in-the-middle answers ${who}'s connection with ${certificateWords[fact.attacker.certificate]}`
  if (!fact.attacker.accepted)
    return [
      presented,
      fact.attacker.certificate === 'self-signed'
        ? `${who} refuses it: "PKIX path building failed" (SSLHandshakeException); it will connect again`
        : fact.attacker.certificate === 'other-host'
          ? `${who} refuses it: "No subject alternative DNS name matching <broker host> found" (host name ` +
            'verification, ssl.endpoint.identification.algorithm=https); it will connect again'
          : `${who} refuses it: "Unrecognized SSL message, plaintext connection?" (SSL handshake failed); it will ` +
            'connect again',
    ]
  return [
    presented,
    `${who} takes it for the broker (${hasTls(fact.protocol) ? 'no host name verification' : 'no TLS'}); the attacker relays it to the brokers and reads everything it sends`,
    read,
    result,
  ].filter(w => w !== '')
}

export function wireReadWords({ role, index, by }: WireRead): string[] {
  return [
    by === 'impostor'
      ? `the man-in-the-middle reads the records on ${roleName(role, index)}'s connection`
      : `the eavesdropper reads the records on ${roleName(role, index)}'s connection: it has no TLS`,
  ]
}

export const replicationReadWords = (_: ReplicationRead): string[] => [
  'the eavesdropper reads the fetched records: brokers replicate over a listener without TLS',
]

/**
 * Why ClientAuthenticates is never reached: each client role whose connection the configuration dooms, with what the
 * real client and broker log (one line per role: every client of a role has the same settings).
 */
export function connectionProblems(p: Params): string[] {
  const lines = new Map<string, string>()
  for (const c of p.security?.clients ?? [])
    if (c.outcome !== 'ok' && !lines.has(c.role))
      lines.set(c.role, `${roleName(c.role, c.index)} cannot connect: ${connectFailureLog(c.outcome, c)}`)
  return [...lines.values()]
}

/**
 * Why a `sometimes` property was never reached, where the configuration alone decides it: an unreached
 * ClientAuthenticates names each client role that cannot connect and what it logs. Undefined elsewhere.
 */
export function explainUnreached(property: string, p: Params): string | undefined {
  if (property !== 'ClientAuthenticates') return undefined
  const problems = connectionProblems(p)
  return problems.length === 0 ? undefined : problems.join('; ')
}
