/**
 * A command's start-up, before anything is measured or changed: discovering the cameras, opening them, starting
 * check's worker threads, asking ptp4l, reading the cameras' PTP views (timestat). A SIGINT/SIGTERM there ends the
 * command at once with an interrupted report instead of waiting for the step to finish and then starting work
 * only to abort it. Native calls cannot be
 * cancelled, so a step in progress is abandoned, not stopped: what it still hands back later (cameras opened
 * after all) is given to `onLate` so it can be closed.
 */
export type StartupPhase = 'discovery' | 'opening' | 'workers' | 'host-ptp' | 'ptp-views';

export class StartupInterrupted extends Error {
  constructor(readonly phase: StartupPhase) {
    super(`interrupted during start-up (${phase})`);
    this.name = 'StartupInterrupted';
  }
}

/** Throws StartupInterrupted when `signal` has fired (between steps). */
export function stopIfInterrupted(signal: AbortSignal, phase: StartupPhase): void {
  if (signal.aborted) throw new StartupInterrupted(phase);
}

/**
 * The result of `start()`, or StartupInterrupted as soon as `signal` fires; a step not yet started when it fired
 * is never started. A result that arrives after the signal goes to `onLate`; a failure after it is of no interest
 * (the check is over).
 */
export async function untilInterrupted<T>(signal: AbortSignal, phase: StartupPhase, start: () => Promise<T>, onLate?: (late: T) => void): Promise<T> {
  stopIfInterrupted(signal, phase);
  const work = start();
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const onAbort = (): void => {
      abandoned = true;
      reject(new StartupInterrupted(phase));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (abandoned) onLate?.(v);
        else resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!abandoned) reject(e);
      },
    );
  });
}

/** Sleeps `ms`, or less when `signal` aborts first; never rejects (the caller looks at the signal). */
export function interruptibleSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((done) => {
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
