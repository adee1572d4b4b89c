import { describe, expect, it } from 'vitest'
import { formatBytes, formatCount, formatSeconds, plural } from '../../../src/output/format.js'
import { wrap } from '../../../src/output/help.js'
import { markdownTable, textTable } from '../../../src/output/table.js'

describe('tables and numbers', () => {
  it('aligns text columns without trailing blanks', () => {
    expect(
      textTable(
        [
          ['a', 'bb', ''],
          ['ccc', 'd', '✓'],
        ],
        '  ',
      ),
    ).toEqual(['  a    bb', '  ccc  d   ✓'])
  })

  it('writes Markdown tables with pipes escaped', () => {
    expect(markdownTable(['k', 'v'], [['a|b', '1']])).toEqual(['| k | v |', '| --- | --- |', '| a\\|b | 1 |'])
  })

  it('formats counts, durations, memory and plurals', () => {
    expect(formatCount(1427)).toBe('1,427')
    expect([formatSeconds(0.04), formatSeconds(13.4), formatSeconds(125)]).toEqual(['0.0 s', '13 s', '2 min 5 s'])
    expect([formatBytes(312 * 2 ** 20), formatBytes(1.5 * 2 ** 30)]).toEqual(['312 MB', '1.5 GB'])
    expect([plural(1, 'step'), plural(6, 'step'), plural(2, 'property', 'properties')]).toEqual([
      '1 step',
      '6 steps',
      '2 properties',
    ])
  })

  it('wraps help text at word boundaries', () => {
    expect(wrap('one two three four', 9, '  ')).toEqual(['one two', '  three', '  four'])
  })
})
