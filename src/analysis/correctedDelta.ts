import type { LatchOffset } from './latchOffset.js';
import { exactMedianSorted, medianDiff, sortBigints, type ExactMedian } from './median.js';

export interface CorrectedDelta {
  /** offset − median(reference offsets), ns. */
  deltaNs: number;
  /** Bound on |true delta − deltaNs|, ns. */
  uncertaintyNs: number;
}

export interface CorrectedDeltas {
  /** Per input position; null where the input was null. */
  deltas: (CorrectedDelta | null)[];
  /**
   * Positions of the reference camera(s) at the median (one for an odd reference set, two for an even one),
   * so a whole-second check can compare a camera with a real clock rather than with the mean of two.
   */
  middle: number[];
}

/**
 * Camera-to-camera corrected deltas.
 *
 * Uncertainty rule (conservative sum): each offset o_j is the true offset plus an error e_j with
 * |e_j| ≤ w_j (its half-window). The median is monotone in every argument, so the true median lies in
 * [median(o_j − w_j), median(o_j + w_j)] over the reference cameras. Hence
 *   |true delta_i − delta_i| ≤ w_i + max(m − median(o − w), median(o + w) − m).
 * When the windows are alike this is "half-window of the camera + half-window of the median camera(s)";
 * unlike that shortcut it stays valid when the errors reorder the cameras.
 *
 * `inReference[j]` says which cameras form the median reference (the CLI passes answered, non-outlier
 * cameras; a camera with a slow latch would widen everyone's bound). If no camera qualifies, every
 * answered camera is used rather than reporting nothing.
 */
export function correctedDeltas(
  offsets: readonly (LatchOffset | null)[],
  inReference: readonly boolean[],
): CorrectedDeltas {
  let ref: number[] = [];
  for (let j = 0; j < offsets.length; j++) if (offsets[j] !== null && inReference[j] === true) ref.push(j);
  if (ref.length === 0) {
    for (let j = 0; j < offsets.length; j++) if (offsets[j] !== null) ref.push(j);
  }
  if (ref.length === 0) return { deltas: offsets.map(() => null), middle: [] };

  // In half-ns units (offset2), ±half-window is ±window.
  const at = (j: number): LatchOffset => offsets[j] as LatchOffset;
  const win = (j: number): bigint => (at(j).window < 0n ? -at(j).window : at(j).window);
  ref = ref.sort((a, b) => (at(a).offset2 < at(b).offset2 ? -1 : at(a).offset2 > at(b).offset2 ? 1 : 0));
  const sorted = ref.map((j) => at(j).offset2);
  const m: ExactMedian = exactMedianSorted(sorted);
  const lo = exactMedianSorted(sortBigints(ref.map((j) => at(j).offset2 - win(j))));
  const hi = exactMedianSorted(sortBigints(ref.map((j) => at(j).offset2 + win(j))));
  const medianSlack2 = Math.max(medianDiff(m, lo), medianDiff(hi, m));
  const mid = ref.length >> 1;
  const middle = ref.length % 2 === 1 ? [ref[mid] as number] : [ref[mid - 1] as number, ref[mid] as number];

  const deltas = offsets.map((o) => {
    if (o === null) return null;
    const w = o.window < 0n ? -o.window : o.window;
    return {
      deltaNs: Number(o.offset2 * m.den - m.num) / Number(2n * m.den),
      uncertaintyNs: (Number(w) + medianSlack2) / 2,
    };
  });
  return { deltas, middle };
}
