import type { SampleVerdict } from '../analysis/types.js';

export interface SamplePrintPolicy {
  /** Runs of at most this many samples print every sample (default 100). */
  limit: number;
  /** Longer runs print the first `head` samples only (default 10)... */
  head: number;
  /** ...plus any sample whose verdict is not OK, when set (default false: a bad rig could flood the terminal). */
  problems: boolean;
}

export const DEFAULT_SAMPLE_PRINT_POLICY: SamplePrintPolicy = { limit: 100, head: 10, problems: false };

/**
 * Whether the human report prints the per-sample block of sample `index` (0-based). `plannedSamples` may be
 * Infinity for open-ended runs. A 10^6-sample run otherwise writes millions of lines nobody reads; the
 * statistics and the JSON lines carry everything.
 */
export function shouldPrintSample(
  index: number,
  plannedSamples: number,
  verdict: SampleVerdict,
  policy: Partial<SamplePrintPolicy> = {},
): boolean {
  const p = { ...DEFAULT_SAMPLE_PRINT_POLICY, ...policy };
  if (plannedSamples <= p.limit) return true;
  if (index < p.head) return true;
  return p.problems && verdict !== 'OK';
}

/** The one line saying that per-sample output stops, printed after the last head sample. */
export function formatSuppressedNotice(head: number, plannedSamples: number): string {
  const of = Number.isFinite(plannedSamples) ? ` of ${plannedSamples}` : '';
  return `(per-sample lines shown for the first ${head}${of} samples only; statistics follow at the end, JSON lines carry every sample)`;
}
