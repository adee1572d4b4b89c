import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { murmur2, partitionForKey, toPositive, utf8Bytes } from '../../spec/partitioner.js'

const ascii = (text: string) => Uint8Array.from(text, c => c.charCodeAt(0))

/** Java's Utils.murmur2 spelled out with exact BigInt arithmetic wrapped to int32: an independent oracle. */
function murmur2Oracle(data: Uint8Array): number {
  const int = (n: bigint) => BigInt.asIntN(32, n)
  const ushr = (n: bigint, s: bigint) => BigInt.asUintN(32, n) >> s // Java's >>> on an int
  const m = int(0x5bd1e995n)
  let h = int(int(0x9747b28cn) ^ BigInt(data.length))
  const fullBlocks = Math.floor(data.length / 4)
  for (let i = 0; i < fullBlocks; i++) {
    let k = 0n
    for (let b = 3; b >= 0; b--) k = (k << 8n) | BigInt(data[i * 4 + b]!)
    k = int(int(k) * m)
    k = int(k ^ ushr(k, 24n))
    k = int(k * m)
    h = int(h * m)
    h = int(h ^ k)
  }
  const tail = fullBlocks * 4
  const rest = data.length % 4
  if (rest >= 3) h = int(h ^ (BigInt(data[tail + 2]!) << 16n))
  if (rest >= 2) h = int(h ^ (BigInt(data[tail + 1]!) << 8n))
  if (rest >= 1) h = int(int(h ^ BigInt(data[tail]!)) * m)
  h = int(h ^ ushr(h, 13n))
  h = int(h * m)
  h = int(h ^ ushr(h, 15n))
  return Number(h)
}

describe('murmur2', () => {
  // apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java, testMurmur2:
  //   cases.put("21".getBytes(), -973932308);
  //   cases.put("foobar".getBytes(), -790332482);
  //   cases.put("a-little-bit-long-string".getBytes(), -985981536);
  //   cases.put("a-little-bit-longer-string".getBytes(), -1486304829);
  //   cases.put("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8".getBytes(), -58897971);
  //   cases.put(new byte[] {'a', 'b', 'c'}, 479470107);
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ])('hashes %j as the Java client does (UtilsTest.testMurmur2)', (text, expected) => {
    expect(murmur2(ascii(text))).toBe(expected)
  })

  it("hashes the byte array {'a', 'b', 'c'} as the Java client does (UtilsTest.testMurmur2)", () => {
    expect(murmur2(new Uint8Array([0x61, 0x62, 0x63]))).toBe(479470107)
  })

  // The Kafka vectors above have tails of 0, 2 and 3 bytes only. These cover a 1-byte tail and every length 1..5.
  // akka/akka akka-cluster-sharding-typed/src/test/scala/akka/cluster/sharding/typed/internal/Murmur2Spec.scala,
  // "expected correct hash values from the kafka murmur2 impl":
  //   Seq("1" -> -1993445489, "12" -> 126087238, "123" -> -267702483, "1234" -> -1614185708, "12345" -> -1188365604)
  it.each([
    ['1', -1993445489],
    ['12', 126087238],
    ['123', -267702483],
    ['1234', -1614185708],
    ['12345', -1188365604],
  ])('hashes %j as the Java client does (Akka Murmur2Spec, taken from Kafka)', (text, expected) => {
    expect(murmur2(ascii(text))).toBe(expected)
  })

  it('agrees with an exact-arithmetic transcription of the Java code on any bytes, including bytes >= 0x80', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), bytes => {
        const hash = murmur2(bytes)
        expect(hash).toBe(hash | 0) // a signed 32-bit int, like Java's
        expect(hash).toBe(murmur2Oracle(bytes))
      }),
    )
  })
})

describe('toPositive', () => {
  it('clears the sign bit instead of negating, so Integer.MIN_VALUE maps to 0 (Utils.toPositive)', () => {
    expect(toPositive(-2147483648)).toBe(0)
    expect(toPositive(-1)).toBe(2147483647)
    expect(toPositive(-973932308)).toBe(1173551340)
    expect(toPositive(479470107)).toBe(479470107)
  })
})

describe('partitionForKey', () => {
  // dpkp/kafka-python test/test_partitioner.py, test_murmur2_java_compatibility, 1000 partitions,
  // "compare with output from Kafka's org.apache.kafka.clients.producer.Partitioner":
  //   p.partition(b'') == 681, b'a' == 524, b'ab' == 434, b'abc' == 107, b'123456789' == 566, b'\x00 ' == 742
  it.each([
    ['', 681],
    ['a', 524],
    ['ab', 434],
    ['abc', 107],
    ['123456789', 566],
    ['\u0000 ', 742],
  ])(
    'puts key %j in partition %i of 1000, as the Java partitioner does (kafka-python compatibility test)',
    (key, p) => {
      expect(partitionForKey(key, 1000)).toBe(p)
    },
  )

  // Derived by hand from the UtilsTest.testMurmur2 vectors above: toPositive(hash) % partitions.
  //   "foobar": toPositive(-790332482) = 1357151166;  1357151166 % 10 = 6, % 12 = 6
  //   "a-little-bit-longer-string": toPositive(-1486304829) = 661178819;  % 6 = 5, % 10 = 9, % 12 = 11
  it('reduces the positive hash modulo the partition count (vectors derived from UtilsTest.testMurmur2)', () => {
    expect(partitionForKey('foobar', 10)).toBe(6)
    expect(partitionForKey('foobar', 12)).toBe(6)
    expect(partitionForKey('a-little-bit-longer-string', 6)).toBe(5)
    expect(partitionForKey('a-little-bit-longer-string', 10)).toBe(9)
    expect(partitionForKey('a-little-bit-longer-string', 12)).toBe(11)
  })

  it('hashes the UTF-8 bytes of the key, as StringSerializer sends them', () => {
    expect(utf8Bytes('é€😀')).toEqual(new Uint8Array([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]))
    expect(partitionForKey('é', 1000)).toBe(toPositive(murmur2(new Uint8Array([0xc3, 0xa9]))) % 1000)
  })

  it("encodes an unpaired surrogate as '?' like Java's String.getBytes(UTF_8), not as U+FFFD like TextEncoder", () => {
    expect(utf8Bytes('a\uD800b')).toEqual(ascii('a?b'))
    expect(utf8Bytes('\uDC00')).toEqual(ascii('?'))
    expect(utf8Bytes('\uD83D')).toEqual(ascii('?')) // a high surrogate at the very end
  })

  it('encodes well-formed strings exactly as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), text => {
        expect(utf8Bytes(text)).toEqual(new TextEncoder().encode(text))
      }),
    )
  })

  it('always returns an integer partition in [0, partitions), the same one every time', () => {
    const anyUtf16 = fc.string({ unit: fc.nat(0xffff).map(code => String.fromCharCode(code)), maxLength: 24 })
    fc.assert(
      fc.property(anyUtf16, fc.integer({ min: 1, max: 10_000 }), (key, partitions) => {
        const partition = partitionForKey(key, partitions)
        expect(Number.isInteger(partition)).toBe(true)
        expect(partition).toBeGreaterThanOrEqual(0)
        expect(partition).toBeLessThan(partitions)
        expect(partitionForKey(key, partitions)).toBe(partition)
      }),
    )
  })

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError)
    expect(() => partitionForKey('k', 2.5)).toThrow(RangeError)
  })
})
