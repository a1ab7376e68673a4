/**
 * Arms cameras for the action-command method and puts them back afterwards. Every write is preceded by a read of
 * the value it replaces and logged with the selector it was made under (TriggerMode/TriggerSource live per
 * TriggerSelector, ActionGroupKey/Mask per ActionSelector); restore() replays the log backwards, re-selecting
 * as it goes, so a camera is left as it was found. Only ActionDeviceKey cannot be put back: SFNC makes it
 * write-only (see defaults.ts for what ptpcam does about it). Values that are already right are not written.
 */
import type { NativeOpenedCamera } from '../binding.js';
import { PtpcamError, toPtpcamError } from '../errors.js';
import { CameraFeatures, nativeFeatureCaller } from './cameraFeatures.js';
import { DEFAULT_ACTION_KEYS, SMALLEST_PIXEL_FORMATS } from './defaults.js';
import { checkAction1, checkActionFeatures, unsupported } from './featureCheck.js';
import type { ActionCameraSetup, ActionFeatureCaller, ActionKeys, ActionSetup } from './types.js';

export interface PrepareActionOptions {
  /** The keys to arm and send; DEFAULT_ACTION_KEYS for those not given. */
  keys?: Partial<ActionKeys>;
  /** Shrink each camera's frame (ROI, pixel format) so streaming is cheap (default true). */
  smallestPayload?: boolean;
  /** Feature access; the addon's by default (unit tests inject a fake). */
  call?: ActionFeatureCaller;
}

interface Selected {
  selector: string;
  value: string | bigint;
}

interface Change {
  name: string;
  old: string | bigint;
  under: Selected[];
}

const FRAME_START: Selected = { selector: 'TriggerSelector', value: 'FrameStart' };
const UNREACHABLE = new Set(['ERR_CAMERA_TIMEOUT', 'ERR_CAMERA_CLOSED', 'ERR_CAMERA_NOT_FOUND']);

function label(name: string, under: Selected[]): string {
  return under.length === 0 ? name : `${name}[${under.map((u) => String(u.value)).join(',')}]`;
}

async function write(cam: CameraFeatures, name: string, value: string | bigint): Promise<void> {
  if (typeof value === 'bigint') await cam.setInt(name, value);
  else await cam.setEnum(name, value);
}

/** One camera's changes, and how to undo them. */
class CameraArming {
  readonly log: Change[] = [];
  readonly unrestorable: string[] = [];
  tickHz = 0n;

  constructor(readonly cam: CameraFeatures) {}

  /** Reads the current value (under the selectors already set), writes when it differs, logs the change. */
  async set(name: string, value: string | bigint, under: Selected[] = []): Promise<void> {
    const old = typeof value === 'bigint' ? await this.cam.getInt(name) : await this.cam.getEnum(name);
    if (old === value) return;
    await write(this.cam, name, value);
    this.log.push({ name, old, under });
  }

  async arm(keys: ActionKeys, smallest: boolean): Promise<void> {
    const cam = this.cam;
    await this.set('TriggerSelector', 'FrameStart');
    await checkAction1(cam);
    await this.set('TriggerSource', 'Action1', [FRAME_START]);
    await this.set('TriggerMode', 'On', [FRAME_START]);

    const actionSelected: Selected[] = [];
    if (await cam.has('ActionSelector')) {
      await this.set('ActionSelector', 1n);
      actionSelected.push({ selector: 'ActionSelector', value: 1n });
    }
    // SFNC makes the key write-only; a backend that cannot tell (IC4 reports only read-only) gets a read attempt.
    let readable = false;
    if ((await cam.access('ActionDeviceKey')) === 'RW') {
      readable = await cam.getInt('ActionDeviceKey').then(
        () => true,
        () => false,
      );
    }
    if (readable) {
      await this.set('ActionDeviceKey', BigInt(keys.deviceKey));
    } else {
      await cam.setInt('ActionDeviceKey', BigInt(keys.deviceKey));
      this.unrestorable.push('ActionDeviceKey');
    }
    await this.set('ActionGroupKey', BigInt(keys.groupKey), actionSelected);
    await this.set('ActionGroupMask', BigInt(keys.groupMask), actionSelected);
    await this.set('AcquisitionMode', 'Continuous');
    if (smallest) await this.shrink();

    this.tickHz = await cam.getInt('GevTimestampTickFrequency');
    if (this.tickHz <= 0n) throw unsupported(cam.serial, `its GevTimestampTickFrequency is ${this.tickHz}`);
  }

  /** The smallest frame the camera allows: offsets to 0 first, so the size may shrink to its minimum. */
  private async shrink(): Promise<void> {
    const cam = this.cam;
    if ((await cam.has('PixelFormat')) && (await cam.access('PixelFormat')) === 'RW') {
      const entries = await cam.entries('PixelFormat');
      const small = SMALLEST_PIXEL_FORMATS.find((f) => entries.includes(f));
      if (small !== undefined) await this.set('PixelFormat', small);
    }
    for (const name of ['OffsetX', 'OffsetY']) {
      if ((await cam.has(name)) && (await cam.access(name)) === 'RW') await this.set(name, 0n);
    }
    for (const name of ['Width', 'Height']) {
      if ((await cam.has(name)) && (await cam.access(name)) === 'RW') await this.set(name, (await cam.range(name)).min);
    }
  }

  /** Undoes the log backwards; returns what could not be undone (each with its reason). */
  async undo(): Promise<string[]> {
    const failed: string[] = [];
    // A stream left running (a run that did not end cleanly) would lock the ROI and the acquisition mode.
    try {
      if (await this.cam.has('AcquisitionStop')) await this.cam.execute('AcquisitionStop');
    } catch {
      // best effort: the writes below say what is really wrong
    }
    for (let i = this.log.length - 1; i >= 0; i--) {
      const c = this.log[i]!;
      try {
        for (const u of c.under) await write(this.cam, u.selector, u.value);
        await write(this.cam, c.name, c.old);
      } catch (e) {
        const err = toPtpcamError(e);
        failed.push(`${label(c.name, c.under)} (${err.message})`);
        // A camera that no longer answers would make every further write wait out the SDK's timeout.
        if (UNREACHABLE.has(err.code)) {
          const rest = this.log.slice(0, i).reverse().map((r) => label(r.name, r.under));
          if (rest.length > 0) failed.push(`${rest.join(', ')} (not tried: the camera no longer answers)`);
          break;
        }
      }
    }
    this.log.length = 0;
    return failed;
  }
}

/**
 * Checks every camera first (nothing is changed when one cannot take action commands), then arms them all in
 * parallel. On any failure, whatever was already changed is put back before the error is thrown.
 */
export async function prepareActionCameras(
  cameras: NativeOpenedCamera[],
  opts: PrepareActionOptions = {},
): Promise<ActionSetup> {
  const keys: ActionKeys = { ...DEFAULT_ACTION_KEYS, ...opts.keys };
  for (const [name, v] of Object.entries(keys)) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) {
      throw new PtpcamError('ERR_USAGE', `action ${name} must be a 32-bit unsigned integer, got ${v}`);
    }
  }
  const call = opts.call ?? nativeFeatureCaller;
  const armings = cameras.map((c) => new CameraArming(new CameraFeatures(c.serial, c.handle, call)));
  await Promise.all(cameras.map((c, i) => checkActionFeatures(armings[i]!.cam, c.address)));

  let restoring: Promise<void> | undefined;
  const restore = (): Promise<void> =>
    (restoring ??= (async () => {
      const failed = (await Promise.all(armings.map(async (a) => (await a.undo()).map((f) => `${a.cam.serial}: ${f}`)))).flat();
      if (failed.length > 0) {
        throw new PtpcamError('ERR_ACTION_RESTORE', `could not restore camera settings: ${failed.join('; ')}`);
      }
    })());

  const armed = await Promise.allSettled(armings.map((a) => a.arm(keys, opts.smallestPayload ?? true)));
  const failure = armed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure !== undefined) {
    await restore().catch(() => undefined);
    throw toPtpcamError(failure.reason);
  }

  const setups: ActionCameraSetup[] = armings.map((a, i) => ({
    serial: cameras[i]!.serial,
    handle: cameras[i]!.handle,
    tickHz: a.tickHz,
    changed: a.log.map((c) => label(c.name, c.under)),
    unrestorable: [...a.unrestorable],
  }));
  return { keys, cameras: setups, restore };
}
