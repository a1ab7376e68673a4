/**
 * A JSON number (or null) read from UTF-8 bytes exactly as JSON.parse reads it, for the sample-line scanner.
 * Digits become m / 10^k only when m < 10^15 and k ≤ 22: both are exact doubles, so that is one correctly
 * rounded division, and JSON.parse rounds correctly too. Anything longer, or with an exponent, goes through
 * Number() on its text, which follows the same rounding. The grammar is JSON's, not JavaScript's: no "+1",
 * ".5", "1.", "01", "NaN" or "Infinity".
 */
import { expectLiteral, literal } from './asciiLiteral.js';

const NULL = literal('null');

const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;
const LOWER_N = 110;

/** 10^k for k ≤ 22: every one an exact double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export class JsonNumberReader {
  /** The last number read; NaN for a JSON null (the sample record's "absent"). */
  value = 0;

  /**
   * The number or null at p: the position after it, or -1 when there is none, and also for a number beyond a
   * double's range (JSON.parse gives Infinity, which the strict sample reader refuses).
   */
  read(b: Buffer, dv: DataView, p: number, end: number): number {
    const from = p;
    let c = b[p] as number;
    if (c === LOWER_N) {
      this.value = NaN;
      return expectLiteral(dv, p, end, NULL);
    }
    const neg = c === MINUS;
    if (neg) c = b[++p] as number;
    let m = 0;
    const digitsFrom = p;
    if (c === ZERO) c = b[++p] as number;
    else if (c > ZERO && c <= NINE) {
      for (; p < end && c >= ZERO && c <= NINE; c = b[++p] as number) m = m * 10 + (c - ZERO);
    } else return -1;
    let digitCount = p - digitsFrom;
    let frac = 0;
    if (p < end && c === DOT) {
      const f = ++p;
      for (c = b[p] as number; p < end && c >= ZERO && c <= NINE; c = b[++p] as number) m = m * 10 + (c - ZERO);
      frac = p - f;
      if (frac === 0) return -1;
      digitCount += frac;
    }
    // A leading "0" counts as a digit here: at worst a 15-digit fraction takes the Number() path, still exact.
    let exact = digitCount <= 15 && frac <= 22;
    if (p < end && (c === LOWER_E || c === UPPER_E)) {
      c = b[++p] as number;
      if (c === PLUS || c === MINUS) p++;
      const e = p;
      for (c = b[p] as number; p < end && c >= ZERO && c <= NINE; c = b[++p] as number);
      if (p === e) return -1;
      exact = false;
    }
    if (p > end) return -1;
    let v: number;
    if (exact) {
      v = frac === 0 ? m : m / (POW10[frac] as number);
      if (neg) v = -v;
    } else v = Number(b.toString('latin1', from, p));
    if (!Number.isFinite(v)) return -1;
    this.value = v;
    return p;
  }
}
