/**
 * A 64-bit ns time (a fire time, ~1.8·10^18 ns, beyond a double's 2^53) held exactly in two doubles: whole
 * seconds and the ns within them, both with the time's sign. The report only ever needs the seconds from the
 * run's first sample; with this split that subtraction is exact without a BigInt per sample, which at 10^6
 * lines of a JSON lines file is the difference between parsing digits into numbers and allocating bigints.
 */

/** Decimal ns as written in JSON lines: what the report accepts as a time (a 64-bit value has ≤ 20 digits). */
const DIGITS = /^-?\d{1,20}$/;

export const NS_PER_S = 1_000_000_000;
const NS_PER_S_BIG = 1_000_000_000n;

/** The split of a time: value = s · 10^9 + subNs, |subNs| < 10^9, both signs the time's. */
export interface SplitNs {
  /** At most 11 digits: exact. */
  s: number;
  subNs: number;
}

/** Splits decimal ns text (-?\d{1,20}); null for anything else. */
export function splitNsText(text: string): SplitNs | null {
  if (!DIGITS.test(text)) return null;
  const neg = text.charCodeAt(0) === 45;
  const digits = neg ? text.slice(1) : text;
  const cut = Math.max(0, digits.length - 9);
  const s = cut === 0 ? 0 : Number(digits.slice(0, cut));
  const subNs = Number(digits.slice(cut));
  return neg ? { s: -s, subNs: -subNs } : { s, subNs };
}

/** The split of a bigint time (BigInt division truncates towards zero: both parts keep the sign). */
export function splitNsBigint(ns: bigint): SplitNs {
  return { s: Number(ns / NS_PER_S_BIG), subNs: Number(ns % NS_PER_S_BIG) };
}

/**
 * (s, subNs) − (s0, sub0) in seconds, exactly as Number(t − t0) / 1e9 on bigints: the ns difference is an
 * exact integer in a double while it stays below 2^53 ns (~104 days), and goes through BigInt beyond that.
 */
export function secondsBetween(s: number, subNs: number, s0: number, sub0: number): number {
  const ds = s - s0;
  // |ds| < 9·10^6 s: |ds·10^9 + dSub| < 9·10^15 + 10^9 < 2^53, so every step below is exact.
  if (ds < 9_000_000 && ds > -9_000_000) return (ds * NS_PER_S + (subNs - sub0)) / 1e9;
  const t = BigInt(s) * NS_PER_S_BIG + BigInt(subNs);
  const t0 = BigInt(s0) * NS_PER_S_BIG + BigInt(sub0);
  return Number(t - t0) / 1e9;
}
