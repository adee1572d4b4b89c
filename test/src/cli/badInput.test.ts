import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesBelow, kafkacheck, SCENARIOS, withExpect, workspace } from './kafkacheck.js'

interface BadInput {
  readonly name: string
  readonly args: readonly string[]
  readonly files?: Readonly<Record<string, string>>
  /** Fragments the one line must contain: the file, the key, the value, what is allowed. */
  readonly says: readonly (string | RegExp)[]
}

/** A `ci --shard K/N --json` report of a shard that checked nothing: enough for --merge to read. */
const SHARD = (index: number, count: number) =>
  JSON.stringify({
    command: 'ci',
    folder: 's',
    ok: true,
    differences: 0,
    scenarios: [],
    skipped: [],
    shard: { index, count },
  })

const CASES: readonly BadInput[] = [
  {
    name: 'a missing scenario file',
    args: ['check', 'missing.yaml'],
    says: ['cannot read missing.yaml: no such file'],
  },
  {
    name: 'malformed YAML',
    args: ['check', 'broken.yaml'],
    files: { 'broken.yaml': 'producer: { acks: all\nconsumer: [\n' },
    says: [/^kafkacheck: broken\.yaml:\d+:\d+: /],
  },
  {
    name: 'an unknown built-in name',
    args: ['check', 'acks3'],
    says: [
      "unknown scenario 'acks3'",
      '(did you mean acks',
      'built-in: acks-all-rf3-minisr1, ',
      'acks0-fire-and-forget',
    ],
  },
  {
    name: 'a value out of range',
    args: ['check', 'acks.yaml'],
    files: { 'acks.yaml': 'kafka: { version: "3.7" }\nproducer:\n  acks: 3\n' },
    says: ['acks.yaml:3: producer acks=3 is not allowed; allowed: 0, 1, all, -1'],
  },
  {
    name: 'a fault budget that is not a number, in a scenario',
    args: ['check', 'faults.yaml'],
    files: { 'faults.yaml': 'faults: { broker-crash: lots }\n' },
    says: ['faults.yaml:1: faults broker-crash=lots is not allowed; allowed: a non-negative integer'],
  },
  {
    name: 'a fault budget that is not a number, on the command line',
    args: ['check', '--producer', 'producer.properties', '--faults', 'broker-crash=x'],
    files: { 'producer.properties': 'acks=all\n' },
    says: ['--faults: faults broker-crash=x is not allowed; allowed: a non-negative integer'],
  },
  {
    name: 'a missing .properties file',
    args: ['check', '--producer', 'nope.properties'],
    says: ['cannot read nope.properties: no such file'],
  },
  {
    name: 'an unknown command',
    args: ['chek', 'acks1-leader-crash'],
    says: ["unknown command 'chek' (did you mean check?)"],
  },
  {
    name: 'an unknown option',
    args: ['check', 'acks1-leader-crash', '--max-dept', '3'],
    says: ['unknown option --max-dept (did you mean --max-depth?)'],
  },
  {
    name: 'an option without its value',
    args: ['check', 'acks1-leader-crash', '--out'],
    says: ['--out needs a value'],
  },
  {
    name: 'a search bound that is not a number',
    args: ['check', 'acks1-leader-crash', '--max-depth', 'deep'],
    says: ['--max-depth deep is not allowed; allowed: a non-negative integer'],
  },
  {
    name: 'a scenario and .properties files at once',
    args: ['check', 'acks1-leader-crash', '--producer', 'producer.properties'],
    files: { 'producer.properties': 'acks=all\n' },
    says: ['--producer cannot be combined with a scenario'],
  },
  {
    name: 'an expectation for a property the scenario does not have',
    args: ['check', 'typo.yaml'],
    files: { 'typo.yaml': withExpect(SCENARIOS.durable, { NoLossOfAckd: 'holds' }) },
    says: ['typo.yaml:', 'expect NoLossOfAckd is not a property of this scenario (did you mean NoLossOfAcked?)'],
  },
  {
    name: 'an expectation that is not a verdict',
    args: ['check', 'verdict.yaml'],
    files: { 'verdict.yaml': withExpect(SCENARIOS.durable, { NoLossOfAcked: 'fine' }) },
    says: ['verdict.yaml:', 'expect NoLossOfAcked=fine is not allowed; allowed: holds, violated, rejected'],
  },
  {
    name: 'a configuration Kafka refuses, with nothing expected of it',
    args: ['check', 'refused.yaml'],
    files: { 'refused.yaml': SCENARIOS.refused },
    says: ['refused.yaml:2: producer acks=1 is rejected by the Kafka', 'Must set acks to all'],
  },
  {
    name: 'more messages than the model supports',
    args: ['check', 'big.yaml'],
    files: { 'big.yaml': 'bound: { messages: 500 }\n' },
    says: ['big.yaml:1: bound messages=500 is not allowed; allowed: at most 60 (the most the model explores)'],
  },
  {
    name: 'more retries per batch than the state encoding is sized for',
    args: ['check', 'retries.yaml'],
    files: { 'retries.yaml': 'producer: { retries: 1000 }\nbound: { retries: 101 }\n' },
    says: ['retries.yaml:2: bound retries=101 is not allowed; allowed: at most 100 (the most the model explores)'],
  },
  {
    name: 'no worker thread',
    args: ['check', 'acks1-leader-crash', '--workers', '0'],
    says: ['--workers 0 is not allowed; allowed: a positive integer'],
  },
  {
    name: 'a level width for worker threads that is not a positive integer',
    args: ['check', 'acks1-leader-crash', '--parallel-above', 'wide'],
    says: ['--parallel-above wide is not allowed; allowed: a positive integer'],
  },
  {
    name: 'a level width for worker threads with one thread',
    args: ['check', 'acks1-leader-crash', '--workers', '1', '--parallel-above', '1000'],
    says: ['--parallel-above needs worker threads: give --workers 2 or more'],
  },
  {
    name: 'worker threads with the generic encoding',
    args: ['check', 'acks1-leader-crash', '--encoding', 'generic', '--workers', '2'],
    says: ['--workers above 1 needs --encoding packed'],
  },
  {
    name: 'a --max-memory that is not a size',
    args: ['check', 'acks1-leader-crash', '--max-memory', '4 bananas'],
    says: ['--max-memory 4 bananas is not allowed; allowed: a size of at least 64M, such as 512M, 4G or 4GiB'],
  },
  {
    name: 'a --max-memory too small to run in',
    args: ['check', 'acks1-leader-crash', '--max-memory', '1M'],
    says: ['--max-memory 1M is not allowed; allowed: a size of at least 64M'],
  },
  {
    name: 'a --resume folder that does not exist',
    args: ['check', 'acks1-leader-crash', '--resume', 'nowhere'],
    says: ['--resume nowhere: no such folder; give the --checkpoint folder of an earlier run'],
  },
  {
    name: 'a --resume folder without a checkpoint',
    args: ['check', 'acks1-leader-crash', '--resume', 'empty'],
    files: { 'empty/README': 'not a checkpoint\n' },
    says: ['--resume ', 'empty: ', 'holds no checkpoint (no latest.json)'],
  },
  {
    name: 'a checkpoint with the generic encoding',
    args: ['check', 'acks1-leader-crash', '--encoding', 'generic', '--checkpoint', 'cp'],
    says: ['--checkpoint and --resume need --encoding packed'],
  },
  {
    name: 'an --encoding the checker does not have',
    args: ['check', 'acks1-leader-crash', '--encoding', 'fast'],
    says: ['--encoding fast is not allowed; allowed: packed, generic'],
  },
  { name: 'a ci folder that does not exist', args: ['ci', 'nowhere'], says: ['cannot read nowhere: no such folder'] },
  {
    name: 'a ci folder with a scenario that does not load',
    args: ['ci', 'scenarios', '--junit', 'report.xml'],
    files: {
      'scenarios/good.yaml': withExpect(SCENARIOS.durable, { NoLossOfAcked: 'holds' }),
      'scenarios/bad.yaml': 'producer: { retries: many }\nexpect: { NoLossOfAcked: holds }\n',
    },
    says: ['bad.yaml:1: producer retries=many is not allowed'],
  },
  ...['0/3', '4/3', 'a/b', '1/0', '3'].map(value => ({
    name: `--shard ${value}`,
    args: ['ci', 'scenarios', '--shard', value, '--junit', 'report.xml'],
    files: { 'scenarios/good.yaml': withExpect(SCENARIOS.durable, { NoLossOfAcked: 'holds' }) },
    says: [`--shard ${value} is not allowed; allowed: K/N, the Kth of N shards, with 1 <= K <= N`],
  })),
  {
    name: 'a ci --merge with a shard missing',
    args: ['ci', '--merge', 'shard-1.json', 'shard-3.json', '--junit', 'report.xml'],
    files: { 'shard-1.json': SHARD(1, 3), 'shard-3.json': SHARD(3, 3) },
    says: ['--merge: missing shard 2 of 3', '--allow-partial'],
  },
  {
    name: 'a ci --merge with a shard of another split',
    args: ['ci', '--merge', 'shard-1.json', 'shard-2.json'],
    files: { 'shard-1.json': SHARD(1, 2), 'shard-2.json': SHARD(2, 3) },
    says: ['shard-2.json: shard 2 of 3, but shard-1.json is shard 1 of 2'],
  },
  {
    name: 'a ci --merge with one shard twice',
    args: ['ci', '--merge', 'a.json', 'b.json'],
    files: { 'a.json': SHARD(1, 2), 'b.json': SHARD(1, 2) },
    says: ['b.json: shard 1 of 2 a second time (the first: a.json)'],
  },
  {
    name: 'a ci --merge of a file that is not there',
    args: ['ci', '--merge', 'shard-1.json'],
    says: ['cannot read shard-1.json: no such file'],
  },
  {
    name: 'a ci --merge of a JSON file that is no ci report',
    args: ['ci', '--merge', 'check.json'],
    files: { 'check.json': '{ "command": "check" }' },
    says: ['check.json: not a report of kafkacheck ci --json: $.command: expected one of ci'],
  },
  {
    name: 'a ci --merge of JSON and JUnit reports together',
    args: ['ci', '--merge', 'shard-1.json', 'shard-2.xml'],
    files: {
      'shard-1.json': SHARD(1, 2),
      'shard-2.xml':
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<testsuites name="kafkacheck ci (shard 2 of 2)" tests="0" failures="0" errors="0" time="0.000">\n</testsuites>\n',
    },
    says: ['shard-2.xml: a JUnit report, but shard-1.json is a JSON one'],
  },
  {
    name: 'a ci --merge of an XML file that is no ci report',
    args: ['ci', '--merge', 'other.xml'],
    files: { 'other.xml': '<?xml version="1.0"?>\n<testsuites name="jest">\n</testsuites>\n' },
    says: ['other.xml: not a report of kafkacheck ci --junit'],
  },
  {
    name: 'a ci --shard with --merge',
    args: ['ci', '--merge', 'a.json', '--shard', '1/2'],
    files: { 'a.json': SHARD(1, 2) },
    says: ['ci: --shard and --merge do not go together'],
  },
  {
    name: 'a --vary key that is no Kafka property',
    args: ['matrix', 'durable.yaml', '--vary', 'ack=0,1'],
    files: { 'durable.yaml': SCENARIOS.durable },
    says: ["--vary ack=0,1: unknown key 'ack' (did you mean acks?)"],
  },
  {
    name: 'a --vary value out of range',
    args: ['matrix', 'durable.yaml', '--vary', 'acks=all,3'],
    files: { 'durable.yaml': SCENARIOS.durable },
    says: ['--vary acks: producer acks=3 is not allowed; allowed: 0, 1, all, -1'],
  },
  {
    name: 'a seed that is not a number',
    args: ['simulate', 'durable.yaml', '--seed', 'x'],
    files: { 'durable.yaml': SCENARIOS.durable },
    says: ['--seed x is not allowed'],
  },
  {
    name: 'a trace file that is not JSON',
    args: ['render', 'trace.itf.json'],
    files: { 'trace.itf.json': '{ "vars": ' },
    says: ['trace.itf.json: not JSON'],
  },
  {
    name: 'a JSON file that is not a counterexample',
    args: ['render', 'trace.itf.json'],
    files: { 'trace.itf.json': '{ "hello": "world" }' },
    says: ['trace.itf.json: not a kafkacheck ITF trace'],
  },
]

describe('bad input', () => {
  it.concurrent.each(CASES)(
    'ends $name with one line and exit code 2, writing nothing',
    async ({ args, files, says }) => {
      const dir = workspace(files)
      const before = filesBelow(dir)
      const { code, stdout, stderr } = await kafkacheck(args, dir)
      const lines = stderr.trimEnd().split('\n')
      expect(lines, stderr).toHaveLength(1)
      const [line] = lines
      expect(line).toMatch(/^kafkacheck: /)
      for (const fragment of says)
        if (typeof fragment === 'string') expect(line).toContain(fragment)
        else expect(line).toMatch(fragment)
      expect(stdout).toBe('')
      expect(code).toBe(2)
      expect(filesBelow(dir)).toEqual(before)
      expect(existsSync(join(dir, 'out'))).toBe(false)
    },
  )
})
