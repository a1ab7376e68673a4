import t from 'tap';
import { offsetsVsMedian } from '../../src/analysis/offset-vs-median.js';
import { RunAnalyzer } from '../../src/analysis/run-analyzer.js';
import type { CameraLatch } from '../../src/latch/types.js';

const H = 1759801877897358848n;

function cam(at: bigint, w: bigint, off: bigint): CameraLatch {
  const fire = H + at;
  return { value: fire + w / 2n + off, fireNs: fire, ackNs: fire + w, error: null };
}

t.test('means first, then the median: no lean toward the middle of a cluster', async (t) => {
  // A (0 ns) and B (100 ns) swap places around C (200 ns) from sample to sample, as per-sample noise does to
  // cameras closer together than that noise: C is then the median of every sample, although B is the median
  // camera. The mean of per-sample deltas is 100 ns off for every camera; the delta of means is exact.
  const a = new RunAnalyzer({
    serials: ['A', 'B', 'C'],
    thresholdNs: 1_000_000,
    timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' },
  });
  for (let i = 0; i < 20; i++) {
    const s = i % 2 === 0 ? 1n : -1n;
    a.add({ index: i, cameras: [cam(0n, 10_000n, 900n * s), cam(0n, 10_000n, 100n - 900n * s), cam(0n, 10_000n, 200n)] });
  }
  const sum = a.summary();
  t.same(sum.cameras.map((c) => Math.round(c.corrected.meanNs)), [-200, -100, 0], 'per-sample medians all picked C');
  t.same(sum.cameras.map((c) => c.offsetVsMedian?.deltaNs), [-100, 0, 100]);
  t.same(sum.cameras.map((c) => c.offsetVsMedian?.uncertaintyNs), [10_000, 10_000, 10_000], 'half-window 5 µs + median slack 5 µs');
});

t.test('offsetsVsMedian: cameras without data stay null and do not count', async (t) => {
  const r = offsetsVsMedian([{ meanNs: 10, halfWindowNs: 1 }, null, { meanNs: 30, halfWindowNs: 3 }]);
  t.same(r, [{ deltaNs: -10, uncertaintyNs: 3 }, null, { deltaNs: 10, uncertaintyNs: 5 }]);
  t.same(offsetsVsMedian([null, null]), [null, null]);
  t.same(offsetsVsMedian([]), []);
});

t.test('offsetsVsMedian: the bound holds when the errors reorder the cameras', async (t) => {
  // True offsets 0, 4, 8; measured with errors within each half-window so that the order flips.
  const truth = [0, 4, 8];
  const measured = [{ meanNs: 5, halfWindowNs: 6 }, { meanNs: 1, halfWindowNs: 3 }, { meanNs: 9, halfWindowNs: 2 }];
  const r = offsetsVsMedian(measured);
  const trueMedian = 4;
  r.forEach((o, i) => {
    const trueDelta = (truth[i] as number) - trueMedian;
    t.ok(Math.abs((o?.deltaNs ?? NaN) - trueDelta) <= (o?.uncertaintyNs ?? -1), `camera ${i}: within its bound`);
  });
});
