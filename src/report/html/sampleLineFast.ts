/**
 * Reads a sample line the way ptpcam writes it (src/report/jsonl.ts: compact, fixed key order) without building
 * its object graph: one sticky regular expression per camera, compiled to native code by V8, matches the whole
 * camera object and captures only the values the report draws. On an 8-camera line this takes about half the
 * time of JSON.parse, which at 10^6 lines is the difference between meeting the report's time budget or not.
 *
 * The expressions accept only valid JSON of exactly that shape (strings with their escapes, JSON numbers).
 * Any line that differs in the least (whitespace, another key order, a new field, a cut line) returns false
 * and the caller falls back to JSON.parse: this file decides speed, never meaning.
 */
import { cameraSlot, type SampleRecord } from './sampleRecord.js';

const STR = '"(?:[^"\\\\\\u0000-\\u001f]|\\\\.)*"';
const NUM = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?';
const INT_STR = '"-?\\d+"';
/** rawDeltaNs: whole ns, or a half (a median between two cameras) as ".5". */
const HALF_STR = '"-?\\d+(?:\\.5)?"';
const OBJ = `\\{(?:[^{}"]|${STR})*\\}`;

const HEAD = new RegExp(
  `\\{(?:"schema":(${NUM}),)?"type":"sample","index":(\\d+),"verdict":"[A-Z_]+","referenceShifted":(true|false),"cameras":\\[`,
  'y',
);

const CAMERA = new RegExp(
  `\\{"serial":(${STR}),"value":(?:${INT_STR}|(null)),"fireNs":"(-?\\d+)","ackNs":${INT_STR},"rawDeltaNs":(?:${HALF_STR}|null)` +
    `,"correctedDeltaNs":(${NUM}|null),"uncertaintyNs":(${NUM}|null),"hostOffsetNs":(${NUM}|null),"windowNs":(${NUM}|null)` +
    `,"verdict":"[A-Z_]+","windowOutlier":(true|false),"windowWarmup":(?:true|false),"taiUtc":(?:null|${OBJ}),"error":(null|${OBJ})\\}`,
  'y',
);

const RBRACKET = 93;
const RBRACE = 125;
const COMMA = 44;

function numberOrNull(text: string): number | null {
  return text === 'null' ? null : Number(text);
}

/** Fills `out` from a compact sample line; false when the line must go through JSON.parse instead. */
export function parseSampleLineFast(line: string, out: SampleRecord): boolean {
  try {
    return match(line, out);
  } catch {
    // An escape JSON.parse refused in a serial or an error object: the caller's JSON.parse says why.
    return false;
  }
}

function match(s: string, out: SampleRecord): boolean {
  HEAD.lastIndex = 0;
  const h = HEAD.exec(s);
  if (h === null) return false;
  out.schema = h[1] === undefined ? null : Number(h[1]);
  out.index = Number(h[2]);
  out.referenceShifted = h[3] === 'true';
  out.cameraCount = 0;
  let p = HEAD.lastIndex;
  if (s.charCodeAt(p) === RBRACKET) return p + 2 === s.length && s.charCodeAt(p + 1) === RBRACE;
  for (;;) {
    CAMERA.lastIndex = p;
    const m = CAMERA.exec(s);
    if (m === null) return false;
    const cam = cameraSlot(out, out.cameraCount);
    const serial = m[1] as string;
    cam.serial = serial.indexOf('\\') < 0 ? serial.slice(1, -1) : (JSON.parse(serial) as string);
    cam.answered = m[2] === undefined;
    cam.fireNs = m[3] as string;
    cam.correctedDeltaNs = numberOrNull(m[4] as string);
    cam.uncertaintyNs = numberOrNull(m[5] as string);
    cam.hostOffsetNs = numberOrNull(m[6] as string);
    cam.windowNs = numberOrNull(m[7] as string);
    cam.windowOutlier = m[8] === 'true';
    const err = m[9] as string;
    if (err !== 'null') {
      const e = JSON.parse(err) as { code?: unknown; message?: unknown };
      cam.errorCode = typeof e.code === 'string' ? e.code : 'ERR_UNKNOWN';
      cam.errorMessage = typeof e.message === 'string' ? e.message : '';
    }
    out.cameraCount++;
    p = CAMERA.lastIndex;
    const c = s.charCodeAt(p);
    if (c === RBRACKET) return p + 2 === s.length && s.charCodeAt(p + 1) === RBRACE;
    if (c !== COMMA) return false;
    p++;
  }
}
