import { describe, expect, it } from 'vitest'
import { parseVariation } from '../../../src/run/matrix.js'

describe('--vary keys', () => {
  it.each([
    ['acks=0,1,all', 'producer', 'acks', ['0', '1', 'all']],
    ['request.required.acks=1,all', 'producer', 'acks', ['1', 'all']],
    ['enable.auto.commit=true,false', 'consumer', 'enable.auto.commit', ['true', 'false']],
    ['min.insync.replicas=1,2', 'topic', 'min.insync.replicas', ['1', '2']],
    ['log.flush.interval.messages=1,100', 'broker', 'log.flush.interval.messages', ['1', '100']],
    ['broker.min.insync.replicas=1, 2', 'broker', 'min.insync.replicas', ['1', '2']],
    ['topic.min.insync.replicas=1', 'topic', 'min.insync.replicas', ['1']],
    ['faults.broker-crash=0,1', 'faults', 'broker-crash', ['0', '1']],
    ['kafka.version=2.8,3.7', 'kafka', 'version', ['2.8', '3.7']],
    ['app.commit=before-process,after-process', 'app', 'commit', ['before-process', 'after-process']],
  ])('reads %s as %s %s', (spec, block, key, values) => {
    expect(parseVariation(spec)).toEqual({ label: spec.slice(0, spec.indexOf('=')), block, key, values })
  })

  it.each([
    ['acks', '--vary acks is not allowed; allowed: key=value,value,...'],
    ['acks=', '--vary acks= is not allowed'],
    ['acks=1,,all', '--vary acks=1,,all is not allowed'],
    ['=1', '--vary =1 is not allowed'],
    ['ackss=1', "--vary ackss=1: unknown key 'ackss' (did you mean acks?)"],
    ['expect.NoLossOfAcked=holds', "unknown key 'expect.NoLossOfAcked'"],
  ])('refuses %s', (spec, message) => {
    expect(() => parseVariation(spec)).toThrow(message)
  })
})
