/**
 * Which camera SDK a run uses. `auto` tries IC4, then Aravis; both are dlopen'ed by the addon, so a machine
 * without either still loads ptpcam and gets one line saying what to install.
 */
import { addon, type NativeDeviceInfo, type NativeDriverOptions } from '../binding.js';
import { PtpcamError, toPtpcamError } from '../errors.js';
import { readRigFile, simpleRig, type SimRig } from './rigFile.js';

export type BackendName = 'auto' | 'sim' | 'aravis' | 'ic4';
export const BACKENDS: readonly BackendName[] = ['auto', 'sim', 'aravis', 'ic4'];

export interface BackendChoice {
  backend: BackendName;
  /** `--sim N` or `--sim rig.json`; implies the sim backend. */
  sim?: string | undefined;
  /** Explicit SDK library for aravis/ic4 (`--sdk-library`). */
  libraryPath?: string | undefined;
}

export interface ResolvedBackend {
  driver: NativeDriverOptions;
  devices: NativeDeviceInfo[];
  /** Set for a simulated rig: its host stands in for ptp4l and every report says so. */
  rig: SimRig | null;
}

export const INSTALL_HINT =
  'no camera SDK found: install Aravis (apt install libaravis-0.8-0) for GigE Vision/USB3 Vision cameras, ' +
  'or The Imaging Source IC4 (ic4-driver and ic4-sdk packages), or try the simulated rig with --sim 4';

function rigFrom(sim: string): SimRig {
  if (/^\d+$/.test(sim)) {
    const n = Number(sim);
    if (n < 1 || n > 64) throw new PtpcamError('ERR_USAGE', `--sim takes 1 to 64 cameras or a rig file, got ${sim}`);
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

export async function resolveBackend(choice: BackendChoice): Promise<ResolvedBackend> {
  if (choice.sim !== undefined || choice.backend === 'sim') {
    const rig = rigFrom(choice.sim ?? '4');
    const driver: NativeDriverOptions = { backend: 'sim', libraryPath: '', rig: rig.native };
    return { driver, devices: await tryList(driver), rig };
  }
  const libraryPath = choice.libraryPath ?? '';
  const order: ('ic4' | 'aravis')[] = choice.backend === 'auto' ? ['ic4', 'aravis'] : [choice.backend];
  let missing: PtpcamError | undefined;
  for (const backend of order) {
    const driver: NativeDriverOptions = { backend, libraryPath };
    try {
      return { driver, devices: await tryList(driver), rig: null };
    } catch (e) {
      const err = toPtpcamError(e);
      if (err.code !== 'ERR_SDK_MISSING') throw err;
      missing = err;
    }
  }
  if (choice.backend === 'auto') throw new PtpcamError('ERR_SDK_MISSING', INSTALL_HINT);
  throw new PtpcamError('ERR_SDK_MISSING', `${missing?.message ?? 'camera SDK missing'}; or try the simulated rig with --sim 4`);
}

/** The serials a run uses: all detected cameras, or the requested ones, each of which must exist. */
export function selectSerials(devices: readonly NativeDeviceInfo[], requested: readonly string[] | undefined): string[] {
  if (devices.length === 0) throw new PtpcamError('ERR_NO_CAMERAS', 'no cameras found');
  if (requested === undefined || requested.length === 0) return devices.map((d) => d.serial);
  const known = new Set(devices.map((d) => d.serial));
  const unknown = requested.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new PtpcamError(
      'ERR_CAMERA_NOT_FOUND',
      `unknown serial ${unknown.join(', ')} (detected: ${devices.map((d) => d.serial).join(', ')})`,
    );
  }
  return [...requested];
}
