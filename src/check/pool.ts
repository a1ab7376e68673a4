/**
 * The Piscina pool that runs src/workers/ptpCamera per camera. Its tasks block on camera I/O, not on the CPU,
 * so the pool is sized by cameras (up to 8), not by cores.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Piscina } from 'piscina';

import type { CameraFeatures, CameraReading } from '../cameras/ptpDataSet.js';
import type { CameraTask, EnableOutcome, HostDelta, ResetOutcome } from './types.js';

export const MAX_POOL_THREADS = 8;

/**
 * Next to this module with this module's extension: dist/workers/ptpCamera.js once compiled, and
 * src/workers/ptpCamera.ts under tsx, whose loader the worker threads inherit through execArgv.
 */
export function cameraWorkerFilename(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), '..', 'workers', `ptpCamera${extname(here)}`);
}

/** What the check needs from a pool; tests substitute one that fails on purpose. */
export interface CameraTaskRunner {
  /** Resolves once every thread is up (false if that took longer than timeoutMs). */
  warmup(timeoutMs: number): Promise<boolean>;
  /**
   * An abort rejects at once and asks the task to stop at its next step; the thread stays busy until the
   * camera call in progress returns, and destroy() waits for that.
   */
  enable(handle: number, signal?: AbortSignal): Promise<EnableOutcome>;
  read(handle: number, features: CameraFeatures, signal?: AbortSignal): Promise<CameraReading>;
  reset(handle: number, features: CameraFeatures): Promise<ResetOutcome>;
  /** Ends the threads, waiting at most `waitMs` for tasks inside a camera call; true when all have ended. */
  destroy(waitMs?: number): Promise<boolean>;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

export class CameraPool implements CameraTaskRunner {
  private readonly pool: Piscina<CameraTask, EnableOutcome | CameraReading | ResetOutcome | HostDelta | boolean | null>;
  private readonly inflight = new Set<Promise<unknown>>();
  readonly threads: number;

  constructor(cameras: number, options: { filename?: string; onError?: (e: unknown) => void } = {}) {
    const filename = options.filename ?? cameraWorkerFilename();
    this.threads = Math.max(1, Math.min(cameras, MAX_POOL_THREADS));
    this.pool = new Piscina({
      filename,
      minThreads: this.threads,
      maxThreads: this.threads,
      // One blocking task per thread: a second task queued on a busy thread would wait behind its camera.
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
    });
    // Errors outside a task (a worker that fails to boot, say) are emitted here; unhandled they would end the
    // process, while the tasks they affect already reject and are reported per camera.
    this.pool.on('error', options.onError ?? (() => undefined));
  }

  /**
   * Piscina's own task abort terminates the worker thread, and terminating a thread that is blocked inside a
   * native camera call aborts the whole process when that call returns. So an abort here only flags the task
   * (`cancel`, read by the worker between camera calls) and stops waiting for it.
   */
  private run<T>(task: CameraTask, cancel: Int32Array | null, signal: AbortSignal | undefined): Promise<T> {
    const p = this.pool.run(task) as Promise<T>;
    const tracked = p.then(
      () => undefined,
      () => undefined,
    );
    this.inflight.add(tracked);
    void tracked.then(() => this.inflight.delete(tracked));
    if (signal === undefined) return p;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (cancel !== null) Atomics.store(cancel, 0, 1);
        reject(abortError(signal));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  async warmup(timeoutMs: number): Promise<boolean> {
    const arrived = new SharedArrayBuffer(4);
    const task: CameraTask = { kind: 'warmup', arrived, threads: this.threads, timeoutMs };
    const done = await Promise.all(Array.from({ length: this.threads }, () => this.run<boolean>(task, null, undefined)));
    return done.every((ok) => ok);
  }

  enable(handle: number, signal?: AbortSignal): Promise<EnableOutcome> {
    const cancel = new SharedArrayBuffer(4);
    return this.run<EnableOutcome>({ kind: 'enable', handle, cancel }, new Int32Array(cancel), signal);
  }

  read(handle: number, features: CameraFeatures, signal?: AbortSignal): Promise<CameraReading> {
    const cancel = new SharedArrayBuffer(4);
    return this.run<CameraReading>({ kind: 'read', handle, features, cancel }, new Int32Array(cancel), signal);
  }

  reset(handle: number, features: CameraFeatures): Promise<ResetOutcome> {
    return this.run<ResetOutcome>({ kind: 'reset', handle, features }, null, undefined);
  }

  hostDelta(handle: number, tries: number): Promise<HostDelta | null> {
    return this.run<HostDelta | null>({ kind: 'hostDelta', handle, tries }, null, undefined);
  }

  /**
   * Waits for tasks still inside a camera call (see run()), then ends the threads. A camera that hangs keeps its
   * thread until the SDK's own timeout; `waitMs` bounds the wait (the rest goes on in the background, and the
   * process's end does not wait for it: src/cli/processEnd.ts). Resolves true when everything has ended.
   */
  async destroy(waitMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const ended = (async (): Promise<true> => {
      while (this.inflight.size > 0) await Promise.all([...this.inflight]);
      await this.pool.destroy();
      return true;
    })();
    if (waitMs === Number.POSITIVE_INFINITY) return ended;
    ended.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    try {
      return await Promise.race([ended, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
