/**
 * The fast sample-line reader (bytes) against the strict one (JSON.parse + sampleFromJson): on lines made by
 * the real writer (hostile serials, error samples, negative and huge 64-bit values) both give the same record,
 * field for field (Object.is: NaN, -0 and every bit of every double); on any other form, including lines
 * damaged byte by byte, the fast reader either declines or still agrees with JSON.parse, never guesses.
 */
import fc from 'fast-check';
import t from 'tap';

import type { CameraAnalysis, SampleAnalysis } from '../../src/analysis/types.js';
import { sampleJsonLine } from '../../src/report/jsonl.js';
import { sampleFromObject } from '../../src/report/html/sampleFromJson.js';
import { SampleLineScanner } from '../../src/report/html/sampleLineFast.js';
import { emptySample, type SampleRecord } from '../../src/report/html/sampleRecord.js';

/** The strict reading: null when JSON.parse or the field checks refuse the line. */
function strict(line: string): SampleRecord | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return null;
  const r = emptySample();
  return sampleFromObject(o as Record<string, unknown>, r) ? r : null;
}

/** The fast reading of the line's UTF-8, placed inside a larger buffer between `before` and `after` bytes. */
function fast(line: string, scanner = new SampleLineScanner(), before = '', after = '\n'): SampleRecord | null {
  const b = Buffer.from(before + line + after, 'utf8');
  const start = Buffer.byteLength(before);
  const r = emptySample();
  return scanner.parse(b, start, start + Buffer.byteLength(line), r) ? r : null;
}

/** Field by field with Object.is, so NaN, -0 and rounding differences all count. */
function differs(a: SampleRecord, b: SampleRecord): string | null {
  for (const k of ['schema', 'index', 'referenceShifted', 'fireOk', 'fireS', 'fireSubNs', 'cameraCount'] as const) {
    if (!Object.is(a[k], b[k])) return `${k}: ${String(a[k])} vs ${String(b[k])}`;
  }
  for (let i = 0; i < a.cameraCount; i++) {
    const x = a.cameras[i];
    const y = b.cameras[i];
    if (x === undefined || y === undefined) return `camera ${i} missing`;
    for (const k of Object.keys(x) as (keyof typeof x)[]) {
      if (!Object.is(x[k], y[k])) return `camera ${i} ${k}: ${String(x[k])} vs ${String(y[k])}`;
    }
  }
  return null;
}

/**
 * The fast reader declines, or agrees with the strict one; it never accepts what the strict one refuses. The
 * strict reader gets the line as the writer would decode it from the same bytes (a string cut inside a
 * surrogate pair has no UTF-8 of its own: its bytes read back with U+FFFD, on both paths).
 */
function consistent(line: string, scanner?: SampleLineScanner): string | null {
  const f = fast(line, scanner);
  if (f === null) return null;
  const s = strict(Buffer.from(line, 'utf8').toString('utf8'));
  if (s === null) return 'fast accepted a line the strict reader refuses';
  return differs(f, s);
}

const half = fc.integer({ min: -2e9, max: 2e9 }).map((n) => n / 2);
const figure = fc.oneof(half, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 0, 5e-324, 1e21, 1.7976931348623157e308, 123456789012345.67, 0.1 + 0.2));
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 4 });
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('</script><script>window.__pwned=1</script>', '<img src=x onerror=alert(1)>', 'a"b\\c', '\u2028\u2029', '{"serial":"x"}', 'カメラ1', '\u0000\u001f\u007f', '😀'),
);
/** 64-bit times and beyond: negative, above 2^63, more than 20 digits. */
const time = fc.oneof(
  fc.bigInt({ min: 0n, max: 1n << 63n }),
  fc.bigInt({ min: -(1n << 63n), max: 0n }),
  fc.bigInt({ min: 10n ** 19n, max: 10n ** 22n }),
  fc.constantFrom(0n, -1n, 999_999_999n, 1_000_000_000n, -1_000_000_000n, 1_796_184_056_972_150_542n, (1n << 64n) - 1n, 10n ** 20n - 1n, 10n ** 20n),
);

const cameraArb: fc.Arbitrary<CameraAnalysis> = fc
  .record({
    serial: hostile,
    value: maybe(time),
    fireNs: time,
    window: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    windowNs: fc.oneof(fc.integer({ min: 0, max: 1e9 }), figure),
    rawDeltaNs: maybe(fc.bigInt({ min: -(1n << 70n), max: 1n << 70n })),
    correctedDeltaNs: maybe(figure),
    uncertaintyNs: maybe(figure),
    hostOffsetNs: maybe(fc.oneof(figure, fc.double({ min: -1e12, max: 1e12, noNaN: true }))),
    windowOutlier: fc.boolean(),
    windowWarmup: fc.boolean(),
    tai: fc.boolean(),
    index2: fc.boolean(),
    verdict: fc.constantFrom('OK', 'NG', 'ERROR', 'UNCERTAIN', 'NO_VALUE'),
    error: maybe(fc.record({ code: fc.constantFrom('ERR_CAMERA_TIMEOUT', 'ERR_SDK', 'エラー'), sdkCode: fc.integer(), message: hostile })),
  })
  .map((r) => ({
    serial: r.serial,
    value: r.value,
    fireNs: r.fireNs,
    ackNs: r.fireNs + r.window,
    windowNs: r.windowNs,
    rawDeltaNs: r.rawDeltaNs,
    rawDelta2: r.rawDeltaNs === null ? null : r.rawDeltaNs * 2n + (r.index2 ? 1n : 0n),
    offsetNs: null,
    correctedDeltaNs: r.correctedDeltaNs,
    uncertaintyNs: r.uncertaintyNs,
    hostOffsetNs: r.hostOffsetNs,
    verdict: r.verdict as CameraAnalysis['verdict'],
    windowOutlier: r.windowOutlier,
    windowWarmup: r.windowWarmup,
    taiUtc: r.tai ? { against: 'host', seconds: -37, deltaNs: -37e9 } : null,
    error: r.error,
  })) as fc.Arbitrary<CameraAnalysis>;

const sampleArb: fc.Arbitrary<SampleAnalysis> = fc.record({
  index: fc.oneof({ arbitrary: fc.nat({ max: 1e9 }), weight: 9 }, { arbitrary: fc.constantFrom(0, 999_999_999_999_999, 1e15, Number.MAX_SAFE_INTEGER), weight: 1 }),
  cameras: fc.array(cameraArb, { minLength: 0, maxLength: 9 }),
  verdict: fc.constantFrom('OK', 'NG', 'UNCERTAIN', 'ERROR'),
  answered: fc.constant(0),
  referenceShifted: fc.boolean(),
}) as fc.Arbitrary<SampleAnalysis>;

t.test('written lines: the fast reader agrees with JSON.parse field for field, and takes nearly all of them (if this fails after a change to jsonl.ts, sampleLineFast.ts must follow the new shape)', async (t) => {
  let taken = 0;
  let total = 0;
  const scanner = new SampleLineScanner();
  fc.assert(
    fc.property(sampleArb, (a) => {
      const line = sampleJsonLine(a);
      const s = strict(line);
      // Written figures are finite, so the strict reader takes every written line.
      if (s === null) return false;
      total++;
      // One scanner for all lines, as in a run: its serial cache must never carry one line's serial to another.
      const f = fast(line, scanner);
      if (f === null) return true;
      taken++;
      return differs(f, s) === null;
    }),
    { numRuns: 1500 },
  );
  t.ok(taken / total > 0.9, `${taken} of ${total} written lines took the fast path`);
});

t.test('written lines of plain serials and figures always take the fast path', async (t) => {
  const plain = cameraArb.map((c) => ({ ...c, serial: c.serial.replace(/[^A-Za-z0-9<>=/ -]/g, 'x'), error: c.error && { ...c.error, message: 'late' } }));
  fc.assert(
    fc.property(fc.record({ index: fc.nat(), cameras: fc.array(plain, { maxLength: 9 }), verdict: fc.constant('OK'), answered: fc.constant(0), referenceShifted: fc.boolean() }), (a) => {
      const line = sampleJsonLine(a as SampleAnalysis);
      const f = fast(line);
      const s = strict(line);
      return f !== null && s !== null && differs(f, s) === null;
    }),
    { numRuns: 500 },
  );
  t.pass();
});

t.test('escaped and non-ASCII serials and error messages decode as JSON.parse decodes them', async (t) => {
  const base = sampleJsonLine({
    index: 7, verdict: 'ERROR', answered: 0, referenceShifted: false,
    cameras: [{
      serial: 'S', value: null, fireNs: 1_796_184_056_972_150_542n, ackNs: 1_796_184_056_972_150_642n, windowNs: 100, rawDeltaNs: null,
      rawDelta2: null, offsetNs: null, correctedDeltaNs: null, uncertaintyNs: null, hostOffsetNs: null, verdict: 'ERROR',
      windowOutlier: false, windowWarmup: false, taiUtc: null, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: 'm' },
    } as CameraAnalysis],
  });
  const serials = ['\\u0041\\u00e9', '\\"\\\\\\/\\b\\f\\n\\r\\t', 'カメラ', '\\ud83d\\ude00', '\\ud800', 'tab\\tend'];
  for (const s of serials) {
    const line = base.replace('"serial":"S"', `"serial":"${s}"`).replace('"message":"m"', `"message":"${s}"`);
    const f = fast(line);
    const st = strict(line);
    t.ok(f !== null && st !== null, `${s}: both read it`);
    if (f && st) t.equal(differs(f, st), null, `${s}: same record`);
  }
  // Escapes JSON does not have, and raw control characters: JSON.parse refuses, so must the fast reader.
  for (const s of ['\\x41', '\\u12', '\\', 'a\u0001b', 'a\nb']) {
    const line = base.replace('"serial":"S"', `"serial":"${s}"`);
    t.equal(strict(line), null, `${JSON.stringify(s)}: JSON.parse refuses`);
    t.equal(fast(line), null, `${JSON.stringify(s)}: the fast reader declines`);
  }
});

const oneCamera = (fields: string): string =>
  `{"schema":1,"type":"sample","index":3,"verdict":"OK","referenceShifted":false,"cameras":[{"serial":"A",${fields}}]}`;
const FIELDS = [
  '"value":"5"', '"fireNs":"1796184056972150542"', '"ackNs":"1796184056972150642"', '"rawDeltaNs":"-7.5"', '"correctedDeltaNs":12.5',
  '"uncertaintyNs":3', '"hostOffsetNs":-4', '"windowNs":100', '"verdict":"OK"', '"windowOutlier":false', '"windowWarmup":false',
  '"taiUtc":null', '"error":null',
];

t.test('hand-made lines: missing fields, odd numbers, odd 64-bit values, objects in taiUtc and error', async (t) => {
  const cases: string[] = [];
  // Every field missing in turn, and every field null in turn.
  FIELDS.forEach((_, i) => cases.push(oneCamera(FIELDS.filter((__, j) => j !== i).join(','))));
  FIELDS.forEach((f, i) => cases.push(oneCamera(FIELDS.map((g, j) => (j === i ? g.replace(/:.*$/, ':null') : g)).join(','))));
  const numbers = ['0', '-0', '0.0', '-0.5', '1e3', '1E+3', '1e-7', '2.5e-3', '01', '1.', '.5', '+1', '1e', '1e400', '-1e400', '1e-400',
    '123456789012345', '1234567890123456', '12345678901234567890', '0.1234567890123456789', '9007199254740993', '4.35',
    '5e-324', '1.7976931348623157e308', '1.7976931348623159e308', '0.30000000000000004', 'NaN', 'Infinity', 'true', '"5"', '[]', '{}'];
  for (const n of numbers) {
    for (const k of ['correctedDeltaNs', 'uncertaintyNs', 'hostOffsetNs', 'windowNs']) {
      cases.push(oneCamera(FIELDS.map((g) => (g.startsWith(`"${k}"`) ? `"${k}":${n}` : g)).join(',')));
    }
    cases.push(`{"schema":${n},"type":"sample","index":0,"verdict":"OK","referenceShifted":false,"cameras":[]}`);
    cases.push(`{"schema":1,"type":"sample","index":${n},"verdict":"OK","referenceShifted":false,"cameras":[]}`);
  }
  const times = ['0', '-0', '-1', '1', '999999999', '1000000000', '-1000000001', '18446744073709551615', '99999999999999999999',
    '100000000000000000000', '-99999999999999999999', '007', '', '-', '1-2', '12a', ' 1'];
  for (const v of times) {
    cases.push(oneCamera(FIELDS.map((g) => (g.startsWith('"fireNs"') ? `"fireNs":"${v}"` : g)).join(',')));
    cases.push(oneCamera(FIELDS.map((g) => (g.startsWith('"value"') ? `"value":"${v}"` : g)).join(',')));
    cases.push(oneCamera(FIELDS.map((g) => (g.startsWith('"ackNs"') ? `"ackNs":"${v}"` : g)).join(',')));
    cases.push(oneCamera(FIELDS.map((g) => (g.startsWith('"rawDeltaNs"') ? `"rawDeltaNs":"${v}.5"` : g)).join(',')));
  }
  // Two cameras: the sample's time is the first camera's fire time that is a 64-bit decimal.
  const two = (f1: string, f2: string): string =>
    oneCamera(FIELDS.map((g) => (g.startsWith('"fireNs"') ? `"fireNs":"${f1}"` : g)).join(',')).replace(
      ']}',
      `,{"serial":"B",${FIELDS.map((g) => (g.startsWith('"fireNs"') ? `"fireNs":"${f2}"` : g)).join(',')}}]}`,
    );
  cases.push(two('123456789012345678901', '-5'), two('x', '17'), two('1', '2'));
  const objects = ['{}', '{"a":1}', '{"code":"E","message":"m"}', '{"code":1}', '{"message":"}"}', '{"a":{"b":1}}', '{"a":[1]}', '{"a":1,}',
    '{"a"}', '{a:1}', '{"a":"\\u00"}', '{"a":"\\"}"}', '[]', '"x"', '1', '{"code":"E","code":"F"}', '{"__proto__":"x","code":"E"}'];
  for (const o of objects) {
    cases.push(oneCamera(FIELDS.map((g) => (g.startsWith('"error"') ? `"error":${o}` : g)).join(',')));
    cases.push(oneCamera(FIELDS.map((g) => (g.startsWith('"taiUtc"') ? `"taiUtc":${o}` : g)).join(',')));
  }
  // Booleans, verdicts, the tail of the line.
  cases.push(
    oneCamera(FIELDS.join(',').replace('"windowOutlier":false', '"windowOutlier":true')),
    oneCamera(FIELDS.join(',').replace('"windowOutlier":false', '"windowOutlier":tru')),
    oneCamera(FIELDS.join(',').replace('"windowOutlier":false', '"windowOutlier":0')),
    oneCamera(FIELDS.join(',').replace('"verdict":"OK"', '"verdict":"ok"')),
    oneCamera(FIELDS.join(',').replace('"verdict":"OK"', '"verdict":""')),
    oneCamera(FIELDS.join(',')).replace('"referenceShifted":false', '"referenceShifted":true'),
    oneCamera(FIELDS.join(',')).replace('"referenceShifted":false', '"referenceShifted":null'),
    oneCamera(FIELDS.join(',')) + ' ',
    oneCamera(FIELDS.join(',')) + '}',
    oneCamera(FIELDS.join(',')).replace(']}', ',]}'),
    oneCamera(FIELDS.join(',')).replace(']}', ']}]}'),
    oneCamera(FIELDS.join(',')).replace('{"schema":1,', '{'),
    oneCamera(FIELDS.join(',')).replace('"type":"sample"', '"type":"summary"'),
    '{"schema":1,"type":"sample","index":0,"verdict":"OK","referenceShifted":false,"cameras":[]}',
    '{"schema":1,"type":"sample","index":0,"verdict":"OK","referenceShifted":false,"cameras":[]} ',
    '{"schema":1,"type":"sample","index":0,"verdict":"OK","referenceShifted":false,"cameras":[',
    '',
  );
  let took = 0;
  for (const line of cases) {
    const why = consistent(line);
    if (why !== null) t.fail(`${line}: ${why}`);
    if (fast(line) !== null) took++;
  }
  t.ok(took > 50, `${took} of ${cases.length} hand-made lines took the fast path and agreed`);
  t.pass(`${cases.length} lines consistent`);
});

t.test('lines damaged byte by byte: the fast reader declines or agrees, never more', async (t) => {
  const edits = fc.array(
    fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace', 'duplicate'), fc.constantFrom('"', '\\', ',', ':', '{', '}', '[', ']', '-', '.', '0', '5', '9', 'e', 'n', 't', 'f', ' ', '\u00e9', 'x', '\u0001')),
    { minLength: 1, maxLength: 3 },
  );
  const scanner = new SampleLineScanner();
  fc.assert(
    fc.property(sampleArb, edits, (a, es) => {
      let line = sampleJsonLine(a);
      for (const [at, how, ch] of es) {
        const i = at % (line.length + 1);
        if (how === 'delete') line = line.slice(0, i) + line.slice(i + 1);
        else if (how === 'insert') line = line.slice(0, i) + ch + line.slice(i);
        else if (how === 'replace') line = line.slice(0, i) + ch + line.slice(i + 1);
        else line = line.slice(0, i) + line.slice(i, i + 8) + line.slice(i);
      }
      return consistent(line, scanner) === null;
    }),
    { numRuns: 3000 },
  );
  t.pass();
});

t.test('a line cut inside a buffer that holds the rest of it: the fast reader reads only [start, end)', async (t) => {
  const scanner = new SampleLineScanner();
  fc.assert(
    fc.property(sampleArb, fc.nat(), fc.string({ maxLength: 5 }), (a, cut, before) => {
      const line = sampleJsonLine(a);
      const n = cut % line.length;
      const b = Buffer.from(before + line + '\n', 'utf8');
      const start = Buffer.byteLength(before);
      const end = start + Buffer.byteLength(line.slice(0, n));
      // The bytes after `end` are the true rest of the line: reading past `end` would accept the cut line.
      return !scanner.parse(b, start, end, emptySample());
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

t.test('a line without the schema field (before JSON lines were versioned) still reads, schema null', async (t) => {
  const r = fast('{"type":"sample","index":3,"verdict":"OK","referenceShifted":false,"cameras":[]}');
  t.ok(r !== null);
  t.equal(r?.schema, null);
  t.equal(r?.index, 3);
});
