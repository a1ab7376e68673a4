/**
 * Parsers for the value formats pmc prints. Each returns null for text that does not fit, never throws.
 */

const CLOCK_ID_RE = /^[0-9a-f]{6}\.[0-9a-f]{4}\.[0-9a-f]{6}$/;
const PORT_ID_RE = /^([0-9a-f]{6}\.[0-9a-f]{4}\.[0-9a-f]{6})-(\d{1,5})$/;
const INT_RE = /^[+-]?\d+$/;
const HEX_RE = /^0x[0-9a-f]+$/;
const FLOAT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/;

export interface PortIdentity {
  readonly clockId: string;
  readonly port: number;
}

/** `xxxxxx.xxxx.xxxxxx`, normalised to lower case so identities compare with ===. */
export function parseClockId(text: string): string | null {
  const t = text.trim().toLowerCase();
  return CLOCK_ID_RE.test(t) ? t : null;
}

export function parsePortIdentity(text: string): PortIdentity | null {
  const m = PORT_ID_RE.exec(text.trim().toLowerCase());
  if (m === null) return null;
  const port = Number(m[2]);
  return port <= 0xffff ? { clockId: m[1] as string, port } : null;
}

/** Decimal integer that fits a JS number exactly; larger values are refused (use parseBigInt). */
export function parseInteger(text: string): number | null {
  const t = text.trim();
  if (!INT_RE.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** pmc prints 64-bit nanosecond counters (ingress_time) that exceed 2^53. */
export function parseBigInt(text: string): bigint | null {
  const t = text.trim();
  if (!INT_RE.test(t)) return null;
  return BigInt(t);
}

/** `0x%02x`, `0x%04x`, `0x%08x`. A plain decimal is accepted too, in case a future version drops the prefix. */
export function parseHex(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (HEX_RE.test(t)) {
    const n = Number.parseInt(t.slice(2), 16);
    return Number.isSafeInteger(n) ? n : null;
  }
  return parseInteger(t);
}

/** `%.1f`, `%+.9f`. NaN/inf are refused: pmc never prints them for these fields. */
export function parseFloatValue(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (!FLOAT_RE.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** `true`/`false` (TIME_STATUS_NP) and `1`/`0` (flags). */
export function parseBoolean(text: string): boolean | null {
  switch (text.trim().toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return null;
  }
}
