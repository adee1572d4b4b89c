// A scenario read and resolved, in one of the two forms a run can use: a configuration Kafka accepts, or one Kafka
// refuses (a `rejected` ConfigIssue), which is a verdict of its own that `expect: rejected` can ask for. Everything
// else wrong with the input is an InputError.
import {
  invalidValue,
  resolveScenario,
  VERDICTS,
  type ConfigIssue,
  type ExpectedVerdict,
  type RawScenario,
  type Scenario,
  type Warning,
} from '../../spec/index.js'
import { formatIssue, readScenarioFile, readScenarioFlags, type ScenarioFlags } from '../input/index.js'
import { InputError } from './exit.js'
import { scenarioFileFor } from './scenarioSource.js'

export type RejectedIssue = Extract<ConfigIssue, { readonly kind: 'rejected' }>

export type LoadedScenario =
  | {
      readonly status: 'valid'
      readonly raw: RawScenario
      readonly scenario: Scenario
      readonly warnings: readonly Warning[]
    }
  | {
      readonly status: 'rejected'
      readonly raw: RawScenario
      readonly issue: RejectedIssue
      /** Read from the file as written: the resolver stops at the refusal, before the expect block. */
      readonly expect: Readonly<Record<string, ExpectedVerdict>>
    }

export type ValidScenario = Extract<LoadedScenario, { readonly status: 'valid' }>
export type RejectedScenario = Extract<LoadedScenario, { readonly status: 'rejected' }>

const isVerdict = (text: string): text is ExpectedVerdict => (VERDICTS as readonly string[]).includes(text)

function writtenExpectations(raw: RawScenario): Record<string, ExpectedVerdict> {
  const expect: Record<string, ExpectedVerdict> = {}
  for (const [property, entry] of raw.blocks.expect ?? new Map()) {
    const text = typeof entry.value === 'string' ? entry.value.trim() : entry.value.join(',')
    if (!isVerdict(text))
      throw new InputError(formatIssue(invalidValue(entry.origin, 'expect', property, text, VERDICTS.join(', '))))
    expect[property] = text
  }
  return expect
}

/** Resolves what was read; throws InputError unless the configuration is valid or refused by Kafka. */
export function resolveLoaded(raw: RawScenario): LoadedScenario {
  const resolution = resolveScenario(raw)
  if (resolution.ok) return { status: 'valid', raw, scenario: resolution.scenario, warnings: resolution.warnings }
  if (resolution.issue.kind !== 'rejected') throw new InputError(formatIssue(resolution.issue))
  return { status: 'rejected', raw, issue: resolution.issue, expect: writtenExpectations(raw) }
}

/** The scenario file `file`, relative to `cwd`, read but not resolved. */
export function readScenario(file: string, cwd: string): RawScenario {
  const raw = readScenarioFile(file, cwd)
  if ('kind' in raw) throw new InputError(formatIssue(raw))
  return raw
}

export const loadScenario = (file: string, cwd: string): LoadedScenario => resolveLoaded(readScenario(file, cwd))

/** `check --producer FILE --consumer FILE --broker FILE ...`, the files relative to `cwd`. */
export function loadFlags(flags: ScenarioFlags, cwd: string): LoadedScenario {
  const raw = readScenarioFlags(flags, cwd)
  if ('kind' in raw) throw new InputError(formatIssue(raw))
  return resolveLoaded(raw)
}

export const expectationsOf = (loaded: LoadedScenario): Readonly<Record<string, ExpectedVerdict>> =>
  loaded.status === 'valid' ? loaded.scenario.expect : loaded.expect

export const nameOf = (loaded: LoadedScenario): string =>
  loaded.status === 'valid' ? loaded.scenario.name : loaded.raw.name

/** The command-line flag of each ScenarioFlags field, for messages. */
const FLAG_NAMES: Readonly<Record<keyof ScenarioFlags, string>> = {
  producer: 'producer',
  consumer: 'consumer',
  broker: 'broker',
  topic: 'topic',
  faults: 'faults',
  messages: 'messages',
  version: 'kafka-version',
  platform: 'platform',
  spring: 'spring',
  springProfile: 'spring-profile',
}

/** The configuration files among the flags: what can stand in for a scenario. */
const FILE_FLAGS: readonly (keyof ScenarioFlags)[] = ['producer', 'consumer', 'broker', 'topic', 'spring']

/** Whether the flags give a configuration file: what can stand in for a scenario. */
export const givesFiles = (files: ScenarioFlags): boolean => FILE_FLAGS.some(flag => files[flag] !== undefined)

/** What the flags cannot say together: a Spring file is the producer's and the consumer's configuration already. */
export function refuseClashes(files: ScenarioFlags): void {
  if (files.spring !== undefined && (files.producer !== undefined || files.consumer !== undefined))
    throw new InputError(
      `--spring ${files.spring} already configures the producer and the consumer; give --producer/--consumer ` +
        'files or --spring, not both',
    )
  if (files.springProfile !== undefined && files.spring === undefined)
    throw new InputError(
      `--spring-profile ${files.springProfile} applies to a Spring Boot file: give it with --spring application.yml`,
    )
}

/** The scenario named by the argument (a file or a built-in name), or the one built from the files; never both. */
export function loadScenarioOrFiles(scenario: string | undefined, files: ScenarioFlags, cwd: string): LoadedScenario {
  const given = (Object.keys(FLAG_NAMES) as (keyof ScenarioFlags)[]).filter(flag => files[flag] !== undefined)
  if (scenario !== undefined) {
    if (given.length > 0)
      throw new InputError(
        `${given.map(flag => `--${FLAG_NAMES[flag]}`).join(', ')} cannot be combined with a scenario (${scenario}); ` +
          'give either a scenario or --producer/--consumer/--broker/--topic/--spring files',
      )
    return loadScenario(scenarioFileFor(scenario, cwd), cwd)
  }
  refuseClashes(files)
  if (!givesFiles(files))
    throw new InputError(
      'nothing to check: give a scenario file or a built-in name (kafkacheck list shows them), ' +
        'or the files: --producer/--consumer (.properties), --broker/--topic (server.properties, docker-compose, ' +
        'Strimzi, MSK), or --spring application.yml',
    )
  return loadFlags(files, cwd)
}
