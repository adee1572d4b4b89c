// Where the Java producer puts a keyed record: BuiltInPartitioner.partitionForKey, i.e.
// Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions, with the key serialized by StringSerializer (UTF-8).
// Records without a key go to the sticky/adaptive partitioner (KIP-480, KIP-794), which is not modelled here.
// All arithmetic is Java's 32-bit signed int arithmetic: Math.imul for `*`, `>>>` for `>>>`, `| 0` to wrap.

const SEED = 0x9747b28c
const M = 0x5bd1e995
const R = 24

/** Kafka's murmur2 (Utils.murmur2): MurmurHash2, 32-bit, seed 0x9747b28c; returns a signed 32-bit int like Java. */
export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length
  let h = (SEED ^ length) | 0
  const blocks = length >>> 2

  for (let i = 0; i < blocks; i++) {
    const at = i * 4
    // Little-endian block; the Java code masks each byte with & 0xff, which Uint8Array already gives.
    let k = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
    k = Math.imul(k, M)
    k ^= k >>> R
    k = Math.imul(k, M)
    h = Math.imul(h, M)
    h ^= k
  }

  // The Java `switch (length % 4)` falls through from case 3 to case 1; the three `if`s below do the same.
  const tail = blocks * 4
  const rest = length & 3
  if (rest >= 3) h ^= bytes[tail + 2]! << 16
  if (rest >= 2) h ^= bytes[tail + 1]! << 8
  if (rest >= 1) {
    h ^= bytes[tail]!
    h = Math.imul(h, M)
  }

  h ^= h >>> 13
  h = Math.imul(h, M)
  h ^= h >>> 15
  return h | 0
}

/** Utils.toPositive: clears the sign bit (not Math.abs, which overflows on Integer.MIN_VALUE in Java). */
export function toPositive(n: number): number {
  return n & 0x7fffffff
}

/**
 * The bytes Java's `String.getBytes(StandardCharsets.UTF_8)` produces, which is what StringSerializer sends.
 * Unlike TextEncoder (U+FFFD, three bytes), Java replaces an unpaired surrogate with the single byte '?' (0x3f).
 */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) {
      out.push(unit)
    } else if (unit < 0x800) {
      out.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f))
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const low = text.charCodeAt(i + 1) // NaN past the end, which fails the range test below
      if (unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        const point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
        out.push(
          0xf0 | (point >> 18),
          0x80 | ((point >> 12) & 0x3f),
          0x80 | ((point >> 6) & 0x3f),
          0x80 | (point & 0x3f),
        )
        i++
      } else {
        out.push(0x3f)
      }
    } else {
      out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f))
    }
  }
  return Uint8Array.from(out)
}

/** The partition the Java producer's default partitioner picks for a record with this (string) key. */
export function partitionForKey(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`)
  }
  return toPositive(murmur2(utf8Bytes(key))) % partitions
}
