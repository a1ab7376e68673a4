/**
 * A histogram of several cameras' values on shared bins, in constant memory, for a range not known in advance:
 * it starts with 1 ns bins around the first value and, whenever a value falls outside, doubles the bin width
 * (merging neighbours) while widening on both sides until the value fits. Counts are never lost or moved to
 * a wrong bin, only coarsened.
 */
export class SharedHistogram {
  /** Lower edge of bin 0, ns (a multiple of width). */
  lo = 0;
  /** Bin width, ns: a power of two. */
  width = 1;
  /** 1 / width, exact for a power of two: x · (1/w) rounds as x / w does, without a division per value. */
  private perWidth = 1;
  private readonly counts: Float64Array[] = [];
  private started = false;

  constructor(readonly bins: number) {
    if (!Number.isInteger(bins) || bins < 8) throw new RangeError('bins must be an integer ≥ 8');
  }

  /** Adds v (ns) for series s (0-based; series are created on first use). */
  add(s: number, v: number): void {
    if (!Number.isFinite(v)) return;
    while (this.counts.length <= s) this.counts.push(new Float64Array(this.bins));
    if (!this.started) {
      this.started = true;
      this.lo = Math.floor(v) - this.bins / 2;
    }
    while (v < this.lo || v >= this.lo + this.bins * this.width) this.widen();
    const b = Math.min(this.bins - 1, Math.floor((v - this.lo) * this.perWidth));
    const c = this.counts[s] as Float64Array;
    c[b] = (c[b] as number) + 1;
  }

  private widen(): void {
    const w2 = this.width * 2;
    // Centred widening: the old range [lo, lo + bins·w) lies inside [newLo, newLo + bins·2w) for bins ≥ 8.
    const newLo = Math.floor((this.lo - (this.bins * this.width) / 2) / w2) * w2;
    for (const c of this.counts) {
      const next = new Float64Array(this.bins);
      for (let i = 0; i < this.bins; i++) {
        const n = c[i] as number;
        if (n === 0) continue;
        const j = Math.floor((this.lo + i * this.width - newLo) / w2);
        next[j] = (next[j] as number) + n;
      }
      c.set(next);
    }
    this.lo = newLo;
    this.width = w2;
    this.perWidth = 1 / w2;
  }

  /** Bin centres and counts per series, trimmed to the bins from the first to the last non-empty one. */
  trimmed(): { centers: number[]; counts: number[][] } {
    let first = this.bins;
    let last = -1;
    for (const c of this.counts) {
      for (let i = 0; i < this.bins; i++) {
        if ((c[i] as number) > 0) {
          if (i < first) first = i;
          if (i > last) last = i;
        }
      }
    }
    if (last < 0) return { centers: [], counts: this.counts.map(() => []) };
    const centers: number[] = [];
    for (let i = first; i <= last; i++) centers.push(this.lo + (i + 0.5) * this.width);
    return { centers, counts: this.counts.map((c) => Array.from(c.subarray(first, last + 1))) };
  }

  /** Total count of series s. */
  total(s: number): number {
    const c = this.counts[s];
    if (!c) return 0;
    let n = 0;
    for (const x of c) n += x;
    return n;
  }
}
