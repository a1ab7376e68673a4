/**
 * The fast sample-line reader against JSON.parse: on lines made by the real writer (hostile serials and error
 * messages included) both give the same record; on any other form the fast reader declines rather than guess.
 */
import fc from 'fast-check';
import t from 'tap';

import type { CameraAnalysis, SampleAnalysis } from '../../src/analysis/types.js';
import { sampleJsonLine } from '../../src/report/jsonl.js';
import { sampleFromObject } from '../../src/report/html/sampleFromJson.js';
import { parseSampleLineFast } from '../../src/report/html/sampleLineFast.js';
import { emptySample, type SampleRecord } from '../../src/report/html/sampleRecord.js';

function slow(line: string): SampleRecord {
  const r = emptySample();
  if (!sampleFromObject(JSON.parse(line) as Record<string, unknown>, r)) throw new Error('not a sample');
  return r;
}

function view(r: SampleRecord): unknown {
  return { schema: r.schema, index: r.index, referenceShifted: r.referenceShifted, cameras: r.cameras.slice(0, r.cameraCount).map((c) => ({ ...c })) };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const half = fc.integer({ min: -2e9, max: 2e9 }).map((n) => n / 2);
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 4 });
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('</script><script>window.__pwned=1</script>', '<img src=x onerror=alert(1)>', 'a"b\\c', '\u2028\u2029', '{"serial":"x"}'),
);

const cameraArb: fc.Arbitrary<CameraAnalysis> = fc
  .record({
    serial: hostile,
    value: maybe(fc.bigInt({ min: 0n, max: 1n << 63n })),
    fireNs: fc.bigInt({ min: 0n, max: 1n << 63n }),
    window: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    rawDeltaNs: maybe(fc.bigInt({ min: -(1n << 40n), max: 1n << 40n })),
    correctedDeltaNs: maybe(half),
    uncertaintyNs: maybe(half),
    hostOffsetNs: maybe(fc.double({ min: -1e12, max: 1e12, noNaN: true })),
    windowOutlier: fc.boolean(),
    windowWarmup: fc.boolean(),
    tai: fc.boolean(),
    index2: fc.boolean(),
    error: maybe(fc.record({ code: fc.constantFrom('ERR_CAMERA_TIMEOUT', 'ERR_SDK'), sdkCode: fc.integer(), message: hostile })),
  })
  .map((r) => ({
    serial: r.serial,
    value: r.value,
    fireNs: r.fireNs,
    ackNs: r.fireNs + r.window,
    windowNs: Number(r.window),
    rawDeltaNs: r.rawDeltaNs,
    rawDelta2: r.rawDeltaNs === null ? null : r.rawDeltaNs * 2n + (r.index2 ? 1n : 0n),
    offsetNs: null,
    correctedDeltaNs: r.correctedDeltaNs,
    uncertaintyNs: r.uncertaintyNs,
    hostOffsetNs: r.hostOffsetNs,
    verdict: r.value === null ? 'ERROR' : 'OK',
    windowOutlier: r.windowOutlier,
    windowWarmup: r.windowWarmup,
    taiUtc: r.tai ? { against: 'host', seconds: -37, deltaNs: -37e9 } : null,
    error: r.error,
  }));

const sampleArb: fc.Arbitrary<SampleAnalysis> = fc.record({
  index: fc.nat({ max: 1e9 }),
  cameras: fc.array(cameraArb, { minLength: 0, maxLength: 9 }),
  verdict: fc.constantFrom('OK', 'NG', 'UNCERTAIN', 'ERROR'),
  answered: fc.constant(0),
  referenceShifted: fc.boolean(),
});

t.test('written lines: the fast reader accepts them and agrees with JSON.parse (if this fails after a change to jsonl.ts, sampleLineFast.ts must follow the new shape)', async (t) => {
  let n = 0;
  fc.assert(
    fc.property(sampleArb, (a) => {
      const line = sampleJsonLine(a);
      const fast = emptySample();
      if (!parseSampleLineFast(line, fast)) return false;
      n++;
      return same(view(fast), view(slow(line)));
    }),
    { numRuns: 400 },
  );
  t.equal(n, 400, 'every written line took the fast path and matched');
});

t.test('any other form: the fast reader declines, JSON.parse reads the same values', async (t) => {
  fc.assert(
    fc.property(sampleArb, fc.integer({ min: 0, max: 3 }), (a, how) => {
      const line = sampleJsonLine(a);
      const o = JSON.parse(line) as Record<string, unknown>;
      const variants = [
        JSON.stringify(o, null, 1), // whitespace
        JSON.stringify({ ...o, type: undefined, extra: 1, kind: 'x' }).replace('"extra":1', '"type":"sample","extra":1'), // key order
        line.slice(0, Math.max(1, line.length - 1 - (a.index % 7))), // cut line
        line.replace('"cameras":[', '"note":"x","cameras":['), // an unknown field
      ];
      const v = variants[how] as string;
      if (parseSampleLineFast(v, emptySample())) return false;
      void t;
      return how !== 0 || same(view(slow(v)), view(slow(line)));
    }),
    { numRuns: 200 },
  );
  t.pass('200 variants declined by the fast reader');
});

t.test('a line without the schema field (before JSON lines were versioned) still reads, schema null', async (t) => {
  const line = '{"type":"sample","index":3,"verdict":"OK","referenceShifted":false,"cameras":[]}';
  const r = emptySample();
  t.ok(parseSampleLineFast(line, r));
  t.equal(r.schema, null);
  t.equal(r.index, 3);
});
