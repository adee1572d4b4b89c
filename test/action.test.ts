// The GitHub Action (action.yml): its shape, and its `kafkacheck ci` step run here as the runner would run it, with
// the inputs in its environment, so that the command line it builds, the JUnit file, the outputs and the exit code
// it keeps for its last step are those of a real run. What needs GitHub (setup-node, upload-artifact, the install
// from the action's checkout) is checked for shape only; .ci/run installs the same way (npm ci runs the build).
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { distBuilt } from './buildDist.js'
import { kafkacheck, REPOSITORY, SCENARIOS, withExpect, workspace } from './src/cli/kafkacheck.js'

interface Step {
  readonly name: string
  readonly id?: string
  readonly if?: string
  readonly uses?: string
  readonly shell?: string
  readonly run?: string
  readonly env?: Readonly<Record<string, string>>
  readonly with?: Readonly<Record<string, string>>
  readonly 'working-directory'?: string
}

interface Action {
  readonly name: string
  readonly description: string
  readonly inputs: Readonly<Record<string, { description: string; required: boolean; default: string }>>
  readonly outputs: Readonly<Record<string, { description: string; value: string }>>
  readonly runs: { readonly using: string; readonly steps: readonly Step[] }
}

const ACTION_FILE = readFileSync(join(REPOSITORY, 'action.yml'), 'utf8')
const action = parse(ACTION_FILE) as Action
const step = (id: string): Step => {
  const found = action.runs.steps.find(s => s.id === id || s.uses === id || s.name === id)
  if (found === undefined) throw new Error(`action.yml has no step ${id}`)
  return found
}

/** `${{ ... }}` in `text` evaluated with these inputs; anything but the expressions the ci step uses is refused. */
function evaluate(text: string, inputs: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression)
    if (input !== null) {
      if (!(input[1]! in action.inputs)) throw new Error(`no input ${input[1]}`)
      return inputs[input[1]!] ?? action.inputs[input[1]!]!.default
    }
    if (expression === 'steps.install.outputs.home') return REPOSITORY
    throw new Error(`the test does not evaluate ${expression}`)
  })
}

interface StepRun {
  readonly code: number
  readonly stdout: string
  readonly outputs: Readonly<Record<string, string>>
}

/**
 * Runs a `run:` step with bash in `cwd` as the runner would (`bash --noprofile --norc -eo pipefail`): its env
 * evaluated but where `env` gives a value, GITHUB_OUTPUT a scratch file.
 */
function runStep(s: Step, cwd: string, inputs: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv = {}) {
  const outputFile = join(workspace(), 'github-output')
  const stepEnv = Object.fromEntries(
    Object.entries(s.env ?? {})
      .filter(([key]) => !(key in env))
      .map(([key, value]) => [key, evaluate(value, inputs)]),
  )
  const dir = join(cwd, evaluate(s['working-directory'] ?? '.', inputs))
  return new Promise<StepRun>(resolve =>
    execFile(
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', s.run!],
      { cwd: dir, env: { ...process.env, ...env, ...stepEnv, GITHUB_OUTPUT: outputFile } },
      (error, stdout) => {
        const outputs = existsSync(outputFile)
          ? Object.fromEntries(
              readFileSync(outputFile, 'utf8')
                .split('\n')
                .filter(line => line.includes('='))
                .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
            )
          : {}
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, outputs })
      },
    ),
  )
}

const SCENARIO_FILES = {
  'scenarios/durable.yaml': withExpect(SCENARIOS.durable, { NoLossOfAcked: 'holds', NoDuplicateInLog: 'holds' }),
  'scenarios/duplicate.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'violated', NoLossOfAcked: 'holds' }),
}

describe('the GitHub Action', () => {
  beforeAll(distBuilt) // its ci step starts the binary

  it('is a composite action: Node set up, kafkacheck installed from its own checkout, ci run, JUnit uploaded', () => {
    expect(action.runs.using).toBe('composite')
    expect(action.runs.steps.map(s => s.uses ?? s.id ?? s.name)).toEqual([
      'actions/setup-node@v4',
      'install',
      'ci',
      'actions/upload-artifact@v4',
      'Fail unless every verdict is as expected',
    ])
    for (const s of action.runs.steps.filter(s => s.run !== undefined)) expect(s.shell, s.name).toBe('bash')
    expect(action.runs.steps[0]!.with).toEqual({ 'node-version': '${{ inputs.node-version }}' })
    expect(step('install').run).toContain('home="$GITHUB_ACTION_PATH"')
    expect(step('install').run).toContain('npm ci --omit=dev')
    expect(step('actions/upload-artifact@v4').with).toMatchObject({ path: '${{ steps.ci.outputs.junit }}' })
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'junit', 'artifact-name'])
  })

  it('declares every input it uses, uses every input it declares, and passes none straight into a script', () => {
    const used = new Set([...ACTION_FILE.matchAll(/inputs\.([\w-]+)/g)].map(match => match[1]))
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const s of action.runs.steps) expect(s.run ?? '', s.name).not.toContain('${{')
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).not.toBe('')
      expect(input.required, name).toBe(false)
    }
  })

  it('builds its command line from flags kafkacheck ci has', async () => {
    const { stdout } = await kafkacheck(['ci', '--help'])
    const run = step('ci').run!
    for (const flag of ['--junit', '--shard', '--merge']) {
      expect(run).toContain(flag)
      expect(stdout).toContain(flag)
    }
    // The flags the inputs' descriptions suggest for `args`.
    for (const flag of ['--no-blame', '--allow-partial']) expect(stdout).toContain(flag)
  })

  it('checks a folder, writes the JUnit file and says where, and keeps exit code 0 for the last step', async () => {
    const dir = workspace(SCENARIO_FILES)
    const ran = await runStep(step('ci'), dir, { scenarios: 'scenarios', junit: 'reports/kafkacheck.xml' })
    expect(ran.stdout).toMatch(/^kafkacheck ci scenarios --junit reports\/kafkacheck.xml\n/)
    expect(ran.stdout).toContain('2 scenarios, 4 expected verdicts: all as expected.')
    expect(ran.code).toBe(0)
    expect(ran.outputs).toEqual({
      'exit-code': '0',
      junit: join(dir, 'reports', 'kafkacheck.xml'),
      'artifact-name': 'kafkacheck-junit',
    })
    expect(readFileSync(ran.outputs.junit!, 'utf8')).toMatch(/<testsuites name="kafkacheck ci" tests="4" failures="0"/)
    expect((await runStep(step('Fail unless every verdict is as expected'), dir, {}, { CODE: '0' })).code).toBe(0)
  })

  it('keeps exit code 1 for the last step when a verdict differs, which fails with it', async () => {
    const dir = workspace({
      ...SCENARIO_FILES,
      'scenarios/wrong.yaml': withExpect(SCENARIOS.duplicate, { NoDuplicateInLog: 'holds' }),
    })
    const ran = await runStep(step('ci'), dir, { scenarios: 'scenarios', args: '--no-blame' })
    expect(ran.stdout).toMatch(/^kafkacheck ci scenarios --junit kafkacheck.xml --no-blame\n/)
    expect(ran.code).toBe(0)
    expect(ran.outputs['exit-code']).toBe('1')
    expect(readFileSync(join(dir, 'kafkacheck.xml'), 'utf8')).toMatch(/failures="1"/)
    const failed = await runStep(step('Fail unless every verdict is as expected'), dir, {}, { CODE: '1' })
    expect(failed.code).toBe(1)
    expect(failed.stdout).toContain('::error title=kafkacheck ci::kafkacheck ci exited 1')
  })

  it('checks one shard, naming its artifact after it, and merges the shards given as a pattern', async () => {
    const dir = workspace(SCENARIO_FILES)
    const shards = await Promise.all(
      ['1/2', '2/2'].map(shard =>
        runStep(step('ci'), dir, { scenarios: 'scenarios', shard, junit: `shards/${shard[0]}/kafkacheck.xml` }),
      ),
    )
    expect(shards.map(shard => shard.outputs['artifact-name'])).toEqual([
      'kafkacheck-junit-1-of-2',
      'kafkacheck-junit-2-of-2',
    ])
    expect(shards[0]!.stdout).toMatch(/^kafkacheck ci scenarios --shard 1\/2 --junit shards\/1\/kafkacheck.xml\n/)
    const merged = await runStep(step('ci'), dir, { merge: 'shards/*/kafkacheck.xml', junit: 'merged.xml' })
    expect(merged.stdout).toMatch(
      /^kafkacheck ci --merge shards\/1\/kafkacheck.xml shards\/2\/kafkacheck.xml --junit merged.xml\n/,
    )
    expect(merged.outputs['exit-code']).toBe('0')
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8')).toMatch(/tests="4" failures="0"/)
  })
})
