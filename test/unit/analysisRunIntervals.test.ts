/**
 * The run-level intervals against known truth, on synthetic samples (no addon): the strict bound must contain
 * the truth whatever the paths do; the estimate must hit the truth within its ± when paths are symmetric.
 */
import fc from 'fast-check';
import t from 'tap';

import { RunAnalyzer } from '../../src/analysis/runAnalyzer.js';
import type { LatchSample } from '../../src/latch/types.js';

const H = 1_759_801_877_000_000_000n;

/** A tiny deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

interface CamModel {
  offsetNs: number;
  /** Round trip range, ns. */
  rtMin: number;
  rtMax: number;
  /** Where in the round trip the camera latches: [lo, hi] fractions. */
  pointLo: number;
  pointHi: number;
  driftPpb?: number;
}

function run(models: CamModel[], samples: number, seed: number, threshold = 100_000_000, stepNs = 1_000_000): RunAnalyzer {
  const r = rng(seed);
  const a = new RunAnalyzer({ serials: models.map((_, i) => `C${i}`), thresholdNs: threshold, timescale: { ptpTimescale: false, currentUtcOffsetS: 0, source: 'sim' } });
  for (let k = 0; k < samples; k++) {
    const t0 = H + BigInt(k * stepNs);
    const s: LatchSample = {
      index: k,
      cameras: models.map((m) => {
        const fire = t0 + BigInt(Math.floor(r() * 2000));
        const rt = m.rtMin + r() * (m.rtMax - m.rtMin);
        const at = Number(fire - H) + rt * (m.pointLo + r() * (m.pointHi - m.pointLo));
        const drift = ((m.driftPpb ?? 0) * at) / 1e9;
        return { value: H + BigInt(Math.round(at + m.offsetNs + drift)), fireNs: fire, ackNs: fire + BigInt(Math.round(rt)), error: null };
      }),
    };
    a.add(s);
  }
  return a;
}

function truthVsMedian(offsets: number[]): number[] {
  const s = [...offsets].sort((x, y) => x - y);
  const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return offsets.map((o) => o - m);
}

t.test('symmetric paths: estimate within its ± and within 2 µs; strict contains the truth and beats one sample', async (t) => {
  const offsets = [0, 3000, -20000, 500];
  const models = offsets.map((o, i) => ({ offsetNs: o, rtMin: 80_000 + 30_000 * i, rtMax: 250_000 + 30_000 * i, pointLo: 0.4, pointHi: 0.6 }));
  const s = run(models, 2000, 7).summary();
  const truth = truthVsMedian(offsets);
  s.cameras.forEach((c, i) => {
    const e = c.offsetVsMedian!;
    const err = Math.abs(e.deltaNs - truth[i]!);
    t.ok(err <= e.uncertaintyNs!, `${c.serial}: |${e.deltaNs.toFixed(0)} - ${truth[i]}| = ${err.toFixed(0)} <= ${e.uncertaintyNs!.toFixed(0)}`);
    t.ok(err <= 2000, `${c.serial}: within 2 µs`);
    t.ok(e.uncertaintyNs! <= 3000, `${c.serial}: ± ${e.uncertaintyNs!.toFixed(0)} ns at 2000 samples`);
    const b = c.strictVsMedian!;
    t.ok(b.lowNs <= truth[i]! && truth[i]! <= b.highNs, `${c.serial}: truth in strict [${b.lowNs.toFixed(0)}, ${b.highNs.toFixed(0)}]`);
  });
  const r = s.cameras.find((c) => c.strictVsReference && c.strictVsReference.referenceSerial !== c.serial)!.strictVsReference!;
  t.ok(r.highNs - r.lowNs < 0.75 * (2 * 330_000), 'the strict bound is far tighter than one sample\'s pair interval');
});

t.test('a 20 µs bias is caught: the accuracy test can fail', async (t) => {
  // The same rig, but camera 2 latches late in its round trip (asymmetric path): the midpoints are biased by
  // about 0.3 × 170 µs = 50 µs. The estimate must then miss the truth, and the strict bound must still hold.
  const offsets = [0, 3000, -20000, 500];
  const models = offsets.map((o, i) => ({ offsetNs: o, rtMin: 100_000, rtMax: 240_000, pointLo: i === 2 ? 0.75 : 0.45, pointHi: i === 2 ? 0.85 : 0.55 }));
  const s = run(models, 2000, 11).summary();
  const truth = truthVsMedian(offsets);
  const c2 = s.cameras[2]!;
  t.ok(Math.abs(c2.offsetVsMedian!.deltaNs - truth[2]!) > c2.offsetVsMedian!.uncertaintyNs!, 'the symmetric-path estimate misses: its assumption is broken');
  s.cameras.forEach((c, i) => {
    const b = c.strictVsMedian!;
    t.ok(b.lowNs <= truth[i]! && truth[i]! <= b.highNs, `${c.serial}: strict still holds`);
  });
});

t.test('property: the strict bound contains the truth whatever the paths do', async (t) => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          offsetNs: fc.integer({ min: -2_000_000, max: 2_000_000 }),
          rtMin: fc.integer({ min: 1_000, max: 300_000 }),
          span: fc.integer({ min: 0, max: 1_000_000 }),
          pointLo: fc.double({ min: 0, max: 1, noNaN: true }),
          width: fc.double({ min: 0, max: 1, noNaN: true }),
          driftPpb: fc.integer({ min: -50_000, max: 50_000 }),
        }),
        { minLength: 2, maxLength: 6 },
      ),
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 1, max: 1e9 }),
      (cams, samples, seed) => {
        const models = cams.map((c) => ({ offsetNs: c.offsetNs, rtMin: c.rtMin, rtMax: c.rtMin + c.span, pointLo: c.pointLo, pointHi: Math.min(1, c.pointLo + c.width), driftPpb: c.driftPpb }));
        const stepNs = 5_000_000;
        const s = run(models, samples, seed, 100_000_000, stepNs).summary();
        // Truth at the instant the intervals are given at (the drift moves each offset linearly).
        const atNs = s.intervalsAtS * 1e9;
        const truthNow = truthVsMedian(models.map((m) => m.offsetNs + (m.driftPpb * atNs) / 1e9));
        s.cameras.forEach((c, i) => {
          const b = c.strictVsMedian;
          if (b === null) throw new Error(`${c.serial}: no strict bound (${c.strictNote})`);
          // 2 ns: rounding of the synthetic values to whole ns, and the instant's own rounding.
          if (!(b.lowNs - 2 <= truthNow[i]! && truthNow[i]! <= b.highNs + 2)) {
            throw new Error(`${c.serial}: truth ${truthNow[i]} outside [${b.lowNs}, ${b.highNs}]`);
          }
        });
      },
    ),
    { numRuns: 150, seed: 20261202 },
  );
  t.pass('150 random rigs: strict bound always contains the truth');
});

t.test('verdicts from the run: OK by the estimate where no single sample could decide, UNCERTAIN with samples needed', async (t) => {
  const models = [0, 300, -200].map((o) => ({ offsetNs: o, rtMin: 100_000, rtMax: 200_000, pointLo: 0.4, pointHi: 0.6 }));
  const ok = run(models, 1000, 3, 20_000).summary();
  t.equal(ok.verdict, 'OK', ok.verdictReason);
  t.ok(ok.cameras.every((c) => c.verdictCounts.OK === 0), 'not one sample alone was within 20 µs with certainty');
  t.ok(ok.cameras.some((c) => c.judgement.basis === 'estimate'));

  const near = [0, 0, 20_900].map((o) => ({ offsetNs: o, rtMin: 100_000, rtMax: 200_000, pointLo: 0.4, pointHi: 0.6 }));
  const u = run(near, 100, 5, 20_000).summary();
  t.equal(u.cameras[2]!.verdict, 'UNCERTAIN');
  const need = u.cameras[2]!.judgement.samplesNeeded!;
  t.ok(need > 100, `needs ${need} samples`);
  t.match(u.verdictReason, new RegExp(`C2 \\(.*about ${need} samples would decide it\\)`));
  const decided = run(near, Math.ceil(need * 1.5), 5, 20_000).summary();
  t.equal(decided.cameras[2]!.verdict, 'NG', `with ${Math.ceil(need * 1.5)} samples the estimate clears the threshold`);

  const far = [0, 0, 60_000].map((o) => ({ offsetNs: o, rtMin: 100_000, rtMax: 200_000, pointLo: 0.4, pointHi: 0.6 }));
  const ng = run(far, 300, 9, 20_000).summary();
  t.equal(ng.verdict, 'NG');
  t.same(ng.cameras.filter((c) => c.verdict === 'NG').map((c) => c.serial), ['C2'], 'names the camera');
});

t.test('a real step in one sample fails the run even when the average is fine', async (t) => {
  const a = new RunAnalyzer({ serials: ['A', 'B', 'C'], thresholdNs: 10_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 0, source: 'sim' } });
  for (let k = 0; k < 200; k++) {
    const f = H + BigInt(k) * 1_000_000n;
    const step = k === 100 ? 500_000n : 0n;
    a.add({ index: k, cameras: [0n, 0n, step].map((o) => ({ value: f + 1000n + o, fireNs: f, ackNs: f + 2000n, error: null })) });
  }
  const s = a.summary();
  t.equal(s.cameras[2]!.verdict, 'NG');
  t.equal(s.cameras[2]!.judgement.basis, 'sample');
  t.equal(s.firstNgSampleIndex, 100);
});
