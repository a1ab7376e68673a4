/**
 * THE whole-second detector, for `check` (camera offset from master, camera vs host) and `timestat` (deltas,
 * host offsets) alike. A difference that sits within a few ms of a non-zero whole number of seconds is almost
 * never drift: it is one clock on TAI and the other on UTC (37 s), or a leap-second/offset configuration error.
 */

/** 5 ms: far wider than a latch window or servo error, far narrower than any real 1 s-class fault. */
export const WHOLE_SECOND_TOLERANCE_NS = 5_000_000n;

const NS_PER_S = 1_000_000_000n;

/**
 * Signed whole seconds when `deltaNs` is within `toleranceNs` of a non-zero whole number of seconds, else null.
 * Exact on bigint; a number (already a difference) is rounded to whole ns first.
 */
export function wholeSecondOffset(deltaNs: bigint | number, toleranceNs: bigint = WHOLE_SECOND_TOLERANCE_NS): number | null {
  if (typeof deltaNs === 'number') return ofNumber(deltaNs, Number(toleranceNs));
  const ns = deltaNs;
  const abs = ns < 0n ? -ns : ns;
  const whole = (abs + NS_PER_S / 2n) / NS_PER_S;
  if (whole === 0n) return null;
  const residual = abs - whole * NS_PER_S;
  if ((residual < 0n ? -residual : residual) > toleranceNs) return null;
  return Number(whole) * (ns < 0n ? -1 : 1);
}

/**
 * The same test on a difference that is already a number (timestat's per-sample deltas, exact below 2^53 ns):
 * no bigint per call, since it runs for every camera of every sample.
 */
function ofNumber(deltaNs: number, toleranceNs: number): number | null {
  if (!Number.isFinite(deltaNs)) return null;
  const a = Math.abs(Math.round(deltaNs));
  const s = Math.round(a / 1e9);
  if (s < 1 || Math.abs(a - s * 1e9) > toleranceNs) return null;
  return deltaNs < 0 ? -s : s;
}
