import t from 'tap';

import { strictInterval, type Constraint } from '../../src/analysis/strictInterval.js';
import { t99 } from '../../src/analysis/tQuantile.js';

t.test('one constraint, several at one instant: plain intersection', async (t) => {
  const r = strictInterval([{ x: 0, loNs: -10, hiNs: 30, spanNs: 0 }, { x: 0, loNs: -5, hiNs: 50, spanNs: 0 }, { x: 0, loNs: -20, hiNs: 12, spanNs: 0 }], { maxRejected: 0 });
  t.ok(r);
  t.ok(Math.abs(r!.lowNs - -5) < 1e-6 && Math.abs(r!.highNs - 12) < 1e-6, `[${r!.lowNs}, ${r!.highNs}] = [-5, 12]`);
  t.equal(r!.samplesRejected, 0);
});

t.test('a drifting pair: the bound follows the line, and says which drifts fit', async (t) => {
  // Truth: Δ(x) = 1000 + 500·x ns (500 ppb), samples every 0.1 s from -5 s to +5 s, intervals ±2 µs, the truth
  // placed anywhere inside each.
  const c: Constraint[] = [];
  for (let k = -50; k <= 50; k++) {
    const x = k / 10;
    const truth = 1000 + 500 * x;
    const place = ((((k * 7919) % 100) + 100) % 100) / 100; // 0..0.99, deterministic
    c.push({ x, loNs: truth - 4000 * place, hiNs: truth + 4000 * (1 - place), spanNs: 0 });
  }
  const r = strictInterval(c, { maxRejected: 0 })!;
  t.ok(r.lowNs <= 1000 && 1000 <= r.highNs, `truth 1000 in [${r.lowNs.toFixed(1)}, ${r.highNs.toFixed(1)}]`);
  t.ok(r.highNs - r.lowNs < 4000, 'tighter than one sample');
  t.ok(r.driftLowPpb <= 500 && 500 <= r.driftHighPpb, `drift 500 in [${r.driftLowPpb.toFixed(1)}, ${r.driftHighPpb.toFixed(1)}]`);
  // Ignoring the drift (all at x = 0) would exclude the truth: that is why the solver keeps x.
  const flat = strictInterval(c.map((k) => ({ ...k, x: 0 })), { maxRejected: 0 });
  t.equal(flat, null, 'no constant fits a 5 µs ramp through ±2 µs intervals');
});

t.test('an inconsistent sample is rejected and counted; too many leave no bound', async (t) => {
  const c: Constraint[] = Array.from({ length: 20 }, (_, k) => ({ x: k * 0.01, loNs: -100, hiNs: 100, spanNs: 0 }));
  c.push({ x: 0.05, loNs: 5000, hiNs: 6000, spanNs: 0 }); // a step: inconsistent with every other sample
  const r = strictInterval(c, { maxRejected: 2 })!;
  t.equal(r.samplesRejected, 1);
  t.ok(r.lowNs >= -100.001 && r.highNs <= 100.001);
  const many = [...c, { x: 0.06, loNs: 5000, hiNs: 6000, spanNs: 0 }, { x: 0.07, loNs: 5000, hiNs: 6000, spanNs: 0 }, { x: 0.08, loNs: 5000, hiNs: 6000, spanNs: 0 }];
  t.equal(strictInterval(many, { maxRejected: 2 }), null);
});

t.test('t quantile: table, series, and their seam', async (t) => {
  t.equal(t99(1), 63.657);
  t.equal(t99(30), 2.75);
  t.ok(Math.abs(t99(31) - 2.744) < 0.002, `t99(31) = ${t99(31)}`);
  t.ok(Math.abs(t99(62) - 2.657) < 0.002, `t99(62) = ${t99(62)}`);
  t.ok(Math.abs(t99(1e6) - 2.5758) < 1e-3);
  t.throws(() => t99(0));
});
