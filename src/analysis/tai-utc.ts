const NS_PER_S = 1e9;

/** Default: 5 ms, far wider than a latch window and far narrower than any real 1 s-class fault. */
export const DEFAULT_WHOLE_SECOND_TOLERANCE_NS = 5_000_000;

/**
 * Signed whole seconds when |deltaNs| is within toleranceNs of a nonzero whole number of seconds, else null.
 * A delta that is an exact count of seconds is almost never drift: it is one clock on TAI and the other on
 * UTC (37 s), or a leap-second/offset configuration error.
 */
export function wholeSecondMismatch(deltaNs: number, toleranceNs: number): number | null {
  if (!Number.isFinite(deltaNs)) return null;
  const a = Math.abs(deltaNs);
  const s = Math.round(a / NS_PER_S);
  if (s < 1 || Math.abs(a - s * NS_PER_S) > toleranceNs) return null;
  return deltaNs < 0 ? -s : s;
}
