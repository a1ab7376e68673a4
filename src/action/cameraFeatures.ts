/**
 * One camera's features, one call at a time, as arming and restoring need them: every failure becomes a
 * PtpcamError whose message names the camera.
 */
import { addon, type ActionFeatureOp, type ActionFeatureResult } from '../binding.js';
import { PtpcamError } from '../errors.js';
import type { ActionFeatureCaller } from './types.js';

export const nativeFeatureCaller: ActionFeatureCaller = (handle, ops) => addon.actionFeatureCall(handle, ops);

export type Access = 'RO' | 'WO' | 'RW' | 'NA';

export class CameraFeatures {
  constructor(
    readonly serial: string,
    readonly handle: number,
    private readonly call: ActionFeatureCaller,
  ) {}

  private async one(op: ActionFeatureOp): Promise<ActionFeatureResult & { ok: true }> {
    const [r] = await this.call(this.handle, [op]);
    if (r === undefined) throw new PtpcamError('ERR_SDK', `camera ${this.serial}: no answer to ${op.op} ${op.name}`);
    if (!r.ok) {
      const message = r.error.message.includes(this.serial) ? r.error.message : `camera ${this.serial}: ${r.error.message}`;
      throw new PtpcamError(r.error.code, message, { sdkCode: r.error.sdkCode });
    }
    return r;
  }

  async has(name: string): Promise<boolean> {
    return (await this.one({ op: 'has', name })).value === true;
  }

  async access(name: string): Promise<Access> {
    const v = (await this.one({ op: 'access', name })).value;
    return v === 'RO' || v === 'WO' || v === 'RW' ? v : 'NA';
  }

  async getEnum(name: string): Promise<string> {
    return String((await this.one({ op: 'getEnum', name })).value);
  }

  async setEnum(name: string, value: string): Promise<void> {
    await this.one({ op: 'setEnum', name, value });
  }

  async entries(name: string): Promise<string[]> {
    const v = (await this.one({ op: 'enumEntries', name })).value;
    return Array.isArray(v) ? v : [];
  }

  async getInt(name: string): Promise<bigint> {
    const v = (await this.one({ op: 'getInt', name })).value;
    if (typeof v !== 'bigint') throw new PtpcamError('ERR_FEATURE_TYPE', `camera ${this.serial}: ${name} is not an integer`);
    return v;
  }

  async setInt(name: string, value: bigint): Promise<void> {
    await this.one({ op: 'setInt', name, value });
  }

  async range(name: string): Promise<{ min: bigint; max: bigint; inc: bigint }> {
    const v = (await this.one({ op: 'intRange', name })).value;
    if (v === undefined || typeof v !== 'object' || Array.isArray(v)) {
      throw new PtpcamError('ERR_FEATURE_TYPE', `camera ${this.serial}: ${name} has no integer range`);
    }
    return v;
  }

  async execute(name: string): Promise<void> {
    await this.one({ op: 'execute', name });
  }
}
