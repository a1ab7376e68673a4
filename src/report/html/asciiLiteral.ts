/**
 * ASCII literals (JSON keys and the like) checked in a byte buffer eight bytes at a time, for the sample-line
 * scanner: a literal is registered once, at module load, and `expectLiteral` compares it at a position.
 *
 * 8 bytes or more: three 8-byte reads taken as doubles, at 0, min(8, n − 8) and n − 8 (overlapping; together
 * they cover up to 24 bytes). Comparing doubles with === is comparing their bits here: 8 printable ASCII bytes
 * always make a normal, finite, non-zero double (top byte 0x20–0x7e: exponent neither 0 nor all ones), and ===
 * tells two such doubles apart whenever one bit differs; input bytes that make a NaN or a zero compare
 * unequal, as they should. Shorter literals: two 4-byte integer reads, at 0 and n − 4.
 */

/** Room for every literal the scanner registers (fixed, so the tables below stay constants for V8). */
const CAPACITY = 64;
let count = 0;
const LENGTH = new Int32Array(CAPACITY);
const AT1 = new Int32Array(CAPACITY);
const AT2 = new Int32Array(CAPACITY);
const F0 = new Float64Array(CAPACITY);
const F1 = new Float64Array(CAPACITY);
const F2 = new Float64Array(CAPACITY);
const I0 = new Int32Array(CAPACITY);
const I1 = new Int32Array(CAPACITY);

/** Registers a literal (4 to 24 printable ASCII characters); returns its index for expectLiteral. */
export function literal(text: string): number {
  if (text.length < 4 || text.length > 24 || !/^[\x20-\x7e]+$/.test(text)) throw new Error(`literal ${text}: 4 to 24 printable ASCII characters`);
  if (count === CAPACITY) throw new Error('too many literals');
  const l = count++;
  const view = new DataView(Uint8Array.from(text, (c) => c.charCodeAt(0)).buffer);
  const n = text.length;
  LENGTH[l] = n;
  if (n >= 8) {
    AT1[l] = Math.min(8, n - 8);
    AT2[l] = n - 8;
    F0[l] = view.getFloat64(0, true);
    F1[l] = view.getFloat64(Math.min(8, n - 8), true);
    F2[l] = view.getFloat64(n - 8, true);
  } else {
    I0[l] = view.getInt32(0, true);
    I1[l] = view.getInt32(n - 4, true);
  }
  return l;
}

/** The position after literal `l` at p in the buffer `dv` views, or -1 (also for p < 0, or past `end`). */
export function expectLiteral(dv: DataView, p: number, end: number, l: number): number {
  const n = LENGTH[l] as number;
  if (p < 0 || p + n > end) return -1;
  if (n >= 8) {
    return dv.getFloat64(p, true) === F0[l] && dv.getFloat64(p + (AT1[l] as number), true) === F1[l] && dv.getFloat64(p + (AT2[l] as number), true) === F2[l]
      ? p + n
      : -1;
  }
  return dv.getInt32(p, true) === I0[l] && dv.getInt32(p + n - 4, true) === I1[l] ? p + n : -1;
}
