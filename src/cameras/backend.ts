/**
 * Which camera SDK a run uses. `auto` tries IC4, then Aravis (also when IC4 loads but finds no camera); both are
 * dlopen'ed by the addon, so a machine without either still loads ptpcam and gets one line saying what to
 * install. No camera at all is an error that names every backend tried and what it saw.
 */
import { addon, type NativeDeviceInfo, type NativeDriverOptions } from '../binding.js';
import { errorFrom, toPtpcamError, type PtpcamError } from '../errors.js';
import { renderEnglish } from '../i18n/errorTemplate.js';
import { BACKEND_SEEN, CAMERAS, INSTALL_HINT_EN } from '../i18n/errorText/cameras.js';
import { USAGE } from '../i18n/errorText/usage.js';
import { readRigFile, simpleRig, type SimRig } from './rigFile.js';
import { interruptibleSleep } from '../startup.js';

export type BackendName = 'auto' | 'sim' | 'aravis' | 'ic4';
export const BACKENDS: readonly BackendName[] = ['auto', 'sim', 'aravis', 'ic4'];

export interface BackendChoice {
  backend: BackendName;
  /** `--sim N` or `--sim rig.json`; implies the sim backend. */
  sim?: string | undefined;
  /** Explicit SDK library for aravis/ic4 (`--sdk-library`). */
  libraryPath?: string | undefined;
  /** Cuts a simulated discovery short (the caller was interrupted); SDK discovery cannot be cut short. */
  signal?: AbortSignal | undefined;
}

/** One backend `resolveBackend` tried, and what it saw. */
export interface BackendAttempt {
  backend: 'ic4' | 'aravis';
  /** Cameras it listed; null when it could not be used. */
  cameras: number | null;
  /** Why it could not be used (not installed, SDK error), else null. */
  error: { code: string; message: string } | null;
}

export interface ResolvedBackend {
  driver: NativeDriverOptions;
  /** Never empty: no camera at all is ERR_NO_CAMERAS. */
  devices: NativeDeviceInfo[];
  /** Set for a simulated rig: its host stands in for ptp4l and every report says so. */
  rig: SimRig | null;
}

export const INSTALL_HINT = INSTALL_HINT_EN;

function rigFrom(sim: string): SimRig {
  if (/^\d+$/.test(sim)) {
    const n = Number(sim);
    if (n < 1 || n > 64) throw errorFrom(USAGE.simCount, { value: sim });
    return simpleRig(n);
  }
  return readRigFile(sim);
}

async function tryList(driver: NativeDriverOptions): Promise<NativeDeviceInfo[]> {
  try {
    return await addon.listDevices(driver);
  } catch (e) {
    throw toPtpcamError(e);
  }
}

function attemptText(a: BackendAttempt): string {
  const name = a.backend === 'ic4' ? 'IC4' : 'Aravis';
  if (a.cameras !== null) return renderEnglish(BACKEND_SEEN.loaded, { backend: name, count: String(a.cameras) });
  if (a.error?.code === 'ERR_SDK_MISSING') return renderEnglish(BACKEND_SEEN.notInstalled, { backend: name });
  return renderEnglish(BACKEND_SEEN.failed, { backend: name, reason: a.error?.message ?? 'failed' });
}

/** "no cameras found", naming each backend tried and what it saw, with what to check next. */
export function noCamerasError(tried: readonly BackendAttempt[]): PtpcamError {
  return tried.length > 0 ? errorFrom(CAMERAS.noneSeen, { seen: tried.map(attemptText).join('; ') }) : errorFrom(CAMERAS.none, {});
}

export async function resolveBackend(choice: BackendChoice): Promise<ResolvedBackend> {
  if (choice.sim !== undefined || choice.backend === 'sim') {
    const rig = rigFrom(choice.sim ?? '4');
    const driver: NativeDriverOptions = { backend: 'sim', libraryPath: '', rig: rig.native };
    const devices = await tryList(driver);
    // The rig file's discovery time; ends early when the signal fires (the caller then sees it and stops).
    await interruptibleSleep(rig.discoveryMs, choice.signal);
    if (devices.length === 0) throw noCamerasError([]);
    return { driver, devices, rig };
  }
  const libraryPath = choice.libraryPath ?? '';
  const order: ('ic4' | 'aravis')[] = choice.backend === 'auto' ? ['ic4', 'aravis'] : [choice.backend];
  const tried: BackendAttempt[] = [];
  for (const backend of order) {
    const driver: NativeDriverOptions = { backend, libraryPath };
    try {
      const devices = await tryList(driver);
      tried.push({ backend, cameras: devices.length, error: null });
      if (devices.length > 0) return { driver, devices, rig: null };
    } catch (e) {
      const err = toPtpcamError(e);
      // An explicit backend's own failure is the answer; under auto it is one line of the final message.
      if (choice.backend !== 'auto' && err.code !== 'ERR_SDK_MISSING') throw err;
      tried.push({ backend, cameras: null, error: { code: err.code, message: err.message } });
    }
  }
  // Only when every backend is simply not installed is the install hint the whole answer.
  if (tried.some((a) => a.error?.code !== 'ERR_SDK_MISSING')) throw noCamerasError(tried);
  if (choice.backend === 'auto') throw errorFrom(CAMERAS.noSdk, {});
  throw errorFrom(CAMERAS.sdkUnusable, { reason: tried[0]?.error?.message ?? 'camera SDK missing' });
}

/** The serials a run uses: all detected cameras, or the requested ones, each of which must exist. */
export function selectSerials(devices: readonly NativeDeviceInfo[], requested: readonly string[] | undefined): string[] {
  if (devices.length === 0) throw noCamerasError([]);
  if (requested === undefined || requested.length === 0) return devices.map((d) => d.serial);
  const known = new Set(devices.map((d) => d.serial));
  const unknown = requested.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw errorFrom(CAMERAS.unknownSerial, { serials: unknown.join(', '), detected: devices.map((d) => d.serial).join(', ') });
  }
  return [...requested];
}
