/**
 * Piscina task file: one camera's PTP enable, data-set read and off/on reset. Runs in a worker thread and
 * blocks on the camera (cameraCallSync), which is what the pool is for: a slow camera holds one thread, not
 * the event loop. Camera handles are process-wide, so the main thread's handle is valid here.
 */
import { addon, type NativeErrorInfo } from '../binding.js';
import { CameraApi, OpList } from '../cameras/cameraApi.js';
import { discoverSync, EMPTY_READING, readDataSetSync, type CameraFeatures, type CameraReading } from '../cameras/ptpDataSet.js';
import { TIMESTAMP_LATCH, TIMESTAMP_LATCH_VALUE } from '../cameras/ptpState.js';
import type { CameraTask, EnableOutcome, HostDelta, ResetOutcome } from '../check/types.js';
import { CAMERAS } from '../i18n/errorText/cameras.js';

const camera = new CameraApi(addon);

function cancelled(cancel: SharedArrayBuffer | undefined): boolean {
  return cancel !== undefined && Atomics.load(new Int32Array(cancel), 0) !== 0;
}

const CANCELLED: NativeErrorInfo = { code: 'ERR_CANCELLED', sdkCode: 0, message: CAMERAS.cancelled.en };

function enable(handle: number, cancel: SharedArrayBuffer | undefined): EnableOutcome {
  const features = discoverSync(camera, handle);
  if (features.enable === null && features.status === null) return { features, enabled: false, error: null, reading: null };
  if (cancelled(cancel)) return { features, enabled: false, error: CANCELLED, reading: null };
  if (features.enable !== null) {
    const list = new OpList();
    const set = list.setBool(features.enable, true);
    const error = camera.runSync(handle, list).error(set);
    if (error !== null) return { features, enabled: false, error, reading: null };
  }
  if (cancelled(cancel)) return { features, enabled: true, error: CANCELLED, reading: null };
  // The status type (enumeration or integer) is settled by this first read, so every later poll asks right.
  const read = readDataSetSync(camera, handle, features);
  return { features: read.features, enabled: true, error: null, reading: read.reading };
}

/** Faulty ports leave that state on re-initialisation (IEEE 1588 §9.2.6): off, then on. */
function reset(handle: number, f: CameraFeatures): ResetOutcome {
  if (f.enable === null) return { ok: false, error: { code: 'ERR_FEATURE_MISSING', sdkCode: 0, message: CAMERAS.noEnableFeature.en } };
  const list = new OpList();
  const off = list.setBool(f.enable, false);
  const on = list.setBool(f.enable, true);
  const r = camera.runSync(handle, list);
  const error = r.error(off) ?? r.error(on);
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
    const list = new OpList();
    const fire = list.execute(TIMESTAMP_LATCH);
    const value = list.getInt(TIMESTAMP_LATCH_VALUE);
    const before = wallNs();
    const r = camera.runSync(handle, list);
    const after = wallNs();
    const v = r.value(value);
    if (r.error(fire) !== null || v === undefined) return best;
    const trip = after - before;
    if (best === null || trip < best.roundTripNs) best = { deltaNs: v - (before + after) / 2n, roundTripNs: trip };
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
      return readDataSetSync(camera, task.handle, task.features).reading;
    case 'reset':
      return reset(task.handle, task.features);
    case 'hostDelta':
      return hostDelta(task.handle, task.tries);
  }
}
