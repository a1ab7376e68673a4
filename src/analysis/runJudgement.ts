import type { OffsetVsMedian, StrictVsMedian } from './rigIntervals.js';
import type { RunVerdict } from './types.js';

/**
 * One camera's verdict over a whole run against |delta to the median| ≤ threshold, from three pieces of
 * evidence in this order:
 *  1. the strict run-level bound (certain, given straight-line clocks): inside the threshold → OK, beyond → NG;
 *  2. a sample whose own strict interval lies beyond the threshold → NG (a real step must fail the run, as in
 *     the seed, even when the run's average is fine);
 *  3. the 99 % estimate (symmetric paths assumed): inside → OK, beyond → NG, straddling → UNCERTAIN.
 * A sample that is merely uncertain decides nothing: averaging over the run is what resolves a threshold that
 * is smaller than one sample's window.
 */
export interface CameraJudgement {
  verdict: RunVerdict;
  /** Which evidence decided: 'strict', 'sample', 'estimate', or 'none' (no data). */
  basis: 'strict' | 'sample' | 'estimate' | 'none';
  /**
   * For UNCERTAIN: samples the run would need for the estimate's ± to clear the threshold, at the spread seen
   * (the ± shrinks as 1/√n); null when not computable (no spread known, or the estimate sits on the threshold).
   */
  samplesNeeded: number | null;
}

export interface JudgementInput {
  thresholdNs: number;
  strictVsMedian: StrictVsMedian | null;
  offsetVsMedian: OffsetVsMedian | null;
  /** Samples whose own corrected-delta interval lay beyond the threshold. */
  certainViolations: number;
}

/** An estimate closer to the threshold than this share of it needs more samples than any run would take. */
const UNDECIDABLE_MARGIN = 1e-6;

export function judgeCamera(j: JudgementInput): CameraJudgement {
  const t = j.thresholdNs;
  const s = j.strictVsMedian;
  if (s !== null && s.lowNs > t) return { verdict: 'NG', basis: 'strict', samplesNeeded: null };
  if (s !== null && s.highNs < -t) return { verdict: 'NG', basis: 'strict', samplesNeeded: null };
  if (j.certainViolations > 0) return { verdict: 'NG', basis: 'sample', samplesNeeded: null };
  if (s !== null && s.lowNs >= -t && s.highNs <= t) return { verdict: 'OK', basis: 'strict', samplesNeeded: null };
  const e = j.offsetVsMedian;
  if (e === null || e.uncertaintyNs === null) {
    return { verdict: e === null && s === null ? 'NO_DATA' : 'UNCERTAIN', basis: e === null && s === null ? 'none' : 'estimate', samplesNeeded: null };
  }
  const a = Math.abs(e.deltaNs);
  if (a + e.uncertaintyNs <= t) return { verdict: 'OK', basis: 'estimate', samplesNeeded: null };
  if (a - e.uncertaintyNs > t) return { verdict: 'NG', basis: 'estimate', samplesNeeded: null };
  const margin = Math.abs(t - a);
  if (margin <= UNDECIDABLE_MARGIN * Math.max(t, 1) || e.samples === 0) return { verdict: 'UNCERTAIN', basis: 'estimate', samplesNeeded: null };
  // ± ∝ 1/√n: n' = n·(u/margin)². Rounded up with 10 % headroom, since the spread itself is an estimate.
  return { verdict: 'UNCERTAIN', basis: 'estimate', samplesNeeded: Math.ceil(1.1 * e.samples * (e.uncertaintyNs / margin) ** 2) };
}
