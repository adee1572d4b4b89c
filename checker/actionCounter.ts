// Transitions per action type, counted on the hot path of the search and of its worker threads.

/**
 * Transitions per action type. Action types are few and their tags are interned strings, so a scan comparing
 * by identity beats a hash lookup on the hot path (measured: a keyed object cost a third of 2PC's search time).
 */
export class ActionCounter {
  private readonly types: string[] = []
  private readonly counts: number[] = []

  count(type: string): void {
    const { types } = this
    for (let i = 0; i < types.length; i++) {
      if (types[i] === type) {
        this.counts[i]!++
        return
      }
    }
    types.push(type)
    this.counts.push(1)
  }

  of(type: string): number {
    const index = this.types.indexOf(type)
    return index < 0 ? 0 : this.counts[index]!
  }

  add(type: string, count: number): void {
    const index = this.types.indexOf(type)
    if (index >= 0) this.counts[index]! += count
    else {
      this.types.push(type)
      this.counts.push(count)
    }
  }

  restore(counts: Readonly<Record<string, number>>): void {
    for (const [type, count] of Object.entries(counts)) {
      this.types.push(type)
      this.counts.push(count)
    }
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.types.map((type, i) => [type, this.counts[i]!]))
  }
}
