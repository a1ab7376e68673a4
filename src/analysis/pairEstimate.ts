import type { PairBlock } from './pairTracker.js';
import { t99 } from './tQuantile.js';

/**
 * The statistical estimate of one pair's relative offset at the reference instant, from batch means.
 *
 * Assumption (PTP's own): on average the command reaches each camera after the same share of its round trip,
 * so the window midpoints are unbiased and averaging removes the latch jitter. A path that is slower one way
 * than the other biases every midpoint alike, and no number of samples shows it: the strict bound does not
 * rest on this assumption and is printed beside it.
 *
 * Each sample counts by the inverse of its midpoint's variance (rigIntervals.ts), so a window a busy host
 * stretched counts for little. The ± is a 99 % interval: Student's t over the weighted batch means' scatter (see
 * pairTracker.ts for why blocks), so it shrinks as 1/√n while the noise is independent between blocks, and
 * stops shrinking when it is not.
 */
export interface PairEstimate {
  deltaNs: number;
  /** 99 % half-width; null with fewer than two batch means (one sample tells nothing of its own spread). */
  uncertaintyNs: number | null;
  /** Standard deviation of one sample's midpoint difference implied by the batch means, ns (for planning n). */
  perSampleSdNs: number | null;
  samples: number;
  batches: number;
  /** Relative drift fitted into the estimate, ppb; null when the run was too short to fit one. */
  driftPpb: number | null;
}

export interface PairEstimateOptions {
  /** The instant the estimate is given at, s since run start. */
  xRef: number;
  /** Fit a drift only when the samples span at least this (s) and there are ≥ 8 batches. */
  driftMinSpanS: number;
}

export function pairEstimate(blocks: readonly PairBlock[], opts: PairEstimateOptions): PairEstimate | null {
  const used = blocks.filter((b) => b.n > 0 && b.sumW > 0);
  const N = used.reduce((s, b) => s + b.n, 0);
  if (N === 0) return null;
  const B = used.length;
  // Weighted least squares over the batch means: block b's mean has weight W_b (its samples' weights summed),
  // and the residual scatter of the means, per unit weight, estimates the variance whatever its correlation
  // within a block.
  const W = used.reduce((s, b) => s + b.sumW, 0);
  const xs = used.map((b) => b.sumX / b.sumW);
  const ys = used.map((b) => b.sumY / b.sumW);
  const xBar = used.reduce((s, b) => s + b.sumX, 0) / W;
  const yBar = used.reduce((s, b) => s + b.sumY, 0) / W;
  let sxx = 0;
  let sxy = 0;
  used.forEach((b, i) => {
    sxx += b.sumW * ((xs[i] as number) - xBar) ** 2;
    sxy += b.sumW * ((xs[i] as number) - xBar) * ((ys[i] as number) - yBar);
  });
  const span = Math.max(...xs) - Math.min(...xs);
  const fitDrift = B >= 8 && sxx > 0 && span >= opts.driftMinSpanS;
  const slope = fitDrift ? sxy / sxx : 0;
  const dof = B - (fitDrift ? 2 : 1);
  const deltaNs = yBar + slope * (opts.xRef - xBar);
  let ss = 0;
  used.forEach((b, i) => {
    const r = (ys[i] as number) - (yBar + slope * ((xs[i] as number) - xBar));
    ss += b.sumW * r * r;
  });
  const driftPpb = fitDrift ? slope : null;
  if (dof < 1) return { deltaNs, uncertaintyNs: null, perSampleSdNs: null, samples: N, batches: B, driftPpb };
  const s2 = ss / dof;
  const se2 = s2 / W + (fitDrift ? (s2 * (opts.xRef - xBar) ** 2) / sxx : 0);
  return {
    deltaNs,
    uncertaintyNs: t99(dof) * Math.sqrt(se2),
    // One sample's spread at the run's average weight: what the next sample is worth, for planning n.
    perSampleSdNs: Math.sqrt((s2 * N) / W),
    samples: N,
    batches: B,
    driftPpb,
  };
}
