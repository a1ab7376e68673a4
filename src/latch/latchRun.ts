/**
 * The TypeScript side of the native LatchEngine: turns its column-major batches into LatchSample records and
 * exposes one promise for the end of the run, settled only after every native thread has been joined.
 */
import { addon, type LatchBatchEvent, type LatchDoneEvent, type LatchEngineOptions, type NativeLatchEngine } from '../binding.js';
import { listenToEngine } from './engineListener.js';
import type { CameraLatch, LatchSample } from './types.js';

export type LatchEnd = LatchDoneEvent['end'];

export interface LatchRunResult {
  end: LatchEnd;
  samplesDone: number;
  /**
   * Cameras (by index) still inside an SDK call when the run ended: their threads are joined when the calls
   * return (the SDK's own timeout), which the run does not wait for.
   */
  busyCameras: number[];
  /** The fire threads ran SCHED_FIFO; `realtimeRefused` says why not when it was asked for. */
  realtime: boolean;
  realtimeRefused?: string;
  /** Real-time runs: samples whose fire threads did not all reach the release together (a CPU held over 1 ms). */
  gateCapped: number;
}

export interface LatchRun {
  /** Ends after the sample in progress; everything measured is still delivered. */
  stop(): void;
  readonly finished: Promise<LatchRunResult>;
}

/** A batch's failed cells by their column-major index (sample offset × cameras + camera); both engines' layout. */
export function failuresByCell(batch: {
  firstIndex: number;
  cameras: number;
  failures: readonly { sample: number; camera: number; code: string; message: string }[];
}): Map<number, { code: string; message: string }> {
  const failures = new Map<number, { code: string; message: string }>();
  for (const f of batch.failures) failures.set((f.sample - batch.firstIndex) * batch.cameras + f.camera, f);
  return failures;
}

export function samplesFromBatch(batch: LatchBatchEvent): LatchSample[] {
  const failures = failuresByCell(batch);
  const out: LatchSample[] = new Array(batch.count);
  for (let s = 0; s < batch.count; s++) {
    const cameras: CameraLatch[] = new Array(batch.cameras);
    for (let c = 0; c < batch.cameras; c++) {
      const at = s * batch.cameras + c;
      const failed = batch.codes[at] !== 0;
      const f = failed ? failures.get(at) : undefined;
      cameras[c] = {
        value: failed ? null : batch.values[at]!,
        fireNs: batch.fireNs[at]!,
        ackNs: batch.ackNs[at]!,
        doneNs: batch.doneNs[at]!,
        error: failed
          ? { code: f?.code ?? 'ERR_SDK', sdkCode: batch.sdkCodes[at]!, message: f?.message ?? 'latch failed' }
          : null,
      };
    }
    out[s] = { index: batch.firstIndex + s, cameras };
  }
  return out;
}

/** What a run may leave out; startLatchRun fills in the defaults. */
export type LatchRunOptions = Omit<LatchEngineOptions, 'pinThreads' | 'realtime'> & { pinThreads?: boolean; realtime?: boolean };

/**
 * Pinning is off by default: on an idle host it made no measurable difference (npm run bench prints both), and
 * pinned threads cannot leave a CPU that another process keeps busy (8-camera spread p50 3.7 ms vs 56 µs).
 */
export const DEFAULT_PIN_THREADS = false;

/**
 * Starts sampling at once. `onSamples` runs on the main thread for every batch, in order; if it throws, the
 * run is stopped and `finished` rejects with that error once the threads are joined.
 */
export function startLatchRun(
  handles: number[],
  runOptions: LatchRunOptions,
  onSamples: (samples: LatchSample[]) => void,
): LatchRun {
  const options: LatchEngineOptions = { ...runOptions, pinThreads: runOptions.pinThreads ?? DEFAULT_PIN_THREADS, realtime: runOptions.realtime ?? false };
  const { engine, done, failure } = listenToEngine<LatchBatchEvent, LatchDoneEvent, NativeLatchEngine>(
    (listener) => new addon.LatchEngine(handles, options, listener),
    (batch) => onSamples(samplesFromBatch(batch)),
  );

  const finished = (async (): Promise<LatchRunResult> => {
    const d = await done;
    const closed = engine.close();
    // Every sample is delivered by now. A camera stuck in an SDK call keeps its thread until the call returns;
    // the engine joins it on a pool thread, and the run ends without waiting (bounded shutdown).
    if (d.busyCameras.length === 0) await closed;
    else closed.catch(() => undefined);
    if (failure() !== undefined) throw failure();
    return {
      end: d.end,
      samplesDone: d.samplesDone,
      busyCameras: d.busyCameras,
      realtime: d.realtime,
      gateCapped: d.gateCapped,
      ...(d.realtimeRefused !== undefined ? { realtimeRefused: d.realtimeRefused } : {}),
    };
  })();

  return { stop: () => engine.stop(), finished };
}
