// `kafkacheck check --spring application.yml` as a Spring Boot team runs it: an ordinary file reads without a
// warning (its translations counted on one line, listed by --verbose with file and line), the prod profile applies
// over it, no password it holds is ever printed, and bad input is one line with exit 2 and nothing written.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesBelow, kafkacheck, REPOSITORY, workspace } from './kafkacheck.js'

const FIXTURES = join(REPOSITORY, 'test/fixtures/spring')

/** A scratch folder holding the Spring fixtures (application.yml, application-prod.yml, ...) and `extra`. */
const springService = (extra: Readonly<Record<string, string>> = {}) =>
  workspace({
    ...Object.fromEntries(readdirSync(FIXTURES).map(file => [file, readFileSync(join(FIXTURES, file), 'utf8')])),
    ...extra,
  })

/** The passwords the fixtures hold: the client's (a placeholder's default), the truststore's, the broker admin's. */
const SECRETS = ['orders-pw-4c1d', 'trust-pw-9e2a', 'admin-pw-71b0']
const leaked = (text: string) => SECRETS.filter(secret => text.includes(secret))

describe('check --spring', () => {
  it('reads an ordinary Spring Boot file without a warning, counting what it translated on one line', async () => {
    const dir = springService()
    const { code, stdout, stderr } = await kafkacheck(['check', '--spring', 'application.yml', '--no-blame'], dir)
    expect(code, stderr).toBe(0)
    expect(stdout).toContain(
      'Read 23 Spring Boot keys from application.yml: 19 as Kafka properties, 1 as app settings, 3 changing nothing ' +
        'kafkacheck checks ' +
        '(--verbose lists them)',
    )
    expect(stdout).not.toContain('Warnings')
    expect(stdout).toMatch(/consumer {2}group\.id=orders-service\n {12}enable\.auto\.commit=false\n/)
    expect(stdout).toContain('app       commit=after-process commit-interval=every-batch processing=sync')
    expect(stdout).toContain('All 12 properties hold.')
    // --json tells the translations apart from the warnings too.
    const json = await kafkacheck(['check', '--spring', 'application.yml', '--no-blame', '--json'], dir)
    const document = JSON.parse(json.stdout) as { warnings: string[]; translations: string[] }
    expect(document.warnings).toEqual([])
    expect(document.translations).toHaveLength(23)
  })

  it('lists every translation with --verbose, and prints no password of any file in any output', async () => {
    const dir = springService()
    const files = ['--spring', 'application.yml', '--spring-profile', 'prod', '--broker', 'server-prod.properties']
    const text = await kafkacheck(['check', ...files, '--verbose'], dir)
    expect(text.code, text.stderr).toBe(1) // auto-offset-reset=latest skips what was written before the group existed
    expect(text.stdout).toContain('Read from another spelling\n')
    expect(text.stdout).toContain(
      '  application-prod.yml:15: spring.kafka.properties.sasl.jaas.config is read as sasl.jaas.config (spring ' +
        'spelling), for the producer and the consumer\n',
    )
    expect(text.stdout).toContain(
      '  application-prod.yml:19: spring.kafka.consumer.auto-offset-reset is read as auto.offset.reset (spring ' +
        'spelling), for the consumer; it replaces application.yml:23\n',
    )
    expect(text.stdout).toContain(
      '  Spring Kafka default: spring.kafka.consumer.enable-auto-commit is not set, so the listener container sets ' +
        'enable.auto.commit=false (Spring Kafka 2.3 and later)\n',
    )
    expect(text.stdout).not.toContain('Warnings')
    const counted = await kafkacheck(['check', ...files, '--no-blame', '--quiet'], dir)
    expect(counted.stdout).toContain('Read 28 Spring Boot keys from application.yml and application-prod.yml: ')
    expect(text.stdout).toContain('NoLossEndToEnd            violated')
    // Blame names the line to change: the profile's, not the base file's.
    expect(text.stdout).toContain('auto.offset.reset=latest (application-prod.yml:19')
    expect(text.stdout).toContain('sasl.jaas.config=PlainLoginModule(username=orders, password=***: valid)')
    const json = await kafkacheck(['check', ...files, '--json', '--out', 'json-out'], dir)
    expect(json.code, json.stderr).toBe(1)
    const written = filesBelow(dir).filter(file => file.startsWith('out/') || file.startsWith('json-out/'))
    expect(written.some(file => file.endsWith('.html'))).toBe(true)
    for (const file of written) expect(leaked(readFileSync(join(dir, file), 'utf8')), file).toEqual([])
    expect(leaked([text.stdout, text.stderr, json.stdout, json.stderr].join('\n'))).toEqual([])
  })

  it('reads application.properties the same way', async () => {
    const dir = springService()
    const yml = await kafkacheck(['check', '--spring', 'application.yml', '--no-blame', '--quiet'], dir)
    const properties = await kafkacheck(['check', '--spring', 'application.properties', '--no-blame', '--quiet'], dir)
    expect(properties.code, properties.stderr).toBe(0)
    const configuration = (stdout: string) => stdout.slice(0, stdout.indexOf('\nRead '))
    expect(configuration(properties.stdout)).toBe(configuration(yml.stdout))
  })
})

describe('bad Spring input', () => {
  it.each([
    {
      name: 'an ack-mode that is not one',
      args: ['check', '--spring', 'bad.yml'],
      files: {
        'bad.yml': 'spring:\n  kafka:\n    consumer:\n      group-id: g\n    listener:\n      ack-mode: PER_RECORD\n',
      },
      says:
        'kafkacheck: bad.yml:6: spring.kafka.listener.ack-mode=PER_RECORD is not allowed; allowed: RECORD, BATCH, ' +
        'TIME, COUNT, COUNT_TIME, MANUAL, MANUAL_IMMEDIATE',
    },
    {
      name: 'a Kafka value Kafka refuses, at the line of its Spring key',
      args: ['check', '--spring', 'bad.properties'],
      files: { 'bad.properties': 'spring.kafka.producer.acks=2\n' },
      says: 'kafkacheck: bad.properties:1: producer acks=2 is not allowed; allowed: 0, 1, all, -1',
    },
    {
      name: 'a profile without a file',
      args: ['check', '--spring', 'application.yml', '--spring-profile', 'staging'],
      says:
        'kafkacheck: --spring-profile staging: no application-staging.yml, application-staging.yaml, ' +
        'application-staging.properties next to it, and no document of it has spring.config.activate.on-profile: ' +
        'staging (application.yml)',
    },
    {
      name: '--spring with --producer',
      args: ['check', '--spring', 'application.yml', '--producer', 'application.properties'],
      says:
        'kafkacheck: --spring application.yml already configures the producer and the consumer; give ' +
        '--producer/--consumer files or --spring, not both',
    },
    {
      name: '--spring-profile without --spring',
      args: ['check', '--spring-profile', 'prod', '--broker', 'server-prod.properties'],
      says: 'kafkacheck: --spring-profile prod applies to a Spring Boot file: give it with --spring application.yml',
    },
  ])('$name: one line, exit 2, nothing written', async ({ args, files, says }) => {
    const dir = springService(files)
    const { code, stdout, stderr } = await kafkacheck(args, dir)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(`${says}\n`)
    expect(filesBelow(join(dir, 'out'))).toEqual([])
  })

  it('does not print the password of a JAAS line it refuses', async () => {
    const dir = springService({
      'bad.yml':
        'spring.kafka.properties:\n  sasl.mechanism: PLAIN\n  security.protocol: SASL_PLAINTEXT\n' +
        '  sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule maybe password="orders-pw-4c1d"\n',
    })
    const { code, stdout, stderr } = await kafkacheck(['check', '--spring', 'bad.yml', '--verbose'], dir)
    expect(code).toBe(2)
    expect(stderr).toContain('bad.yml:4')
    expect(leaked(stdout + stderr)).toEqual([])
  })
})
