// The kafkacheck command line: the argument table, one entry per command, each dispatching to src/commands/. Every
// option says what it does; `kafkacheck <command> --help` prints these descriptions with the examples. The process
// around it (arguments, streams, exit code) is src/main.ts; `runKafkacheck` runs the same command line in-process.
import { readFileSync } from 'node:fs'
import { runCheck } from './commands/check.js'
import { runCi } from './commands/ci.js'
import { runInit } from './commands/init.js'
import { runList } from './commands/list.js'
import { runMatrix } from './commands/matrix.js'
import { runRender } from './commands/render.js'
import { runSimulate } from './commands/simulate.js'
import { cliCommand, defineCommand, runCliCollecting, type Cli, type Completed } from './commands/runner.js'
import type { ScenarioFlags } from './input/index.js'

// package.json: one folder up from src/cli.ts, two from its compiled dist/src/cli.js (scripts/build.mjs).
const packageJson = new URL(import.meta.url.endsWith('.ts') ? '../package.json' : '../../package.json', import.meta.url)
const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }

const scenario = {
  type: 'positional',
  required: true,
  description: 'a scenario file (.yaml) or the name of a built-in scenario (kafkacheck list)',
  valueHint: 'scenario.yaml|name',
} as const

const searchBounds = {
  'max-states': {
    type: 'string',
    description: 'stop after this many distinct states (default: the scenario bound.states)',
    valueHint: 'N',
  },
  'max-depth': {
    type: 'string',
    description: 'explore at most this many steps from the start (default: the scenario bound.depth)',
    valueHint: 'N',
  },
  'time-limit': { type: 'string', description: 'stop the search after this many seconds', valueHint: 'S' },
  workers: {
    type: 'string',
    description:
      'expand levels of over 32,768 states on N worker threads (default: one per core) where a state takes ' +
      'long enough to pay for the round trip; counts, verdicts and counterexamples are the same for every N',
    valueHint: 'N',
  },
  'parallel-above': {
    type: 'string',
    description:
      'hand levels of at least N states to the worker threads whatever a state costs (default: 32,768, and only ' +
      'states slow enough to pay for the threads)',
    valueHint: 'N',
  },
  'max-memory': {
    type: 'string',
    description:
      'stop the search, with what it found so far, once the process holds this much memory (default: 60% of RAM)',
    valueHint: 'SIZE',
  },
} as const

/** The files a team already has, instead of a scenario (check and init take the same ones). */
const configurationFiles = {
  producer: { type: 'string', description: 'producer .properties file (instead of a scenario)', valueHint: 'FILE' },
  consumer: { type: 'string', description: 'consumer .properties file (instead of a scenario)', valueHint: 'FILE' },
  broker: {
    type: 'string',
    description:
      'the brokers: a server.properties, a docker-compose.yml, Strimzi Kafka/KafkaTopic resources, or an MSK ' +
      'configuration (Terraform or its text); recognized by content (instead of a scenario)',
    valueHint: 'FILE',
  },
  topic: {
    type: 'string',
    description: 'topic-level .properties file, or a Strimzi KafkaTopic resource (instead of a scenario)',
    valueHint: 'FILE',
  },
  faults: {
    type: 'string',
    description: 'fault budgets, with the files: broker-crash=1,lost-response=1',
    valueHint: 'NAME=N,...',
  },
  messages: {
    type: 'string',
    description: 'messages the producers send, with the files',
    valueHint: 'N',
  },
  'kafka-version': {
    type: 'string',
    description: 'Kafka version whose defaults apply, with the files (default: what they say, else the newest known)',
    valueHint: 'X.Y',
  },
  platform: {
    type: 'string',
    description: 'apache, msk or event-hubs, with the files (default: what they say, else apache)',
    valueHint: 'NAME',
  },
  spring: {
    type: 'string',
    description:
      "a Spring Boot application.yml or application.properties (instead of a scenario): spring.kafka.* as each client's " +
      "properties, spring.kafka.listener.ack-mode as when the app commits; with --broker/--topic for the cluster's side",
    valueHint: 'FILE',
  },
  'spring-profile': {
    type: 'string',
    description: 'Spring profiles to activate, comma-separated: application-PROFILE.yml (or .properties) over --spring',
    valueHint: 'PROFILE',
  },
} as const

/** What `configurationFiles` gave, as the input layer reads it. */
const filesGiven = (args: {
  readonly [K in keyof typeof configurationFiles]?: string | undefined
}): ScenarioFlags => ({
  producer: args.producer,
  consumer: args.consumer,
  broker: args.broker,
  topic: args.topic,
  faults: args.faults,
  messages: args.messages,
  version: args['kafka-version'],
  platform: args.platform,
  spring: args.spring,
  springProfile: args['spring-profile'],
})

const diagramOptions = {
  png: { type: 'boolean', description: 'also write a PNG of each diagram' },
  graph: { type: 'boolean', description: 'also draw the state graph around the counterexample (small models)' },
} as const

const check = defineCommand({
  meta: {
    name: 'check',
    description:
      'Check every property of one scenario exhaustively within its bound: print the effective Kafka configuration, ' +
      'one verdict per property, and each shortest counterexample. Exit 0 if every property holds or is as the ' +
      'scenario expects, 1 if not, 2 on bad input.',
  },
  args: {
    scenario: { ...scenario, required: false },
    ...configurationFiles,
    out: { type: 'string', description: 'folder for the counterexample diagrams', default: 'out', valueHint: 'DIR' },
    ...searchBounds,
    'stop-on-first': { type: 'boolean', description: 'stop at the first violation instead of checking every property' },
    encoding: {
      type: 'string',
      description:
        "how states are fingerprinted: 'packed' (default), the codec derived from the state schema, or 'generic', " +
        "the engine's encoding of plain data: slower, a cross-check that both count the same states",
      valueHint: 'packed|generic',
    },
    ...diagramOptions,
    json: { type: 'boolean', description: 'print one JSON document instead of the text report' },
    quiet: { type: 'boolean', description: 'leave out the step-by-step counterexamples' },
    verbose: {
      type: 'boolean',
      description:
        "list every key read from another spelling (Spring Boot's, librdkafka's, Python's) and what it became, " +
        'with its file and line, instead of one line that counts them',
    },
    blame: {
      type: 'boolean',
      default: true,
      description:
        'name the configuration lines each violation needs (every setting with a safer value changed alone and the ' +
        'property checked again) and the fewest faults that still break it; --no-blame leaves it out',
    },
    checkpoint: {
      type: 'string',
      description:
        'write a checkpoint to this folder every minute and when --time-limit, --max-memory or --max-states stops ' +
        'the search, ' +
        'so that a stopped run can go on with --resume',
      valueHint: 'DIR',
    },
    resume: {
      type: 'string',
      description: 'go on from the checkpoint in this folder (same scenario and bounds; --max-states may grow)',
      valueHint: 'DIR',
    },
  },
  run: ({ args }, context) =>
    runCheck(
      {
        scenario: args.scenario,
        files: filesGiven(args),
        out: args.out,
        maxStates: args['max-states'],
        maxDepth: args['max-depth'],
        timeLimit: args['time-limit'],
        maxMemory: args['max-memory'],
        workers: args.workers,
        parallelAbove: args['parallel-above'],
        checkpoint: args.checkpoint,
        resume: args.resume,
        stopOnFirst: args['stop-on-first'] ?? false,
        encoding: args.encoding,
        graph: args.graph ?? false,
        png: args.png ?? false,
        json: args.json ?? false,
        quiet: args.quiet ?? false,
        verbose: args.verbose ?? false,
        blame: args.blame ?? true,
      },
      context,
    ),
})

const ci = defineCommand({
  meta: {
    name: 'ci',
    description:
      'Check every scenario with an expect block in a folder and compare each verdict with the expected one. ' +
      'Exit 0 if all match, 1 on any difference, 2 if a scenario does not load. ' +
      'To spread a folder over N CI runners, run --shard K/N on runner K (K = 1..N) and save each --json report ' +
      '(or --junit file); the scenarios with an expect block, in file-name order, are dealt out round-robin: ' +
      'the 1st to shard 1, the 2nd to shard 2, ..., the (N+1)th to shard 1 again. Then --merge joins the saved ' +
      'reports into the table, --json document or --junit file one unsharded run would have given, with the same ' +
      'exit code; a report that does not read or does not fit, or a missing shard, is bad input (exit 2).',
  },
  repeatsLastPositional: true,
  args: {
    folder: {
      type: 'positional',
      required: false,
      description:
        'folder of scenario files (default: the built-in scenarios); with --merge, the report files of the shards',
      valueHint: 'DIR',
    },
    junit: { type: 'string', description: 'also write the verdicts as JUnit XML to this file', valueHint: 'FILE' },
    json: { type: 'boolean', description: 'print one JSON document instead of the table' },
    shard: {
      type: 'string',
      description:
        'check only shard K of N (1 <= K <= N): every Nth scenario with an expect block, from the Kth on, by file name',
      valueHint: 'K/N',
    },
    merge: {
      type: 'boolean',
      description:
        "join the shards' reports given as arguments (all ci --json output, or all --junit files) into one report; " +
        'JUnit reports give back the JUnit file and the summary, JSON reports the table as well',
    },
    'allow-partial': {
      type: 'boolean',
      description: 'with --merge: merge the shards there are instead of refusing when one is missing',
    },
    blame: {
      type: 'boolean',
      default: true,
      description:
        'for each violation whose verdict differs from the expected one, name the configuration lines it needs and ' +
        'the fewest faults that still break it, in the list of differences, the JSON and the JUnit message; ' +
        '--no-blame leaves it out',
    },
  },
  run: ({ args }, context) =>
    runCi(
      {
        paths: args._,
        junit: args.junit,
        json: args.json ?? false,
        shard: args.shard,
        merge: args.merge ?? false,
        allowPartial: args['allow-partial'] ?? false,
        blame: args.blame ?? true,
      },
      context,
    ),
})

const init = defineCommand({
  meta: {
    name: 'init',
    description:
      'Draft a scenario from the files you have: they are referenced, not copied; the cluster is written as resolved, ' +
      'the faults that matter for these settings as budgets (the others as comments), with why, and an expect block ' +
      'to fill in for kafkacheck ci. The file is checked to load before it is written.',
  },
  args: {
    scenario: {
      type: 'positional',
      required: false,
      default: 'scenario.yaml',
      description: 'the scenario file to write (default: scenario.yaml)',
      valueHint: 'scenario.yaml',
    },
    ...configurationFiles,
    force: { type: 'boolean', description: 'replace the scenario file if it exists' },
  },
  run: ({ args }, context) =>
    runInit(
      { scenario: args.scenario ?? 'scenario.yaml', files: filesGiven(args), force: args.force === true },
      context,
    ),
})

const list = defineCommand({
  meta: { name: 'list', description: 'List the built-in scenarios, each with what it shows.' },
  args: {},
  run: (_, context) => runList(context),
})

const simulate = defineCommand({
  meta: {
    name: 'simulate',
    description:
      'Run one random walk through a scenario, step by step, and say which properties it broke. The same seed ' +
      'prints the same run.',
  },
  args: {
    scenario,
    seed: { type: 'string', description: 'seed of the random choices (default: a new one, printed)', valueHint: 'N' },
    steps: {
      type: 'string',
      description: 'at most this many steps (default: the scenario bound.depth)',
      valueHint: 'K',
    },
  },
  run: ({ args }, context) => runSimulate({ scenario: args.scenario, seed: args.seed, steps: args.steps }, context),
})

const matrix = defineCommand({
  meta: {
    name: 'matrix',
    description:
      'Check a scenario under every combination of the varied settings, print the verdicts and the network hops ' +
      'from send() to the acknowledgement (shortest, and the worst the faults can force) as a Markdown table, ' +
      'and for each property the base scenario violates name the smallest change that makes it hold.',
  },
  args: {
    scenario,
    vary: {
      type: 'string',
      description:
        'a setting and its values, repeatable: a Kafka key (looked up in producer, consumer, topic, broker) or ' +
        'block.key such as topic.min.insync.replicas, faults.broker-crash, kafka.version',
      valueHint: 'KEY=V1,V2',
    },
    ...searchBounds,
    json: { type: 'boolean', description: 'print one JSON document instead of the table' },
  },
  run: ({ args, rawArgs }, context) =>
    runMatrix(
      {
        scenario: args.scenario,
        vary: repeated(rawArgs, 'vary'),
        maxStates: args['max-states'],
        maxDepth: args['max-depth'],
        timeLimit: args['time-limit'],
        maxMemory: args['max-memory'],
        workers: args.workers,
        json: args.json ?? false,
      },
      context,
    ),
})

const render = defineCommand({
  meta: { name: 'render', description: 'Draw a saved counterexample (.itf.json) again: text, DOT, SVG and HTML.' },
  args: {
    trace: {
      type: 'positional',
      required: true,
      description: 'a counterexample written by check (.itf.json)',
      valueHint: 'FILE',
    },
    out: { type: 'string', description: 'folder for the files', default: 'out', valueHint: 'DIR' },
    ...diagramOptions,
  },
  run: ({ args }, context) =>
    runRender({ trace: args.trace, out: args.out, png: args.png ?? false, graph: args.graph ?? false }, context),
})

/** Every value of a repeatable option, in order (citty keeps only the last). */
function repeated(rawArgs: readonly string[], option: string): string[] {
  const values: string[] = []
  const end = rawArgs.includes('--') ? rawArgs.indexOf('--') : rawArgs.length
  for (let i = 0; i < end; i++) {
    const arg = rawArgs[i]!
    if (arg.startsWith(`--${option}=`)) values.push(arg.slice(option.length + 3))
    else if (arg === `--${option}` && rawArgs[i + 1] !== undefined) values.push(rawArgs[++i]!)
  }
  return values
}

export const kafkacheck: Cli = {
  name: 'kafkacheck',
  version,
  description: "Model-check Apache Kafka's delivery guarantees for a real configuration",
  commands: {
    check: cliCommand(check, [
      'kafkacheck check acks1-leader-crash',
      'kafkacheck check my-scenario.yaml --max-depth 30 --out reports',
      'kafkacheck check --producer producer.properties --broker server.properties --faults broker-crash=1',
      'kafkacheck check --spring src/main/resources/application.yml --spring-profile prod --broker server.properties',
      'kafkacheck check idempotent-producer --json > verdicts.json',
      'kafkacheck check big.yaml --time-limit 3600 --checkpoint big.cp     # stops after an hour, saved',
      'kafkacheck check big.yaml --resume big.cp --checkpoint big.cp       # goes on from there',
    ]),
    ci: cliCommand(ci, [
      'kafkacheck ci',
      'kafkacheck ci scenarios/ --junit reports/kafkacheck.xml',
      'kafkacheck ci scenarios/ --shard 2/3 --json > shard-2.json      # on the second of three runners',
      'kafkacheck ci --merge shard-1.json shard-2.json shard-3.json --junit kafkacheck.xml',
    ]),
    init: cliCommand(init, [
      'kafkacheck init orders.yaml --producer producer.properties --consumer consumer.properties --broker server.properties',
      'kafkacheck init scenarios/orders.yaml --producer app/producer.properties --kafka-version 3.7 --force',
    ]),
    list: cliCommand(list, ['kafkacheck list']),
    simulate: cliCommand(simulate, ['kafkacheck simulate acks1-leader-crash --seed 7 --steps 20']),
    matrix: cliCommand(matrix, [
      'kafkacheck matrix acks-all-rf3-minisr1 --vary acks=1,all --vary topic.min.insync.replicas=1,2',
      'kafkacheck matrix my-scenario.yaml --vary enable.idempotence=true,false --vary faults.lost-response=0,1',
    ]),
    render: cliCommand(render, ['kafkacheck render out/acks1-leader-crash/NoLossOfAcked.itf.json --png']),
  },
  examples: [
    'kafkacheck list',
    'kafkacheck check acks1-leader-crash',
    'kafkacheck check --producer producer.properties --consumer consumer.properties --broker server.properties',
    'kafkacheck ci --junit kafkacheck.xml',
  ],
}

/** Runs kafkacheck as the binary would in the folder `cwd`, in this process: no exit, the output returned as text. */
export const runKafkacheck = (argv: readonly string[], cwd: string): Promise<Completed> =>
  runCliCollecting(kafkacheck, argv, cwd)
