import { medianOfNumbers } from './median.js';

export interface CameraMeanOffset {
  /** Mean corrected offset from the host over the camera's non-outlier samples, ns. */
  meanNs: number;
  /** Mean half-window over the same samples: bounds the error of meanNs. */
  halfWindowNs: number;
}

export interface OffsetVsMedian {
  /** meanNs − median of every camera's meanNs. */
  deltaNs: number;
  /** Bound on |true value − deltaNs|, ns. */
  uncertaintyNs: number;
}

/**
 * The run's delta to the median camera, taken from each camera's mean corrected offset: mean_i − median_j(mean_j).
 *
 * The mean of the per-sample corrected deltas is not that: each sample's median is an order statistic of noisy
 * offsets, and when several cameras sit within the per-sample noise of one another (a ±15 µs latch point
 * against offsets a few µs apart) it leans toward the middle of that cluster instead of following the median
 * camera; 8 simulated cameras showed a steady 2–3 µs lean, far above the statistical error. Averaging first and
 * taking the median of the averages has no such lean.
 *
 * Uncertainty: the rule of corrected-delta.ts applied to the means: |e_j| ≤ h_j, so the true median lies in
 * [median(m − h), median(m + h)] and |error_i| ≤ h_i + max(M − median(m − h), median(m + h) − M).
 */
export function offsetsVsMedian(cameras: readonly (CameraMeanOffset | null)[]): (OffsetVsMedian | null)[] {
  const known = cameras.filter((c): c is CameraMeanOffset => c !== null);
  if (known.length === 0) return cameras.map(() => null);
  const m = medianOfNumbers(known.map((c) => c.meanNs));
  const lo = medianOfNumbers(known.map((c) => c.meanNs - c.halfWindowNs));
  const hi = medianOfNumbers(known.map((c) => c.meanNs + c.halfWindowNs));
  const slack = Math.max(m - lo, hi - m);
  return cameras.map((c) => (c === null ? null : { deltaNs: c.meanNs - m, uncertaintyNs: c.halfWindowNs + slack }));
}
