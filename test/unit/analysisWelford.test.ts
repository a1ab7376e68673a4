import t from 'tap';
import { Welford } from '../../src/analysis/welford.js';
import { DeltaStatsAccumulator } from '../../src/analysis/deltaStats.js';

t.test('matches the two-pass naive computation, also around a large mean', async (t) => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (const base of [0, 1e9, 3.7e10]) {
    const xs = Array.from({ length: 5000 }, () => base + (rnd() - 0.5) * 2e5);
    const w = new Welford();
    for (const x of xs) w.add(x);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    t.ok(Math.abs(w.mean - mean) <= 1e-6 * Math.max(1, Math.abs(mean)) + 1e-3, `mean @${base}`);
    t.ok(Math.abs(w.variance - variance) / variance < 1e-6, `variance @${base}`);
  }
});

t.test('hand-computed small case, sample (n−1) stddev', async (t) => {
  const w = new Welford();
  for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) w.add(x);
  t.equal(w.mean, 5);
  t.equal(w.variance, 32 / 7);
  const one = new Welford();
  one.add(3);
  t.equal(one.stddev, 0, 'one value: no spread');
});

t.test('DeltaStatsAccumulator reports signed mean, |delta| quantiles and max', async (t) => {
  const d = new DeltaStatsAccumulator();
  for (const x of [-300, 100, 200]) d.add(x);
  const r = d.result();
  t.equal(r.count, 3);
  t.equal(r.meanNs, 0);
  t.equal(r.maxAbsNs, 300);
  t.ok(Math.abs(r.p50AbsNs - 200) <= 1, 'median of |delta| = 200');
});
