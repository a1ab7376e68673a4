import { deltaToMedian, exactMedianSorted, sortBigints } from './median.js';

/**
 * The seed's delta_to_median: each answered camera's latched value minus the median of the latched
 * values, exact. It includes the difference in when each camera received its latch command; see
 * corrected-delta.ts for the figure that removes it.
 * Returns null for cameras without a value; all null when nobody answered.
 */
export function rawDeltas(values: readonly (bigint | null)[]): (bigint | null)[] {
  const present: bigint[] = [];
  for (const v of values) if (v !== null) present.push(v);
  if (present.length === 0) return values.map(() => null);
  const m = exactMedianSorted(sortBigints(present));
  return values.map((v) => (v === null ? null : deltaToMedian(v, m)));
}
