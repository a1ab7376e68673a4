/**
 * Reduction of a run's series to a bounded number of buckets, in one pass and constant memory, keeping the
 * extremes: every bucket holds the min and max (and sums, for means) of the samples that fell into it.
 *
 * Buckets cover equal numbers of consecutive samples. The run's length is unknown while it streams, so the
 * width starts at one sample; when the buckets are full, neighbouring pairs are merged and the width doubles.
 * After n samples there are between maxBuckets/2 and maxBuckets buckets (fewer only for short runs, one per
 * sample), and no extreme is ever lost: the min of a merged pair is the min of the two.
 */

/** How a channel combines two buckets. */
export type ChannelKind = 'min' | 'max' | 'sum';

const IDENTITY: Readonly<Record<ChannelKind, number>> = { min: Infinity, max: -Infinity, sum: 0 };

/** A set of channels over the same buckets, e.g. one camera's delta min/max, window max, error count. */
export class BucketChannels<K extends string> {
  /** The channels' arrays, for hot loops that fold values in directly (see RunAccumulator). */
  readonly arrays: Readonly<Record<K, Float64Array>>;

  constructor(
    readonly kinds: Readonly<Record<K, ChannelKind>>,
    capacity: number,
  ) {
    const arrays = {} as Record<K, Float64Array>;
    for (const k of Object.keys(kinds) as K[]) {
      const a = new Float64Array(capacity).fill(IDENTITY[kinds[k]]);
      arrays[k] = a;
    }
    // A series that starts late (a camera first seen mid-run) keeps identity values, shown as gaps, before it.
    this.arrays = arrays;
  }

  /** Folds v into bucket b of channel k. */
  add(k: K, b: number, v: number): void {
    const a = this.arrays[k];
    const kind = this.kinds[k];
    if (kind === 'sum') a[b] = (a[b] as number) + v;
    else if (kind === 'min') {
      if (v < (a[b] as number)) a[b] = v;
    } else if (v > (a[b] as number)) a[b] = v;
  }

  /** Pairs (2i, 2i+1) into i for the first `used` buckets; the rest back to identity. */
  mergePairs(used: number): void {
    for (const k of Object.keys(this.kinds) as K[]) {
      const a = this.arrays[k];
      const kind = this.kinds[k];
      const half = Math.ceil(used / 2);
      for (let i = 0; i < half; i++) {
        const x = a[2 * i] as number;
        const y = 2 * i + 1 < used ? (a[2 * i + 1] as number) : IDENTITY[kind];
        a[i] = kind === 'sum' ? x + y : kind === 'min' ? Math.min(x, y) : Math.max(x, y);
      }
      a.fill(IDENTITY[kind], half);
    }
  }

  /** The first `used` buckets of channel k; empty buckets (identity) as null. */
  values(k: K, used: number): (number | null)[] {
    const a = this.arrays[k];
    const kind = this.kinds[k];
    const out = new Array<number | null>(used);
    for (let i = 0; i < used; i++) {
      const v = a[i] as number;
      out[i] = kind !== 'sum' && !Number.isFinite(v) ? null : v;
    }
    return out;
  }

  raw(k: K): Float64Array {
    return this.arrays[k];
  }
}

/** Assigns samples to buckets and merges every registered channel set when the buckets are full. */
export class Bucketing {
  /** Samples per bucket (a power of two). */
  width = 1;
  /** Buckets in use. */
  used = 0;
  /** Samples seen. */
  count = 0;
  private readonly members: { mergePairs(used: number): void }[] = [];
  /** Time of each bucket's first sample (s from the run's first sample) and its sample index. */
  readonly x: BucketChannels<'t' | 'index'>;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be an even integer ≥ 2');
    this.x = this.register(new BucketChannels({ t: 'min', index: 'min' }, capacity));
  }

  register<T extends { mergePairs(used: number): void }>(member: T): T {
    this.members.push(member);
    return member;
  }

  /** The bucket of the next sample (merging first when full); records its time and index. */
  next(tS: number, index: number): number {
    let b = Math.floor(this.count / this.width);
    if (b >= this.capacity) {
      for (const m of this.members) m.mergePairs(this.used);
      this.width *= 2;
      this.used = Math.ceil(this.used / 2);
      b = Math.floor(this.count / this.width);
    }
    if (b >= this.used) this.used = b + 1;
    this.count++;
    this.x.add('t', b, tS);
    this.x.add('index', b, index);
    return b;
  }
}
