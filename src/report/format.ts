/** Number formatting shared by the human and JSON-lines reports. */

/**
 * Exact decimal rendering of an integer ns count in ms (or any power-of-ten unit) from bigint, so a
 * 1.76e18 value or a 1 ns delta is never rounded through a double.
 * signColumn: a space stands where the minus sign would be, so columns of mixed sign line up (seed style).
 */
export function formatBigintScaled(ns: bigint, decimals: number, signColumn = false): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  const scale = 10n ** BigInt(decimals);
  const int = (abs / scale).toString();
  const frac = decimals > 0 ? '.' + (abs % scale).toString().padStart(decimals, '0') : '';
  return (neg ? '-' : signColumn ? ' ' : '') + int + frac;
}

/** ns (bigint) → ms with 6 decimals, i.e. exact to the nanosecond: the seed's delta_to_median_ms. */
export function formatNsAsMs(ns: bigint, signColumn = false): string {
  return formatBigintScaled(ns, 6, signColumn);
}

/**
 * 2 × ns (bigint) → ms, exact: 6 decimals as the seed, and a seventh digit 5 only when the value is a half ns
 * (the median of an even set of cameras): "-1.631232", " 0.0000005".
 */
export function formatHalfNsAsMs(ns2: bigint, signColumn = false): string {
  const neg = ns2 < 0n;
  const a = neg ? -ns2 : ns2;
  const whole = formatBigintScaled(a / 2n, 6);
  return (neg ? '-' : signColumn ? ' ' : '') + whole + (a % 2n === 1n ? '5' : '');
}

/** Fixed decimals for a double; no "-0.000"; non-finite values as "n/a". */
export function formatFixed(x: number, decimals: number, signColumn = false): string {
  if (!Number.isFinite(x)) return 'n/a';
  let s = x.toFixed(decimals);
  if (/^-0\.?0*$/.test(s)) s = s.slice(1);
  return s.startsWith('-') || !signColumn ? s : ' ' + s;
}

/** A ns quantity as a whole number of ns (the seed prints integers). */
export function formatIntNs(x: number): string {
  return formatFixed(Math.round(x), 0);
}

/** ns → µs with 3 decimals (ns resolution). */
export function formatNsAsUs(ns: number, signColumn = false): string {
  return formatFixed(ns / 1000, 3, signColumn);
}

/** "value±uncertainty" in µs, e.g. "-1.234±0.567". */
export function formatUsWithUncertainty(deltaNs: number, uncertaintyNs: number, signColumn = false): string {
  return `${formatNsAsUs(deltaNs, signColumn)}±${formatNsAsUs(uncertaintyNs)}`;
}

/** Pads every cell of a column to the column's widest, right-aligned (numbers). */
export function alignRight(cells: readonly string[]): string[] {
  const w = cells.reduce((m, c) => Math.max(m, c.length), 0);
  return cells.map((c) => c.padStart(w));
}

/**
 * Joins rows of "key=value" fields with ", ", padding after each comma so that every field of a column starts
 * at the same position on every row, as the seed's example output does. Rows may have different lengths.
 */
export function joinAligned(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    for (let k = 0; k < r.length - 1; k++) widths[k] = Math.max(widths[k] ?? 0, (r[k] as string).length + 1);
  }
  return rows.map((r) =>
    r.map((f, k) => (k < r.length - 1 ? (f + ',').padEnd((widths[k] as number) + 1) : f)).join('').trimEnd(),
  );
}
