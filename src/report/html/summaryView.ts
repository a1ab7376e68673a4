/**
 * Tolerant reads of the summary line: every field is optional (older files, runs cut short, fields added by
 * later versions), so each getter checks the type and returns null when the field is absent or odd.
 */
export type Json = Record<string, unknown>;

export function obj(o: unknown, key: string): Json | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = (o as Json)[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

export function str(o: unknown, key: string): string | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = (o as Json)[key];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

export function num(o: unknown, key: string): number | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = (o as Json)[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

export function bool(o: unknown, key: string): boolean | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = (o as Json)[key];
  return typeof v === 'boolean' ? v : null;
}

export function arr(o: unknown, key: string): unknown[] {
  if (typeof o !== 'object' || o === null) return [];
  const v = (o as Json)[key];
  return Array.isArray(v) ? v : [];
}

export function strings(o: unknown, key: string): string[] {
  return arr(o, key).flatMap((v) => (typeof v === 'string' ? [v] : []));
}

/** The summary's entry for one camera, matched by serial, in any of the per-camera arrays given. */
export function bySerial(list: unknown[], serial: string): Json | null {
  for (const v of list) if (typeof v === 'object' && v !== null && (v as Json).serial === serial) return v as Json;
  return null;
}
