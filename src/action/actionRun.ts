/**
 * The TypeScript side of the native ActionEngine, with the latch method's interface (src/latch/latchRun.ts):
 * onSamples(LatchSample[]) in order, stop(), finished. Each camera's value is its frame timestamp in ns, converted
 * exactly from its ticks; fireNs = ackNs = the host send instant of that sample's action command.
 */
import { addon, type ActionBatchEvent, type ActionDoneEvent, type ActionEngineOptions, type NativeActionEngine, type NativeErrorInfo } from '../binding.js';
import { listenToEngine } from '../latch/engineListener.js';
import { PtpcamError } from '../errors.js';
import { failuresByCell, type LatchRun, type LatchRunResult } from '../latch/latchRun.js';
import type { LatchSample } from '../latch/types.js';
import { ticksToNs } from './ticks.js';
import type { ActionCameraLatch, ActionSetup, SendStampSource } from './types.js';

export interface ActionRunOptions {
  samples: number;
  intervalNs: bigint;
  /** Per sample: how long every camera's frame may take before it is named ERR_FRAME_MISSED. */
  timeoutNs: bigint;
  /** From prepareActionCameras: the keys and each camera's tick frequency, in the order of `handles`. */
  setup: ActionSetup;
  /** Ask each camera for ACTION_ACK, so one that ignores the action is told apart from one that lost its frame. */
  ack?: boolean;
  /** One packet per camera instead of one broadcast per subnet. */
  forceUnicast?: boolean;
  /** Use kernel transmit stamps where the socket offers them (default true). */
  kernelStamps?: boolean;
  batchSize?: number;
  startDelayNs?: bigint;
}

export interface ActionRunResult extends LatchRunResult {
  destinations: string[];
  kernelStamps: boolean;
  /** Per camera, in handle order. */
  lateFrames: number[];
  lostFrames: number[];
  /** Per camera: the stream settings it could not put back (a camera lost mid-run), else null. */
  stopErrors: (NativeErrorInfo | null)[];
}

export interface ActionRun extends LatchRun {
  readonly finished: Promise<ActionRunResult>;
}

const SOURCES: readonly SendStampSource[] = ['clock', 'kernel', 'simulated'];

/** Column-major batch → samples; `tickHz[c]` converts camera c's ticks (unused where the SDK gave ns). */
export function actionSamplesFromBatch(batch: ActionBatchEvent, tickHz: readonly bigint[]): LatchSample[] {
  const failures = failuresByCell(batch);
  const out: LatchSample[] = new Array(batch.count);
  for (let s = 0; s < batch.count; s++) {
    const cameras: ActionCameraLatch[] = new Array(batch.cameras);
    for (let c = 0; c < batch.cameras; c++) {
      const at = s * batch.cameras + c;
      const failed = batch.codes[at] !== 0;
      const f = failed ? failures.get(at) : undefined;
      const raw = batch.timestamps[at]!;
      const sent = batch.sentNs[at]!;
      const acked = batch.acked[at]!;
      cameras[c] = {
        value: failed ? null : batch.tsIsNs[at] === 1 ? raw : ticksToNs(raw, tickHz[c]!),
        fireNs: sent,
        ackNs: sent,
        doneNs: failed ? sent : batch.arrivalNs[at]!,
        error: failed
          ? { code: f?.code ?? 'ERR_FRAME_MISSED', sdkCode: batch.sdkCodes[at]!, message: f?.message ?? 'no frame' }
          : null,
        sendSource: SOURCES[batch.sentSource[at]!] ?? 'clock',
        blockId: failed ? null : batch.blockIds[at]!,
        acked: acked < 0 ? null : acked === 1,
      };
    }
    out[s] = { index: batch.firstIndex + s, cameras };
  }
  return out;
}

/**
 * Starts at once: each camera's stream starts (in native threads), then one action per sample. `onSamples` runs on
 * the main thread for every batch, in order; if it throws, the run stops and `finished` rejects with that error
 * once every native thread is joined. A stream that cannot start rejects `finished` with the driver's error.
 * Call setup.restore() after `finished` settles (the streams are stopped by then).
 */
export function startActionRun(
  handles: number[],
  options: ActionRunOptions,
  onSamples: (samples: LatchSample[]) => void,
): ActionRun {
  const byHandle = new Map(options.setup.cameras.map((c) => [c.handle, c]));
  const tickHz = handles.map((h) => {
    const c = byHandle.get(h);
    if (c === undefined) throw new PtpcamError('ERR_INVALID_ARGUMENT', `camera handle ${h} was not armed for action commands`);
    return c.tickHz;
  });
  const native: ActionEngineOptions = {
    ...options.setup.keys,
    samples: options.samples,
    intervalNs: options.intervalNs,
    timeoutNs: options.timeoutNs,
    // Acks are awaited within the sample's own deadline (frames are collected meanwhile), so waiting for a camera
    // that never acks costs no more than its missing frame does.
    ackTimeoutNs: options.timeoutNs,
    startDelayNs: options.startDelayNs ?? 50_000_000n,
    batchSize: options.batchSize ?? 256,
    buffers: 8,
    ack: options.ack ?? false,
    forceUnicast: options.forceUnicast ?? false,
    kernelStamps: options.kernelStamps ?? true,
    tickHz,
  };

  const { engine, done, failure } = listenToEngine<ActionBatchEvent, ActionDoneEvent, NativeActionEngine>(
    (listener) => new addon.ActionEngine(handles, native, listener),
    (batch) => onSamples(actionSamplesFromBatch(batch, tickHz)),
  );

  const finished = (async (): Promise<ActionRunResult> => {
    const d = await done;
    await engine.close();
    if (failure() !== undefined) throw failure();
    if (d.end === 'failed') {
      const e = d.error;
      throw new PtpcamError(e?.code ?? 'ERR_SDK', e?.message ?? 'the action run failed', { sdkCode: e?.sdkCode ?? 0 });
    }
    return {
      end: d.end,
      samplesDone: d.samplesDone,
      // The collectors wait for frames in short polls and are always joined: none can be left in a call.
      busyCameras: [],
      realtime: false,
      gateCapped: 0,
      destinations: d.destinations,
      kernelStamps: d.kernelStamps,
      lateFrames: d.lateFrames,
      lostFrames: d.lostFrames,
      stopErrors: d.stopErrors,
    };
  })();

  return { stop: () => engine.stop(), finished };
}
