/**
 * The slow path of sample lines: any valid JSON (whitespace, escapes, other key order) parsed with JSON.parse
 * and checked field by field, filling the same record as sampleLineFast.ts.
 */
import { cameraSlot, offerFireText, startSample, type SampleRecord } from './sampleRecord.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number; NaN for null (the record's "absent"); undefined for anything else. */
function num(v: unknown): number | undefined {
  if (v === null) return NaN;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Fills `out` from a parsed sample object; false when a field has the wrong type. */
export function sampleFromObject(o: Json, out: SampleRecord): boolean {
  if (o.type !== 'sample' || typeof o.index !== 'number' || !Number.isInteger(o.index) || !Array.isArray(o.cameras)) return false;
  out.schema = typeof o.schema === 'number' ? o.schema : null;
  out.index = o.index;
  out.referenceShifted = o.referenceShifted === true;
  startSample(out);
  for (const c of o.cameras as unknown[]) {
    if (!isObject(c) || typeof c.serial !== 'string') return false;
    const cam = cameraSlot(out, out.cameraCount);
    cam.serial = c.serial;
    if (c.fireNs !== undefined && c.fireNs !== null && typeof c.fireNs !== 'string') return false;
    offerFireText(out, typeof c.fireNs === 'string' ? c.fireNs : null);
    cam.answered = c.value !== null && c.value !== undefined;
    for (const k of ['correctedDeltaNs', 'uncertaintyNs', 'hostOffsetNs', 'windowNs'] as const) {
      const v = num(c[k] ?? null);
      if (v === undefined) return false;
      cam[k] = v;
    }
    cam.windowOutlier = c.windowOutlier === true;
    if (isObject(c.error)) {
      cam.errorCode = typeof c.error.code === 'string' ? c.error.code : 'ERR_UNKNOWN';
      cam.errorMessage = typeof c.error.message === 'string' ? c.error.message : '';
    }
    out.cameraCount++;
  }
  return true;
}
