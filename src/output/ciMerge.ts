// `kafkacheck ci --merge FILE...`: the reports of the shards of one `ci --shard K/N` run, joined into the report one
// unsharded run would have written. Reports are the `--json` documents (which carry everything: the table, the JSON
// and the JUnit XML are all made from them) or the `--junit` files (which give back JUnit XML and the summary, but
// not the table: a passing testcase does not say its verdict). Each names its shard, so that a merge can tell that
// the set is complete; anything that does not fit is bad input, one line naming the file.
import type { Shard } from '../run/shard.js'
import { InputError } from '../run/exit.js'
import { ciCounts, type CiCounts } from './ciReport.js'
import type { CiDocument, ScenarioDocument } from './json.js'
import { ciDocumentProblems } from './jsonShape.js'
import { junitReport, junitReportName } from './junit.js'

/** One `<testsuite>` of a JUnit report, as written, with what the merged report adds up. */
interface JunitSuite {
  readonly xml: string
  readonly file: string
  readonly tests: number
  readonly failures: number
  readonly time: string
  /** "scenario: property expected x, got y", as `ci` prints a difference. */
  readonly differences: readonly string[]
}

export type CiReport =
  | { readonly kind: 'json'; readonly file: string; readonly shard: Shard; readonly document: CiDocument }
  | { readonly kind: 'junit'; readonly file: string; readonly shard: Shard; readonly suites: readonly JunitSuite[] }

/** A report of a run without `--shard` is the one shard of one. */
const WHOLE: Shard = { index: 1, count: 1 }

const describeShard = (shard: Shard) => `shard ${shard.index} of ${shard.count}`

const unxml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&')

function parseJson(file: string, text: string): CiReport {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const problems = ciDocumentProblems(document)
  if (problems.length > 0)
    throw new InputError(
      `${file}: not a report of kafkacheck ci --json: ${problems[0]}` +
        (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''),
    )
  const ci = document as CiDocument
  if (ci.missingShards !== undefined) throw new InputError(`${file}: a partial merge; merge the shards' own reports`)
  return { kind: 'json', file, shard: ci.shard ?? WHOLE, document: ci }
}

const ROOT = /^<testsuites name="([^"]*)" tests="\d+" failures="\d+" errors="0" time="[\d.]+">$/m
const SUITE = /^ {2}<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" errors="0" time="([\d.]+)" file="([^"]*)">$/
const FAILURE = /<testcase classname="([^"]*)" name="([^"]*)" time="0">\n\s*<failure message="([^"]*)"/g
const SHARD_NAME = /^kafkacheck ci \(shard (\d+) of (\d+)\)$/

function parseJunit(file: string, text: string): CiReport {
  const root = ROOT.exec(text)
  const name = root === null ? undefined : unxml(root[1]!)
  const shardName = name === undefined ? null : SHARD_NAME.exec(name)
  if (name === undefined || (name !== junitReportName() && shardName === null))
    throw new InputError(`${file}: not a report of kafkacheck ci --junit (no <testsuites name="kafkacheck ci ...">)`)
  const shard = shardName === null ? WHOLE : { index: Number(shardName[1]), count: Number(shardName[2]) }
  // Text inside an element has its < escaped, so the first "  </testsuite>" line ends the suite.
  const suites = [...text.matchAll(/^ {2}<testsuite [\s\S]*?^ {2}<\/testsuite>$/gm)]
  const parsed = suites.map(([xml]): JunitSuite => {
    const attributes = SUITE.exec(xml.slice(0, xml.indexOf('\n')))
    if (attributes === null) throw new InputError(`${file}: a <testsuite> kafkacheck ci did not write: ${xml}`)
    const [, tests, failures, time, source] = attributes
    return {
      xml,
      file: unxml(source!),
      tests: Number(tests),
      failures: Number(failures),
      time: time!,
      differences: [...xml.matchAll(FAILURE)].map(
        ([, scenario, property, message]) => `${unxml(scenario!)}: ${unxml(property!)} ${unxml(message!)}`,
      ),
    }
  })
  return { kind: 'junit', file, shard, suites: parsed }
}

/** A report as written by `ci --json` or `ci --junit FILE`; anything else is bad input naming `file`. */
export function parseCiReport(file: string, text: string): CiReport {
  const start = text.trimStart()
  if (start.startsWith('{')) return parseJson(file, text)
  if (start.startsWith('<')) return parseJunit(file, text)
  throw new InputError(`${file}: neither a kafkacheck ci --json report nor a --junit one`)
}

export type MergedCi =
  | {
      readonly kind: 'json'
      readonly document: CiDocument
      readonly scenarios: readonly ScenarioDocument[]
      readonly counts: CiCounts
      readonly missingShards: readonly number[]
    }
  | {
      readonly kind: 'junit'
      readonly junit: string
      readonly counts: CiCounts
      readonly missingShards: readonly number[]
    }

/** The shards the reports should have covered and did not; two reports of one shard, or of two splits, are bad input. */
function missingShards(reports: readonly CiReport[]): number[] {
  const first = reports[0]!
  const seen = new Map<number, string>()
  for (const report of reports) {
    if (report.kind !== first.kind)
      throw new InputError(
        `${report.file}: a ${report.kind === 'json' ? 'JSON' : 'JUnit'} report, but ${first.file} is ` +
          `${first.kind === 'json' ? 'a JSON' : 'a JUnit'} one; merge reports of one kind`,
      )
    if (report.shard.count !== first.shard.count)
      throw new InputError(
        `${report.file}: ${describeShard(report.shard)}, but ${first.file} is ${describeShard(first.shard)}; ` +
          'merge the shards of one split',
      )
    const other = seen.get(report.shard.index)
    if (other !== undefined)
      throw new InputError(
        `${report.file}: ${describeShard(report.shard)} a second time (the first: ${other}); give each shard once`,
      )
    seen.set(report.shard.index, report.file)
  }
  return Array.from({ length: first.shard.count }, (_, i) => i + 1).filter(index => !seen.has(index))
}

/** The order one unsharded run reports in: its scenario files by name. */
const byFile =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0

/** Every scenario once: a file in two reports means they are not shards of one run. */
function once<T>(items: readonly { readonly item: T; readonly report: string }[], key: (item: T) => string): T[] {
  const seen = new Map<string, string>()
  for (const { item, report } of items) {
    const other = seen.get(key(item))
    if (other !== undefined) throw new InputError(`${report}: ${key(item)} is in ${other} as well`)
    seen.set(key(item), report)
  }
  return items.map(({ item }) => item).sort(byFile(key))
}

/** The shards' reports joined; without `allowPartial`, a shard that is not there is bad input. */
export function mergeCiReports(reports: readonly CiReport[], allowPartial: boolean): MergedCi {
  if (reports.length === 0) throw new InputError('--merge needs the report files of the shards')
  const missing = missingShards(reports)
  if (missing.length > 0 && !allowPartial) {
    const count = reports[0]!.shard.count
    throw new InputError(
      `--merge: missing ${missing.map(index => `shard ${index}`).join(', ')} of ${count}; ` +
        "give every shard's report, or add --allow-partial to merge the ones there are",
    )
  }
  const jsons = reports.flatMap(report => (report.kind === 'json' ? [report] : []))
  if (jsons.length === 0) {
    const suites = once(
      reports.flatMap(report =>
        (report.kind === 'junit' ? report.suites : []).map(item => ({ item, report: report.file })),
      ),
      suite => suite.file,
    )
    const counts: CiCounts = {
      scenarios: suites.length,
      expectations: suites.reduce((n, suite) => n + suite.tests, 0),
      differences: suites.flatMap(suite => suite.differences),
    }
    return { kind: 'junit', junit: junitReport(junitReportName(), suites), counts, missingShards: missing }
  }
  const first = jsons[0]!.document
  for (const { file, document } of jsons)
    if (document.folder !== first.folder)
      throw new InputError(`${file}: a report of ${document.folder}, but ${jsons[0]!.file} is of ${first.folder}`)
  const scenarios = once(
    jsons.flatMap(({ file, document }) => document.scenarios.map(item => ({ item, report: file }))),
    scenario => scenario.source,
  )
  const skipped = [
    ...new Map(jsons.flatMap(({ document }) => document.skipped.map(s => [s.source, s] as const))).values(),
  ].sort(byFile(s => s.source))
  const counts = ciCounts(scenarios)
  const document: CiDocument = {
    command: 'ci',
    folder: first.folder,
    ok: counts.differences.length === 0,
    differences: counts.differences.length,
    scenarios,
    skipped,
    ...(missing.length === 0 ? {} : { missingShards: missing }),
  }
  return { kind: 'json', document, scenarios, counts, missingShards: missing }
}
