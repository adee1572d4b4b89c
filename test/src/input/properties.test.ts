import { describe, expect, it } from 'vitest'
import { parseProperties } from '../../../src/input/properties.js'

const pairs = (text: string) => parseProperties(text).map(({ key, value, line }) => [key, value, line])

describe('Java .properties', () => {
  it('takes =, : and whitespace as separators, and keeps each key’s line', () => {
    expect(pairs('acks=all\nretries : 3\nlinger.ms   5\n\nbatch.size=16384')).toEqual([
      ['acks', 'all', 1],
      ['retries', '3', 2],
      ['linger.ms', '5', 3],
      ['batch.size', '16384', 5],
    ])
  })

  it('skips # and ! comments, including indented ones', () => {
    expect(pairs('# producer\n! also a comment\n   # indented\nacks=1')).toEqual([['acks', '1', 4]])
  })

  it('joins backslash continuation lines and drops their leading whitespace', () => {
    expect(pairs('sasl.jaas.config=org.Module \\\n    required \\\n    user="u";\nacks=1')).toEqual([
      ['sasl.jaas.config', 'org.Module required user="u";', 1],
      ['acks', '1', 4],
    ])
  })

  it('continues lines ending in CRLF too', () => {
    expect(pairs('a=1 \\\r\n  2\r\nb=3\r\n')).toEqual([
      ['a', '1 2', 1],
      ['b', '3', 3],
    ])
  })

  it('reads \\uXXXX escapes in keys and values', () => {
    expect(pairs('\\u0061cks=\\u0041LL')).toEqual([['acks', 'ALL', 1]])
  })

  it('reads escaped = : and spaces as part of the key', () => {
    expect(pairs('a\\=b=1\nc\\:d:2\ne\\ f 3')).toEqual([
      ['a=b', '1', 1],
      ['c:d', '2', 2],
      ['e f', '3', 3],
    ])
  })

  it('keeps = and : inside values', () => {
    expect(pairs('bootstrap.servers=host:9092\nx = a=b')).toEqual([
      ['bootstrap.servers', 'host:9092', 1],
      ['x', 'a=b', 2],
    ])
  })

  it('gives an empty value to a key without one, and lists a repeated key each time', () => {
    expect(pairs('acks\nacks=1')).toEqual([
      ['acks', '', 1],
      ['acks', '1', 2],
    ])
  })
})
