// The HTML trace explorer: one self-contained file (no network, no external script, style or font) with the
// sequence diagram beside the list of steps. Clicking a step, or its arrow in the diagram, highlights it and shows
// the state's variables with what the step changed; the arrow keys step through the trace.
//
// Everything a scenario supplies (its name, the topic, the group id, the keys, property names) is escaped where it
// lands: HTML text is entity-escaped, the step data travels as JSON with `<` escaped inside a non-executable script
// element, and a Content-Security-Policy admits only the explorer's own script, by its hash.

import { createHash } from 'node:crypto'
import type { Counterexample } from '../run/counterexample.js'
import { explainViolation } from '../report/explain.js'
import { stepsOf } from '../report/steps.js'
import { scenarioSummary } from '../report/text.js'
import { formatValue, stateListing, variablePath } from '../report/variables.js'
import { EXPLORER_CSS, EXPLORER_SCRIPT } from './explorerAssets.js'

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text made safe for HTML content and attribute values. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, ch => HTML_ESCAPES[ch]!)

/** JSON that can sit inside a <script> element: no `<`, `>` or `&` to end it or open a comment, no line separators. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** The SVG element alone: Graphviz's XML declaration, doctype and comments have no place inside HTML. */
function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg')
  return (start < 0 ? svg : svg.slice(start)).replace(/<!--[\s\S]*?-->/g, '').trim()
}

const cspHash = (script: string): string => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`

/**
 * The explorer page for `c`, with `svg` (the rendered sequence diagram) inline, and under the violation what it
 * needs when blame found it (`blame`: its lines as the text report gives them).
 */
export function explorerHtml(c: Counterexample, svg: string, blame: readonly string[] = []): string {
  const steps = stepsOf(c).map(({ index, text, changes }) => ({
    index,
    text,
    changes: changes.map(change => ({
      path: variablePath(c.params, change.path),
      before: formatValue(c.params, change.path, change.before),
      after: formatValue(c.params, change.path, change.after),
    })),
    state: stateListing(c.params, c.trace[index]!.state),
  }))
  const title = `${c.scenario.name}: ${c.property} violated`
  const csp = `default-src 'none'; script-src ${cspHash(EXPLORER_SCRIPT)}; style-src 'unsafe-inline'; img-src data:`
  const list = steps
    .map(
      step =>
        `<li id="step-${step.index}" role="option" aria-selected="false"><span class="number">${step.index}</span>` +
        `${escapeHtml(step.text)}</li>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · kafkacheck</title>
<style>${EXPLORER_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)} <span class="hint">${c.kind} · ${steps.length - 1} steps · click a step or use the arrow keys</span></h1>
<p class="violation">✕ ${escapeHtml(explainViolation(c))}</p>
${blame.length === 0 ? '' : `<div class="blame"><span class="label">Blame</span> ${blame.map(line => `<p>${escapeHtml(line)}</p>`).join('')}</div>`}
${c.scenario.description === '' ? '' : `<p class="config">${escapeHtml(c.scenario.description)}</p>`}
${scenarioSummary(c)
  .map(line => `<p class="config">${escapeHtml(line)}</p>`)
  .join('\n')}
</header>
<main>
<ol id="steps" role="listbox" aria-label="steps">
${list}
</ol>
<div id="right">
<div id="diagram">
${inlineSvg(svg)}
</div>
<div id="panels">
<section><h2>Changed by <span id="selected-step"></span></h2><table id="diff"></table></section>
<section><h2>State</h2><table id="state"></table></section>
</div>
</div>
</main>
<script type="application/json" id="kafkacheck-data">${scriptJson({ title, steps })}</script>
<script>${EXPLORER_SCRIPT}</script>
</body>
</html>
`
}
