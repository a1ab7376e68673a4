/** Runs the latch engine in-process on a simulated rig and hands every sample to a consumer. */
import { addon } from '../binding.js';
import { parseRig } from '../cameras/rigFile.js';
import { startLatchRun } from '../latch/latchRun.js';
import type { LatchSample } from '../latch/types.js';

export interface SimRunSpec {
  cameras: Record<string, unknown>[];
  samples: number;
  strategy: 'parallel' | 'sequential';
  intervalNs?: bigint;
  pinThreads?: boolean;
}

export interface SimRunResult {
  wallNs: number;
  samplesDone: number;
}

export async function simRun(spec: SimRunSpec, onSample: (s: LatchSample) => void): Promise<SimRunResult> {
  const rig = parseRig({ cameras: spec.cameras });
  const driver = { backend: 'sim' as const, libraryPath: '', rig: rig.native };
  const cams = await addon.openCameras(driver, rig.native.cameras.map((c) => c.serial));
  try {
    const t0 = process.hrtime.bigint();
    const run = startLatchRun(
      cams.map((c) => c.handle),
      { strategy: spec.strategy, samples: spec.samples, intervalNs: spec.intervalNs ?? 0n, timeoutNs: 5_000_000_000n, batchSize: 256, pinThreads: spec.pinThreads },
      (samples) => samples.forEach(onSample),
    );
    const r = await run.finished;
    return { wallNs: Number(process.hrtime.bigint() - t0), samplesDone: r.samplesDone };
  } finally {
    await Promise.all(cams.map((c) => addon.closeCamera(c.handle)));
  }
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** max − min of the cameras' fire instants within one sample, ns. */
export function fireSpread(s: LatchSample): number {
  let lo = s.cameras[0]!.fireNs;
  let hi = lo;
  for (const c of s.cameras) {
    if (c.fireNs < lo) lo = c.fireNs;
    if (c.fireNs > hi) hi = c.fireNs;
  }
  return Number(hi - lo);
}
