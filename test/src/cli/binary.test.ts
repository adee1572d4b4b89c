// The shipped binary, started as a user starts it. Every other CLI test runs the same command line in-process
// (test/src/cli/kafkacheck.ts); these few cover what only a real process has: bin/kafkacheck.js running the compiled
// JavaScript in dist/ (KAFKACHECK_RUN=dist, vitest.config.ts; test/buildDist.ts builds it first), which finds the
// files the TypeScript finds beside itself (package.json, the built-in scenarios, the worker threads' modules), the
// process's working folder, its streams and its exit code.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { distBuilt } from '../../buildDist.js'
import { filesBelow, kafkacheck, kafkacheckBinary, REPOSITORY, SCENARIOS, workspace } from './kafkacheck.js'

/** Search times vary from run to run; nothing else in the report may. */
const timeless = (text: string) => text.replace(/\d+\.\d s\b/g, '_ s')

describe('the kafkacheck binary', () => {
  beforeAll(distBuilt)

  it('explains its commands under --help, exactly as in-process, and exits 0', async () => {
    const { code, stdout, stderr } = await kafkacheckBinary(['--help'])
    expect(stdout).toMatch(/^kafkacheck \d+\.\d+\.\d+: Model-check Apache Kafka's delivery guarantees/)
    expect(stdout).toMatch(/\nCommands:\n {2}check +/)
    expect(stdout).toBe((await kafkacheck(['--help'])).stdout)
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('checks a scenario in its working folder, writes the same report and files as in-process, and exits 1', async () => {
    const binary = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const inProcess = workspace({ 'duplicate.yaml': SCENARIOS.duplicate })
    const [ran, expected] = await Promise.all([
      kafkacheckBinary(['check', 'duplicate.yaml'], binary),
      kafkacheck(['check', 'duplicate.yaml'], inProcess),
    ])
    expect(ran.stdout).toContain('diagram out/duplicate/NoDuplicateInLog.svg')
    expect(timeless(ran.stdout)).toBe(timeless(expected.stdout))
    expect(ran.stderr).toBe('')
    const written = filesBelow(binary).sort()
    expect(written).toContain(join('out', 'duplicate', 'NoDuplicateInLog.itf.json'))
    expect(written).toEqual(filesBelow(inProcess).sort())
    for (const file of written) expect(readFileSync(join(binary, file))).toEqual(readFileSync(join(inProcess, file)))
    expect(ran.code).toBe(1)
  })

  it('answers bad input with one line on stderr and exit code 2, writing nothing', async () => {
    const dir = workspace({ 'acks.yaml': 'kafka: { version: "3.7" }\nproducer:\n  acks: 3\n' })
    const { code, stdout, stderr } = await kafkacheckBinary(['check', 'acks.yaml'], dir)
    expect(stderr).toBe('kafkacheck: acks.yaml:3: producer acks=3 is not allowed; allowed: 0, 1, all, -1\n')
    expect(stdout).toBe('')
    expect(filesBelow(dir)).toEqual(['acks.yaml'])
    expect(code).toBe(2)
  })

  it('runs the compiled JavaScript in this suite', () => {
    expect(process.env.KAFKACHECK_RUN).toBe('dist')
  })

  it("prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as { version: string }
    expect(await kafkacheckBinary(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('lists and checks the built-in scenarios where they are, in spec/scenarios/', async () => {
    const listed = await kafkacheckBinary(['list'])
    expect(listed.stdout).toMatch(/^acks1-leader-crash +acks=1 answers after/m)
    expect(listed).toEqual(await kafkacheck(['list']))

    const [ran, expected] = await Promise.all([
      kafkacheckBinary(['check', 'acks1-leader-crash', '--quiet', '--no-blame'], workspace()),
      kafkacheck(['check', 'acks1-leader-crash', '--quiet', '--no-blame'], workspace()),
    ])
    expect(ran.stdout).toContain(`Scenario acks1-leader-crash (${join(REPOSITORY, 'spec', 'scenarios')}`)
    expect(timeless(ran.stdout)).toBe(timeless(expected.stdout))
    expect(ran.code).toBe(0)
  })

  it('searches on worker threads (--workers 2) as on one, the threads loading the compiled model', async () => {
    // Levels of over 32,768 states go to the threads, here whatever a state costs: this search's last level is one
    // (112,464 states in all).
    const wide = `description: Two brokers, four records, a crash and a lost response; levels wide enough for threads.
kafka: { version: "3.7" }
cluster: { brokers: 2, consumers: 0 }
topic: { partitions: 1, replication.factor: 2, min.insync.replicas: 1 }
producer: { acks: 1 }
faults: { broker-crash: 1, lost-response: 1 }
bound: { messages: 4 }
`
    const args = ['check', 'wide.yaml', '--max-depth', '15', '--no-blame', '--quiet']
    const [parallel, alone] = await Promise.all([
      kafkacheckBinary([...args, '--workers', '2', '--parallel-above', '32768'], workspace({ 'wide.yaml': wide })),
      kafkacheck([...args, '--workers', '1'], workspace({ 'wide.yaml': wide })),
    ])
    expect(parallel.stderr).not.toMatch(/error|fail/i) // progress lines only
    expect(parallel.stdout).toContain('112,464 distinct states, 220,897 transitions, depth 15')
    expect(parallel.stdout).toContain(', on 2 worker threads)')
    expect(timeless(parallel.stdout).replace(', on 2 worker threads', '')).toBe(timeless(alone.stdout))
    expect(parallel.code).toBe(1)
  })
})
