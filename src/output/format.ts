// Numbers as people read them in a terminal: thousands separated, durations and memory rounded to what matters.

/** 1427 -> "1,427". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US')

/** 0.2 s, 13 s, 2 min 5 s. */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  if (seconds < 120) return `${Math.round(seconds)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}

/** 312 MB, 1.4 GB. */
export function formatBytes(bytes: number): string {
  const mb = bytes / 2 ** 20
  return mb < 1024 ? `${Math.round(mb)} MB` : `${(mb / 1024).toFixed(1)} GB`
}

/** "1 step", "6 steps", "2 properties". */
export const plural = (n: number, noun: string, nouns = `${noun}s`): string =>
  `${formatCount(n)} ${n === 1 ? noun : nouns}`
