/**
 * The Piscina pool that runs src/workers/ptpCamera per camera. Its tasks block on camera I/O, not on the CPU,
 * so the pool is sized by cameras (up to 8), not by cores.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Piscina } from 'piscina';

import type { CameraFeatures, CameraReading, CameraTask, EnableOutcome, ResetOutcome } from './types.js';

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
  enable(handle: number): Promise<EnableOutcome>;
  read(handle: number, features: CameraFeatures): Promise<CameraReading>;
  reset(handle: number, features: CameraFeatures): Promise<ResetOutcome>;
  destroy(): Promise<void>;
}

export class CameraPool implements CameraTaskRunner {
  private readonly pool: Piscina<CameraTask, EnableOutcome | CameraReading | ResetOutcome | boolean>;
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

  async warmup(timeoutMs: number): Promise<boolean> {
    const arrived = new SharedArrayBuffer(4);
    const task: CameraTask = { kind: 'warmup', arrived, threads: this.threads, timeoutMs };
    const done = await Promise.all(Array.from({ length: this.threads }, () => this.pool.run(task) as Promise<boolean>));
    return done.every((ok) => ok);
  }

  enable(handle: number): Promise<EnableOutcome> {
    return this.pool.run({ kind: 'enable', handle }) as Promise<EnableOutcome>;
  }

  read(handle: number, features: CameraFeatures): Promise<CameraReading> {
    return this.pool.run({ kind: 'read', handle, features }) as Promise<CameraReading>;
  }

  reset(handle: number, features: CameraFeatures): Promise<ResetOutcome> {
    return this.pool.run({ kind: 'reset', handle, features }) as Promise<ResetOutcome>;
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
