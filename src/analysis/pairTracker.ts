import type { Constraint } from './strictInterval.js';

/**
 * One camera pair's run, in constant memory: the samples are kept as a bounded list of time blocks. Each block
 * holds (a) the sums for its batch mean of the pair's midpoint difference, and (b) the few samples whose
 * intervals bind a strict bound (the highest lower ends and the lowest upper ends). When the list is full,
 * neighbouring blocks merge, so a run of any length ends with MIN_BLOCKS to MAX_BLOCKS blocks of equal size.
 *
 * Why blocks: (a) batch means give a standard error that stays honest when the noise is correlated in time
 * (a host busy for 100 ms shifts many samples alike; a per-sample standard error would call that precision);
 * (b) the strict bound needs every sample in principle, but only the extreme ones can bind, and keeping the
 * extremes per block (not per run) keeps samples from every part of the run for a drift the data may show.
 */
export const MAX_BLOCKS = 64;
export const MIN_BLOCKS = MAX_BLOCKS / 2;
/** Binding samples kept per block and side; also the most samples the strict bound may reject. */
export const EXTREMES_PER_BLOCK = 8;

export interface PairBlock {
  /** Samples in the batch mean (window outliers of either camera left out). */
  n: number;
  /** Sum of the samples' weights, and the weighted sums of x and y (see PairTracker.add). */
  sumW: number;
  sumX: number;
  sumY: number;
  /** Kept for their low ends, highest first. */
  highLows: Constraint[];
  /** Kept for their high ends, lowest first. */
  lowHighs: Constraint[];
  /** Samples seen by the strict bound in this block (all with non-negative windows). */
  strictSeen: number;
}

function emptyBlock(): PairBlock {
  return { n: 0, sumW: 0, sumX: 0, sumY: 0, highLows: [], lowHighs: [], strictSeen: 0 };
}

/** Inserts into a list sorted best-first, keeping at most EXTREMES_PER_BLOCK. */
function keep(list: Constraint[], c: Constraint, better: (a: Constraint, b: Constraint) => boolean): void {
  if (list.length === EXTREMES_PER_BLOCK && !better(c, list[list.length - 1] as Constraint)) return;
  let i = list.length;
  while (i > 0 && better(c, list[i - 1] as Constraint)) i--;
  list.splice(i, 0, c);
  if (list.length > EXTREMES_PER_BLOCK) list.pop();
}

const higherLow = (a: Constraint, b: Constraint): boolean => a.loNs > b.loNs;
const lowerHigh = (a: Constraint, b: Constraint): boolean => a.hiNs < b.hiNs;

export class PairTracker {
  private blocks: PairBlock[] = [emptyBlock()];
  /** Samples per block before a new one starts; doubles at each merge. */
  private blockSize = 1;
  /** Samples offered to the current block (both kinds), to close it at blockSize. */
  private inCurrent = 0;
  xMin = Infinity;
  xMax = -Infinity;

  /**
   * One sample of the pair: `x` time since run start (s), `yNs` midpoint difference (offset_a − offset_b),
   * `loNs`/`hiNs` its strict interval, `spanNs` first fire to last ack of the two, `weight` its weight in the
   * estimate, `forEstimate` false for a window outlier of either camera, `forStrict`
   * false for a negative window (the host clock stepped: the interval means nothing).
   *
   */
  add(x: number, yNs: number, loNs: number, hiNs: number, spanNs: number, weight: number, forEstimate: boolean, forStrict: boolean): void {
    if (!forEstimate && !forStrict) return;
    if (this.inCurrent >= this.blockSize) this.next();
    this.inCurrent++;
    const b = this.blocks[this.blocks.length - 1] as PairBlock;
    if (forEstimate) {
      const w = weight;
      b.n++;
      b.sumW += w;
      b.sumX += w * x;
      b.sumY += w * yNs;
    }
    if (forStrict) {
      b.strictSeen++;
      // Most samples bind nothing: allocate a constraint only for one that enters either list.
      const hl = b.highLows;
      const lh = b.lowHighs;
      const entersLows = hl.length < EXTREMES_PER_BLOCK || loNs > (hl[hl.length - 1] as Constraint).loNs;
      const entersHighs = lh.length < EXTREMES_PER_BLOCK || hiNs < (lh[lh.length - 1] as Constraint).hiNs;
      if (entersLows || entersHighs) {
        const c: Constraint = { x, loNs, hiNs, spanNs };
        if (entersLows) keep(hl, c, higherLow);
        if (entersHighs) keep(lh, c, lowerHigh);
      }
    }
    if (x < this.xMin) this.xMin = x;
    if (x > this.xMax) this.xMax = x;
  }

  private next(): void {
    if (this.blocks.length === MAX_BLOCKS) {
      const merged: PairBlock[] = [];
      for (let i = 0; i < this.blocks.length; i += 2) merged.push(mergeBlocks(this.blocks[i] as PairBlock, this.blocks[i + 1] as PairBlock));
      this.blocks = merged;
      this.blockSize *= 2;
      // The last merged block is full (two full blocks): start a new one.
    }
    this.blocks.push(emptyBlock());
    this.inCurrent = 0;
  }

  /** The blocks that hold data, in time order (read-only view). */
  view(): readonly PairBlock[] {
    return this.blocks.filter((b) => b.n > 0 || b.strictSeen > 0);
  }

  /** Every kept binding sample once. */
  constraints(): Constraint[] {
    const out = new Set<Constraint>();
    for (const b of this.blocks) {
      for (const c of b.highLows) out.add(c);
      for (const c of b.lowHighs) out.add(c);
    }
    return [...out];
  }

  get strictSamples(): number {
    let n = 0;
    for (const b of this.blocks) n += b.strictSeen;
    return n;
  }

  get estimateSamples(): number {
    let n = 0;
    for (const b of this.blocks) n += b.n;
    return n;
  }
}

function mergeBlocks(a: PairBlock, b: PairBlock): PairBlock {
  const m: PairBlock = {
    n: a.n + b.n,
    sumW: a.sumW + b.sumW,
    sumX: a.sumX + b.sumX,
    sumY: a.sumY + b.sumY,
    highLows: [...a.highLows],
    lowHighs: [...a.lowHighs],
    strictSeen: a.strictSeen + b.strictSeen,
  };
  for (const c of b.highLows) keep(m.highLows, c, higherLow);
  for (const c of b.lowHighs) keep(m.lowHighs, c, lowerHigh);
  return m;
}
