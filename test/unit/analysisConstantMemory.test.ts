import t from 'tap';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RunAnalyzer } from '../../src/analysis/runAnalyzer.js';
import type { LatchSample } from '../../src/latch/types.js';

t.setTimeout(300_000);

/**
 * Size of everything reachable from `root`: properties, array slots, map entries, typed-array bytes / 8.
 * A retained per-sample anything would make it grow with N.
 */
function retainedSize(root: unknown): number {
  const seen = new Set<object>();
  let size = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      size++;
      continue;
    }
    const o = v as object;
    if (seen.has(o)) continue;
    seen.add(o);
    if (ArrayBuffer.isView(o)) {
      size += o.byteLength / 8;
      continue;
    }
    if (o instanceof Map) {
      for (const [k, val] of o) stack.push(k, val);
      continue;
    }
    if (typeof o === 'function') continue;
    for (const val of Object.values(o)) stack.push(val);
  }
  return size;
}

const H = 1759801877897358848n;
function sample(i: number): LatchSample {
  const fire = H + BigInt(i) * 1_000_000n;
  const w = 40_000n + BigInt((i * 7919) % 20_000);
  return {
    index: i,
    cameras: [
      { value: fire + 20_000n + BigInt(i % 101), fireNs: fire, ackNs: fire + w, error: null },
      { value: fire + 21_000n, fireNs: fire + 500n, ackNs: fire + 500n + w + (i % 1000 === 0 ? 1_000_000n : 0n), error: null },
      i % 5000 === 0
        ? { value: null, fireNs: fire, ackNs: fire + w, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: 'timeout' } }
        : { value: fire + 19_000n, fireNs: fire + 900n, ackNs: fire + 900n + w, error: null },
    ],
  };
}

t.test('10^6 samples: retained state is the same as after 10^4, heap stays flat', async (t) => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const a = new RunAnalyzer({
    serials: ['A', 'B', 'C'],
    thresholdNs: 100_000_000,
    timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' },
  });
  let i = 0;
  for (; i < 10_000; i++) a.add(sample(i));
  gc();
  const size1 = retainedSize(a);
  const heap1 = process.memoryUsage().heapUsed;
  for (; i < 1_000_000; i++) a.add(sample(i));
  gc();
  const heap2 = process.memoryUsage().heapUsed;
  const size2 = retainedSize(a);
  // The run-level pair trackers keep 32–64 time blocks whatever the run's length (pairTracker.ts), so the state
  // may differ by up to the blocks' doubling, never by the number of samples.
  t.ok(size2 <= 2 * size1, `structural state bounded: ${size1} units after 10^4, ${size2} after 10^6 samples`);
  // 10^6 samples retaining even 8 bytes each would be 8 MB; allow 2 MB of allocator noise.
  t.ok(heap2 - heap1 < 2_000_000, `heap growth ${((heap2 - heap1) / 1e6).toFixed(3)} MB`);
  const s = a.summary();
  t.equal(s.samples, 1_000_000);
  t.equal(s.cameras[0]?.raw.count, 1_000_000);
  t.equal(s.cameras[2]?.errorCount, 200);
  t.equal(s.cameras[1]?.windowOutliers, 1000, 'every 1000th window of B is 1 ms wider than ~50 µs');
});
