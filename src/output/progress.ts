// The progress line of a long search, on stderr so that stdout stays the report (or the one JSON document). The
// checker calls back once a second, so runs shorter than that print nothing. On a terminal the line is rewritten in
// place and erased at the end; anywhere else (a CI log, a pipe) each update is a plain line of its own.
import type { Progress } from '../../checker/index.js'
import { formatBytes, formatCount, formatSeconds, plural } from './format.js'
import type { TextOutput } from './print.js'

export interface ProgressLine {
  readonly update: (progress: Progress) => void
  /** Erases the line on a terminal; call when the search is over, before printing anything else. */
  readonly done: () => void
}

const ERASE_LINE = '\r\x1b[K'

export const describeProgress = (label: string, p: Progress): string =>
  `${label}: ${formatCount(p.distinctStates)} states, ${formatCount(p.statesPerSecond)} distinct/s, ` +
  `depth ${p.depth}, queue ${formatCount(p.queue)}, ${formatBytes(p.memoryBytes)}, ${formatSeconds(p.seconds)}` +
  (p.workerThreads > 0 ? `, ${plural(p.workerThreads, 'worker thread')}` : '')

export function progressLine(out: TextOutput, label: string): ProgressLine {
  let shown = false
  return {
    update: progress => {
      shown = true
      const text = describeProgress(label, progress)
      out.write(out.isTTY ? ERASE_LINE + text : `${text}\n`)
    },
    done: () => {
      if (shown && out.isTTY) out.write(ERASE_LINE)
    },
  }
}
