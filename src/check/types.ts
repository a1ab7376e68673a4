/** What crosses the worker boundary (structured clone: plain objects, bigint allowed) and what the judge reads. */
import type { NativeErrorInfo } from '../binding.js';
import type { PtpState } from './ptpState.js';

/** The PTP nodes one camera has; null where it has none of the candidate names. */
export interface CameraFeatures {
  enable: string | null;
  status: string | null;
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
  | { kind: 'enable'; handle: number }
  | { kind: 'read'; handle: number; features: CameraFeatures }
  | { kind: 'reset'; handle: number; features: CameraFeatures };

export function hasPtp(f: CameraFeatures): boolean {
  return f.enable !== null || f.status !== null;
}
