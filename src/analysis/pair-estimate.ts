import type { PairBlock } from './pair-tracker.js';
import { t99 } from './t-quantile.js';

/**
 * The statistical estimate of one pair's relative offset at the reference instant, from batch means.
 *
 * Assumption (PTP's own): on average the command reaches each camera after the same share of its round trip,
 * so the window midpoints are unbiased and averaging removes the latch jitter. A path that is slower one way
 * than the other biases every midpoint alike, and no number of samples shows it: the strict bound does not
 * rest on this assumption and is printed beside it.
 *
 * The ± is a 99 % interval: Student's t over the batch means' scatter (see pair-tracker.ts for why blocks), so
 * it shrinks as 1/√n while the noise is independent between blocks, and stops shrinking when it is not.
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
  const used = blocks.filter((b) => b.n > 0);
  const N = used.reduce((s, b) => s + b.n, 0);
  if (N === 0) return null;
  const B = used.length;
  const xs = used.map((b) => b.sumX / b.n);
  const ys = used.map((b) => b.sumY / b.n);
  const xBar = used.reduce((s, b) => s + b.sumX, 0) / N;
  const yBar = used.reduce((s, b) => s + b.sumY, 0) / N;
  let sxx = 0;
  let sxy = 0;
  used.forEach((b, i) => {
    sxx += b.n * ((xs[i] as number) - xBar) ** 2;
    sxy += b.n * ((xs[i] as number) - xBar) * ((ys[i] as number) - yBar);
  });
  const span = Math.max(...xs) - Math.min(...xs);
  const fitDrift = B >= 8 && sxx > 0 && span >= opts.driftMinSpanS;
  const slope = fitDrift ? sxy / sxx : 0;
  const dof = B - (fitDrift ? 2 : 1);
  const deltaNs = yBar + slope * (opts.xRef - xBar);
  // Weighted residual variance of the batch means, scaled to one sample: var(mean of n) = σ²/n.
  let ss = 0;
  used.forEach((b, i) => {
    const r = (ys[i] as number) - (yBar + slope * ((xs[i] as number) - xBar));
    ss += b.n * r * r;
  });
  if (dof < 1) return { deltaNs, uncertaintyNs: null, perSampleSdNs: null, samples: N, batches: B, driftPpb: fitDrift ? slope : null };
  const s2 = ss / dof;
  const se2 = s2 / N + (fitDrift ? (s2 * (opts.xRef - xBar) ** 2) / sxx : 0);
  return {
    deltaNs,
    uncertaintyNs: t99(dof) * Math.sqrt(se2),
    perSampleSdNs: Math.sqrt(s2),
    samples: N,
    batches: B,
    driftPpb: fitDrift ? slope : null,
  };
}
