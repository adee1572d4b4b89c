// `kafkacheck check <scenario.yaml | built-in name>` and `kafkacheck check --producer FILE --broker FILE ...`: every
// property of one scenario, with the configuration it checked, a diagram per counterexample, and the exit code.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { formatIssue, type ScenarioFlags } from '../input/index.js'
import { blameLines, blameSection } from '../output/blameText.js'
import { writeCounterexample } from '../output/counterexampleFiles.js'
import { explorerHtml } from '../render/index.js'
import { blameRun, type Blame, type PropertyBlame } from '../run/blame.js'
import {
  checkResume,
  DEFAULT_WORKERS,
  ENCODINGS,
  prepareScenario,
  runScenario,
  type ScenarioRun,
} from '../run/checkScenario.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { passes } from '../run/expectations.js'
import { loadScenarioOrFiles, nameOf, type LoadedScenario } from '../run/load.js'
import { bytesOption, choiceOption, secondsOption, wholeNumberOption } from '../run/options.js'
import { configurationSection, propertySection, scenarioHeader, summaryLine } from '../output/checkReport.js'
import { checkOutputFolder, writeFileAtomically } from '../output/files.js'
import { scenarioDocument, type CheckDocument } from '../output/json.js'
import { printJson, printLines } from '../output/print.js'
import { progressLine } from '../output/progress.js'
import { counterexampleTexts } from '../output/traces.js'
import type { Counterexample } from '../run/counterexample.js'
import type { CliContext } from './runner.js'

export interface CheckArgs {
  readonly scenario: string | undefined
  /** The configuration files (and their companions: faults, messages, version, platform) instead of a scenario. */
  readonly files: ScenarioFlags
  readonly out: string
  readonly maxStates: string | undefined
  readonly maxDepth: string | undefined
  readonly timeLimit: string | undefined
  readonly maxMemory: string | undefined
  readonly workers: string | undefined
  readonly parallelAbove: string | undefined
  readonly checkpoint: string | undefined
  readonly resume: string | undefined
  readonly stopOnFirst: boolean
  readonly encoding: string | undefined
  readonly graph: boolean
  readonly png: boolean
  readonly json: boolean
  readonly quiet: boolean
  /** List each key read from another spelling, instead of one line that counts them. */
  readonly verbose: boolean
  /** Name the settings and the fewest faults each violation needs (`--no-blame` leaves it out). */
  readonly blame: boolean
}

/**
 * The explorer of a blamed violation, written again with what it needs: writeCounterexample draws a counterexample
 * alone, and the diagram it rendered is reused.
 */
function addBlameToExplorer(files: readonly string[], c: Counterexample, blame: PropertyBlame, cwd: string): void {
  const html = files.find(file => file.endsWith('.html'))
  const svg = files.find(file => file.endsWith('.svg'))
  if (html === undefined || svg === undefined) return
  writeFileAtomically(html, explorerHtml(c, readFileSync(resolve(cwd, svg), 'utf8'), blameLines(blame)), cwd)
}

/** Writes every counterexample's files; property name -> the files written. */
async function writeDiagrams(
  run: ScenarioRun,
  args: CheckArgs,
  cwd: string,
  blame: Blame | undefined,
): Promise<Map<string, readonly string[]>> {
  const diagrams = new Map<string, readonly string[]>()
  for (const outcome of run.properties) {
    if (outcome.counterexample === undefined) continue
    const { files } = await writeCounterexample(outcome.counterexample, args.out, cwd, {
      png: args.png,
      graph: args.graph,
    })
    const blamed = blame?.properties.get(outcome.name)
    if (blamed !== undefined) addBlameToExplorer(files, outcome.counterexample, blamed, cwd)
    diagrams.set(outcome.name, files)
  }
  return diagrams
}

export async function runCheck(args: CheckArgs, context: CliContext): Promise<ExitCode> {
  const { cwd, stdout, stderr } = context
  const limits = {
    maxStates: wholeNumberOption('max-states', args.maxStates, 1),
    maxDepth: wholeNumberOption('max-depth', args.maxDepth, 0),
    timeLimitSeconds: secondsOption('time-limit', args.timeLimit),
    maxMemoryBytes: bytesOption('max-memory', args.maxMemory),
    workers: wholeNumberOption('workers', args.workers, 1),
    parallelAbove: wholeNumberOption('parallel-above', args.parallelAbove, 1),
    stopOnFirstViolation: args.stopOnFirst,
    checkpointDir: args.checkpoint === undefined ? undefined : resolve(cwd, args.checkpoint),
    resumeDir: args.resume === undefined ? undefined : resolve(cwd, args.resume),
  }
  const encoding = choiceOption('encoding', args.encoding, ENCODINGS, 'packed')
  if (encoding === 'generic' && (limits.workers ?? 1) > 1)
    throw new InputError('--workers above 1 needs --encoding packed: worker threads exchange states in that encoding')
  if (encoding === 'generic' && (args.checkpoint !== undefined || args.resume !== undefined))
    throw new InputError('--checkpoint and --resume need --encoding packed: a checkpoint saves states in that encoding')
  // A width for threads that never start would be read and ignored.
  if (limits.parallelAbove !== undefined && encoding === 'generic')
    throw new InputError('--parallel-above needs --encoding packed: worker threads exchange states in that encoding')
  if (limits.parallelAbove !== undefined && (limits.workers ?? DEFAULT_WORKERS) < 2)
    throw new InputError(
      '--parallel-above needs worker threads: give --workers 2 or more' +
        (limits.workers === undefined ? ' (one thread by default on this one-core machine)' : ''),
    )
  if (args.resume !== undefined && !existsSync(resolve(cwd, args.resume)))
    throw new InputError(`--resume ${args.resume}: no such folder; give the --checkpoint folder of an earlier run`)
  checkOutputFolder('out', args.out, cwd)
  const loaded = loadScenarioOrFiles(args.scenario, args.files, cwd)
  const prepared = prepareScenario(loaded, encoding)
  checkResume(prepared, limits)
  // Refused and nothing expected of it: the refusal is the whole answer, and it is about the input.
  if (loaded.status === 'rejected' && Object.keys(loaded.expect).length === 0)
    throw new InputError(formatIssue(loaded.issue))

  if (!args.json) printLines(stdout, [...scenarioHeader(loaded), ...configurationSection(loaded, args.verbose)])
  const progress = progressLine(stderr, `checking ${nameOf(loaded)}`)
  const run = runScenario(prepared, limits, progress.update)
  progress.done()
  const blame = args.blame
    ? blameRun(
        run,
        () => true,
        limits,
        label => progressLine(stderr, label),
      )
    : undefined
  const diagrams = await writeDiagrams(run, args, cwd, blame)
  const ok = run.properties.every(p => passes(p.verdict, p.expected))

  if (args.json) {
    const document: CheckDocument = { command: 'check', ...scenarioDocument(run, diagrams, ok, blame) }
    printJson(stdout, document)
  } else {
    const blamed = blame === undefined ? [] : blameSection(blame)
    printLines(stdout, [...propertySection(run, diagrams), ...blamed, summaryLine(run)])
    if (!args.quiet) printLines(stdout, counterexampleTexts(run))
  }
  return ok ? EXIT.ok : EXIT.failed
}
