import t from 'tap';
import { DriftFit } from '../../src/analysis/drift.js';

function gauss(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
}

t.test('recovers an injected 500 ppb within 1 % despite noise and a 37 s offset', async (t) => {
  let seed = 99;
  const rnd = (): number => ((seed = (seed * 48271) % 2147483647) + 0.5) / 2147483647;
  const f = new DriftFit();
  for (let i = 0; i < 1000; i++) {
    const x = i * 0.01; // 10 s
    f.add(x, 37e9 + 500 * x + 100 * gauss(rnd));
  }
  const r = f.result(2);
  t.ok(r, 'reported');
  t.ok(Math.abs((r?.slopePpb ?? 0) - 500) <= 5, `slope ${r?.slopePpb}`);
  t.ok(Math.abs((r?.residualRmsNs ?? 0) - 100) < 15, `residual rms ${r?.residualRmsNs} ≈ noise σ`);
  t.ok((r?.slopeStdErrPpb ?? 0) > 0.5 && (r?.slopeStdErrPpb ?? 9) < 2, 'stderr ≈ σ/√Sxx ≈ 1.1 ppb');
});

t.test('exact line', async (t) => {
  const f = new DriftFit();
  for (const x of [0, 1, 2, 3]) f.add(x, 10 - 250 * x);
  const r = f.result(2);
  t.equal(r?.slopePpb, -250);
  t.ok((r?.residualRmsNs ?? 1) < 1e-9);
});

t.test('not reported for short runs or fewer than 3 samples', async (t) => {
  const f = new DriftFit();
  f.add(0, 0);
  f.add(5, 5);
  t.equal(f.result(2), null, '2 samples');
  f.add(10, 10);
  t.ok(f.result(2));
  const g = new DriftFit();
  for (const x of [0, 0.5, 1, 1.5]) g.add(x, x);
  t.equal(g.result(2), null, 'span 1.5 s < 2 s');
  t.ok(g.result(1));
});
