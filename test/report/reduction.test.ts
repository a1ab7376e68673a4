/**
 * The reductions behind the charts: min/max buckets keep every extreme and stay bounded, the shared histogram
 * never loses or misplaces a count. Checked against brute force on random series.
 */
import fc from 'fast-check';
import t from 'tap';

import { BucketChannels, Bucketing } from '../../src/report/html/buckets.js';
import { SharedHistogram } from '../../src/report/html/histogram.js';

t.test('buckets: min/max/sum per bucket equal brute force over the final bucket width', async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 3000 }),
      fc.integer({ min: 1, max: 40 }).map((k) => k * 2),
      (values, capacity) => {
        const b = new Bucketing(capacity);
        const ch = b.register(new BucketChannels({ lo: 'min', hi: 'max', n: 'sum' } as const, capacity));
        values.forEach((v, i) => {
          const k = b.next(i / 1000, i);
          ch.add('lo', k, v);
          ch.add('hi', k, v);
          ch.add('n', k, 1);
        });
        if (b.used > capacity) return false;
        const w = b.width;
        if ((w & (w - 1)) !== 0) return false;
        if (b.used !== Math.ceil(values.length / w)) return false;
        const lo = ch.values('lo', b.used);
        const hi = ch.values('hi', b.used);
        const n = ch.values('n', b.used);
        const idx = b.x.values('index', b.used);
        for (let k = 0; k < b.used; k++) {
          const part = values.slice(k * w, (k + 1) * w);
          if (lo[k] !== Math.min(...part) || hi[k] !== Math.max(...part) || n[k] !== part.length) return false;
          if (idx[k] !== k * w) return false;
        }
        return Math.min(...(lo as number[])) === Math.min(...values) && Math.max(...(hi as number[])) === Math.max(...values);
      },
    ),
    { numRuns: 200 },
  );
});

t.test('buckets: a long series stays within capacity and at least half full', async (t) => {
  const b = new Bucketing(2048);
  const ch = b.register(new BucketChannels({ hi: 'max' } as const, 2048));
  let max = -Infinity;
  for (let i = 0; i < 1_000_003; i++) {
    const v = Math.sin(i) * (i === 777_777 ? 1e9 : 1000);
    if (v > max) max = v;
    ch.add('hi', b.next(i, i), v);
  }
  t.ok(b.used <= 2048 && b.used > 1024, `${b.used} buckets`);
  t.equal(b.width, 512);
  t.equal(Math.max(...(ch.values('hi', b.used) as number[])), max, 'the single spike survives the reduction');
});

t.test('buckets: a camera first seen late has gaps, not zeros, before it', async (t) => {
  const b = new Bucketing(8);
  const early = b.register(new BucketChannels({ hi: 'max' } as const, 8));
  for (let i = 0; i < 5; i++) early.add('hi', b.next(i, i), i);
  const late = b.register(new BucketChannels({ hi: 'max' } as const, 8));
  for (let i = 5; i < 12; i++) {
    const k = b.next(i, i);
    early.add('hi', k, i);
    late.add('hi', k, -i);
  }
  t.same(early.values('hi', b.used), [1, 3, 5, 7, 9, 11]);
  t.same(late.values('hi', b.used), [null, null, -5, -6, -8, -10]);
});

t.test('histogram: counts are kept and every value lies in its bin, however far the range grows', async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -50, max: 50 }))), {
        minLength: 1,
        maxLength: 500,
      }),
      (items) => {
        const h = new SharedHistogram(16);
        for (const [s, v] of items) h.add(s, v);
        for (let s = 0; s <= 2; s++) {
          const expected = items.filter(([k]) => k === s).length;
          if (h.total(s) !== expected) return false;
        }
        // Recount by brute force with the final bins. Integer values keep the arithmetic exact, so this checks the
        // merging itself; at float edges a value may land one bin off, which a chart cannot show.
        const { centers, counts } = h.trimmed();
        const first = centers.length > 0 ? Math.round((centers[0] as number - h.lo) / h.width - 0.5) : 0;
        for (let s = 0; s <= 2; s++) {
          const mine = items.filter(([k]) => k === s).map(([, v]) => v);
          const brute = centers.map((_, i) => mine.filter((v) => Math.floor((v - h.lo) / h.width) === first + i).length);
          const got = counts[s] ?? centers.map(() => 0);
          if (got.length > 0 && brute.some((n, i) => n !== got[i])) return false;
        }
        return true;
      },
    ),
    { numRuns: 300 },
  );
});
