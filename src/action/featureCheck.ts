/**
 * Can this camera be triggered by an action command? It needs the SFNC action features, a FrameStart trigger
 * that can take Action1, and a timestamp tick frequency to convert its frame timestamps. A camera that cannot
 * is refused before anything is changed on any camera, with the missing feature named and the latch method
 * suggested.
 */
import { PtpcamError } from '../errors.js';
import type { CameraFeatures } from './cameraFeatures.js';

export const LATCH_HINT = 'use --method latch for this rig';

export function unsupported(serial: string, what: string): PtpcamError {
  return new PtpcamError('ERR_ACTION_UNSUPPORTED', `camera ${serial} cannot take action commands: ${what}; ${LATCH_HINT}`);
}

/** Features that must exist before arming starts (TriggerSource's entries are checked under FrameStart). */
export const REQUIRED_FEATURES = [
  'ActionDeviceKey',
  'ActionGroupKey',
  'ActionGroupMask',
  'TriggerSelector',
  'TriggerMode',
  'TriggerSource',
  'AcquisitionMode',
  'GevTimestampTickFrequency',
] as const;

/** Throws ERR_ACTION_UNSUPPORTED naming the first missing feature; reads only. */
export async function checkActionFeatures(cam: CameraFeatures, address: string): Promise<void> {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address) && !address.startsWith('sim:')) {
    throw unsupported(cam.serial, `it has no IPv4 address ('${address}'), and action commands are GigE Vision UDP packets`);
  }
  for (const name of REQUIRED_FEATURES) {
    if (!(await cam.has(name))) throw unsupported(cam.serial, `it has no ${name} feature`);
  }
  const triggers = await cam.entries('TriggerSelector');
  if (!triggers.includes('FrameStart')) throw unsupported(cam.serial, 'its TriggerSelector has no FrameStart entry');
  const access = await cam.access('ActionDeviceKey');
  if (access !== 'WO' && access !== 'RW') throw unsupported(cam.serial, 'its ActionDeviceKey is not writable');
}

/** Under TriggerSelector=FrameStart: the trigger must accept Action1. */
export async function checkAction1(cam: CameraFeatures): Promise<void> {
  const sources = await cam.entries('TriggerSource');
  if (!sources.includes('Action1')) {
    throw unsupported(cam.serial, `its TriggerSource has no Action1 entry (it offers ${sources.join(', ') || 'none'})`);
  }
}
