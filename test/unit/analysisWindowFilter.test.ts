import t from 'tap';
import { WindowFilter } from '../../src/analysis/windowFilter.js';

t.test('warm-up buffers, then judges all warm-up samples at once', async (t) => {
  const f = new WindowFilter<number>({ factor: 3, minOutlierWindowNs: 0, warmup: 5 });
  const windows = [100, 110, 1000, 90, 105];
  const outs = windows.map((w, i) => f.observe(w, i));
  t.same(outs.slice(0, 4).map((o) => o.warmup), [true, true, true, true]);
  t.same(outs.slice(0, 4).map((o) => o.released.length), [0, 0, 0, 0], 'nothing final during warm-up');
  t.equal(outs[2]?.outlier, true, 'provisional flag once 3 windows exist (1000 > 3 × 110)');
  const last = outs[4];
  t.equal(last?.warmup, false);
  t.same(last?.released, [
    { item: 0, outlier: false },
    { item: 1, outlier: false },
    { item: 2, outlier: true },
    { item: 3, outlier: false },
    { item: 4, outlier: false },
  ]);
});

t.test('after warm-up: judged against the running median, immediately released', async (t) => {
  const f = new WindowFilter<string>({ factor: 3, minOutlierWindowNs: 0, warmup: 3 });
  for (let i = 0; i < 3; i++) f.observe(200, 'w');
  const ok = f.observe(600, 'edge');
  t.same(ok.released, [{ item: 'edge', outlier: false }], 'exactly 3× is kept');
  const bad = f.observe(650, 'slow'); // median from the histogram is within 0.4 %, so not 601
  t.same(bad.released, [{ item: 'slow', outlier: true }]);
  t.equal(f.observe(-5, 'stepped').outlier, true, 'negative window (clock step) is always an outlier');
});

t.test('floor: tiny windows are never outliers', async (t) => {
  const f = new WindowFilter<number>({ factor: 3, minOutlierWindowNs: 1000, warmup: 3 });
  for (let i = 0; i < 3; i++) f.observe(10, i);
  t.equal(f.observe(900, 9).outlier, false);
  t.equal(f.observe(1001, 10).outlier, true);
});

t.test('pending(): a short run is judged at summary time without changing state', async (t) => {
  const f = new WindowFilter<number>({ warmup: 8, minOutlierWindowNs: 0 });
  f.observe(100, 0);
  f.observe(100, 1);
  t.same(f.pending(), [{ item: 0, outlier: false }, { item: 1, outlier: false }], '< 3 windows: no judgement');
  f.observe(5000, 2);
  t.same(f.pending().map((r) => r.outlier), [false, false, true]);
  t.same(f.pending().map((r) => r.outlier), [false, false, true], 'idempotent');
  t.ok(f.warmingUp);
});

t.test('options are validated', async (t) => {
  t.throws(() => new WindowFilter({ factor: 1 }));
  t.throws(() => new WindowFilter({ warmup: 2 }));
});
