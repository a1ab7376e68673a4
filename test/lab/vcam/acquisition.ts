// Image format, acquisition and trigger features, and the action signals: what turns a trigger (an action
// command, TriggerSoftware, or free run) into a frame on the stream channel, stamped with the camera's clock
// at the trigger's arrival plus the camera's trigger latency, in ticks of GevTimestampTickFrequency.
import type { ActionKeys } from './actionCommand.js';
import type { CameraClock } from './cameraClock.js';
import type { FeatureRegister, RxContext } from './featureRegister.js';
import { Status } from './gvcpPacket.js';
import { PIXEL_FORMAT_MONO8, type ImageInfo } from './gvspPacket.js';
import { StreamFeature } from './registerMap.js';
import type { FrameTrigger, StampSink } from './stampLog.js';
import type { StreamChannel } from './streamChannel.js';

export const ACQUISITION_MODES = ['Continuous', 'SingleFrame'] as const;
export type AcquisitionMode = (typeof ACQUISITION_MODES)[number];
export const TRIGGER_MODES = ['Off', 'On'] as const;
export const TRIGGER_SELECTORS = ['FrameStart'] as const;
/** Register values of TriggerSource; the XML of a camera without action support leaves Action1/2 out. */
export const TRIGGER_SOURCE_VALUE = { Software: 0, Line0: 1, Action1: 2, Action2: 3 } as const;
export type TriggerSource = keyof typeof TRIGGER_SOURCE_VALUE;
export const ACTION_SIGNALS = 2;
/** Image size bounds: the smallest frame is cheap to stream (8 × 8 Mono8 is one payload packet). */
export const SIZE = { MIN: 8, MAX: 64, INC: 8 } as const;

export interface AcquisitionOptions {
  tickFrequencyHz: bigint;
  /** Constant delay from trigger to exposure start, added to the frame timestamp (one camera model's). */
  triggerLatencyNs: bigint;
  width: number;
  height: number;
  /** Free-run frame period when TriggerMode is Off. */
  freeRunPeriodMs: number;
  /** Fault: stream this many frames, then send none (the camera still answers GVCP). */
  stopStreamingAfterFrames?: number;
}

export class Acquisition {
  width: number;
  height: number;
  mode: AcquisitionMode = 'Continuous';
  triggerMode: 'Off' | 'On' = 'Off';
  triggerSource: TriggerSource = 'Software';
  running = false;
  deviceKey = 0;
  selector = 1;
  readonly groups = Array.from({ length: ACTION_SIGNALS }, () => ({ groupKey: 0, groupMask: 0 }));
  private freeRun: NodeJS.Timeout | undefined;
  private framesStreamed = 0;

  constructor(
    private readonly opts: AcquisitionOptions,
    private readonly stream: StreamChannel,
    private readonly clock: CameraClock,
    private readonly log: StampSink,
    /** False once the controlling application is gone: its stream goes with it. */
    private readonly controlled: () => boolean,
  ) {
    this.width = opts.width;
    this.height = opts.height;
  }

  get keys(): ActionKeys {
    return { deviceKey: this.deviceKey, groups: this.groups };
  }

  get image(): ImageInfo {
    return { pixelFormat: PIXEL_FORMAT_MONO8, width: this.width, height: this.height, offsetX: 0, offsetY: 0 };
  }

  get payloadSize(): number {
    return this.width * this.height;
  }

  /** Camera ns → timestamp ticks (floor), exact in bigint. */
  ticks(cameraNs: bigint): bigint {
    return (cameraNs * this.opts.tickFrequencyHz) / 1_000_000_000n;
  }

  start(): void {
    this.running = true;
    this.armFreeRun();
  }

  stop(): void {
    this.running = false;
    this.armFreeRun();
  }

  private armFreeRun(): void {
    const want = this.running && this.triggerMode === 'Off';
    if (want && !this.freeRun) {
      this.freeRun = setInterval(() => this.frame('FreeRun', this.clock.nowNs()), this.opts.freeRunPeriodMs);
    } else if (!want && this.freeRun) {
      clearInterval(this.freeRun);
      this.freeRun = undefined;
    }
  }

  /** A trigger arrived at camera time `cameraNs`; it starts a frame if the trigger configuration says so. */
  trigger(source: Exclude<FrameTrigger, 'FreeRun'>, cameraNs: bigint): boolean {
    if (!this.running || this.triggerMode !== 'On' || this.triggerSource !== source) return false;
    return this.frame(source, cameraNs);
  }

  private frame(source: FrameTrigger, cameraNs: bigint): boolean {
    if (!this.controlled()) {
      // The application that opened the stream is gone (released control or stopped heartbeating).
      this.stop();
      this.stream.close();
      return false;
    }
    const limit = this.opts.stopStreamingAfterFrames;
    if (limit !== undefined && this.framesStreamed >= limit) return false;
    const stampNs = cameraNs + this.opts.triggerLatencyNs;
    const data = Buffer.alloc(this.payloadSize, this.stream.framesSent & 0xff);
    const blockId = this.stream.sendFrame(this.ticks(stampNs), this.image, data);
    if (blockId === undefined) return false;
    this.framesStreamed++;
    this.log.frame(blockId, stampNs, source);
    if (this.mode === 'SingleFrame') this.stop();
    return true;
  }

  /** The feature registers behind the SFNC image, acquisition, trigger and action features. */
  registers(actions: boolean): Map<number, FeatureRegister> {
    const r = new Map<number, FeatureRegister>();
    const size = (get: () => number, set: (v: number) => void): FeatureRegister => ({
      length: 4,
      read: () => BigInt(get()),
      write: (v) => {
        if (this.running) return Status.ACCESS_DENIED;
        if (v < SIZE.MIN || v > SIZE.MAX || v % SIZE.INC !== 0) return Status.INVALID_PARAMETER;
        set(v);
        return Status.SUCCESS;
      },
    });
    const zero: FeatureRegister = { length: 4, read: () => 0n, write: (v) => (v === 0 ? Status.SUCCESS : Status.INVALID_PARAMETER) };
    r.set(StreamFeature.WIDTH, size(() => this.width, (v) => (this.width = v)));
    r.set(StreamFeature.HEIGHT, size(() => this.height, (v) => (this.height = v)));
    r.set(StreamFeature.OFFSET_X, zero);
    r.set(StreamFeature.OFFSET_Y, zero);
    r.set(StreamFeature.PIXEL_FORMAT, {
      length: 4,
      read: () => BigInt(PIXEL_FORMAT_MONO8),
      write: (v) => (v >>> 0 === PIXEL_FORMAT_MONO8 ? Status.SUCCESS : Status.INVALID_PARAMETER),
    });
    r.set(StreamFeature.PAYLOAD_SIZE, { length: 4, read: () => BigInt(this.payloadSize) });
    r.set(StreamFeature.ACQUISITION_MODE, {
      length: 4,
      read: () => BigInt(ACQUISITION_MODES.indexOf(this.mode)),
      write: (v) => {
        const m = ACQUISITION_MODES[v];
        if (m === undefined) return Status.INVALID_PARAMETER;
        this.mode = m;
        return Status.SUCCESS;
      },
    });
    r.set(StreamFeature.ACQUISITION_START, { length: 4, write: () => this.start() });
    r.set(StreamFeature.ACQUISITION_STOP, { length: 4, write: () => this.stop() });
    r.set(StreamFeature.TRIGGER_SELECTOR, { length: 4, read: () => 0n, write: (v) => (v === 0 ? Status.SUCCESS : Status.INVALID_PARAMETER) });
    r.set(StreamFeature.TRIGGER_MODE, {
      length: 4,
      read: () => BigInt(TRIGGER_MODES.indexOf(this.triggerMode)),
      write: (v) => {
        const m = TRIGGER_MODES[v];
        if (m === undefined) return Status.INVALID_PARAMETER;
        this.triggerMode = m;
        this.armFreeRun();
        return Status.SUCCESS;
      },
    });
    r.set(StreamFeature.TRIGGER_SOURCE, {
      length: 4,
      read: () => BigInt(TRIGGER_SOURCE_VALUE[this.triggerSource]),
      write: (v) => {
        const entry = Object.entries(TRIGGER_SOURCE_VALUE).find(([, value]) => value === v);
        if (!entry || (!actions && entry[0].startsWith('Action'))) return Status.INVALID_PARAMETER;
        this.triggerSource = entry[0] as TriggerSource;
        return Status.SUCCESS;
      },
    });
    r.set(StreamFeature.TRIGGER_SOFTWARE, { length: 4, write: (_v, rx: RxContext) => void this.trigger('Software', rx.cameraNs) });
    if (actions) {
      // SFNC: ActionDeviceKey is write-only, so an application cannot read it back to restore it.
      r.set(StreamFeature.ACTION_DEVICE_KEY, { length: 4, write: (v) => void (this.deviceKey = v >>> 0) });
      r.set(StreamFeature.ACTION_SELECTOR, {
        length: 4,
        read: () => BigInt(this.selector),
        write: (v) => {
          if (v < 1 || v > ACTION_SIGNALS) return Status.INVALID_PARAMETER;
          this.selector = v;
          return Status.SUCCESS;
        },
      });
      // The selector picks which action signal's key and mask the next access reaches, as on real cameras.
      r.set(StreamFeature.ACTION_GROUP_KEY, {
        length: 4,
        read: () => BigInt(this.groups[this.selector - 1]!.groupKey),
        write: (v) => void (this.groups[this.selector - 1]!.groupKey = v >>> 0),
      });
      r.set(StreamFeature.ACTION_GROUP_MASK, {
        length: 4,
        read: () => BigInt(this.groups[this.selector - 1]!.groupMask),
        write: (v) => void (this.groups[this.selector - 1]!.groupMask = v >>> 0),
      });
    }
    return r;
  }

  close(): void {
    this.running = false;
    this.armFreeRun();
  }
}
