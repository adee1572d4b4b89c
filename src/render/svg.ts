// DOT to pictures, in process: SVG through Graphviz compiled to WebAssembly (graphviz-cli's API, no system Graphviz),
// PNG by rasterising that SVG with resvg, whose native binary ships as an npm package (no canvas, no download).

import { Resvg } from '@resvg/resvg-js'
import { renderGraphFromSource } from 'graphviz-cli'

/** Renders DOT to SVG; throws a one-line Error with Graphviz's message when the DOT is invalid. */
export async function renderSvg(dot: string): Promise<string> {
  // graphviz-cli reads standard input when given no source: never hand it an empty one.
  if (dot.trim() === '') throw new Error('cannot render an empty DOT graph')
  try {
    return await renderGraphFromSource({ input: dot }, { format: 'svg' })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(
      `Graphviz could not render the diagram: ${message
        .replace(/^Error: /, '')
        .trim()
        .replace(/\s*\n\s*/g, '; ')}`,
    )
  }
}

/** Renders DOT to PNG at twice the SVG's size, with the machine's fonts (Graphviz asks for Helvetica: any sans-serif). */
export async function renderPng(dot: string): Promise<Uint8Array> {
  const svg = await renderSvg(dot)
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  })
  return resvg.render().asPng()
}
