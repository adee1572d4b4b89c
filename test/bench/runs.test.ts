// `--runs N` of `npm run bench` and `npm run bench:spin`: what is reported of repeated measurements on a shared
// machine, the median and the range, and the line a wrong value gets.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatSpread, helpOption, medianRun, runsOption, spreadOf, type BenchmarkFigures } from '../../bench/child.js'

afterEach(() => vi.restoreAllMocks())

describe('repeated bench measurements', () => {
  it('take --runs out of the arguments, wherever it stands, and default to one run', () => {
    expect(runsOption(['2pc-8'])).toEqual({ runs: 1, rest: ['2pc-8'] })
    expect(runsOption(['--runs', '5', '2pc-8'])).toEqual({ runs: 5, rest: ['2pc-8'] })
    expect(runsOption(['2pc-7 plain', '--runs', '3'])).toEqual({ runs: 3, rest: ['2pc-7 plain'] })
  })

  it.each([['0'], ['51'], ['2.5'], ['five'], [undefined]])('refuse --runs %s in one line, exit 2', value => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(code => {
      throw new Error(`exit ${code}`)
    })
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => runsOption(value === undefined ? ['--runs'] : ['--runs', value])).toThrow('exit 2')
    expect(exit).toHaveBeenCalledOnce()
    expect(error.mock.calls).toEqual([
      [`--runs takes a whole number from 1 to 50, got ${value === undefined ? 'nothing' : value}`],
    ])
  })

  it('report the median and the extremes, and print one run as a plain figure', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 })
    expect(spreadOf([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 })
    expect(formatSpread(spreadOf([2.6149]))).toBe('2.61')
    expect(formatSpread(spreadOf([2.9, 2.55, 2.61]))).toBe('2.61 (2.55–2.90)')
  })

  it('show the figures of the run whose search took the median time, the lower middle one of an even count', () => {
    const run = (seconds: number, peakRssBytes: number) => ({ seconds, peakRssBytes }) as BenchmarkFigures
    expect(medianRun([run(3, 30), run(1, 10), run(2, 20)]).peakRssBytes).toBe(20)
    expect(medianRun([run(4, 40), run(1, 10), run(3, 30), run(2, 20)]).peakRssBytes).toBe(20)
  })

  it('print their usage for --help or -h and end (exit 0), and let any other arguments through', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(code => {
      throw new Error(`exit ${code}`)
    })
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    expect(() => helpOption(['2pc-8', '--help'], 'usage')).toThrow('exit 0')
    expect(() => helpOption(['-h'], 'usage')).toThrow('exit 0')
    expect(log.mock.calls).toEqual([['usage'], ['usage']])
    helpOption(['2pc-8', '--runs', '3'], 'usage')
    expect(exit).toHaveBeenCalledTimes(2)
  })
})
