/**
 * Issue targets for the latch engine, measured side by side in one run: fire spread parallel vs sequential,
 * sampling rate against the round-trip bound, and how close the corrected offsets come to injected truth.
 */
import { RunAnalyzer } from '../analysis/run-analyzer.js';
import { fireSpread, quantile, simRun } from './simRun.js';

const us = (ns: number): string => (ns / 1000).toFixed(1);

function cameras(n: number, extra: (i: number) => Record<string, unknown> = () => ({})): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ serial: `B${i}`, ...extra(i) }));
}

export async function benchFireSpread(): Promise<string[]> {
  const lines = ['== Fire spread (max-min fire instant per sample), simulated cameras, 1000 samples, interval 0 =='];
  lines.push('cameras | parallel p50 / p99 (us) | sequential p50 / p99 (us) | ratio seq/par p50 | p99');
  for (const n of [2, 4, 8]) {
    const result: Record<string, number[]> = {};
    for (const strategy of ['parallel', 'sequential'] as const) {
      const spreads: number[] = [];
      await simRun({ cameras: cameras(n), samples: 1000, strategy }, (s) => spreads.push(fireSpread(s)));
      result[strategy] = spreads.sort((a, b) => a - b);
    }
    const p = result.parallel!;
    const q = result.sequential!;
    lines.push(
      `${n} | ${us(quantile(p, 0.5))} / ${us(quantile(p, 0.99))} | ${us(quantile(q, 0.5))} / ${us(quantile(q, 0.99))} | ` +
        `${(quantile(q, 0.5) / quantile(p, 0.5)).toFixed(1)}x | ${(quantile(q, 0.99) / quantile(p, 0.99)).toFixed(1)}x`,
    );
  }
  lines.push('target: 8 cameras parallel p50 <= 15 us, p99 <= 50 us, at least 40x below sequential');
  return lines;
}

export async function benchRate(): Promise<string[]> {
  // The bound: each parallel sample cannot end before its slowest camera's latch + read round trips.
  let boundNs = 0;
  const r = await simRun({ cameras: cameras(8), samples: 1000, strategy: 'parallel' }, (s) => {
    let worst = 0;
    for (const c of s.cameras) worst = Math.max(worst, Number((c.doneNs ?? c.ackNs) - c.fireNs));
    boundNs += worst;
  });
  const rate = r.samplesDone / (r.wallNs / 1e9);
  const limit = r.samplesDone / (boundNs / 1e9);
  return [
    '== Sampling rate, 8 simulated cameras, 1000 samples, parallel ==',
    `achieved ${rate.toFixed(0)} samples/s; round-trip-bound limit ${limit.toFixed(0)} samples/s; ratio ${((rate / limit) * 100).toFixed(1)} % (target >= 80 %)`,
  ];
}

export async function benchAccuracy(): Promise<string[]> {
  const lines = ['== Accuracy vs injected truth (delta to median camera), 500 samples, default latency (median 150 us) =='];
  lines.push('cameras strategy | worst |raw mean - truth| (us) | worst |corrected mean - truth| (us) | all within reported uncertainty');
  const pattern = [0, 3000, -20000, 1000000, -7000, 150, 42000, -500];
  for (const n of [2, 4, 8]) {
    const offsets = pattern.slice(0, n);
    const sorted = [...offsets].sort((a, b) => a - b);
    const mid = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    for (const strategy of ['parallel', 'sequential'] as const) {
      const analyzer = new RunAnalyzer({
        serials: offsets.map((_, i) => `B${i}`),
        thresholdNs: 100_000_000,
        timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' },
      });
      await simRun({ cameras: cameras(n, (i) => ({ offsetNs: offsets[i] })), samples: 500, strategy }, (s) => analyzer.add(s));
      const sum = analyzer.summary();
      let rawWorst = 0;
      let corrWorst = 0;
      let within = true;
      sum.cameras.forEach((c, i) => {
        const truth = offsets[i]! - mid;
        rawWorst = Math.max(rawWorst, Math.abs(c.raw.meanNs - truth));
        const err = Math.abs(c.corrected.meanNs - truth);
        corrWorst = Math.max(corrWorst, err);
        if (err > c.correctedMeanUncertaintyNs) within = false;
      });
      lines.push(`${n} ${strategy} | ${us(rawWorst)} | ${us(corrWorst)} | ${within ? 'yes' : 'NO'}`);
    }
  }
  lines.push('target: corrected within reported uncertainty and within 2 us; raw under sequential off by about the round trip');
  return lines;
}

export async function benchDriftAndTai(): Promise<string[]> {
  const analyzer = new RunAnalyzer({
    serials: ['D0', 'D1', 'D2'],
    thresholdNs: 100_000_000_000,
    timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' },
  });
  await simRun(
    {
      cameras: [{ serial: 'D0' }, { serial: 'D1', driftPpb: 500 }, { serial: 'D2', offsetNs: 37_000_000_000 }],
      samples: 1500,
      strategy: 'parallel',
      intervalNs: 20_000_000n,
    },
    (s) => analyzer.add(s),
  );
  const sum = analyzer.summary();
  const d0 = sum.cameras[0]!.drift;
  const d1 = sum.cameras[1]!.drift;
  const tai = sum.cameras[2]!.taiUtc;
  // Host scheduling moves every camera's host offset alike; the slope against an undrifted camera cancels it.
  const relative = d0 && d1 ? d1.slopePpb - d0.slopePpb : NaN;
  return [
    '== Drift and TAI/UTC, 1500 samples at 20 ms (a 30 s run) ==',
    `D1 injected 500 ppb: reported ${d1 ? d1.slopePpb.toFixed(1) : 'n/a'} ppb vs host (${d1 ? ((Math.abs(d1.slopePpb - 500) / 500) * 100).toFixed(1) : 'n/a'} % off; target within 10 %); ` +
      `D0 (no drift) ${d0 ? d0.slopePpb.toFixed(1) : 'n/a'} ppb; D1 − D0 ${relative.toFixed(1)} ppb (${((Math.abs(relative - 500) / 500) * 100).toFixed(1)} % off)`,
    `D2 injected +37 s: ${tai.length > 0 ? `flagged as TAI/UTC (${tai.map((f) => `${f.seconds} s vs ${f.against}`).join(', ')})` : 'NOT flagged'}`,
  ];
}
