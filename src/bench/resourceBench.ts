/**
 * Memory and resource flatness: long runs must not grow with the sample count, and a run must give back
 * every thread and file descriptor it took.
 */
import { readdirSync } from 'node:fs';

import { RunAnalyzer } from '../analysis/runAnalyzer.js';
import { sampleJsonLine } from '../report/jsonl.js';
import { simRun } from './simRun.js';

const MB = 1024 * 1024;
const fast = { latency: { medianUs: 0, tailProbability: 0 } };

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function counts(): { threads: number; fds: number } {
  return { threads: readdirSync('/proc/self/task').length, fds: readdirSync('/proc/self/fd').length };
}

async function analysedRun(n: number, cameras: number, atSamples: number[] = []): Promise<{ rssMb: number; heapMb: number; heapTotalMb: number; at: Map<number, number>; rate: number }> {
  const serials = Array.from({ length: cameras }, (_, i) => `M${i}`);
  const analyzer = new RunAnalyzer({ serials, thresholdNs: 100_000_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' } });
  const at = new Map<number, number>();
  let bytes = 0;
  const r = await simRun({ cameras: serials.map((serial) => ({ serial, ...fast })), samples: n, strategy: 'parallel' }, (s) => {
    // What the CLI does per sample: analyse, then serialise a JSON line (written nowhere here).
    bytes += sampleJsonLine(analyzer.add(s)).length;
    if (atSamples.includes(s.index + 1)) {
      gc();
      at.set(s.index + 1, process.memoryUsage().rss / MB);
    }
  });
  analyzer.summary();
  gc();
  void bytes;
  const m = process.memoryUsage();
  return { rssMb: m.rss / MB, heapMb: m.heapUsed / MB, heapTotalMb: m.heapTotal / MB, at, rate: r.samplesDone / (r.wallNs / 1e9) };
}

export async function benchMemory(): Promise<string[]> {
  // The warm-up must be long enough for V8 to size its young generation for ~50k samples/s of short-lived
  // objects (heapTotal grows from ~24 to ~40 MB within the first 10^5 samples and then stays): after a short
  // warm-up the 10^4 run would measure V8's sizing, not growth with the sample count.
  const cold = await analysedRun(10_000, 4);
  await analysedRun(200_000, 4);
  const small = await analysedRun(10_000, 4);
  const large = await analysedRun(1_000_000, 4);
  return [
    '== Memory: 4 simulated cameras (no simulated latency), analysis + JSON serialisation per sample ==',
    `RSS after 10^4 samples ${small.rssMb.toFixed(1)} MB; after 10^6 samples ${large.rssMb.toFixed(1)} MB; ratio ${(large.rssMb / small.rssMb).toFixed(3)} (target within 20 %)`,
    `JS heap after GC: ${small.heapMb.toFixed(1)} MB vs ${large.heapMb.toFixed(1)} MB; ratio ${(large.heapMb / small.heapMb).toFixed(3)}; ${large.rate.toFixed(0)} samples/s`,
    `V8 heap reserved (heapTotal): ${small.heapTotalMb.toFixed(1)} MB vs ${large.heapTotalMb.toFixed(1)} MB, after a 2·10^5-sample warm-up; ` +
      `the first 10^4-sample run of this bench, before V8 had sized its heap: RSS ${cold.rssMb.toFixed(1)} MB, heapTotal ${cold.heapTotalMb.toFixed(1)} MB`,
  ];
}

export async function benchResources(): Promise<string[]> {
  gc();
  const before = counts();
  const run = await analysedRun(100_000, 8, [1_000, 100_000]);
  const after = counts();
  const r3 = run.at.get(1_000)!;
  const r5 = run.at.get(100_000)!;
  return [
    '== Resources: 10^5 samples on 8 simulated cameras ==',
    `RSS at 10^3 samples ${r3.toFixed(1)} MB, at 10^5 ${r5.toFixed(1)} MB, ratio ${(r5 / r3).toFixed(3)} (target within 20 %)`,
    `threads before ${before.threads}, after ${after.threads}; fds before ${before.fds}, after ${after.fds} (target: equal)`,
  ];
}
