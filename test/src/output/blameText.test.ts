import { describe, expect, it } from 'vitest'
import { blameLines, blameSummary, faultsText } from '../../../src/output/blameText.js'
import type { BlamedSetting, PropertyBlame, Recheck } from '../../../src/run/blame.js'

const setting = (
  fields: Partial<BlamedSetting> & Pick<BlamedSetting, 'setting' | 'value' | 'safe'>,
): BlamedSetting => ({
  block: 'producer',
  key: fields.setting,
  keeping: [],
  origin: null,
  defaultBy: null,
  why: '',
  recheck: { verdict: 'holds' },
  ...fields,
})

const acks = setting({ setting: 'acks', value: '1', safe: 'all', origin: { file: 'producer.properties', line: 3 } })
const unclean = setting({
  setting: 'unclean.leader.election.enable',
  block: 'topic',
  value: 'true',
  safe: 'false',
  defaultBy: 'MSK default',
})
const violated = (s: BlamedSetting, recheck: Recheck = { verdict: 'violated' }): BlamedSetting => ({ ...s, recheck })

const blame = (settings: BlamedSetting[], faults: PropertyBlame['faults']['faults'] = { 'broker-crash': 1 }) => ({
  property: 'NoLossOfAcked',
  settings,
  faults: { faults, openBelow: null },
})

describe('the fewest faults in words', () => {
  it.each([
    [{}, 'no fault is needed'],
    [{ 'broker-crash': 1 }, 'one broker crash is enough'],
    [{ 'broker-crash': 2 }, 'two broker crashes are enough'],
    [{ 'broker-crash': 1, 'lost-response': 1 }, 'one broker crash and one lost response are enough'],
    [
      { 'lossy-crash': 1, 'lost-request': 2, 'consumer-crash': 1 },
      'one broker power loss, two lost requests and one consumer crash are enough',
    ],
    [{ 'broker-crash': 12 }, '12 broker crashes are enough'],
  ])('%j: %s', (faults, text) => {
    expect(faultsText({ faults, openBelow: null })).toBe(text)
  })

  it('says when fewer were only checked within a bound', () => {
    expect(faultsText({ faults: { 'broker-crash': 2 }, openBelow: 'bound.retries=1' })).toBe(
      'two broker crashes are enough (fewer were checked only within bound.retries=1)',
    )
  })
})

describe('blame in words', () => {
  it('names each needed line by file and line, or whose default it is, with the value that makes it hold', () => {
    expect(blameSummary(blame([acks, unclean]))).toBe(
      'needs acks=1 (producer.properties:3; with acks=all it holds) and unclean.leader.election.enable=true ' +
        '(MSK default; set it to false); one broker crash is enough',
    )
  })

  it('says when a change only holds within a bound, and what a change kept', () => {
    const bounded = { ...unclean, recheck: { verdict: 'holds-within', bound: 'bound.retries=1' } as const }
    const upgrade = setting({
      setting: 'kafka.version',
      block: 'kafka',
      key: 'version',
      value: '0.10',
      safe: '3.9',
      origin: { file: 'hw.yaml', line: 2 },
      keeping: [{ block: 'kafka', key: 'metadata', value: 'zookeeper' }],
    })
    expect(blameSummary(blame([bounded, upgrade]))).toBe(
      'needs unclean.leader.election.enable=true (MSK default; set it to false: it then holds within ' +
        'bound.retries=1, not exhaustively) and kafka.version=0.10 (hw.yaml:2; with kafka.version=3.9 ' +
        '(together with metadata=zookeeper) it holds); one broker crash is enough',
    )
  })

  it('lists what did not help alone on a line of its own', () => {
    const refused = violated(setting({ setting: 'enable.idempotence', value: 'false', safe: 'true' }), {
      verdict: 'rejected',
      reason: 'ConfigException',
    })
    const minIsr = violated(setting({ setting: 'min.insync.replicas', block: 'topic', value: '1', safe: '2' }))
    expect(blameLines(blame([acks, refused, minIsr]))).toEqual([
      'needs acks=1 (producer.properties:3; with acks=all it holds); one broker crash is enough',
      'still violated with min.insync.replicas=2; Kafka refuses enable.idempotence=true here',
    ])
  })

  it('says so when no one setting makes it hold, or none has a safer value', () => {
    expect(blameLines(blame([violated(acks)], {}))).toEqual([
      'no setting changed alone to its safe value makes it hold; no fault is needed',
      'still violated with acks=all',
    ])
    expect(blameLines(blame([]))).toEqual(['no setting here has a safer value to try; one broker crash is enough'])
  })
})
