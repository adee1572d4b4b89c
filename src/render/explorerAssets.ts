// The HTML explorer's style sheet and script, as text to inline: the explorer is one file that needs no network.
// The script only ever writes scenario-supplied text with textContent, so nothing it shows can become markup.

export const EXPLORER_CSS = `
:root { --accent: #c2185b; --muted: #666; --line: #ddd; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; font-size: 14px; }
* { box-sizing: border-box; }
body { margin: 0; color: #222; background: #fafafa; }
header { padding: 10px 16px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 17px; margin: 0 0 4px; }
header .violation { color: #b71c1c; font-weight: 600; margin: 4px 0; }
header .config { color: var(--muted); font-size: 12px; margin: 2px 0; }
header .blame { margin: 4px 0; padding: 4px 8px; background: #fff8e1; border-left: 3px solid #f9a825; font-size: 13px; }
header .blame p { margin: 2px 0; }
header .blame .label { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: 0.04em; color: #8d6e00; }
main { display: grid; grid-template-columns: minmax(280px, 34%) 1fr; height: calc(100vh - var(--header, 110px)); }
#steps { margin: 0; padding: 0; list-style: none; overflow: auto; border-right: 1px solid var(--line); background: #fff; }
#steps li { padding: 6px 10px 6px 44px; border-bottom: 1px solid #f0f0f0; cursor: pointer; position: relative; line-height: 1.35; }
#steps li .number { position: absolute; left: 10px; top: 6px; width: 26px; text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
#steps li:hover { background: #f5f5ff; }
#steps li.selected { background: #fde7ef; box-shadow: inset 3px 0 0 var(--accent); }
#steps li.selected .number { color: var(--accent); font-weight: 700; }
#right { display: grid; grid-template-rows: minmax(200px, 58%) 1fr; min-width: 0; min-height: 0; }
#diagram { overflow: auto; background: #fff; border-bottom: 1px solid var(--line); }
#diagram svg { display: block; }
#diagram svg .step { cursor: pointer; }
#diagram svg .selected { filter: drop-shadow(0 0 3px rgba(194, 24, 91, 0.95)); }
#diagram svg g.edge.selected path { stroke-width: 2.6; }
#diagram svg g.selected text { font-weight: 700; }
#panels { display: grid; grid-template-columns: 1fr 1fr; min-height: 0; }
#panels section { overflow: auto; padding: 8px 12px; min-width: 0; }
#panels section + section { border-left: 1px solid var(--line); }
#panels h2 { font-size: 13px; margin: 0 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
table { border-collapse: collapse; width: 100%; font-family: ui-monospace, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 12px; }
td { padding: 2px 6px; vertical-align: top; border-bottom: 1px solid #f2f2f2; }
td.path { color: #37474f; white-space: nowrap; }
td.arrow { color: var(--muted); }
#diff td.before { color: #b71c1c; text-decoration: line-through; text-decoration-color: rgba(183, 28, 28, 0.4); }
#diff td.after { color: #1b5e20; }
#state tr.changed td { background: #fff8e1; }
.hint { color: var(--muted); font-size: 12px; margin-left: 8px; font-weight: normal; }
`

export const EXPLORER_SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById('kafkacheck-data').textContent)
  const items = Array.from(document.querySelectorAll('#steps li'))
  const diff = document.getElementById('diff')
  const state = document.getElementById('state')
  const caption = document.getElementById('selected-step')
  const svg = document.querySelector('#diagram svg')
  let current = -1

  const row = (cells, className) => {
    const tr = document.createElement('tr')
    if (className) tr.className = className
    for (const [text, cls] of cells) {
      const td = document.createElement('td')
      td.textContent = text
      if (cls) td.className = cls
      tr.append(td)
    }
    return tr
  }
  const related = (a, b) => a === b || a.startsWith(b + ' / ') || b.startsWith(a + ' / ')

  function select(index) {
    index = Math.max(0, Math.min(data.steps.length - 1, index))
    if (index === current) return
    current = index
    items.forEach((li, i) => {
      li.classList.toggle('selected', i === index)
      li.setAttribute('aria-selected', String(i === index))
    })
    if (svg) {
      svg.querySelectorAll('.selected').forEach(element => element.classList.remove('selected'))
      const marks = svg.querySelectorAll('.step-' + index)
      marks.forEach(element => element.classList.add('selected'))
      if (marks.length > 0) marks[0].scrollIntoView({ block: 'center', inline: 'nearest' })
    }
    const step = data.steps[index]
    caption.textContent = index === 0 ? 'the initial state' : 'step ' + index
    diff.replaceChildren(
      ...(step.changes.length === 0
        ? [row([[index === 0 ? 'the initial state' : 'nothing changed', 'path']])]
        : step.changes.map(c => row([[c.path, 'path'], [c.before, 'before'], ['→', 'arrow'], [c.after, 'after']]))),
    )
    const changed = step.changes.map(c => c.path)
    state.replaceChildren(
      ...step.state.map(v => row([[v.path, 'path'], [v.value, 'value']], changed.some(p => related(p, v.path)) ? 'changed' : '')),
    )
    items[index].scrollIntoView({ block: 'nearest' })
    history.replaceState(null, '', '#step-' + index)
  }

  items.forEach((li, i) => li.addEventListener('click', () => select(i)))
  if (svg)
    svg.addEventListener('click', event => {
      const mark = event.target.closest('.step')
      const match = mark && /(?:^|\\s)step-(\\d+)(?:\\s|$)/.exec(mark.getAttribute('class'))
      if (match) select(Number(match[1]))
    })
  document.addEventListener('keydown', event => {
    const moves = { ArrowDown: 1, ArrowRight: 1, j: 1, ArrowUp: -1, ArrowLeft: -1, k: -1, Home: -Infinity, End: Infinity }
    if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return
    event.preventDefault()
    const move = moves[event.key]
    select(Number.isFinite(move) ? current + move : move < 0 ? 0 : data.steps.length - 1)
  })
  document.documentElement.style.setProperty('--header', document.querySelector('header').offsetHeight + 'px')
  const requested = /^#step-(\\d+)$/.exec(location.hash)
  select(requested ? Number(requested[1]) : 0)
})()
`
