import { describe, expect, it } from 'vitest'
import { renderSvg, sequenceDiagram } from '../../../src/render/index.js'
import { builtIn, counterexample, walk } from '../report/counterexamples.js'

/** Each drawn element of a step, in order: its step, kind and label; what a reader sees, without coordinates. */
function marks(dot: string): string[] {
  return dot.split('\n').flatMap(line => {
    const step = /class="step step-(\d+)"/.exec(line)?.[1]
    if (step === undefined) return []
    const label = /label="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]
    const kind = line.includes(' -> ')
      ? 'arrow'
      : /shape="box"/.test(line)
        ? 'event'
        : label === step
          ? 'number'
          : 'label'
    return kind === 'number' || (kind === 'arrow' && label === undefined) ? [] : [`${step} ${kind}: ${label ?? ''}`]
  })
}

/** The y coordinate of every text of every step in an SVG, by step. */
function textRows(svg: string): Map<number, number[]> {
  const rows = new Map<number, number[]>()
  for (const group of svg.split('<g id=').slice(1)) {
    const step = /class="[^"]*\bstep-(\d+)\b/.exec(group)?.[1]
    if (step === undefined) continue
    const ys = [...group.matchAll(/<text[^>]* y="(-?[\d.]+)"/g)].map(m => Number(m[1]))
    rows.set(Number(step), [...(rows.get(Number(step)) ?? []), ...ys])
  }
  return rows
}

describe('sequenceDiagram', () => {
  it('draws the retry-without-idempotence duplicate as sends, appends and a lost response', () => {
    const dot = sequenceDiagram(counterexample('retries-without-idempotence', 'NoDuplicateInLog'))
    expect(marks(dot)).toMatchInlineSnapshot(`
      [
        "1 label: Produce m1",
        "2 event: append m1 @0\\nHW 0->1\\nanswer OK",
        "3 label: X m1 response lost",
        "4 label: Produce m1\\nretry 1",
        "5 event: append m1 @1 (2nd copy, 1st @0)\\nHW 1->2\\nanswer OK",
      ]
    `)
    expect(dot).toContain('NoDuplicateInLog is violated: m1 appears twice')
  })

  it("has a lifeline per producer and broker, with each broker's role at the start, and no consumer lanes without consumers", () => {
    const dot = sequenceDiagram(counterexample('hw-truncation-before-kip101', 'NoLossOfAcked'))
    expect([...dot.matchAll(/^ {2}(\w+_head) \[/gm)].map(m => m[1])).toEqual([
      'step_head',
      'producer0_head',
      'broker0_head',
      'broker1_head',
      'broker2_head',
    ])
    expect(dot).toContain('label="broker 1\\nleader p0 (epoch 0)"')
    expect(dot).toContain('label="broker 3\\nfollower p0"')
  })

  it('adds the consumers and their group coordinator when the state has them', () => {
    const dot = sequenceDiagram(counterexample('max-poll-interval-zombie', 'NoDuplicateProcessing'))
    for (const lane of ['consumer0_head', 'consumer1_head', 'coordinator0_head']) expect(dot).toContain(`  ${lane} [`)
    expect(dot).toContain('group coordinator\\n\\"orders\\"')
  })

  it('draws crashes, elections and lost messages differently from normal traffic', () => {
    const dot = sequenceDiagram(counterexample('acks1-leader-crash', 'NoLossOfAcked'))
    const crash = dot.split('\n').find(line => line.includes('label="X crash"'))!
    const election = dot.split('\n').find(line => line.includes('new leader of p0'))!
    expect(crash).toContain('fillcolor="red3"')
    expect(election).toContain('fillcolor="lightgoldenrod1"')
    const lost = sequenceDiagram(counterexample('retries-without-idempotence', 'NoDuplicateInLog'))
      .split('\n')
      .find(line => line.includes(' -> ') && line.includes('class="step step-3"'))!
    expect(lost).toMatch(/color="red3".*style="dashed,bold".*arrowhead="tee"/)
  })

  it('keeps a 30-step trace readable: one row per step, top to bottom, no row overlapping the next', async () => {
    const durable = builtIn('acks-all-rf3-minisr2')
    const c = walk({ ...durable, bound: { ...durable.bound, messages: 3 } }, 1, 30)
    expect(c.trace.length).toBe(31)
    const svg = await renderSvg(sequenceDiagram(c))
    const rows = textRows(svg)
    for (let step = 1; step <= 30; step++) {
      expect(svg).toMatch(new RegExp(`>${step}</text>`))
      const ys = rows.get(step)!
      const next = rows.get(step + 1)
      // SVG y grows downwards: every text of a step lies above every text of the next one.
      if (next !== undefined) expect(Math.max(...ys)).toBeLessThan(Math.min(...next))
    }
    const [, width, height] = /<svg width="(\d+)pt" height="(\d+)pt"/.exec(svg)!.map(Number)
    expect(width).toBeLessThan(1800)
    expect(height! / 30).toBeLessThan(90)
  })
})
