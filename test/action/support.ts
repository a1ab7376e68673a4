/**
 * Test helpers for the action method: a full read-back of every setting arming may change (every trigger selector's
 * mode and source, every action selector's keys, ROI, pixel format, acquisition mode), taken so that the
 * snapshot itself leaves the camera as it found it.
 */
import { addon, type ActionFeatureOp, type ActionFeatureResult } from '../../src/binding.js';

export type Snapshot = Record<string, string>;

async function one(handle: number, op: ActionFeatureOp): Promise<ActionFeatureResult> {
  const [r] = await addon.actionFeatureCall(handle, [op]);
  return r!;
}

function text(r: ActionFeatureResult): string {
  if (!r.ok) return `error:${r.error.code}`;
  return typeof r.value === 'bigint' || typeof r.value === 'string' || typeof r.value === 'boolean' ? String(r.value) : JSON.stringify(r.value);
}

export async function readActionSettings(handle: number): Promise<Snapshot> {
  const s: Snapshot = {};
  for (const name of ['AcquisitionMode', 'PixelFormat']) s[name] = text(await one(handle, { op: 'getEnum', name }));
  for (const name of ['Width', 'Height', 'OffsetX', 'OffsetY']) s[name] = text(await one(handle, { op: 'getInt', name }));

  const trigger = await one(handle, { op: 'getEnum', name: 'TriggerSelector' });
  s['TriggerSelector'] = text(trigger);
  if (trigger.ok) {
    const entries = await one(handle, { op: 'enumEntries', name: 'TriggerSelector' });
    for (const sel of entries.ok && Array.isArray(entries.value) ? entries.value : []) {
      await one(handle, { op: 'setEnum', name: 'TriggerSelector', value: sel });
      s[`TriggerMode[${sel}]`] = text(await one(handle, { op: 'getEnum', name: 'TriggerMode' }));
      s[`TriggerSource[${sel}]`] = text(await one(handle, { op: 'getEnum', name: 'TriggerSource' }));
    }
    await one(handle, { op: 'setEnum', name: 'TriggerSelector', value: String(trigger.value) });
  }

  const action = await one(handle, { op: 'getInt', name: 'ActionSelector' });
  s['ActionSelector'] = text(action);
  if (action.ok) {
    const range = await one(handle, { op: 'intRange', name: 'ActionSelector' });
    if (range.ok && range.value !== undefined && typeof range.value === 'object' && !Array.isArray(range.value)) {
      for (let sel = range.value.min; sel <= range.value.max; sel++) {
        await one(handle, { op: 'setInt', name: 'ActionSelector', value: sel });
        s[`ActionGroupKey[${sel}]`] = text(await one(handle, { op: 'getInt', name: 'ActionGroupKey' }));
        s[`ActionGroupMask[${sel}]`] = text(await one(handle, { op: 'getInt', name: 'ActionGroupMask' }));
      }
    }
    await one(handle, { op: 'setInt', name: 'ActionSelector', value: action.value as bigint });
  }
  return s;
}

/**
 * Leaves a camera the way another application might have: wherever the camera allows it, not what arming wants
 * (another trigger selector selected, FrameStart triggered by something else, other action keys, another ROI,
 * pixel format and acquisition mode).
 */
export async function scramble(handle: number): Promise<void> {
  const entries = async (name: string): Promise<string[]> => {
    const r = await one(handle, { op: 'enumEntries', name });
    return r.ok && Array.isArray(r.value) ? r.value : [];
  };
  const range = async (name: string): Promise<{ min: bigint; max: bigint; inc: bigint } | undefined> => {
    const r = await one(handle, { op: 'intRange', name });
    return r.ok && r.value !== undefined && typeof r.value === 'object' && !Array.isArray(r.value) ? r.value : undefined;
  };
  const must = async (op: ActionFeatureOp): Promise<void> => {
    const r = await one(handle, op);
    if (!r.ok) throw new Error(`scramble: ${JSON.stringify(op, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))} failed: ${r.error.message}`);
  };
  await must({ op: 'setEnum', name: 'TriggerSelector', value: 'FrameStart' });
  await must({ op: 'setEnum', name: 'TriggerMode', value: 'On' });
  const source = (await entries('TriggerSource')).find((e) => e !== 'Action1');
  if (source !== undefined) await must({ op: 'setEnum', name: 'TriggerSource', value: source });
  const other = (await entries('TriggerSelector')).find((e) => e !== 'FrameStart');
  if (other !== undefined) await must({ op: 'setEnum', name: 'TriggerSelector', value: other });
  const sel = await range('ActionSelector');
  if (sel !== undefined) {
    await must({ op: 'setInt', name: 'ActionSelector', value: sel.min });
    await must({ op: 'setInt', name: 'ActionGroupKey', value: 77n });
    await must({ op: 'setInt', name: 'ActionSelector', value: sel.max });
    await must({ op: 'setInt', name: 'ActionGroupMask', value: 0x10n });
  }
  const width = await range('Width');
  if (width !== undefined && width.max - width.inc >= width.min) {
    await must({ op: 'setInt', name: 'Width', value: width.max - width.inc });
    const x = await range('OffsetX');
    if (x !== undefined && x.max >= x.min + x.inc) await must({ op: 'setInt', name: 'OffsetX', value: x.min + x.inc });
  }
  const mode = (await entries('AcquisitionMode')).find((e) => e !== 'Continuous');
  if (mode !== undefined) await must({ op: 'setEnum', name: 'AcquisitionMode', value: mode });
  const format = (await entries('PixelFormat')).find((e) => e !== 'Mono8');
  if (format !== undefined) await must({ op: 'setEnum', name: 'PixelFormat', value: format });
}
