/**
 * Reads a sample line the way ptpcam writes it (src/report/jsonl.ts: compact, fixed key order) straight from
 * its UTF-8 bytes, without a string or an object graph. At 10^6 lines of 8 cameras (2.6 GB) this is what keeps
 * `ptpcam report` within its time budget: no UTF-8 decoding of the file, no per-field strings, no BigInt.
 *
 * It accepts only lines that JSON.parse accepts too, and fills the record exactly as sampleFromJson.ts does
 * from JSON.parse's object. Any line that differs in the least (whitespace, another key order, a new or
 * missing field, an exponent where none is expected, a cut line) returns false and the caller falls back to
 * JSON.parse: this file decides speed, never meaning.
 *
 * How: a camera object is a fixed list of steps, each a key literal (asciiLiteral.ts: eight bytes at a time)
 * followed by one kind of value. Numbers are read exactly (jsonNumberBytes.ts), digits that are only checked
 * go four at a time, and the whole camera is one loop in one function: at 14 steps per camera and 8·10^6
 * cameras, calls that V8 does not inline cost more than the bytes.
 */
import { expectLiteral as expect, literal } from './asciiLiteral.js';
import { JsonNumberReader } from './jsonNumberBytes.js';
import { cameraSlot, startSample, type CameraRecord, type SampleRecord } from './sampleRecord.js';

/** What follows a step's key. */
const enum Kind {
  /** The serial's characters up to its closing quote (left for the next literal). */
  Serial,
  /** `"-?\d+"` (the latched value: answered) or `null`. */
  Value,
  /** fireNs: `-?\d+` up to the closing quote (left for the next literal). */
  Fire,
  /** `-?\d+` (ackNs, only checked). */
  Digits,
  /** rawDeltaNs: `"-?\d+"`, `"-?\d+.5"` or `null` (only checked). */
  Half,
  /** A JSON number or null: the camera's next number field. */
  Number,
  /** A verdict's [A-Z_]+ (only checked). */
  Word,
  /** windowOutlier. */
  Outlier,
  /** windowWarmup (only checked). */
  Bool,
  /** taiUtc: `null` or a flat object that JSON.parse accepts (only checked). */
  TaiUtc,
  /** error: `null` or a flat object, read with JSON.parse. */
  Error,
}

const CAMERA_STEPS: readonly (readonly [string, Kind])[] = [
  ['{"serial":"', Kind.Serial],
  ['","value":', Kind.Value],
  [',"fireNs":"', Kind.Fire],
  ['","ackNs":"', Kind.Digits],
  ['","rawDeltaNs":', Kind.Half],
  [',"correctedDeltaNs":', Kind.Number],
  [',"uncertaintyNs":', Kind.Number],
  [',"hostOffsetNs":', Kind.Number],
  [',"windowNs":', Kind.Number],
  [',"verdict":"', Kind.Word],
  ['","windowOutlier":', Kind.Outlier],
  [',"windowWarmup":', Kind.Bool],
  [',"taiUtc":', Kind.TaiUtc],
  [',"error":', Kind.Error],
];

const STEP_LITERAL = Int32Array.from(CAMERA_STEPS, ([text]) => literal(text));
const STEP_KIND = Int32Array.from(CAMERA_STEPS, ([, kind]) => kind);
const STEPS = CAMERA_STEPS.length;
const HEAD_SCHEMA = literal('{"schema":');
const TYPE_INDEX = literal('"type":"sample","index":');
const VERDICT = literal(',"verdict":"');
const SHIFTED = literal('","referenceShifted":');
const CAMERAS = literal(',"cameras":[');
const NULL = literal('null');
const TRUE = literal('true');
const FALSE = literal('false');

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const FIVE = 53;
const ZERO = 48;
const NINE = 57;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const UPPER_A = 65;
const UPPER_Z = 90;
const UNDERSCORE = 95;
const LOWER_T = 116;

/** The position after one or more digits at p (after an optional minus), or -1. */
function digits(b: Buffer, dv: DataView, p: number, end: number): number {
  if (b[p] === MINUS) p++;
  const from = p;
  // Four at a time: a word is four ASCII digits when every byte is 0x3_ and stays 0x3_ with 6 added.
  while (p + 4 <= end) {
    const w = dv.getInt32(p, true);
    if ((w & 0xf0f0f0f0) !== 0x30303030 || ((w + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
    p += 4;
  }
  for (let c = b[p] as number; p < end && c >= ZERO && c <= NINE; c = b[++p] as number);
  return p > from ? p : -1;
}

/** Past an object with no nested objects or arrays (taiUtc, error), strings with their escapes; or -1. */
function skipFlatObject(b: Buffer, p: number, end: number): number {
  if (b[p] !== LBRACE) return -1;
  for (p++; p < end; p++) {
    const c = b[p] as number;
    if (c === RBRACE) return p + 1;
    if (c === LBRACE || c === LBRACKET) return -1;
    if (c === QUOTE) for (p++; p < end && b[p] !== QUOTE; p++) if (b[p] === BACKSLASH) p++;
  }
  return -1;
}

/** Before the first line: no buffer yet. */
const EMPTY = Buffer.alloc(0);

/** A serial as last seen at one camera position: the same bytes give the same string without decoding again. */
interface SerialCache {
  bytes: Uint8Array;
  text: string;
}

/**
 * One scanner per reader (it keeps the serials of the last line); `parse` fills `out` from bytes [start, end)
 * of `b`, a line without its newline, and returns false when the line must go through JSON.parse instead.
 */
export class SampleLineScanner {
  private readonly serials: SerialCache[] = [];
  /** DataViews of the last two buffers seen (the reader's chunk and the line it carried over between chunks). */
  private b0: Buffer = EMPTY;
  private dv0: DataView = new DataView(EMPTY.buffer, EMPTY.byteOffset, 0);
  private b1: Buffer = EMPTY;
  private dv1: DataView = this.dv0;
  private readonly num = new JsonNumberReader();

  parse(b: Buffer, start: number, end: number, out: SampleRecord): boolean {
    try {
      return this.line(b, this.viewOf(b), start, end, out);
    } catch {
      // JSON.parse refused an error or taiUtc object, or a serial's escapes: the caller's JSON.parse says why.
      return false;
    }
  }

  private viewOf(b: Buffer): DataView {
    if (b === this.b0) return this.dv0;
    if (b === this.b1) return this.dv1;
    this.b1 = this.b0;
    this.dv1 = this.dv0;
    this.b0 = b;
    this.dv0 = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return this.dv0;
  }

  private line(b: Buffer, dv: DataView, start: number, end: number, out: SampleRecord): boolean {
    let p = expect(dv, start, end, HEAD_SCHEMA);
    if (p >= 0) {
      p = this.num.read(b, dv, p, end);
      if (p < 0 || Number.isNaN(this.num.value) || b[p] !== COMMA) return false;
      out.schema = this.num.value;
      p++;
    } else {
      if (b[start] !== LBRACE) return false;
      out.schema = null;
      p = start + 1;
    }
    p = expect(dv, p, end, TYPE_INDEX);
    if (p < 0) return false;
    // The index: a JSON integer without sign, below 10^15 (exact).
    const from = p;
    let index = 0;
    for (let c = b[p] as number; p < end && c >= ZERO && c <= NINE; c = b[++p] as number) index = index * 10 + (c - ZERO);
    if (p === from || p - from > 15 || (p - from > 1 && b[from] === ZERO)) return false;
    out.index = index;
    p = expect(dv, p, end, VERDICT);
    p = expect(dv, word(b, p, end), end, SHIFTED);
    if (p < 0) return false;
    const shifted = expect(dv, p, end, TRUE);
    if (shifted >= 0) out.referenceShifted = true;
    else {
      p = expect(dv, p, end, FALSE);
      out.referenceShifted = false;
    }
    p = expect(dv, shifted >= 0 ? shifted : p, end, CAMERAS);
    if (p < 0) return false;
    startSample(out);
    if (b[p] !== RBRACKET) {
      for (;;) {
        p = this.camera(b, dv, p, end, out, cameraSlot(out, out.cameraCount), out.cameraCount);
        if (p < 0) return false;
        out.cameraCount++;
        if (b[p] !== COMMA) break;
        p++;
      }
    }
    // `]}` and the end of the line.
    return p + 2 === end && b[p] === RBRACKET && b[p + 1] === RBRACE;
  }

  /** One camera object at p: the position after it, or -1. */
  private camera(b: Buffer, dv: DataView, p: number, end: number, out: SampleRecord, cam: CameraRecord, slot: number): number {
    let nums = 0;
    for (let s = 0; s < STEPS; s++) {
      const l = STEP_LITERAL[s] as number;
      p = expect(dv, p, end, l);
      if (p < 0) return -1;
      switch (STEP_KIND[s]) {
        case Kind.Serial:
          p = this.serial(b, p, end, cam, slot);
          break;
        case Kind.Value:
          if (b[p] === QUOTE) {
            p = digits(b, dv, p + 1, end);
            if (p < 0 || b[p++] !== QUOTE) return -1;
            cam.answered = true;
          } else p = expect(dv, p, end, NULL);
          break;
        case Kind.Fire:
          p = out.fireOk ? digits(b, dv, p, end) : fire(b, p, end, out);
          break;
        case Kind.Digits:
          p = digits(b, dv, p, end);
          break;
        case Kind.Half:
          if (b[p] === QUOTE) {
            p = digits(b, dv, p + 1, end);
            if (p < 0) return -1;
            if (b[p] === DOT && b[p + 1] === FIVE) p += 2;
            if (b[p++] !== QUOTE) return -1;
          } else p = expect(dv, p, end, NULL);
          break;
        case Kind.Number: {
          p = this.num.read(b, dv, p, end);
          // null is NaN in the record, as the reader gives it.
          const v = this.num.value;
          if (nums === 0) cam.correctedDeltaNs = v;
          else if (nums === 1) cam.uncertaintyNs = v;
          else if (nums === 2) cam.hostOffsetNs = v;
          else cam.windowNs = v;
          nums++;
          break;
        }
        case Kind.Word:
          p = word(b, p, end);
          break;
        case Kind.Outlier:
        case Kind.Bool: {
          const t = b[p] === LOWER_T;
          p = expect(dv, p, end, t ? TRUE : FALSE);
          if (STEP_KIND[s] === Kind.Outlier) cam.windowOutlier = t;
          break;
        }
        case Kind.TaiUtc:
          if (b[p] === LBRACE) {
            // Rare (a camera a whole number of seconds off): JSON.parse on the object alone checks it.
            const o = p;
            p = skipFlatObject(b, p, end);
            if (p >= 0) JSON.parse(b.toString('utf8', o, p));
          } else p = expect(dv, p, end, NULL);
          break;
        case Kind.Error:
          if (b[p] === LBRACE) {
            const o = p;
            p = skipFlatObject(b, p, end);
            if (p >= 0) {
              const e = JSON.parse(b.toString('utf8', o, p)) as { code?: unknown; message?: unknown };
              cam.errorCode = typeof e.code === 'string' ? e.code : 'ERR_UNKNOWN';
              cam.errorMessage = typeof e.message === 'string' ? e.message : '';
            }
          } else p = expect(dv, p, end, NULL);
          break;
      }
      if (p < 0) return -1;
    }
    return p < end && b[p] === RBRACE ? p + 1 : -1;
  }

  /**
   * The serial's characters after its opening quote, up to its closing quote (left for the next literal); -1
   * when there is none. Bytes equal to the last line's at this camera position give its string again (decoding
   * is a function of the bytes); new bytes are decoded: plain ASCII directly, anything with escapes or beyond
   * ASCII by JSON.parse on the quoted text.
   */
  private serial(b: Buffer, p: number, end: number, cam: CameraRecord, slot: number): number {
    const from = p;
    const cached = this.serials[slot];
    if (cached !== undefined) {
      // The cached bytes end where a scan stops (their first unescaped quote): the same bytes stop there too.
      const cb = cached.bytes;
      const n = cb.length;
      if (from + n < end && b[from + n] === QUOTE) {
        let i = 0;
        while (i < n && cb[i] === b[from + i]) i++;
        if (i === n) {
          cam.serial = cached.text;
          return from + n;
        }
      }
    }
    let plain = true;
    for (;;) {
      if (p >= end) return -1;
      const c = b[p] as number;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        plain = false;
        p += 2;
        continue;
      }
      if (c < 0x20 || c > 0x7e) plain = false;
      p++;
    }
    const text = plain ? b.toString('latin1', from, p) : (JSON.parse(b.toString('utf8', from - 1, p + 1)) as string);
    const bytes = new Uint8Array(p - from);
    bytes.set(b.subarray(from, p));
    this.serials[slot] = { bytes, text };
    cam.serial = text;
    return p;
  }
}

/** A verdict's [A-Z_]+ at p: the position after it, or -1. */
function word(b: Buffer, p: number, end: number): number {
  if (p < 0) return -1;
  const from = p;
  for (let c = b[p] as number; p < end && ((c >= UPPER_A && c <= UPPER_Z) || c === UNDERSCORE); c = b[++p] as number);
  return p > from ? p : -1;
}

/**
 * fireNs digits at p up to the closing quote (left for the next literal): its position, or -1. With at most
 * 20 digits (a 64-bit time) they become the sample's time, split into seconds and ns exactly (exactTime.ts);
 * more digits are no time, and the next camera's may be.
 */
function fire(b: Buffer, p: number, end: number, out: SampleRecord): number {
  const neg = b[p] === MINUS;
  if (neg) p++;
  const from = p;
  for (let c = b[p] as number; p < end && c >= ZERO && c <= NINE; c = b[++p] as number);
  const len = p - from;
  if (len === 0 || p >= end || b[p] !== QUOTE) return -1;
  if (len <= 20) {
    const cut = p - Math.min(9, len);
    let s = 0;
    for (let i = from; i < cut; i++) s = s * 10 + ((b[i] as number) - ZERO);
    let sub = 0;
    for (let i = cut; i < p; i++) sub = sub * 10 + ((b[i] as number) - ZERO);
    out.fireOk = true;
    out.fireS = neg ? -s : s;
    out.fireSubNs = neg ? -sub : sub;
  }
  return p;
}
