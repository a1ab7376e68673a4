/**
 * How the process ends once a command has returned its exit code. Normally the event loop simply runs out. When
 * a camera is still inside an SDK call (a camera lost or hung mid-run; the command has already said so and
 * written every sample), a normal exit would wait for that call: libuv joins its pool threads and the addon's
 * cleanup closes every camera. The command's verdict is final, so the process ends at once with it, after
 * stdout has drained, without waiting for the stuck call (the kernel closes its socket).
 */
import { loadedAddon } from '../binding.js';

/** How long a reader of stdout gets to take the last lines before the process ends regardless. */
const DRAIN_WAIT_MS = 2000;

function stdoutDrained(): Promise<void> {
  if (process.stdout.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_WAIT_MS);
    process.stdout.once('drain', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function endProcess(code: number): void {
  process.exitCode = code;
  const native = loadedAddon();
  if (native === undefined || native.busyCameras().length === 0) return;
  void stdoutDrained().then(() => native.exitNow(code));
}
