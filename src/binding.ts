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
    /** Action method: frames from this one on (0-based) never arrive; -1 never. */
    stopStreamingAtFrame: number;
    /** Action method: each triggered frame is lost with this probability. */
    missFrameProbability: number;
    /** Action method: the camera ignores every action command (as with a device key that never matches). */
    ignoreActions: boolean;
  };
  /** How the camera answers GVCP action commands (src/native/core/sim/sim_action.h). */
  action: {
    /** false: no ActionDeviceKey, and TriggerSource lacks Action1. */
    supported: boolean;
    triggerLatencyNs: number;
    triggerJitterNs: number;
    fanoutJitterNs: number;
    /** GevTimestampTickFrequency. */
    tickHz: bigint;
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
  /** Parallel: fire threads SCHED_FIFO, sleeping until the release (src/native/core/realtime.h); may be refused. */
  realtime: boolean;
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
  /** Cameras (by index) whose thread is still inside an SDK call: joined later, when the call returns. */
  busyCameras: number[];
  /** The fire threads ran SCHED_FIFO. */
  realtime: boolean;
  /** Why real-time scheduling was asked for and refused (strerror), e.g. "Operation not permitted". */
  realtimeRefused?: string;
  /** Real-time runs: samples released on the gate's cap because a CPU was held over a millisecond. */
  gateCapped: number;
}

export interface NativeBusyCamera {
  serial: string;
  /** How long its SDK call has run. */
  busyMs: number;
  /** A close is waiting for it. */
  closing: boolean;
}

export type LatchEvent = LatchBatchEvent | LatchDoneEvent;

export interface NativeLatchEngine {
  /** Finish the sample in progress, deliver what was measured, then end. */
  stop(): void;
  /** stop(), then resolve once every native thread of this engine has been joined. */
  close(): Promise<void>;
}

/** Options of one action-command run; src/action/actionRun.ts fills every field. */
export interface ActionEngineOptions {
  deviceKey: number;
  groupKey: number;
  groupMask: number;
  samples: number;
  intervalNs: bigint;
  /** Per sample: how long every camera's frame may take. */
  timeoutNs: bigint;
  ackTimeoutNs: bigint;
  /** After acquisition started, before the first action. */
  startDelayNs: bigint;
  batchSize: number;
  /** Frame buffers per stream. */
  buffers: number;
  /** Ask for ACTION_ACK (a camera that ignores the action is then named as such). */
  ack: boolean;
  /** One packet per camera instead of one broadcast per subnet. */
  forceUnicast: boolean;
  /** Use the kernel's transmit timestamp of each send where the socket offers it. */
  kernelStamps: boolean;
  /** Per camera: GevTimestampTickFrequency (used natively only to place frames). */
  tickHz: bigint[];
}

/** Column-major: entry [s * cameras + c] is camera c in the batch's sample s. */
export interface ActionBatchEvent {
  type: 'batch';
  firstIndex: number;
  count: number;
  cameras: number;
  /** Frame timestamps, raw: ticks of GevTimestampTickFrequency, or ns where `tsIsNs` is 1. */
  timestamps: BigUint64Array;
  tsIsNs: Uint8Array;
  /** Host CLOCK_REALTIME at which the action left for this camera. */
  sentNs: BigInt64Array;
  /** 0 clock around sendmsg, 1 kernel transmit stamp, 2 simulated (no wire). */
  sentSource: Uint8Array;
  arrivalNs: BigInt64Array;
  blockIds: BigUint64Array;
  /** -1 not asked, 0 no ACTION_ACK, 1 acked. */
  acked: Int8Array;
  codes: Int32Array;
  sdkCodes: Int32Array;
  failures: { sample: number; camera: number; code: string; message: string }[];
}

export interface ActionDoneEvent {
  type: 'done';
  end: 'completed' | 'stopped' | 'abandoned' | 'failed';
  samplesDone: number;
  error: NativeErrorInfo | null;
  /** Where the packets went: "169.254.255.255 (broadcast on h0)", "10.0.0.7 (unicast)". */
  destinations: string[];
  kernelStamps: boolean;
  /** Per camera: frames that came after their action had timed out. */
  lateFrames: number[];
  /** Per camera: frames the block ids say the stream lost. */
  lostFrames: number[];
  /** Per camera: why its stream could not be stopped and its stream settings put back; null when they were. */
  stopErrors: (NativeErrorInfo | null)[];
}

export type ActionEvent = ActionBatchEvent | ActionDoneEvent;

export interface NativeActionEngine {
  stop(): void;
  close(): Promise<void>;
}

/** Feature access for arming (src/action/arming.ts). */
export type ActionFeatureOp =
  | { op: 'has' | 'access' | 'getEnum' | 'enumEntries' | 'getInt' | 'intRange' | 'execute'; name: string }
  | { op: 'setEnum'; name: string; value: string }
  | { op: 'setInt'; name: string; value: bigint };

export type ActionFeatureResult =
  | { ok: true; value?: boolean | string | bigint | string[] | { min: bigint; max: bigint; inc: bigint } }
  | { ok: false; error: NativeErrorInfo };

export interface SendActionOptions {
  address: string;
  deviceKey: number;
  groupKey: number;
  groupMask: number;
  ack: boolean;
  kernelStamps: boolean;
  forceUnicast: boolean;
  count: number;
  ackTimeoutNs: bigint;
}

export interface SendActionResult {
  destination: string;
  localPort: number;
  kernelStamps: boolean;
  sends: { sentNs: bigint; source: 'kernel' | 'clock'; syscallNs: number }[];
  acks: { sample: number; from: string; status: number }[];
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
  /** Cameras inside an SDK call (or a close) right now: what a normal process exit would wait for. */
  busyCameras(): NativeBusyCamera[];
  /** Ends the process now with `code`, without waiting for stuck SDK calls (stdio is flushed first). */
  exitNow(code: number): never;
  /** Host CLOCK_REALTIME in ns, the clock fire/ack stamps use. */
  realtimeNs(): bigint;
  /** One busy thread pinned per allowed CPU for durationMs: how often each CPU was taken away (bench only). */
  measureCpuAvailability(durationMs: number): Promise<CpuAvailability[]>;
  LatchEngine: new (
    handles: number[],
    options: LatchEngineOptions,
    onEvent: (event: LatchEvent) => void,
  ) => NativeLatchEngine;
  /** Throws (ERR_INVALID_ARGUMENT) when a camera has no IPv4 address to send an action command to. */
  ActionEngine: new (
    handles: number[],
    options: ActionEngineOptions,
    onEvent: (event: ActionEvent) => void,
  ) => NativeActionEngine;
  actionFeatureCall(handle: number, ops: ActionFeatureOp[]): Promise<ActionFeatureResult[]>;
  /** Sends `count` ACTION_CMDs to one address (tests, bench); synchronous. */
  sendActionCommand(options: SendActionOptions): SendActionResult;
  /** Native threads of action engines alive in this process. */
  actionThreads(): number;
}

const require = createRequire(import.meta.url);
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = require('node-gyp-build') as (dir: string) => unknown;

let loaded: NativeAddon | undefined;

/**
 * The addon, loaded on first use rather than at import: `ptpcam report` and `--help` need no camera code, and
 * must work on a machine where the native build is missing (a failed load then surfaces as the command's one-line
 * error, where it is used).
 */
/** The addon if this process has loaded it (nothing native can be busy otherwise); never loads it. */
export function loadedAddon(): NativeAddon | undefined {
  return loaded;
}

export const addon: NativeAddon = new Proxy({} as NativeAddon, {
  get(_target, key) {
    loaded ??= load(process.env.PTPCAM_ADDON_PATH ?? packageRoot) as NativeAddon;
    return (loaded as unknown as Record<string | symbol, unknown>)[key];
  },
});
