/** A duration in ns shown with a unit a reader takes in at a glance (ns, µs, ms, s); the raw ns in JSON stay exact. */
export function formatNsAuto(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a';
  const a = Math.abs(ns);
  const fmt = (v: number, unit: string): string => `${Number(v.toPrecision(4)).toString()} ${unit}`;
  if (a >= 1e9) return fmt(ns / 1e9, 's');
  if (a >= 1e6) return fmt(ns / 1e6, 'ms');
  if (a >= 1e3) return fmt(ns / 1e3, 'µs');
  return fmt(ns, 'ns');
}

/** A ppb figure with sign and 3 significant digits. */
export function formatPpb(ppb: number): string {
  if (!Number.isFinite(ppb)) return 'n/a';
  const s = Number(ppb.toPrecision(3)).toString();
  return `${ppb > 0 ? '+' : ''}${s} ppb`;
}
