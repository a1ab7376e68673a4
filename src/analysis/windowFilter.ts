import { LogHistogram } from './logHistogram.js';
import { medianOfNumbers } from './median.js';

export interface WindowFilterOptions {
  /** A window wider than factor × running median is an outlier (default 3). */
  factor: number;
  /** Windows at or below this are never outliers, so µs scheduler jitter on a fast (simulated) rig is not flagged. */
  minOutlierWindowNs: number;
  /** Samples buffered before the first judgement (default 8). */
  warmup: number;
}

export const DEFAULT_WINDOW_FILTER: WindowFilterOptions = { factor: 3, minOutlierWindowNs: 1000, warmup: 8 };

/** The median used as reference is refreshed every this many windows once past warm-up (see below). */
const REFRESH_EVERY = 64;

export interface Released<T> {
  item: T;
  outlier: boolean;
}

export interface WindowJudgement<T> {
  /** Final when !warmup; during warm-up, provisional against the windows seen so far (≥ 3), else false. */
  outlier: boolean;
  warmup: boolean;
  /** Items whose final judgement is now known, in arrival order. */
  released: Released<T>[];
}

/**
 * Per camera: flags samples whose latch window (ack − fire) is far above that camera's usual window.
 *
 * Running median in constant memory: every window goes into a LogHistogram (≤ 0.4 % error, irrelevant against
 * a 3× factor); the reference median is taken from it every REFRESH_EVERY windows (every window before that),
 * because walking the histogram per sample would cost more than the rest of the analysis and the median of
 * thousands of windows does not move in 64 more. All windows count, outliers included, so a lasting change of
 * network conditions is followed instead of flagging everything after it.
 *
 * Warm-up: the first `warmup` samples have no reliable median, so their items are held (a fixed-size buffer)
 * and judged together against the median of the warm-up windows once it is full; `pending()` judges a partial
 * buffer at the end of a short run (needs ≥ 3 windows, else nothing is an outlier). A negative window (host
 * clock stepped back) is always an outlier: its midpoint means nothing.
 */
export class WindowFilter<T> {
  private readonly opts: WindowFilterOptions;
  private readonly hist = new LogHistogram();
  private bufWindows: number[] = [];
  private bufItems: T[] = [];
  private warm = true;
  private median = 0;
  private sinceRefresh = 0;

  constructor(opts: Partial<WindowFilterOptions> = {}) {
    this.opts = { ...DEFAULT_WINDOW_FILTER, ...opts };
    if (!(this.opts.factor > 1)) throw new RangeError('outlier factor must be > 1');
    if (!(this.opts.warmup >= 3)) throw new RangeError('window filter warm-up must be ≥ 3 samples');
  }

  private isOutlier(windowNs: number, median: number): boolean {
    if (windowNs < 0) return true;
    return windowNs > this.opts.minOutlierWindowNs && windowNs > this.opts.factor * median;
  }

  get warmingUp(): boolean {
    return this.warm;
  }

  observe(windowNs: number, item: T): WindowJudgement<T> {
    if (this.warm) {
      this.bufWindows.push(windowNs);
      this.bufItems.push(item);
      if (this.bufWindows.length < this.opts.warmup) {
        const provisional =
          this.bufWindows.length >= 3 && this.isOutlier(windowNs, medianOfNumbers(this.bufWindows));
        return { outlier: provisional || windowNs < 0, warmup: true, released: [] };
      }
      const released = this.judgeBuffer();
      for (const w of this.bufWindows) this.hist.add(w);
      this.median = this.hist.quantile(0.5);
      this.bufWindows = [];
      this.bufItems = [];
      this.warm = false;
      const last = released[released.length - 1] as Released<T>;
      return { outlier: last.outlier, warmup: false, released };
    }
    const outlier = this.isOutlier(windowNs, this.median);
    this.hist.add(windowNs);
    if (++this.sinceRefresh >= REFRESH_EVERY || this.hist.count < REFRESH_EVERY) {
      this.median = this.hist.quantile(0.5);
      this.sinceRefresh = 0;
    }
    return { outlier, warmup: false, released: [{ item, outlier }] };
  }

  /** Final judgement of a still-buffered warm-up, without changing state (for a summary mid-run or at the end). */
  pending(): Released<T>[] {
    return this.warm ? this.judgeBuffer() : [];
  }

  private judgeBuffer(): Released<T>[] {
    const enough = this.bufWindows.length >= 3;
    const median = enough ? medianOfNumbers(this.bufWindows) : 0;
    return this.bufItems.map((item, i) => {
      const w = this.bufWindows[i] as number;
      return { item, outlier: w < 0 || (enough && this.isOutlier(w, median)) };
    });
  }
}
