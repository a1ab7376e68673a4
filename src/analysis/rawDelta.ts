import { exactMedianSorted, sortBigints } from './median.js';

/**
 * The seed's delta_to_median: each answered camera's latched value minus the median of the latched
 * values, exact. It includes the difference in when each camera received its latch command; see
 * correctedDelta.ts for the figure that removes it.
 * In half-nanosecond units (2 × delta), so that the median of an even set of cameras, a half nanosecond at
 * times, leaves the delta exact. Returns null for cameras without a value; all null when nobody answered.
 */
export function rawDeltas2(values: readonly (bigint | null)[]): (bigint | null)[] {
  const present: bigint[] = [];
  for (const v of values) if (v !== null) present.push(v);
  if (present.length === 0) return values.map(() => null);
  const m = exactMedianSorted(sortBigints(present));
  // 2·(v − num/den) = (2·den·v − 2·num)/den, and den is 1 or 2, so the division is exact.
  return values.map((v) => (v === null ? null : (2n * m.den * v - 2n * m.num) / m.den));
}

/** 2 × delta as a decimal string of ns, exact: "-1631232", "7.5", "-0.5". */
export function halfNsText(d2: bigint): string {
  const neg = d2 < 0n;
  const a = neg ? -d2 : d2;
  return `${neg ? '-' : ''}${(a / 2n).toString()}${a % 2n === 1n ? '.5' : ''}`;
}
