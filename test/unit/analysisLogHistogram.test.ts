import t from 'tap';
import fc from 'fast-check';
import { bucketBounds, bucketIndex, LOG_HISTOGRAM_BUCKETS, LogHistogram } from '../../src/analysis/logHistogram.js';

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] as number;
}

const bound = (exact: number): number => Math.max(0.5, exact / 256) * (1 + 1e-12);

t.test('bucket mapping: every value lies in its bucket, widths ≤ 1/128 of the low edge', async (t) => {
  for (const v of [0, 0.4, 1, 127.9, 128, 255.5, 256, 1e6, 2 ** 53 + 2, 1.76e18, 2 ** 63, 2 ** 64 - 2 ** 11]) {
    const i = bucketIndex(v);
    const { low, width } = bucketBounds(i);
    t.ok(v >= low && v < low + width, `${v} in [${low}, ${low + width})`);
    if (low >= 128) t.ok(width / low <= 1 / 128);
  }
  t.equal(bucketIndex(2 ** 70), LOG_HISTOGRAM_BUCKETS - 1, 'clamped, never out of range');
  t.equal(bucketIndex(Number.NaN), 0);
});

t.test('quantiles within max(0.5, 0.39 %) of the exact nearest-rank value (property)', async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ min: 0, max: 1e13, noNaN: true }), fc.integer({ min: 0, max: 5000 })), {
        minLength: 1,
        maxLength: 400,
      }),
      (xs) => {
        const h = new LogHistogram();
        for (const x of xs) h.add(x);
        const s = [...xs].sort((a, b) => a - b);
        for (const q of [0.01, 0.5, 0.95, 0.99, 1]) {
          const exact = nearestRank(s, q);
          if (Math.abs(h.quantile(q) - exact) > bound(exact)) return false;
        }
        return h.maxValue === s[s.length - 1];
      },
    ),
    { numRuns: 300, seed: 1234 },
  );
  t.pass('property held');
});

t.test('quantiles on 10^5 log-normal latencies, seeded', async (t) => {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
  const h = new LogHistogram();
  const xs: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const g = Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
    const x = Math.exp(10 + 1.5 * g);
    xs.push(x);
    h.add(x);
  }
  xs.sort((a, b) => a - b);
  for (const q of [0.5, 0.95, 0.99]) {
    const exact = nearestRank(xs, q);
    t.ok(Math.abs(h.quantile(q) - exact) / exact <= 0.01, `p${q * 100} within 1 %`);
  }
});

t.test('empty and clone', async (t) => {
  const h = new LogHistogram();
  t.equal(h.quantile(0.5), 0);
  h.add(1000);
  const c = h.clone();
  c.add(5000);
  t.equal(h.count, 1, 'clone is independent');
  t.equal(c.count, 2);
});
