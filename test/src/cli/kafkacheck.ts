// Runs kafkacheck as a user would, in a scratch folder of scenario files, so that every test sees exactly the output,
// the exit code and the files a person would. `kafkacheck` runs the command line in-process through src/cli.ts (no
// process start, so a test costs what its check costs); `kafkacheckBinary` starts the real binary
// (`node bin/kafkacheck.js ...`), for the few smoke tests that keep the shipped entry point tested.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url))
const BINARY = join(REPOSITORY, 'bin', 'kafkacheck.js')

export interface Completed {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** `kafkacheck ...args` in the folder `cwd`, run in this process. */
export async function kafkacheck(args: readonly string[], cwd: string = REPOSITORY): Promise<Completed> {
  // Imported on first use, so that the tests that only want a workspace or the repository's path (the architecture
  // test, the output tests) do not load the whole command line.
  const { runKafkacheck } = await import('../../../src/cli.js')
  return runKafkacheck(args, cwd)
}

/** `node bin/kafkacheck.js ...args` in the folder `cwd`: the binary as shipped, in a process of its own. */
export function kafkacheckBinary(args: readonly string[], cwd: string = REPOSITORY): Promise<Completed> {
  return new Promise(resolve => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    delete env.KAFKACHECK_DEBUG
    execFile(process.execPath, [BINARY, ...args], { cwd, env, maxBuffer: 256 * 2 ** 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr })
    })
  })
}

/** A fresh folder holding `files` (relative path -> content). */
export function workspace(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kafkacheck-cli-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

/** Every file below `dir`, as paths relative to it; an absent folder has none. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(entry => statSync(join(dir, entry)).isFile())
}

/** Small scenarios that check in well under a second. */
export const SCENARIOS = {
  /** A lost response and a retry without idempotence: the record is written twice. */
  duplicate: `description: One broker, one record, a lost response and no idempotence.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 0 }
topic: { partitions: 1, replication.factor: 1 }
producer: { acks: all, enable.idempotence: false }
faults: { lost-response: 1 }
bound: { messages: 1 }
`,
  /** The same with idempotence: every property holds. */
  durable: `description: The idempotent producer keeps one copy of a record whose acknowledgement was lost.
kafka: { version: "3.7" }
cluster: { brokers: 1, consumers: 0 }
topic: { partitions: 1, replication.factor: 1 }
producer: { acks: all, enable.idempotence: true }
faults: { lost-response: 1 }
bound: { messages: 1 }
`,
  /** Kafka refuses idempotence with acks=1. */
  refused: `description: The idempotent producer needs acks=all; Kafka refuses acks=1.
producer: { acks: 1, enable.idempotence: true }
`,
} as const

export const withExpect = (scenario: string, expect: Readonly<Record<string, string>>): string =>
  `${scenario}expect:\n${Object.entries(expect)
    .map(([property, verdict]) => `  ${property}: ${verdict}\n`)
    .join('')}`
