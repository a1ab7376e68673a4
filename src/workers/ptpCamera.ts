/**
 * Piscina task file: one camera's PTP enable, data-set read and off/on reset. Runs in a worker thread and
 * blocks on the camera (cameraCallSync), which is what the pool is for: a slow camera holds one thread, not
 * the event loop. Camera handles are process-wide, so the main thread's handle is valid here.
 */
import { addon, type CameraOp, type CameraOpResult, type NativeErrorInfo } from '../binding.js';
import {
  DATASET_FEATURES,
  ENABLE_FEATURES,
  formatClockId,
  LATCH_FEATURES,
  mapPtpState,
  STATUS_FEATURES,
  TIMESTAMP_LATCH,
  TIMESTAMP_LATCH_VALUE,
} from '../check/ptpState.js';
import type { CameraFeatures, CameraReading, CameraTask, EnableOutcome, HostDelta, ResetOutcome } from '../check/types.js';

const PROBED = [
  ...ENABLE_FEATURES,
  ...STATUS_FEATURES,
  ...LATCH_FEATURES,
  ...Object.values(DATASET_FEATURES),
  TIMESTAMP_LATCH,
  TIMESTAMP_LATCH_VALUE,
];

const EMPTY_READING: CameraReading = {
  statusRaw: null, state: null, servo: null, offsetFromMasterNs: null, grandmasterId: null, parentId: null, clockId: null, errors: [],
};

function errorOf(r: CameraOpResult | undefined): NativeErrorInfo | null {
  if (r === undefined) return { code: 'ERR_INTERNAL', sdkCode: 0, message: 'no result for op' };
  return r.ok ? null : r.error;
}

export function discover(handle: number): CameraFeatures {
  const res = addon.cameraCallSync(handle, PROBED.map((name): CameraOp => ({ op: 'has', name })));
  const present = new Set(PROBED.filter((_, i) => {
    const r = res[i];
    return r !== undefined && r.ok && r.value === true;
  }));
  const first = (names: readonly string[]): string | null => names.find((n) => present.has(n)) ?? null;
  const one = (name: string): string | null => (present.has(name) ? name : null);
  return {
    enable: first(ENABLE_FEATURES),
    status: first(STATUS_FEATURES),
    statusType: 'enum',
    latch: first(LATCH_FEATURES),
    servo: one(DATASET_FEATURES.servo),
    offset: one(DATASET_FEATURES.offset),
    grandmaster: one(DATASET_FEATURES.grandmaster),
    parent: one(DATASET_FEATURES.parent),
    clockId: one(DATASET_FEATURES.clockId),
    timestampLatch: present.has(TIMESTAMP_LATCH) && present.has(TIMESTAMP_LATCH_VALUE),
  };
}

/** Latch and read in one op list, under the camera's lock, so the values come from the same snapshot. */
export function readDataSet(handle: number, f: CameraFeatures): CameraReading {
  const ops: CameraOp[] = [];
  const slot = (op: CameraOp | null): number => {
    if (op === null) return -1;
    ops.push(op);
    return ops.length - 1;
  };
  const iLatch = slot(f.latch ? { op: 'execute', name: f.latch } : null);
  const iStatus = slot(f.status ? { op: f.statusType === 'int' ? 'getInt' : 'getEnum', name: f.status } : null);
  const iServo = slot(f.servo ? { op: 'getEnum', name: f.servo } : null);
  const iOffset = slot(f.offset ? { op: 'getInt', name: f.offset } : null);
  const iGm = slot(f.grandmaster ? { op: 'getInt', name: f.grandmaster } : null);
  const iParent = slot(f.parent ? { op: 'getInt', name: f.parent } : null);
  const iClock = slot(f.clockId ? { op: 'getInt', name: f.clockId } : null);
  const res = ops.length > 0 ? addon.cameraCallSync(handle, ops) : [];
  const errors: string[] = [];
  const pick = (i: number): boolean | string | bigint | undefined => {
    if (i < 0) return undefined;
    const r = res[i];
    if (r === undefined) return undefined;
    if (!r.ok) {
      errors.push(`${ops[i]?.name ?? '?'}: ${r.error.message}`);
      return undefined;
    }
    return r.value;
  };
  pick(iLatch);
  const status = pick(iStatus);
  const servo = pick(iServo);
  const offset = pick(iOffset);
  const gm = pick(iGm);
  const parent = pick(iParent);
  const clock = pick(iClock);
  const statusRaw = typeof status === 'string' ? status : typeof status === 'bigint' ? status.toString() : null;
  // A clock ID of 0 is what a camera shows before it has chosen a master: no identity, not a real one.
  const id = (v: unknown): string | null => (typeof v === 'bigint' && v !== 0n ? formatClockId(v) : null);
  return {
    statusRaw,
    state: mapPtpState(statusRaw),
    servo: typeof servo === 'string' ? servo : null,
    offsetFromMasterNs: typeof offset === 'bigint' ? offset : null,
    grandmasterId: id(gm),
    parentId: id(parent),
    clockId: id(clock),
    errors,
  };
}

function cancelled(cancel: SharedArrayBuffer | undefined): boolean {
  return cancel !== undefined && Atomics.load(new Int32Array(cancel), 0) !== 0;
}

const CANCELLED: NativeErrorInfo = { code: 'ERR_CANCELLED', sdkCode: 0, message: 'the caller stopped waiting' };

function enable(handle: number, cancel: SharedArrayBuffer | undefined): EnableOutcome {
  let features = discover(handle);
  if (features.enable === null && features.status === null) return { features, enabled: false, error: null, reading: null };
  if (cancelled(cancel)) return { features, enabled: false, error: CANCELLED, reading: null };
  if (features.enable !== null) {
    const [r] = addon.cameraCallSync(handle, [{ op: 'setBool', name: features.enable, value: true }]);
    const error = errorOf(r);
    if (error !== null) return { features, enabled: false, error, reading: null };
  }
  if (cancelled(cancel)) return { features, enabled: true, error: CANCELLED, reading: null };
  let reading = readDataSet(handle, features);
  if (features.status !== null && reading.statusRaw === null && !cancelled(cancel)) {
    // Decided once here so that every later poll asks with the right type.
    const [probe] = addon.cameraCallSync(handle, [{ op: 'getEnum', name: features.status }]);
    if (probe !== undefined && !probe.ok && probe.error.code === 'ERR_FEATURE_TYPE') {
      features = { ...features, statusType: 'int' };
      reading = readDataSet(handle, features);
    }
  }
  return { features, enabled: true, error: null, reading };
}

/** Faulty ports leave that state on re-initialisation (IEEE 1588 §9.2.6): off, then on. */
function reset(handle: number, f: CameraFeatures): ResetOutcome {
  if (f.enable === null) return { ok: false, error: { code: 'ERR_FEATURE_MISSING', sdkCode: 0, message: 'no PTP enable feature to toggle' } };
  const res = addon.cameraCallSync(handle, [
    { op: 'setBool', name: f.enable, value: false },
    { op: 'setBool', name: f.enable, value: true },
  ]);
  const error = errorOf(res[0]) ?? errorOf(res[1]);
  return { ok: error === null, error };
}

/** Host CLOCK_REALTIME in ns, the clock the latch engine stamps with. */
function wallNs(): bigint {
  return addon.realtimeNs();
}

/**
 * Latches the camera clock `tries` times and keeps the try with the shortest round trip, taking the host time
 * halfway through it: the error is at most half that round trip. Done here, blocking, rather than with an
 * async call on the main thread, whose completion can wait behind the event loop for far longer than the
 * camera took.
 */
function hostDelta(handle: number, tries: number): HostDelta | null {
  let best: HostDelta | null = null;
  for (let i = 0; i < tries; i++) {
    const before = wallNs();
    const r = addon.cameraCallSync(handle, [
      { op: 'execute', name: TIMESTAMP_LATCH },
      { op: 'getInt', name: TIMESTAMP_LATCH_VALUE },
    ]);
    const after = wallNs();
    const v = r[1];
    if (!r[0]?.ok || v === undefined || !v.ok || typeof v.value !== 'bigint') return best;
    const trip = after - before;
    if (best === null || trip < best.roundTripNs) best = { deltaNs: v.value - (before + after) / 2n, roundTripNs: trip };
  }
  return best;
}

/**
 * Holds this thread until every pool thread has arrived, so each thread runs exactly one warmup task and all
 * of them have loaded this module: the enable tasks that follow then really run side by side.
 */
function warmup(arrived: SharedArrayBuffer, threads: number, timeoutMs: number): boolean {
  const count = new Int32Array(arrived);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
  const deadline = Date.now() + timeoutMs;
  for (let seen = Atomics.load(count, 0); seen < threads; seen = Atomics.load(count, 0)) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(count, 0, seen, left);
  }
  return true;
}

export default function ptpCameraTask(task: CameraTask): EnableOutcome | CameraReading | ResetOutcome | HostDelta | boolean | null {
  switch (task.kind) {
    case 'warmup':
      return warmup(task.arrived, task.threads, task.timeoutMs);
    case 'enable':
      return enable(task.handle, task.cancel);
    case 'read':
      if (cancelled(task.cancel)) return { ...EMPTY_READING, errors: [CANCELLED.message] };
      return readDataSet(task.handle, task.features);
    case 'reset':
      return reset(task.handle, task.features);
    case 'hostDelta':
      return hostDelta(task.handle, task.tries);
  }
}
