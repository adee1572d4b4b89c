// `kafkacheck init`: the drafted scenario round-trips through check (the same effective configuration as checking the
// files directly), references the files from its own folder, turns on the faults that matter for the settings, and
// never leaves a file behind on bad input or replaces one without --force.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkDocumentProblems } from '../../../src/output/jsonShape.js'
import type { CheckDocument } from '../../../src/output/json.js'
import { filesBelow, kafkacheck, REPOSITORY, workspace } from '../cli/kafkacheck.js'

const PRODUCER = 'bootstrap.servers=kafka-1:9092\nacks=1\nlinger.ms=5\n'
const CONSUMER = 'group.id=billing\nenable.auto.commit=true\nauto.offset.reset=earliest\n'
const BROKER = 'default.replication.factor=2\nmin.insync.replicas=1\nunclean.leader.election.enable=false\n'

const document = (stdout: string): CheckDocument => {
  const parsed: unknown = JSON.parse(stdout)
  expect(checkDocumentProblems(parsed)).toEqual([])
  return parsed as CheckDocument
}

/** What check resolved, without the blocks init adds to (faults, bound). */
const configuration = (d: CheckDocument) => {
  const { faults: _faults, bound: _bound, ...rest } = d.effectiveConfig!
  return rest
}

describe('kafkacheck init', () => {
  it('drafts a scenario that checks the same configuration as the files themselves', async () => {
    const dir = workspace({
      'producer.properties': PRODUCER,
      'consumer.properties': CONSUMER,
      'server.properties': BROKER,
    })
    const files = [
      '--producer',
      'producer.properties',
      '--consumer',
      'consumer.properties',
      '--broker',
      'server.properties',
    ]
    const small = ['--messages', '1', '--kafka-version', '3.7']
    const init = await kafkacheck(['init', 'orders.yaml', ...files, ...small], dir)
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(init.stdout).toContain('Wrote orders.yaml: faults broker-crash=1, lost-response=1, consumer-crash=1')
    const scenario = readFileSync(join(dir, 'orders.yaml'), 'utf8')
    expect(scenario).toContain('producer: { file: "producer.properties" }')
    expect(scenario).toContain('kafka: { version: "3.7" }')
    expect(scenario).toMatch(/^ {2}broker-crash: 1 {2}# acks=1 answers before the followers copy the record/m)
    expect(scenario).toMatch(/^ {2}# consumer-pause: 1/m)
    expect(scenario).toMatch(/^# {3}NoLossOfAcked: holds$/m)

    const drafted = document((await kafkacheck(['check', 'orders.yaml', '--json', '--no-blame'], dir)).stdout)
    const direct = document(
      (await kafkacheck(['check', ...files, '--kafka-version', '3.7', '--json', '--no-blame', '--out', 'o2'], dir))
        .stdout,
    )
    expect(configuration(drafted)).toEqual(configuration(direct))
    expect(drafted.effectiveConfig!.faults).toMatchObject({
      'broker-crash': 1,
      'lost-response': 1,
      'consumer-crash': 1,
    })
    // Its commented expect block names exactly the properties the check reports.
    const listed = [...scenario.matchAll(/^# {3}(\w+): holds$/gm)].map(m => m[1])
    expect(listed).toEqual(drafted.properties.map(p => p.name))
  })

  it('writes paths relative to the scenario, keeps --faults as given, and pins the newest version by default', async () => {
    const dir = workspace({ 'app/producer.properties': 'acks=all\nenable.idempotence=true\n' })
    mkdirSync(join(dir, 'scenarios'))
    const { code } = await kafkacheck(
      ['init', 'scenarios/p.yaml', '--producer', 'app/producer.properties', '--faults', 'broker-crash=2'],
      dir,
    )
    expect(code).toBe(0)
    const scenario = readFileSync(join(dir, 'scenarios', 'p.yaml'), 'utf8')
    expect(scenario).toContain('producer: { file: "../app/producer.properties" }')
    expect(scenario).toContain('  broker-crash: 2  # given with --faults')
    expect(scenario).not.toMatch(/^ {2}broker-crash: 1/m)
    expect(scenario).toMatch(/kafka: \{ version: "\d+\.\d+" \}/)
    expect((await kafkacheck(['check', 'scenarios/p.yaml', '--quiet', '--no-blame'], dir)).code).toBeLessThan(2)
  })

  it('turns on the faults a transactional producer is about', async () => {
    const dir = workspace({ 'producer.properties': 'transactional.id=orders-tx\n' })
    await kafkacheck(['init', 'tx.yaml', '--producer', 'producer.properties'], dir)
    const tx = readFileSync(join(dir, 'tx.yaml'), 'utf8')
    expect(tx).toMatch(/^ {2}producer-restart: 1 {2}# a new instance with the same transactional.id fences/m)
    expect(tx).toMatch(/^ {2}delayed-request: 1 {2}# a request that arrives after its transaction was aborted/m)
  })

  it('drafts from a Spring service and a compose file: spring: and broker: reference them, and it checks the same', async () => {
    const fixture = (folder: string, file: string) =>
      readFileSync(join(REPOSITORY, 'test', 'fixtures', folder, file), 'utf8')
    const dir = workspace({
      'src/main/resources/application.yml': fixture('spring', 'application.yml'),
      'src/main/resources/application-prod.yml': fixture('spring', 'application-prod.yml'),
      'deploy/docker-compose.yml': fixture('brokers', 'bitnami-compose.yml'),
    })
    const files = [
      '--spring',
      'src/main/resources/application.yml',
      '--broker',
      'deploy/docker-compose.yml',
      '--messages',
      '1',
    ]
    const init = await kafkacheck(['init', 'orders.yaml', ...files], dir)
    expect(init.code, init.stderr).toBe(0)
    const scenario = readFileSync(join(dir, 'orders.yaml'), 'utf8')
    expect(scenario).toContain('spring: { file: "src/main/resources/application.yml" }')
    expect(scenario).toContain('broker: { file: "deploy/docker-compose.yml" }')
    const drafted = document(
      (await kafkacheck(['check', 'orders.yaml', '--json', '--no-blame', '--max-depth', '1'], dir)).stdout,
    )
    const direct = document(
      (await kafkacheck(['check', ...files, '--json', '--no-blame', '--max-depth', '1', '--out', 'o2'], dir)).stdout,
    )
    expect(configuration(drafted)).toEqual(configuration(direct))
  })

  it('keeps the Spring profile, and a scenario refuses a spring: entry without a file', async () => {
    const spring = join(REPOSITORY, 'test', 'fixtures', 'spring')
    const dir = workspace(
      Object.fromEntries(
        ['application.yml', 'application-prod.yml', 'server-prod.properties'].map(f => [
          f,
          readFileSync(join(spring, f), 'utf8'),
        ]),
      ),
    )
    const files = ['--spring', 'application.yml', '--spring-profile', 'prod', '--broker', 'server-prod.properties']
    expect((await kafkacheck(['init', 'prod.yaml', ...files], dir)).code).toBe(0)
    expect(readFileSync(join(dir, 'prod.yaml'), 'utf8')).toContain(
      'spring: { file: "application.yml", profile: "prod" }',
    )
    const check = await kafkacheck(['check', 'prod.yaml', '--json', '--no-blame', '--max-depth', '1'], dir)
    expect(document(check.stdout).effectiveConfig!.consumer).toMatchObject({ 'auto.offset.reset': 'latest' })
    const bad = workspace({ 's.yaml': 'spring: { profile: prod }\n' })
    const refused = await kafkacheck(['check', 's.yaml'], bad)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('allowed: a mapping with file: (application.yml or .properties)')
  })

  it('refuses bad input without writing anything, and replaces a file only with --force', async () => {
    const dir = workspace({ 'producer.properties': PRODUCER, 'taken.yaml': 'description: mine\n' })
    const missing = await kafkacheck(['init', 'x.yaml', '--producer', 'nope.properties'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope.properties')
    const none = await kafkacheck(['init', 'x.yaml'], dir)
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('init needs the files to start from: --spring')
    const clash = await kafkacheck(['init', 'x.yaml', '--spring', 'a.yml', '--producer', 'producer.properties'], dir)
    expect(clash.code).toBe(2)
    expect(clash.stderr).toContain('--spring a.yml already configures the producer and the consumer')
    const folder = await kafkacheck(['init', 'sub/x.yaml', '--producer', 'producer.properties'], dir)
    expect(folder.code).toBe(2)
    expect(folder.stderr).toContain('init sub/x.yaml: the folder sub does not exist')
    const taken = await kafkacheck(['init', 'taken.yaml', '--producer', 'producer.properties'], dir)
    expect(taken.code).toBe(2)
    expect(taken.stderr).toContain('taken.yaml: the file exists')
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('description: mine\n')
    expect(filesBelow(dir).sort()).toEqual(['producer.properties', 'taken.yaml'])
    expect(existsSync(join(dir, 'x.yaml'))).toBe(false)
    const forced = await kafkacheck(['init', 'taken.yaml', '--producer', 'producer.properties', '--force'], dir)
    expect(forced.code).toBe(0)
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toContain('# Drafted by kafkacheck init')
  })
})
