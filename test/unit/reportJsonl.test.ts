import t from 'tap';
import { RunAnalyzer } from '../../src/analysis/runAnalyzer.js';
import { sampleJsonLine, summaryJsonLine } from '../../src/report/jsonl.js';
import { outcomeOf } from '../../src/analysis/runOutcome.js';
import type { CameraLatch } from '../../src/latch/types.js';

const H = 1759801914897358849n; // odd, > 2^53: a JSON number would come back as ...848
const a = new RunAnalyzer({ serials: ['S1', 'S"2'], thresholdNs: 100_000_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' } });
const cams: CameraLatch[] = [
  { value: H, fireNs: H - 1001n, ackNs: H + 3n, error: null },
  { value: null, fireNs: H, ackNs: H + 7n, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: -2, message: 'no "ack"' } },
];
const sample = a.add({ index: 0, cameras: cams });

interface ParsedCamera {
  serial: string;
  value: string | null;
  fireNs: string;
  ackNs: string;
  rawDeltaNs: string | null;
  correctedDeltaNs: number | null;
  uncertaintyNs: number | null;
  hostOffsetNs: number | null;
  verdict: string;
  windowOutlier: boolean;
  error: { code: string; sdkCode: number; message: string } | null;
}

t.test('sample line: 64-bit values as decimal strings that round-trip exactly', async (t) => {
  const line = sampleJsonLine(sample);
  t.notMatch(line, /\n/);
  const p = JSON.parse(line) as { type: string; index: number; cameras: ParsedCamera[] };
  t.equal(p.type, 'sample');
  t.equal(p.index, 0);
  const c0 = p.cameras[0] as ParsedCamera;
  t.equal(typeof c0.value, 'string');
  t.equal(BigInt(c0.value ?? ''), H);
  t.equal(BigInt(c0.fireNs), H - 1001n);
  t.equal(BigInt(c0.ackNs), H + 3n);
  t.equal(c0.rawDeltaNs, '0');
  t.equal(c0.hostOffsetNs, 499, 'H − (H − 1001 + H + 3)/2');
  t.equal(c0.verdict, 'OK');
  t.equal(c0.windowOutlier, false);
  t.equal(c0.error, null);
  const c1 = p.cameras[1] as ParsedCamera;
  t.equal(c1.serial, 'S"2', 'serial escaped');
  t.equal(c1.value, null);
  t.equal(c1.correctedDeltaNs, null);
  t.same(c1.error, { code: 'ERR_CAMERA_TIMEOUT', sdkCode: -2, message: 'no "ack"' });
  t.equal(c1.verdict, 'ERROR');
});

t.test('summary line: bigints as strings, verdict, exitCode and reason from the outcome', async (t) => {
  const s = a.summary();
  const p = JSON.parse(summaryJsonLine(s, { outcome: outcomeOf({ summary: s, samplesPlanned: 1 }) })) as Record<string, unknown>;
  t.equal(p['schema'], 1, 'schema version first');
  t.equal(Object.keys(p)[0], 'schema');
  t.equal(p['type'], 'summary');
  t.equal(p['verdict'], 'ERROR', 'camera S"2 never answered: a camera error');
  t.equal(p['measuredVerdict'], 'NO_DATA', 'what the samples alone say');
  t.equal(p['exitCode'], 1);
  t.equal(p['reason'], 'completed');
  t.equal(p['maxAbsRawDeltaNs'], '0');
  const cams = p['cameras'] as { rawMaxAbsNs: string | null; errors: unknown[] }[];
  t.equal(cams[0]?.rawMaxAbsNs, '0');
  t.equal(cams[1]?.errors.length, 1);
  const q = JSON.parse(
    summaryJsonLine(s, { outcome: outcomeOf({ summary: s, samplesPlanned: 5, error: { code: 'ERR_X', message: 'boom' } }) }),
  ) as Record<string, unknown>;
  t.equal(q['exitCode'], 1);
  t.equal(q['reason'], 'error');
  t.match(q['verdictReason'], /^ERR_X: boom; the 1 sample\(s\) taken say NO_DATA/);
  const x = JSON.parse(
    summaryJsonLine(s, {
      outcome: outcomeOf({ summary: s, samplesPlanned: 5, signal: 'SIGINT' }),
      extra: { signal: 'SIGINT', at: 5n, exitCode: 99, reason: 'x', verdict: 'OK' },
    }),
  ) as Record<string, unknown>;
  t.equal(x['signal'], 'SIGINT', 'CLI extras merged');
  t.equal(x['at'], '5', 'bigints in extras as strings');
  t.equal(x['exitCode'], 130, 'extras cannot override exitCode');
  t.equal(x['verdict'], 'INTERRUPTED', 'nor the verdict');
  t.equal(x['reason'], 'interrupted');
  const keys = Object.keys(q);
  t.same(keys.slice(-4), ['verdict', 'verdictReason', 'exitCode', 'reason'], 'the outcome closes the record');
});
