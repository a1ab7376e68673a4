/**
 * A synthetic timestat run, for the report's bench and tests: latch samples made here (no addon, no camera),
 * analysed by the real RunAnalyzer and written by the real JSON line writer, so the lines have exactly the
 * shapes timestat writes. Deterministic for a seed.
 */
import { RunAnalyzer } from '../../analysis/runAnalyzer.js';
import type { SampleAnalysis } from '../../analysis/types.js';
import type { CameraLatch, LatchSample } from '../../latch/types.js';
import { outcomeOf } from '../../analysis/runOutcome.js';
import { sampleJsonLine, summaryJsonLine } from '../jsonl.js';

export interface SyntheticCamera {
  serial: string;
  offsetNs?: number;
  driftPpb?: number;
  /** Median fire/ack window, ns. */
  windowNs?: number;
  /** Samples [from, to) in which this camera fails with ERR_CAMERA_TIMEOUT. */
  failing?: [number, number];
}

export interface SyntheticRunOptions {
  cameras: SyntheticCamera[];
  samples: number;
  intervalNs?: number;
  seed?: number;
  /** Samples [from, to) during which the host stalls: every window gets `stallNs` longer, from a random camera on. */
  stall?: { from: number; to: number; stallNs: number };
  thresholdNs?: number;
  /** Extra summary fields (host, method, the cameras' PTP view, ...). */
  extra?: Record<string, unknown>;
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START_NS = 1_796_184_056_972_150_542n;

/**
 * Calls onLine with every sample line, then the summary line; returns the number of lines. With onAnalysis,
 * samples go there as analyses instead of lines (timestat's path when it writes no JSON lines).
 */
export function syntheticRun(opts: SyntheticRunOptions, onLine: (line: string) => void, onAnalysis?: (a: SampleAnalysis) => void): number {
  const rnd = prng(opts.seed ?? 1);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const serials = opts.cameras.map((c) => c.serial);
  const analyzer = new RunAnalyzer({
    serials,
    thresholdNs: opts.thresholdNs ?? 100_000_000,
    timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' },
  });
  const interval = BigInt(opts.intervalNs ?? 1_000_000);
  const sample: LatchSample = { index: 0, cameras: [] };
  for (let i = 0; i < opts.samples; i++) {
    const base = START_NS + BigInt(i) * interval;
    const elapsedS = Number(base - START_NS) / 1e9;
    const stalled = opts.stall !== undefined && i >= opts.stall.from && i < opts.stall.to;
    const stallFrom = stalled ? Math.floor(rnd() * opts.cameras.length) : opts.cameras.length;
    const cameras: CameraLatch[] = opts.cameras.map((c, k) => {
      const median = c.windowNs ?? 150_000;
      let w = median * Math.exp(0.25 * gauss());
      if (rnd() < 0.01) w += -Math.log(1 - rnd()) * 400_000;
      if (stalled && k >= stallFrom) w += (opts.stall as { stallNs: number }).stallNs * (0.5 + rnd());
      const fireNs = base + BigInt(Math.round(k * 2_000 + rnd() * 1_000));
      const ackNs = fireNs + BigInt(Math.max(1, Math.round(w)));
      if (c.failing && i >= c.failing[0] && i < c.failing[1]) {
        return { value: null, fireNs, ackNs, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: `camera ${c.serial} did not answer in time` } };
      }
      const latchAt = Number(ackNs - fireNs) * (0.5 + 0.1 * (rnd() - 0.5));
      const clock = (c.offsetNs ?? 0) + (c.driftPpb ?? 0) * elapsedS + 8 * gauss();
      return { value: fireNs + BigInt(Math.round(latchAt + clock)), fireNs, ackNs, error: null };
    });
    sample.index = i;
    sample.cameras = cameras;
    const analysis = analyzer.add(sample);
    if (onAnalysis) onAnalysis(analysis);
    else onLine(sampleJsonLine(analysis));
  }
  const summary = analyzer.summary();
  onLine(
    summaryJsonLine(summary, {
      outcome: outcomeOf({ summary, samplesPlanned: opts.samples }),
      extra: { backend: 'sim', simulated: true, strategy: 'parallel', ...opts.extra },
    }),
  );
  return opts.samples + 1;
}
