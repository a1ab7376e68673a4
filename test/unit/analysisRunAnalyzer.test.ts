import t from 'tap';
import { RunAnalyzer, type RunAnalyzerOptions } from '../../src/analysis/runAnalyzer.js';
import type { CameraLatch, LatchSample } from '../../src/latch/types.js';
import type { SampleAnalysis } from '../../src/analysis/types.js';

const H = 1759801877897358848n; // host epoch ns, > 2^53
const ARB = { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' } as const;

/** Camera latched with offset `off` from host; fire at H + at, window w. */
function cam(at: bigint, w: bigint, off: bigint): CameraLatch {
  const fire = H + at;
  return { value: fire + w / 2n + off, fireNs: fire, ackNs: fire + w, error: null };
}
const failed = (at: bigint): CameraLatch => ({
  value: null,
  fireNs: H + at,
  ackNs: H + at + 100n,
  error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: 'latch timed out' },
});
const analyzer = (o: Partial<RunAnalyzerOptions> = {}): RunAnalyzer =>
  new RunAnalyzer({ serials: ['A', 'B', 'C'], thresholdNs: 1000, timescale: ARB, ...o });

t.test('one sample: raw and corrected deltas are different things', async (t) => {
  const a = analyzer({ thresholdNs: 100_000_000n });
  // Cameras agree perfectly (offset 0) but were latched 0, 300, 600 µs apart: raw sees 600 µs, corrected 0.
  const s = a.add({ index: 0, cameras: [cam(0n, 100n, 0n), cam(300_000n, 100n, 0n), cam(600_000n, 100n, 0n)] });
  t.same(s.cameras.map((c) => c.rawDeltaNs), [-300_000n, 0n, 300_000n]);
  t.same(s.cameras.map((c) => c.correctedDeltaNs), [0, 0, 0]);
  t.same(s.cameras.map((c) => c.uncertaintyNs), [100, 100, 100], 'hw 50 + median slack 50');
  t.same(s.cameras.map((c) => c.verdict), ['OK', 'OK', 'OK']);
  t.equal(s.cameras[0]?.value, H + 50n, 'value passed through exact');
  const sum = a.summary();
  t.equal(sum.exitCode, 0);
  t.equal(sum.verdict, 'OK');
  t.equal(sum.maxAbsRawDeltaNs, 300_000n);
  t.equal(sum.maxAbsCorrectedDeltaNs, 0);
  t.equal(sum.cameras[0]?.raw.count, 1);
  t.equal(sum.cameras[0]?.drift, null);
  t.match(sum.cameras[0]?.driftNote, /< 3/);
});

t.test('NG versus UNCERTAIN, and what the exit code and reason say', async (t) => {
  const ng = analyzer();
  // windows 100 → uncertainty 100. C at +1200: 1200 − 100 > 1000 → NG.
  ng.add({ index: 0, cameras: [cam(0n, 100n, 0n), cam(0n, 100n, 0n), cam(0n, 100n, 1200n)] });
  const s1 = ng.summary();
  t.equal(s1.verdict, 'NG');
  t.equal(s1.exitCode, 2);
  t.equal(s1.firstNgSampleIndex, 0);
  t.match(s1.verdictReason, /measured violation: C/);

  const unc = analyzer();
  // C at +950: 950 + 100 > 1000 but 950 − 100 ≤ 1000 → UNCERTAIN.
  const r = unc.add({ index: 0, cameras: [cam(0n, 100n, 0n), cam(0n, 100n, 0n), cam(0n, 100n, 950n)] });
  t.equal(r.cameras[2]?.verdict, 'UNCERTAIN');
  t.equal(r.verdict, 'UNCERTAIN');
  const s2 = unc.summary();
  t.equal(s2.verdict, 'UNCERTAIN');
  t.equal(s2.exitCode, 2, 'UNCERTAIN cannot certify "within threshold"');
  t.match(s2.verdictReason, /no measured violation, but the run's interval straddles the 1000 ns threshold for C/);
  t.equal(s2.firstNgSampleIndex, null);
});

t.test('errors: tallied per camera and code, excluded from the median, NO_DATA when never answered', async (t) => {
  const a = analyzer();
  for (let i = 0; i < 3; i++) {
    a.add({ index: i, cameras: [cam(0n, 100n, 0n), failed(0n), i === 1 ? failed(0n) : cam(0n, 100n, 400n)] });
  }
  const s = a.add({ index: 3, cameras: [cam(0n, 100n, 0n), failed(0n), cam(0n, 100n, 400n)] });
  t.equal(s.cameras[1]?.verdict, 'ERROR');
  t.equal(s.cameras[1]?.error?.code, 'ERR_CAMERA_TIMEOUT');
  t.equal(s.cameras[0]?.rawDeltaNs, -200n, 'median of the two that answered');
  t.equal(s.answered, 2);
  const sum = a.summary();
  t.equal(sum.cameras[1]?.errorCount, 4);
  t.same(sum.cameras[1]?.errors, [{ code: 'ERR_CAMERA_TIMEOUT', count: 4, firstSampleIndex: 0, message: 'latch timed out' }]);
  t.same(sum.cameras[2]?.errors.map((e) => [e.count, e.firstSampleIndex]), [[1, 1]]);
  t.equal(sum.cameras[1]?.verdict, 'NO_DATA');
  t.equal(sum.errorsTotal, 5);
  t.equal(sum.verdict, 'NO_DATA');
  t.equal(sum.exitCode, 2);
});

t.test('window filter: slow latch kept in the record, left out of corrected statistics', async (t) => {
  const a = analyzer({ thresholdNs: 100_000 });
  const seen: boolean[] = [];
  for (let i = 0; i < 30; i++) {
    const w = i === 20 ? 50_000n : 10_000n;
    const s = a.add({ index: i, cameras: [cam(0n, 10_000n, 0n), cam(0n, w, i === 20 ? 9_000n : 100n), cam(0n, 10_000n, 50n)] });
    seen.push(s.cameras[1]?.windowOutlier ?? false);
  }
  t.same(seen.map((x, i) => (x ? i : -1)).filter((i) => i >= 0), [20]);
  const sum = a.summary();
  t.equal(sum.cameras[1]?.windowOutliers, 1);
  t.equal(sum.windowOutliersTotal, 1);
  t.equal(sum.cameras[1]?.corrected.count, 29);
  t.equal(sum.cameras[1]?.raw.count, 30, 'raw statistics keep every answered sample (seed semantics)');
  t.equal(sum.cameras[1]?.corrected.maxAbsNs, 50, 'the 9 µs reading of the slow sample is not in the corrected stats');
});

/** Latched `latchAfter` ns after fire, but the ack came back late: window w, midpoint off by w/2 − latchAfter. */
function lateAck(at: bigint, w: bigint, off: bigint, latchAfter: bigint): CameraLatch {
  const fire = H + at;
  return { value: fire + latchAfter + off, fireNs: fire, ackNs: fire + w, error: null };
}

t.test('reference shift: outliers in the median reference never bias the other cameras\' statistics', async (t) => {
  // Two of four cameras stall together (one CPU of two was busy): with fewer than three clean cameras the
  // reference keeps them, and their 2 ms midpoint error would move every delta of that sample by ~1 ms.
  const offsets = [0n, 3000n, -20_000n, 1_000_000n];
  const a = new RunAnalyzer({ serials: ['A', 'B', 'C', 'D'], thresholdNs: 100_000_000, timescale: ARB });
  const shifted: number[] = [];
  for (let i = 0; i < 40; i++) {
    const stall = i === 20;
    const s = a.add({
      index: i,
      cameras: offsets.map((off, c) =>
        stall && (c === 0 || c === 2) ? lateAck(0n, 4_000_000n, off, 5000n) : cam(0n, 10_000n, off),
      ),
    });
    if (s.referenceShifted) shifted.push(i);
  }
  t.same(shifted, [20], 'only the stalled sample is marked');
  const sum = a.summary();
  t.equal(sum.referenceShiftedSamples, 1);
  t.same(sum.cameras.map((c) => c.windowOutliers), [1, 0, 1, 0]);
  t.same(sum.cameras.map((c) => c.referenceShifts), [0, 1, 0, 1]);
  t.same(sum.cameras.map((c) => c.corrected.count), [39, 39, 39, 39]);
  // Median of 0 and 3000 is 1500: every corrected mean is exact, the stalled sample left no trace.
  t.same(sum.cameras.map((c) => c.corrected.meanNs), [-1500, 1500, -21_500, 998_500]);
  t.same(sum.cameras.map((c) => c.corrected.maxAbsNs), [1500, 1500, 21_500, 998_500]);
  t.equal(sum.cameras[1]?.raw.count, 40, 'raw statistics keep every answered sample (seed semantics)');
});

t.test('reference shift: an outlier middle camera out of a five-camera reference moves the median', async (t) => {
  const offsets = [0n, 100n, 200n, 1000n, 5000n];
  const a = new RunAnalyzer({ serials: ['A', 'B', 'C', 'D', 'E'], thresholdNs: 100_000_000, timescale: ARB });
  let marked: SampleAnalysis | null = null;
  for (let i = 0; i < 30; i++) {
    const s = a.add({
      index: i,
      cameras: offsets.map((off, c) => (i === 15 && c === 2 ? cam(0n, 90_000n, off) : cam(0n, 10_000n, off))),
    });
    if (i === 15) marked = s;
  }
  t.equal(marked?.referenceShifted, true);
  t.equal(marked?.cameras[0]?.correctedDeltaNs, -550, 'the record shows the delta against the clean reference');
  const sum = a.summary();
  t.same(sum.cameras.map((c) => c.corrected.meanNs), [-200, -100, 0, 800, 4800], 'means against the usual median (200)');
  t.same(sum.cameras.map((c) => c.referenceShifts), [1, 1, 0, 1, 1]);
});

t.test('window filter warm-up is settled in the summary of a short run', async (t) => {
  const a = analyzer({ thresholdNs: 10_000_000 });
  for (let i = 0; i < 5; i++) {
    const w = i === 1 ? 90_000n : 10_000n;
    const s = a.add({ index: i, cameras: [cam(0n, 10_000n, 0n), cam(0n, w, 0n), cam(0n, 10_000n, 0n)] });
    t.equal(s.cameras[1]?.windowWarmup, true);
  }
  const s = a.summary();
  t.equal(s.cameras[1]?.windowOutliers, 1);
  t.equal(s.cameras[1]?.corrected.count, 4);
  t.equal(a.summary().cameras[1]?.windowOutliers, 1, 'summary() does not mutate: same answer twice');
});

t.test('drift: an injected 500 ppb is recovered within 1 % through the analyzer', async (t) => {
  const a = new RunAnalyzer({ serials: ['A', 'B'], thresholdNs: 100_000_000, timescale: ARB, driftMinSpanS: 2 });
  let seed = 5;
  const rnd = (): number => ((seed = (seed * 48271) % 2147483647) + 0.5) / 2147483647;
  const N = 2000;
  for (let i = 0; i < N; i++) {
    const t0 = BigInt(i) * 10_000_000n; // 10 ms apart → 20 s
    // The latch really happens anywhere inside a 1 µs window: the midpoint estimate carries that noise.
    const mk = (ppb: number, base: bigint): CameraLatch => {
      const fire = H + t0;
      const ack = fire + 1000n;
      const latchAt = fire + BigInt(Math.floor(rnd() * 1000));
      const drift = BigInt(Math.round((Number(t0) * ppb) / 1e9));
      return { value: latchAt + base + drift, fireNs: fire, ackNs: ack, error: null };
    };
    a.add({ index: i, cameras: [mk(0, 0n), mk(500, 37_000_000_000n)] });
  }
  const s = a.summary();
  const d = s.cameras[1]?.drift;
  t.ok(d, 'reported');
  t.ok(Math.abs((d?.slopePpb ?? 0) - 500) <= 5, `slope ${d?.slopePpb} ppb`);
  t.ok(Math.abs(s.cameras[0]?.drift?.slopePpb ?? 99) <= 5, 'reference camera ≈ 0 ppb');
  t.ok((d?.spanS ?? 0) > 19.9);
  t.ok(Math.abs((s.cameras[1]?.hostOffsetMeanNs ?? 0) - (37e9 + 500 * 10)) < 1000, 'mean host offset (ARB rule)');
});

t.test('drift vs the rig: what moves every camera alike cancels; fewer than three fits give none', async (t) => {
  // Host-side ack stamps that creep later and later (+200 ns/s) read as −100 ppb on every camera.
  const run = (drifts: number[]): ReturnType<RunAnalyzer['summary']> => {
    const a = new RunAnalyzer({ serials: drifts.map((_, i) => `C${i}`), thresholdNs: 100_000_000, timescale: ARB });
    for (let i = 0; i < 400; i++) {
      const t0 = BigInt(i) * 10_000_000n; // 4 s
      const creep = (BigInt(i) * 2000n) / 1000n; // 200 ns per s of extra ack delay
      a.add({
        index: i,
        cameras: drifts.map((ppb, c) => {
          const fire = H + t0 + BigInt(c) * 1000n;
          const latchAt = fire + 500n;
          return { value: latchAt + BigInt(Math.round((Number(t0) * ppb) / 1e9)), fireNs: fire, ackNs: fire + 1000n + creep, error: null };
        }),
      });
    }
    return a.summary();
  };
  const three = run([0, 500, 0]);
  t.same(three.cameras.map((c) => Math.round(c.drift?.slopePpb ?? NaN)), [-100, 400, -100], 'vs host: the creep is in every slope');
  t.same(three.cameras.map((c) => Math.round(c.driftVsRigPpb ?? NaN)), [0, 500, 0], 'vs the rig: it cancels');
  t.same(run([0, 500]).cameras.map((c) => c.driftVsRigPpb), [null, null]);
});

t.test('TAI/UTC: a camera 37 s off is named, against the other cameras and against the host', async (t) => {
  const a = analyzer({ thresholdNs: 100_000_000, timescale: { ptpTimescale: true, currentUtcOffsetS: 37, source: 'pmc' } });
  const tai = 37_000_000_000n;
  for (let i = 0; i < 3; i++) {
    const s = a.add({ index: i, cameras: [cam(0n, 100n, tai), cam(0n, 100n, tai + 500n), cam(0n, 100n, 1_000_000n)] });
    t.same(s.cameras[2]?.taiUtc?.against, 'camera');
    t.equal(s.cameras[2]?.taiUtc?.seconds, -37);
    t.equal(s.cameras[0]?.taiUtc, null, 'the cameras on TAI are right under the PTP-timescale rule');
    t.equal(s.cameras[0]?.hostOffsetNs, 0);
  }
  const sum = a.summary();
  t.same(
    sum.cameras[2]?.taiUtc.map((f) => [f.against, f.seconds, f.count, f.firstSampleIndex]),
    [['camera', -37, 3, 0], ['host', -37, 3, 0]],
  );
  t.match(sum.timescaleRule, /\+ 37 s/);
  t.equal(sum.cameras[2]?.verdict, 'NG');
});

t.test('two cameras: both are named, since camera data alone cannot tell which is wrong', async (t) => {
  const a = new RunAnalyzer({ serials: ['A', 'B'], thresholdNs: 1e8, timescale: ARB });
  const s = a.add({ index: 0, cameras: [cam(0n, 100n, 0n), cam(0n, 100n, 37_000_000_000n)] });
  t.same(s.cameras.map((c) => c.taiUtc?.seconds), [-37, 37]);
});

t.test('input validation', async (t) => {
  t.throws(() => analyzer().add({ index: 0, cameras: [cam(0n, 1n, 0n)] } as LatchSample), RangeError);
  t.throws(() => new RunAnalyzer({ serials: [], thresholdNs: 1, timescale: ARB }));
  t.equal(analyzer().summary().verdict, 'NO_DATA', 'no samples');
});
