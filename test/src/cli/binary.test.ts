// The shipped binary, started as a user starts it. Every other CLI test runs the same command line in-process
// (test/src/cli/kafkacheck.ts); these few cover what only a real process has: bin/kafkacheck.js loading the
// TypeScript through tsx, the process's working folder, its streams and its exit code.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesBelow, kafkacheck, kafkacheckBinary, SCENARIOS, workspace } from './kafkacheck.js'

/** Search times vary from run to run; nothing else in the report may. */
const timeless = (text: string) => text.replace(/\d+\.\d s\b/g, '_ s')

describe('the kafkacheck binary', () => {
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
})
