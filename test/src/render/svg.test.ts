import { describe, expect, it } from 'vitest'
import { renderPng, renderSvg, sequenceDiagram, stateGraph } from '../../../src/render/index.js'
import { builtIn, builtInNames, counterexample, counterexamplesOf } from '../report/counterexamples.js'

describe('renderSvg', () => {
  // Every shortest counterexample of every built-in scenario: the diagrams people will actually open.
  const all = builtInNames().flatMap(name => counterexamplesOf(builtIn(name)))

  it('finds violations to draw in the built-in scenarios', () => {
    expect(all.length).toBeGreaterThan(15)
  })

  it.each(all.map(c => [`${c.scenario.name} / ${c.property}`, c] as const))(
    'renders the sequence diagram of %s with every step number',
    async (_name, c) => {
      const svg = await renderSvg(sequenceDiagram(c))
      expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/)
      for (let step = 1; step < c.trace.length; step++) expect(svg).toContain(`>${step}</text>`)
      expect(svg).toContain(`${c.property} is violated`)
    },
  )

  it('says what is wrong, in one line, when the DOT is not valid', async () => {
    await expect(renderSvg('digraph { a -> ; }')).rejects.toThrow(
      /^Graphviz could not render the diagram: .*syntax error[^\n]*$/,
    )
    await expect(renderSvg('  ')).rejects.toThrow('cannot render an empty DOT graph')
  })
})

describe('renderPng', () => {
  it('rasterises the diagram offline into a PNG', async () => {
    const png = await renderPng(sequenceDiagram(counterexample('acks0-fire-and-forget', 'NoLossOfAcked')))
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.length).toBeGreaterThan(10_000)
  })
})

describe('stateGraph', () => {
  it('draws every reachable state of a small model, with the counterexample path in red', async () => {
    const c = counterexample('retries-without-idempotence', 'NoDuplicateInLog')
    const dot = stateGraph(c)
    expect(dot).toContain('44 reachable states')
    for (let step = 1; step < c.trace.length; step++)
      expect(dot).toMatch(new RegExp(`label="${step}\\. [A-Z]\\w+\\(.*color="red3"`))
    expect(dot).toContain('X NoDuplicateInLog')
    expect(dot).toContain('tooltip="the connection from producer 1 to broker 1 breaks; m1\'s response is lost;')
    expect(await renderSvg(dot)).toContain('initial state')
  })

  it('folds a model with more states than the limit by BFS depth and says so', async () => {
    const c = counterexample('retries-without-idempotence', 'NoDuplicateInLog')
    const dot = stateGraph(c, { maxNodes: 20 })
    expect(dot).toMatch(/\d+ states up to depth 5, more than 20: folded by breadth-first depth/)
    expect(dot.match(/^ {2}\{ rank=same; d\d+/gm)).toHaveLength(6)
    expect(await renderSvg(dot)).toContain('depth 5')
  })
})
