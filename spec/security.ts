// Connections, authentication and authorization, and an attacker on the network. Each client (every producer, then
// every consumer) connects once: every broker has the same listeners, so its connection to each goes the same way.
// The TLS handshake (SslTransportLayer), the SASL handshake (SaslClientAuthenticator / SaslServerAuthenticator) and
// the authorizer's decision all follow from the configuration, so they are decided once here (`securityParams`);
// the actions only say when they happen. An eavesdropper reads what crosses the wire unencrypted; a
// man-in-the-middle intercepts a connection and presents its own certificate, or none.

import type { ActionOf } from './actions.js'
import { hasSasl, hasTls } from './config/security.js'
import type { Acl, ClientSecurity, ListenerSecurity, SaslMechanism, Scenario, SecurityConfig } from './config/types.js'
import type { Params } from './params.js'
import {
  consumerClient,
  replaceAt,
  update,
  updateConnection,
  updateFaults,
  type Connection,
  type State,
} from './state.js'

/**
 * What connecting to the brokers gives a client, decided by its settings and its listener's, in the order the
 * handshakes run: the TLS layer, the client certificate, then SASL.
 */
export const CONNECT_OUTCOMES = [
  'ok',
  'no-client-jaas',
  'tls-to-plaintext-listener',
  'plaintext-to-tls-listener',
  'no-client-certificate',
  'no-sasl-to-sasl-listener',
  'sasl-to-plaintext-listener',
  'mechanism-not-enabled',
  'bad-credentials',
] as const
export type ConnectOutcome = (typeof CONNECT_OUTCOMES)[number]

/** What a man-in-the-middle presents: plaintext, a certificate no trusted CA signed, or a trusted CA's for its own host. */
export const ATTACKER_CERTIFICATES = ['none', 'self-signed', 'other-host'] as const
export type AttackerCertificate = (typeof ATTACKER_CERTIFICATES)[number]

export interface ClientConnection {
  readonly role: 'producer' | 'consumer'
  /** Its producer or consumer number. */
  readonly index: number
  readonly outcome: ConnectOutcome
  /** The listener its bootstrap.servers reach, and the mechanisms that listener enables. */
  readonly listener: string
  readonly listenerMechanisms: readonly SaslMechanism[]
  readonly protocol: ClientSecurity['security.protocol']
  readonly tls: boolean
  /** The SASL mechanism it authenticates with; null without SASL. */
  readonly mechanism: SaslMechanism | null
  /** Its SASL exchange carries a reusable secret: PLAIN's password (PlainSaslServer), OAUTHBEARER's bearer token. */
  readonly sendsSecret: boolean
  /** `ssl.endpoint.identification.algorithm=https`: it checks the certificate's host name (SslFactory). */
  readonly verifiesHostname: boolean
  /** The principal the brokers see: User:<SASL name>, or User:ANONYMOUS without SASL. */
  readonly principal: string
  /** The authorizer lets it do its work: WRITE on the topic (producer), READ on the topic and group (consumer). */
  readonly allowed: boolean
  /** The ACLs (or super.users) grant it that work; without them the authorizer may still allow it. */
  readonly granted: boolean
}

export interface SecurityParams {
  /** The producers' connections, then the consumers'. */
  readonly clients: readonly ClientConnection[]
  /** `faults.eavesdrop`: someone reads the unencrypted bytes on the wire. */
  readonly eavesdropper: boolean
  /** Followers fetch over a listener without TLS. */
  readonly replicationInClear: boolean
  /** The scenario names an authorizer or ACLs: OnlyAuthorizedWrites is checked. */
  readonly checksWrites: boolean
}

/** The TLS, client-certificate and SASL handshakes against the client's listener (what its connection attempt ends in). */
function connectOutcome(client: ClientSecurity, listener: ListenerSecurity): ConnectOutcome {
  const protocol = client['security.protocol']
  const sasl = hasSasl(protocol)
  // KafkaProducer/KafkaConsumer build their SASL login first: without a JAAS entry they fail to start (JaasContext).
  if (sasl && client.loginModule === null) return 'no-client-jaas'
  // SslTransportLayer.handshake: one side speaks TLS, the other does not.
  if (hasTls(protocol) && !hasTls(listener.protocol)) return 'tls-to-plaintext-listener'
  if (!hasTls(protocol) && hasTls(listener.protocol)) return 'plaintext-to-tls-listener'
  // SslFactory with ssl.client.auth=required: the broker ends a handshake with no client certificate.
  if (hasTls(protocol) && listener['ssl.client.auth'] === 'required' && client['ssl.keystore.location'] === null)
    return 'no-client-certificate'
  const saslListener = hasSasl(listener.protocol)
  // SaslServerAuthenticator expects a SaslHandshake first; anything else ends the connection.
  if (!sasl && saslListener) return 'no-sasl-to-sasl-listener'
  if (sasl && !saslListener) return 'sasl-to-plaintext-listener'
  if (!sasl) return 'ok'
  // SaslServerAuthenticator.handleHandshakeRequest: UNSUPPORTED_SASL_MECHANISM.
  if (!listener.mechanisms.includes(client['sasl.mechanism'])) return 'mechanism-not-enabled'
  return client.credentials === 'unknown-user' || client.credentials === 'wrong-password' ? 'bad-credentials' : 'ok'
}

/** AclAuthorizer / StandardAuthorizer: an ALLOW ACL of this principal (or User:*) for the operation (or ALL). */
const aclGrants = (
  acls: readonly Acl[],
  principal: string,
  operation: Acl['operation'],
  resource: Acl['resource'],
  name: string,
) =>
  acls.some(
    acl =>
      (acl.principal === principal || acl.principal === 'User:*') &&
      (acl.operation === operation || acl.operation === 'ALL') &&
      acl.resource === resource &&
      (acl.name === name || acl.name === '*'),
  )

/** `allow.everyone.if.no.acl.found` applies to a resource no ACL names at all, whoever the ACLs are for. */
const noAclFor = (acls: readonly Acl[], resource: Acl['resource'], name: string) =>
  !acls.some(acl => acl.resource === resource && (acl.name === name || acl.name === '*'))

/** What the role needs: WRITE on the topic for a producer; READ on the topic and on the group for a consumer. */
function needs(role: ClientConnection['role'], scenario: Scenario): [Acl['operation'], Acl['resource'], string][] {
  return role === 'producer'
    ? [['WRITE', 'topic', scenario.topic.name]]
    : [
        ['READ', 'topic', scenario.topic.name],
        ['READ', 'group', scenario.consumer['group.id']],
      ]
}

function clientConnection(
  role: ClientConnection['role'],
  index: number,
  scenario: Scenario,
  security: SecurityConfig,
): ClientConnection {
  const client = security[role]!
  const listener = security.listeners.find(l => l.name === client.listener)!
  const mechanism = hasSasl(client['security.protocol']) ? client['sasl.mechanism'] : null
  const principal = mechanism !== null && client.username !== null ? `User:${client.username}` : 'User:ANONYMOUS'
  const superUser = security['super.users'].includes(principal)
  const { acls } = security
  const needed = needs(role, scenario)
  const granted = superUser || needed.every(([op, resource, name]) => aclGrants(acls, principal, op, resource, name))
  const allowed =
    security['authorizer.class.name'] === null ||
    superUser ||
    needed.every(
      ([op, resource, name]) =>
        aclGrants(acls, principal, op, resource, name) ||
        (security['allow.everyone.if.no.acl.found'] && noAclFor(acls, resource, name)),
    )
  return {
    role,
    index,
    outcome: connectOutcome(client, listener),
    listener: client.listener,
    listenerMechanisms: listener.mechanisms,
    protocol: client['security.protocol'],
    tls: hasTls(client['security.protocol']),
    mechanism,
    sendsSecret: mechanism === 'PLAIN' || mechanism === 'OAUTHBEARER',
    verifiesHostname: client['ssl.endpoint.identification.algorithm'] !== '',
    principal,
    allowed,
    granted,
  }
}

/** The connections of a scenario's clients, decided from its configuration; null when it says nothing of security. */
export function securityParams(scenario: Scenario): SecurityParams | null {
  const { security } = scenario
  if (security === null) return null
  const interBroker = security.listeners.find(l => l.name === security['inter.broker.listener.name'])!
  return {
    clients: [
      ...Array.from({ length: scenario.cluster.producers }, (_, i) =>
        clientConnection('producer', i, scenario, security),
      ),
      ...Array.from({ length: scenario.cluster.consumers }, (_, i) =>
        clientConnection('consumer', i, scenario, security),
      ),
    ],
    eavesdropper: scenario.faults.eavesdrop > 0,
    replicationInClear: !hasTls(interBroker.protocol),
    checksWrites: security['authorizer.class.name'] !== null || security.acls.length > 0,
  }
}

// Enabling conditions and actions.

const connecting = (c: Connection) => c.status === 'unconnected' || c.status === 'rejected'

/** Whether the client may do its work: connected, authenticated, and allowed by the authorizer (always, without security). */
export function clientWorks(p: Params, s: State, client: number): boolean {
  if (p.security === null) return true
  return s.connections[client]!.status === 'authenticated' && p.security.clients[client]!.allowed
}

export const consumerWorks = (p: Params, s: State, consumer: number): boolean =>
  clientWorks(p, s, consumerClient(p, consumer))

/** ClientConnect is enabled: the client has no connection yet, or refused an impostor's and tries again. */
export const canConnect = (s: State, client: number): boolean => connecting(s.connections[client]!)

/** The attacker's SASL exchange reaches it in the clear: outcomes that get as far as sending the credentials. */
const sendsCredentials = (outcome: ConnectOutcome) => outcome === 'ok' || outcome === 'bad-credentials'

/** The connection after the handshakes with the brokers: authenticated, or refused for good. */
function handshake(c: ClientConnection, connection: Connection, readable: boolean, viaAttacker: boolean): Connection {
  return updateConnection(connection, {
    status: c.outcome === 'ok' ? 'authenticated' : 'refused',
    viaAttacker,
    credentialsRead: connection.credentialsRead || (readable && c.sendsSecret && sendsCredentials(c.outcome)),
  })
}

/** ClientConnect: the client connects to its listener and runs the TLS and SASL handshakes (NetworkClient.initiateConnect). */
export function clientConnect(p: Params, s: State, { client }: ActionOf<'ClientConnect'>): State {
  const c = p.security!.clients[client]!
  const connection = handshake(c, s.connections[client]!, p.security!.eavesdropper && !c.tls, false)
  return update(s, { connections: replaceAt(s.connections, client, connection) })
}

/** The certificates an attacker can usefully present: none to a client without TLS, any of the three to one with. */
export const attackerCertificates = (p: Params, client: number): readonly AttackerCertificate[] =>
  p.security!.clients[client]!.tls ? ATTACKER_CERTIFICATES : ['none']

/** AttackerIntercept is enabled: the budget is not spent and the client is connecting. */
export const canIntercept = (p: Params, s: State, client: number): boolean =>
  connecting(s.connections[client]!) && s.faults.interceptions < p.faults.mitm

/**
 * Whether the client takes the attacker for the broker. Without TLS it cannot tell. With TLS the certificate must
 * chain to its truststore (a self-signed one does not: "PKIX path building failed"), and with host name
 * verification name the broker's host (X509TrustManager via SslFactory: "No subject alternative names matching").
 */
export const acceptsImpostor = (c: ClientConnection, certificate: AttackerCertificate): boolean =>
  !c.tls || (certificate === 'other-host' && !c.verifiesHostname)

/**
 * AttackerIntercept: a man-in-the-middle answers the client's connection. A client that accepts it is relayed to the
 * brokers and authenticates through it (SCRAM's proofs pass through unread); one that refuses closes and retries.
 */
export function attackerIntercept(p: Params, s: State, { client, certificate }: ActionOf<'AttackerIntercept'>): State {
  const c = p.security!.clients[client]!
  const before = s.connections[client]!
  const connection = acceptsImpostor(c, certificate)
    ? updateConnection(handshake(c, before, true, true), { impersonated: true })
    : updateConnection(before, { status: 'rejected' })
  return update(s, {
    connections: replaceAt(s.connections, client, connection),
    faults: updateFaults(s.faults, { interceptions: s.faults.interceptions + 1 }),
  })
}

/** Whether what the client sends or receives can be read: an eavesdropper on a connection without TLS, or an impostor. */
export const readableConnection = (p: Params, s: State, client: number): boolean =>
  s.connections[client]!.viaAttacker || (p.security!.eavesdropper && !p.security!.clients[client]!.tls)

/** After a step that carried records on the client's connection: an attacker who can read it has read them. */
export function recordsCrossed(p: Params, s: State, client: number): State {
  const connection = s.connections[client]!
  if (connection.recordsRead || !readableConnection(p, s, client)) return s
  return update(s, {
    connections: replaceAt(s.connections, client, updateConnection(connection, { recordsRead: true })),
  })
}

/** After a follower fetched records: an eavesdropper reads them off an unencrypted inter-broker listener. */
export const replicationCrossed = (p: Params, s: State): State =>
  s.replicationRead || !p.security!.eavesdropper || !p.security!.replicationInClear
    ? s
    : update(s, { replicationRead: true })

// Properties.

/** Clients whose connection leaked credentials, records, or went to an impostor. */
export const leakedCredentials = (s: State): number[] =>
  s.connections.flatMap((c, client) => (c.credentialsRead ? [client] : []))
export const leakedRecords = (s: State): number[] =>
  s.connections.flatMap((c, client) => (c.recordsRead ? [client] : []))
export const impersonatedClients = (s: State): number[] =>
  s.connections.flatMap((c, client) => (c.impersonated ? [client] : []))

/** Producers whose principal the ACLs do not grant WRITE and whose records a leader appended all the same. */
export function unauthorizedWriters(p: Params, s: State): number[] {
  const security = p.security!
  const writers = new Set<number>()
  for (const partition of s.partitions)
    for (const replica of partition.replicas)
      for (const entry of replica.log)
        if (entry.kind === 'data' && !security.clients[entry.producer]!.granted) writers.add(entry.producer)
  return [...writers].sort((a, b) => a - b)
}

export function securityProperties(p: Params) {
  const security = p.security
  if (security === null) return { invariants: {}, sometimes: {} }
  const attacker = p.faults.eavesdrop + p.faults.mitm > 0
  const anyUngranted = security.clients.some(c => c.role === 'producer' && !c.granted)
  return {
    invariants: {
      ...(attacker
        ? {
            /** No password or bearer token a client sends is readable by an attacker on the network. */
            CredentialsConfidential: (s: State) => leakedCredentials(s).length === 0,
            /** No record is readable on the wire by an attacker. */
            RecordsConfidential: (s: State) => leakedRecords(s).length === 0 && !s.replicationRead,
          }
        : {}),
      ...(p.faults.mitm > 0
        ? {
            /** No client takes a man-in-the-middle for the broker. */
            NoImpersonation: (s: State) => impersonatedClients(s).length === 0,
          }
        : {}),
      ...(security.checksWrites
        ? {
            /** A principal the ACLs do not grant WRITE on the topic never appends to it. */
            OnlyAuthorizedWrites: (s: State) => !anyUngranted || unauthorizedWriters(p, s).length === 0,
          }
        : {}),
    },
    sometimes: {
      /** Every client connects and authenticates. */
      ClientAuthenticates: (s: State) => s.connections.every(c => c.status === 'authenticated'),
    },
  }
}
