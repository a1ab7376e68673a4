/** What crosses the worker boundary (structured clone: plain objects, bigint allowed) and what the judge reads. */
import type { NativeErrorInfo } from '../binding.js';
import type { CameraFeatures, CameraReading } from '../cameras/ptpDataSet.js';

export interface EnableOutcome {
  features: CameraFeatures;
  /** True when PTP was switched on (or the camera has a status but no enable node). */
  enabled: boolean;
  error: NativeErrorInfo | null;
  reading: CameraReading | null;
}

export interface ResetOutcome {
  ok: boolean;
  error: NativeErrorInfo | null;
}

export type CameraTask =
  | { kind: 'warmup'; arrived: SharedArrayBuffer; threads: number; timeoutMs: number }
  /** `cancel`: Int32Array over it, [0] set to 1 when the caller stopped waiting (the worker checks between calls). */
  | { kind: 'enable'; handle: number; cancel?: SharedArrayBuffer }
  | { kind: 'read'; handle: number; features: CameraFeatures; cancel?: SharedArrayBuffer }
  | { kind: 'reset'; handle: number; features: CameraFeatures }
  | { kind: 'hostDelta'; handle: number; tries: number };

/** Camera clock minus host wall clock from the TimestampLatch with the shortest round trip. */
export interface HostDelta {
  deltaNs: bigint;
  roundTripNs: bigint;
}
