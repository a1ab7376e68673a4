/**
 * The only file that loads the native addon. node-gyp-build picks a prebuild from prebuilds/ when one matches
 * this platform, else build/Release; PTPCAM_ADDON_PATH points it at another folder (a test build, say).
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SDK's view of a camera before it is opened. */
export interface NativeDeviceInfo {
  vendor: string;
  model: string;
  serial: string;
  interface: string;
  address: string;
  id: string;
}

export interface NativeOpenedCamera extends NativeDeviceInfo {
  /** Process-wide handle: valid in every worker thread of this process until closed. */
  handle: number;
}

/** What every native error carries; src/errors.ts gives the code its meaning. */
export interface NativeErrorInfo {
  code: string;
  sdkCode: number;
  message: string;
}

export type CameraOp =
  | { op: 'has' | 'getBool' | 'getEnum' | 'getInt' | 'execute'; name: string }
  | { op: 'setBool'; name: string; value: boolean };

export type CameraOpResult =
  | { ok: true; value?: boolean | string | bigint }
  | { ok: false; error: NativeErrorInfo };

/** A rig as the native sim driver takes it: every field present (src/cameras/rigFile.ts fills defaults). */
export interface NativeSimCamera {
  serial: string;
  model: string;
  vendor: string;
  interface: string;
  offsetNs: bigint;
  driftPpb: number;
  latchJitterNs: number;
  latency: {
    medianUs: number;
    sigma: number;
    tailProbability: number;
    tailUs: number;
    latchPoint: number;
    latchPointJitter: number;
  };
  features: 'ptp' | 'gev1588' | 'none';
  /** PTP on and converged from the start; false: disabled until `check` enables it. */
  ptpEnabled: boolean;
  role: 'slave' | 'master';
  listeningMs: number;
  uncalibratedMs: number;
  enableLatencyMs: number;
  servoOffsetNs: number;
  faults: {
    stopAnsweringAtSample: number;
    sdkTimeoutMs: number;
    slowMs: number;
    neverConverges: boolean;
    becomeMasterAfterMs: number;
    faultyAfterMs: number;
    grandmasterId: string;
  };
}

export interface NativeSimRig {
  hostClockId: string;
  hostRole: 'grandmaster' | 'slave' | 'none';
  outsideGrandmasterId: string;
  seed: bigint;
  cameras: NativeSimCamera[];
}

export type NativeDriverOptions =
  | { backend: 'sim'; libraryPath: string; rig: NativeSimRig }
  | { backend: 'aravis' | 'ic4'; libraryPath: string };

export interface LatchEngineOptions {
  strategy: 'parallel' | 'sequential';
  samples: number;
  intervalNs: bigint;
  timeoutNs: bigint;
  batchSize: number;
  /** Pin the camera threads round-robin over the allowed CPUs (see src/native/core/cpu_affinity.h). */
  pinThreads: boolean;
}

/** Column-major: entry [s * cameras + c] is camera c in the batch's sample s. */
export interface LatchBatchEvent {
  type: 'batch';
  firstIndex: number;
  count: number;
  cameras: number;
  values: BigUint64Array;
  fireNs: BigInt64Array;
  ackNs: BigInt64Array;
  doneNs: BigInt64Array;
  codes: Int32Array;
  sdkCodes: Int32Array;
  failures: { sample: number; camera: number; code: string; message: string }[];
}

export interface LatchDoneEvent {
  type: 'done';
  end: 'completed' | 'stopped' | 'abandoned';
  samplesDone: number;
}

export type LatchEvent = LatchBatchEvent | LatchDoneEvent;

export interface NativeLatchEngine {
  /** Finish the sample in progress, deliver what was measured, then end. */
  stop(): void;
  /** stop(), then resolve once every native thread of this engine has been joined. */
  close(): Promise<void>;
}

export interface CpuAvailability {
  cpu: number;
  /** Fraction of time the CPU stayed unavailable ≥ 20 µs from a random instant. */
  beyond20us: number;
  beyond50us: number;
  /** Gaps ≥ 20 µs per second. */
  gapsPerS: number;
}

export interface NativeAddon {
  listDevices(options: NativeDriverOptions): Promise<NativeDeviceInfo[]>;
  openCameras(options: NativeDriverOptions, serials: string[]): Promise<NativeOpenedCamera[]>;
  closeCamera(handle: number): Promise<boolean>;
  cameraCall(handle: number, ops: CameraOp[]): Promise<CameraOpResult[]>;
  cameraCallSync(handle: number, ops: CameraOp[]): CameraOpResult[];
  nativeStats(): { openCameras: number; nativeThreads: number };
  /** Host CLOCK_REALTIME in ns, the clock fire/ack stamps use. */
  realtimeNs(): bigint;
  /** One busy thread pinned per allowed CPU for durationMs: how often each CPU was taken away (bench only). */
  measureCpuAvailability(durationMs: number): Promise<CpuAvailability[]>;
  LatchEngine: new (
    handles: number[],
    options: LatchEngineOptions,
    onEvent: (event: LatchEvent) => void,
  ) => NativeLatchEngine;
}

const require = createRequire(import.meta.url);
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = require('node-gyp-build') as (dir: string) => unknown;

export const addon = load(process.env.PTPCAM_ADDON_PATH ?? packageRoot) as NativeAddon;
