// Where a scenario comes from: a YAML file the user names, a built-in scenario by name (spec/scenarios/<name>.yaml),
// or every scenario file in a folder (`kafkacheck ci`).
import { readdirSync, statSync } from 'node:fs'
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path'
import { levenshtein, BUILT_IN_SCENARIOS_DIR } from '../../spec/index.js'
import { InputError } from './exit.js'

const SCENARIO_EXTENSIONS = ['.yaml', '.yml']

const isScenarioFile = (file: string) => SCENARIO_EXTENSIONS.includes(extname(file))

/** A path as short as it can be printed: relative to the working folder `cwd` when it lies inside it. */
const shortPath = (path: string, cwd: string) => {
  const inside = relative(cwd, resolve(cwd, path))
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside
}

const isFile = (path: string, cwd: string) => statSync(resolve(cwd, path), { throwIfNoEntry: false })?.isFile() ?? false

/** The scenario files of a folder (relative to `cwd`), by name; one that cannot be read or holds none is bad input. */
export function scenarioFilesIn(folder: string, cwd: string): string[] {
  const stat = statSync(resolve(cwd, folder), { throwIfNoEntry: false })
  if (stat === undefined) throw new InputError(`cannot read ${folder}: no such folder`)
  if (!stat.isDirectory()) throw new InputError(`cannot read ${folder}: not a folder`)
  const files = readdirSync(resolve(cwd, folder))
    .filter(isScenarioFile)
    .sort()
    .map(name => shortPath(join(folder, name), cwd))
  if (files.length === 0) throw new InputError(`${folder} holds no scenario files (*.yaml, *.yml)`)
  return files
}

export const builtInScenarioFiles = (cwd: string): string[] => scenarioFilesIn(BUILT_IN_SCENARIOS_DIR, cwd)

export const scenarioName = (file: string): string => basename(file, extname(file))

/**
 * The file a `<scenario.yaml | built-in name>` argument means. Anything that looks like a path is taken as one (and
 * reading it reports a missing file); a bare word is a built-in name, and an unknown one is answered with the list.
 */
export function scenarioFileFor(argument: string, cwd: string): string {
  if (isFile(argument, cwd) || isScenarioFile(argument) || /[\\/]/.test(argument)) return argument
  const builtIn = builtInScenarioFiles(cwd)
  const names = builtIn.map(scenarioName)
  const found = builtIn.find(file => scenarioName(file) === argument)
  if (found !== undefined) return found
  const closest = closestScenario(argument, names)
  throw new InputError(
    `unknown scenario '${argument}'${closest === null ? '' : ` (did you mean ${closest}?)`}; ` +
      `built-in: ${names.join(', ')}; or give a scenario file (.yaml)`,
  )
}

/**
 * The built-in name nearest to a mistyped one. Names are long and people type their beginning (`acks1`), so each is
 * compared by its prefix of the typed length first and as a whole second; a name more than a third off is no match.
 */
function closestScenario(typed: string, names: readonly string[]): string | null {
  const scored = names.map(name => ({
    name,
    prefix: levenshtein(typed, name.slice(0, typed.length)),
    whole: levenshtein(typed, name),
  }))
  scored.sort((a, b) => a.prefix - b.prefix || a.whole - b.whole)
  const best = scored[0]
  return best !== undefined && best.prefix <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : null
}
