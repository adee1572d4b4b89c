// `kafkacheck ci [folder]`: every scenario with an `expect` block is a regression test. All of them are loaded and
// validated before any is checked, so bad input ends the run before it costs minutes or writes a report. With
// `--shard K/N` it checks the Kth of N parts of the folder (the rule is in src/run/shard.ts), and `--merge` joins the
// shards' reports into the one an unsharded run would print (src/output/ciMerge.ts).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { BUILT_IN_SCENARIOS_DIR } from '../../spec/index.js'
import { unreadable } from '../input/index.js'
import { blameRun } from '../run/blame.js'
import { prepareScenario, runScenario, type PreparedScenario, type PropertyOutcome } from '../run/checkScenario.js'
import { EXIT, InputError, type ExitCode } from '../run/exit.js'
import { meetsExpectation } from '../run/expectations.js'
import { expectationsOf, loadScenario, nameOf } from '../run/load.js'
import { scenarioFilesIn, scenarioName } from '../run/scenarioSource.js'
import { itemsOfShard, shardOption } from '../run/shard.js'
import { mergeCiReports, parseCiReport } from '../output/ciMerge.js'
import { ciCounts, ciSummary, ciTable } from '../output/ciReport.js'
import { checkWritableFile, writeFileAtomically } from '../output/files.js'
import { ciScenarioDocument, type CiDocument } from '../output/json.js'
import { junitXml } from '../output/junit.js'
import { printJson, printLines } from '../output/print.js'
import { progressLine } from '../output/progress.js'
import type { CliContext } from './runner.js'

export interface CiArgs {
  /** The folder, or with `merge` the report files. */
  readonly paths: readonly string[]
  readonly junit: string | undefined
  readonly json: boolean
  readonly shard: string | undefined
  readonly merge: boolean
  readonly allowPartial: boolean
  /** Blame each violation whose verdict differs from the expected one (`--no-blame` leaves it out). */
  readonly blame: boolean
}

/** Loads every scenario file; all the problems at once, one line each, rather than one per run. */
function prepareAll(files: readonly string[], cwd: string): { prepared: PreparedScenario[]; skipped: string[] } {
  const prepared: PreparedScenario[] = []
  const skipped: string[] = []
  const problems: string[] = []
  for (const file of files) {
    try {
      const loaded = loadScenario(file, cwd)
      if (Object.keys(expectationsOf(loaded)).length === 0) skipped.push(file)
      else prepared.push(prepareScenario(loaded))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems.push(error.message)
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'))
  return { prepared, skipped }
}

export async function runCi(args: CiArgs, context: CliContext): Promise<ExitCode> {
  if (args.merge) return mergeCi(args, context)
  if (args.allowPartial) throw new InputError('ci: --allow-partial goes with --merge')
  const { cwd, stdout, stderr } = context
  const [folder = BUILT_IN_SCENARIOS_DIR, extra] = args.paths
  if (extra !== undefined)
    throw new InputError(`ci: unexpected argument '${extra}' (it takes one FOLDER; several files only with --merge)`)
  const shard = shardOption('shard', args.shard)
  if (args.junit !== undefined) checkWritableFile('--junit', args.junit, cwd)
  const { prepared, skipped } = prepareAll(scenarioFilesIn(folder, cwd), cwd)
  if (prepared.length === 0) throw new InputError(`no scenario in ${folder} has an expect block; nothing to check`)

  const scenarios = (shard === undefined ? prepared : itemsOfShard(prepared, shard)).map(scenario => {
    const progress = progressLine(stderr, `checking ${nameOf(scenario.loaded)}`)
    const run = runScenario(scenario, {}, progress.update)
    progress.done()
    // Only a verdict that differs is blamed: a passing run costs nothing more, and a failing one names its lines.
    const differs = (p: PropertyOutcome) => p.expected !== undefined && !meetsExpectation(p.verdict, p.expected)
    const blame = args.blame ? blameRun(run, differs, {}, label => progressLine(stderr, label)) : undefined
    return ciScenarioDocument(run, blame)
  })
  const counts = ciCounts(scenarios)
  const differing = counts.differences.length
  if (args.junit !== undefined) writeFileAtomically(args.junit, junitXml(scenarios, shard), cwd)

  if (args.json) {
    const document: CiDocument = {
      command: 'ci',
      folder,
      ok: differing === 0,
      differences: differing,
      scenarios,
      skipped: skipped.map(file => ({ scenario: scenarioName(file), source: file })),
      ...(shard === undefined ? {} : { shard }),
    }
    printJson(stdout, document)
  } else {
    const part = shard === undefined ? [] : [`Shard ${shard.index} of ${shard.count}.`]
    printLines(stdout, [...ciTable(scenarios), '', ...part, ...ciSummary(counts, skipped.map(scenarioName))])
  }
  return differing === 0 ? EXIT.ok : EXIT.failed
}

function readReport(file: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8')
  } catch (error) {
    throw new InputError(unreadable(file, error).message)
  }
}

/** `ci --merge FILE...`: what one unsharded run would have printed and written, from the shards' reports. */
function mergeCi(args: CiArgs, context: CliContext): ExitCode {
  const { cwd, stdout } = context
  if (args.shard !== undefined) throw new InputError('ci: --shard and --merge do not go together')
  if (args.paths.length === 0) throw new InputError('ci --merge: give the report files of the shards')
  if (args.junit !== undefined) checkWritableFile('--junit', args.junit, cwd)
  const merged = mergeCiReports(
    args.paths.map(file => parseCiReport(file, readReport(file, cwd))),
    args.allowPartial,
  )
  const missing =
    merged.missingShards.length === 0
      ? []
      : [
          `Missing shards (--allow-partial): ${merged.missingShards.join(', ')}; their scenarios are not in this report.`,
        ]
  if (merged.kind === 'junit') {
    if (args.json)
      throw new InputError(`ci --merge --json needs the shards' --json reports; ${args.paths[0]} is a JUnit report`)
    if (args.junit !== undefined) writeFileAtomically(args.junit, merged.junit, cwd)
    printLines(stdout, [...missing, ...ciSummary(merged.counts, [])])
  } else {
    if (args.junit !== undefined) writeFileAtomically(args.junit, junitXml(merged.scenarios), cwd)
    if (args.json) printJson(stdout, merged.document)
    else {
      const skipped = merged.document.skipped.map(s => s.scenario)
      printLines(stdout, [...ciTable(merged.scenarios), '', ...missing, ...ciSummary(merged.counts, skipped)])
    }
  }
  return merged.counts.differences.length === 0 ? EXIT.ok : EXIT.failed
}
