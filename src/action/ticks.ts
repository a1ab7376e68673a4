/**
 * Camera timestamp ticks to nanoseconds, exactly: floor(ticks × 10^9 / GevTimestampTickFrequency) in BigInt,
 * the rule Aravis itself applies (arv_gvsp_timestamp_to_ns, 0.8.26), so values converted here and values
 * Aravis converted agree to the nanosecond.
 */
const NS_PER_S = 1_000_000_000n;

export function ticksToNs(ticks: bigint, tickHz: bigint): bigint {
  if (tickHz <= 0n) throw new RangeError(`tick frequency must be positive, got ${tickHz}`);
  if (tickHz === NS_PER_S) return ticks;
  // Split as Aravis does, so the intermediate product stays small; the result is the same floor either way.
  return (ticks / tickHz) * NS_PER_S + ((ticks % tickHz) * NS_PER_S) / tickHz;
}
