// The public surface of rendering: a counterexample drawn as a sequence diagram or a state graph (DOT), as SVG or
// PNG, and as the self-contained HTML explorer.
export { sequenceDiagram } from './sequence.js'
export { stateGraph } from './stateGraph.js'
export { renderPng, renderSvg } from './svg.js'
export { explorerHtml } from './explorer.js'
