/** What crosses the worker boundary (structured clone: plain objects, bigint allowed) and what the judge reads. */
import type { NativeErrorInfo } from '../binding.js';
import type { PtpState } from './ptpState.js';

/** The PTP nodes one camera has; null where it has none of the candidate names. */
export interface CameraFeatures {
  enable: string | null;
  status: string | null;
  /** Most cameras make the status an enumeration; some an integer holding the IEEE 1588 portState value. */
  statusType: 'enum' | 'int';
  latch: string | null;
  servo: string | null;
  offset: string | null;
  grandmaster: string | null;
  parent: string | null;
  clockId: string | null;
  timestampLatch: boolean;
}

/** One data-set snapshot of a camera. Clock IDs in pmc spelling. */
export interface CameraReading {
  statusRaw: string | null;
  state: PtpState | null;
  servo: string | null;
  offsetFromMasterNs: bigint | null;
  grandmasterId: string | null;
  parentId: string | null;
  clockId: string | null;
  /** Ops that failed in this read, `Feature: message`. */
  errors: string[];
}

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

export function hasPtp(f: CameraFeatures): boolean {
  return f.enable !== null || f.status !== null;
}
