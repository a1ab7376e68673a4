/**
 * A typed view of `cameraCall(handle, ops[])`: callers add typed steps to an op list and read each step's
 * result by the slot it returned, instead of counting indexes into a hand-built array. One list is one native
 * call, run under the camera's lock, so its values belong together (a data-set latch and its reads).
 *
 * Imports only types from the binding: it is passed in (the addon in production, a fake in tests), so this file
 * and its users can be tested without the native addon.
 */
import type { CameraOp, CameraOpResult, NativeErrorInfo } from '../binding.js';
import { CAMERAS } from '../i18n/errorText/cameras.js';

/** The part of the addon a camera API needs. `cameraCallSync` blocks the calling thread (worker threads only). */
export interface CameraBinding {
  cameraCall(handle: number, ops: CameraOp[]): Promise<CameraOpResult[]>;
  cameraCallSync?(handle: number, ops: CameraOp[]): CameraOpResult[];
}

/** Where one step's result will be; `T` is the value type that step yields. */
export interface Slot<T> {
  readonly index: number;
  readonly name: string;
  /** Type tag only, never set. */
  readonly _value?: T;
}

export class OpList {
  readonly ops: CameraOp[] = [];

  private add<T>(op: CameraOp): Slot<T> {
    this.ops.push(op);
    return { index: this.ops.length - 1, name: op.name };
  }

  has(name: string): Slot<boolean> {
    return this.add({ op: 'has', name });
  }
  getBool(name: string): Slot<boolean> {
    return this.add({ op: 'getBool', name });
  }
  getEnum(name: string): Slot<string> {
    return this.add({ op: 'getEnum', name });
  }
  getInt(name: string): Slot<bigint> {
    return this.add({ op: 'getInt', name });
  }
  execute(name: string): Slot<void> {
    return this.add({ op: 'execute', name });
  }
  setBool(name: string, value: boolean): Slot<void> {
    return this.add({ op: 'setBool', name, value });
  }
  get empty(): boolean {
    return this.ops.length === 0;
  }
}

/** One camera op that failed: the feature it was about and the native error. */
export interface ReadFailure {
  feature: string;
  code: string;
  message: string;
}

const NO_RESULT: NativeErrorInfo = { code: 'ERR_INTERNAL', sdkCode: 0, message: CAMERAS.noResult.en };

export class OpResults {
  constructor(
    private readonly list: OpList,
    private readonly results: readonly CameraOpResult[],
  ) {}

  /** The step's value when it succeeded with a value of the expected kind, else undefined. */
  value(slot: Slot<boolean>): boolean | undefined;
  value(slot: Slot<string>): string | undefined;
  value(slot: Slot<bigint>): bigint | undefined;
  value(slot: Slot<boolean> | Slot<string> | Slot<bigint>): boolean | string | bigint | undefined {
    const r = this.results[slot.index];
    if (r === undefined || !r.ok) return undefined;
    const op = this.list.ops[slot.index]?.op;
    const v = r.value;
    if (op === 'has' || op === 'getBool') return typeof v === 'boolean' ? v : undefined;
    if (op === 'getEnum') return typeof v === 'string' ? v : undefined;
    if (op === 'getInt') return typeof v === 'bigint' ? v : undefined;
    return undefined;
  }

  /** The step's error, null when it succeeded. */
  error(slot: Slot<unknown>): NativeErrorInfo | null {
    const r = this.results[slot.index];
    if (r === undefined) return NO_RESULT;
    return r.ok ? null : r.error;
  }

  /** Every failed step with its code, in op order. */
  failureDetails(): ReadFailure[] {
    return this.list.ops.flatMap((op, i) => {
      const r = this.results[i];
      return r !== undefined && !r.ok ? [{ feature: op.name, code: r.error.code, message: r.error.message }] : [];
    });
  }

  /** Every failed step as `Feature: message`, in op order. */
  failures(): string[] {
    return this.list.ops.flatMap((op, i) => {
      const r = this.results[i];
      return r !== undefined && !r.ok ? [`${op.name}: ${r.error.message}`] : [];
    });
  }
}

/** Typed camera calls over an injected binding. */
export class CameraApi {
  constructor(private readonly binding: CameraBinding) {}

  async run(handle: number, list: OpList): Promise<OpResults> {
    return new OpResults(list, list.empty ? [] : await this.binding.cameraCall(handle, list.ops));
  }

  /** Blocks the calling thread: for worker threads, whose whole job is to wait on one camera. */
  runSync(handle: number, list: OpList): OpResults {
    const sync = this.binding.cameraCallSync;
    if (sync === undefined) throw new Error('this camera binding has no synchronous call');
    return new OpResults(list, list.empty ? [] : sync.call(this.binding, handle, list.ops));
  }

  /** Which of `names` the camera has (and are available now). */
  async features(handle: number, names: readonly string[]): Promise<Set<string>> {
    return present(names, await this.run(handle, probe(names)));
  }

  featuresSync(handle: number, names: readonly string[]): Set<string> {
    return present(names, this.runSync(handle, probe(names)));
  }
}

function probe(names: readonly string[]): OpList {
  const list = new OpList();
  for (const n of names) list.has(n);
  return list;
}

function present(names: readonly string[], r: OpResults): Set<string> {
  return new Set(names.filter((name, index) => r.value({ index, name } as Slot<boolean>) === true));
}
