// Passwords read from any file are never printed: every command and output format kafkacheck has — the text report,
// --json, the counterexample files (text, DOT, SVG, HTML, ITF), a re-render, ci's table, --json and JUnit, matrix,
// simulate and the line that refuses bad input — runs on a scenario whose files hold passwords, and none of them
// appears anywhere.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesBelow, kafkacheck, workspace } from './kafkacheck.js'

/** Every secret the files below hold; none may be printed. */
const SECRETS = ['alice-pw-7f3a', 'admin-pw-91c2', 'bob-pw-55d0', 'scram-pw-0b1e', 'trust-pw-e4d8']

const SERVER_PROPERTIES = `listeners=SASL_PLAINTEXT://:9092
security.inter.broker.protocol=SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\
  username="admin" password="admin-pw-91c2" user_admin="admin-pw-91c2" user_alice="alice-pw-7f3a" user_bob="bob-pw-55d0";
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
`

const PRODUCER_PROPERTIES = `bootstrap.servers=kafka-1:9092
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="alice-pw-7f3a";
ssl.truststore.password=trust-pw-e4d8
`

const SCENARIO = `description: PLAIN over SASL_PLAINTEXT with an eavesdropper, passwords in every file.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 1 }
topic: { partitions: 1, replication.factor: 1 }
broker: { file: server.properties }
producer: { file: producer.properties }
consumer:
  security.protocol: SASL_PLAINTEXT
  sasl.mechanism: SCRAM-SHA-512
  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="carol" password="scram-pw-0b1e";
  auto.offset.reset: earliest
  enable.auto.commit: false
scram-credentials:
  carol: SCRAM-SHA-512=[password=scram-pw-0b1e]
faults: { eavesdrop: 1 }
bound: { messages: 1 }
expect:
  CredentialsConfidential: violated
`

const leaked = (text: string): string[] => SECRETS.filter(secret => text.includes(secret))

describe('passwords are never printed', () => {
  it('in any report, file or command output', async () => {
    const dir = workspace({
      'scenarios/plain.yaml': SCENARIO,
      'scenarios/server.properties': SERVER_PROPERTIES,
      'scenarios/producer.properties': PRODUCER_PROPERTIES,
    })
    const runs = [
      ['check', 'scenarios/plain.yaml'],
      ['check', 'scenarios/plain.yaml', '--json', '--out', 'json-out'],
      ['check', 'scenarios/plain.yaml', '--graph', '--out', 'graph-out'],
      ['ci', 'scenarios', '--junit', 'junit.xml'],
      ['ci', 'scenarios', '--json'],
      ['matrix', 'scenarios/plain.yaml', '--vary', 'sasl.mechanism=PLAIN,SCRAM-SHA-512'],
      ['simulate', 'scenarios/plain.yaml', '--seed', '1'],
      ['render', 'out/plain/CredentialsConfidential.itf.json', '--out', 'rendered'],
    ]
    const printed: string[] = []
    for (const args of runs) {
      const { code, stdout, stderr } = await kafkacheck(args, dir)
      expect(code, `${args.join(' ')}: ${stderr}`).toBeLessThan(2)
      printed.push(stdout, stderr)
    }
    const files = filesBelow(dir).filter(file => !file.startsWith('scenarios') && !file.endsWith('.png'))
    expect(files).toEqual(expect.arrayContaining(['out/plain/CredentialsConfidential.html', 'junit.xml']))
    expect(files.some(file => file.endsWith('.itf.json')) && files.some(file => file.endsWith('.svg'))).toBe(true)
    for (const file of files) expect(leaked(readFileSync(join(dir, file), 'utf8')), file).toEqual([])
    expect(leaked(printed.join('\n'))).toEqual([])
    // The report still says what matters: who logged in, and that the password was read.
    expect(printed.join('\n')).toContain('User:alice')
    expect(printed.join('\n')).toContain('password=***')
  })

  it('in the line that refuses a value', async () => {
    const dir = workspace({
      'bad.yaml': SCENARIO.replace(
        'username="carol" password="scram-pw-0b1e";',
        'username="carol" password="scram-pw-0b1e"',
      ).replace('ScramLoginModule required', 'ScramLoginModule maybe'),
      'server.properties': SERVER_PROPERTIES,
      'producer.properties': PRODUCER_PROPERTIES,
    })
    const { code, stdout, stderr } = await kafkacheck(['check', 'bad.yaml'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('sasl.jaas.config')
    expect(leaked(stdout + stderr)).toEqual([])
    expect(filesBelow(join(dir, 'out'))).toEqual([])
  })
})
