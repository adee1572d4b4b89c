// Writes every report of one counterexample under out/<scenario>/: everything is rendered first, then each file is
// written whole or not at all (output/files.ts), so that a crash or a full disk never leaves a half-written report
// where a reader (or a CI artifact upload) would take it for whole.

import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { explorerHtml, renderPng, renderSvg, sequenceDiagram, stateGraph } from '../render/index.js'
import { itfTrace, textTrace } from '../report/index.js'
import type { Counterexample } from '../run/counterexample.js'
import { writeFileAtomically } from './files.js'

/** A scenario or property name as one safe path segment: it can neither climb out of the folder nor hide. */
function fileSegment(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_')
  return safe === '' ? '_' : safe
}

/**
 * Writes out/<scenario>/<property>.{txt,dot,svg,html,itf.json} (+ .png, -graph.dot/.svg when asked), `outDir` being
 * relative to `cwd`; never leaves a half-written file. Everything is rendered before the first file is written.
 * Returns the paths written, as relative as `outDir`.
 */
export async function writeCounterexample(
  c: Counterexample,
  outDir: string,
  cwd: string,
  options?: { png?: boolean; graph?: boolean },
): Promise<{ readonly files: readonly string[] }> {
  const folder = join(outDir, fileSegment(c.scenario.name))
  const base = join(folder, fileSegment(c.property))
  const dot = sequenceDiagram(c)
  const svg = await renderSvg(dot)
  const contents: [string, string | Uint8Array][] = [
    [`${base}.txt`, textTrace(c)],
    [`${base}.dot`, dot],
    [`${base}.svg`, svg],
    [`${base}.html`, explorerHtml(c, svg)],
    [`${base}.itf.json`, `${JSON.stringify(itfTrace(c), null, 2)}\n`],
  ]
  if (options?.png) contents.push([`${base}.png`, await renderPng(dot)])
  if (options?.graph) {
    const graph = stateGraph(c)
    contents.push([`${base}-graph.dot`, graph], [`${base}-graph.svg`, await renderSvg(graph)])
  }
  mkdirSync(resolve(cwd, folder), { recursive: true })
  for (const [path, content] of contents) writeFileAtomically(path, content, cwd)
  return { files: contents.map(([path]) => path) }
}
