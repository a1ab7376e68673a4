/**
 * Closing a command's cameras, bounded. A close waits for the SDK call in progress on that camera, and a camera
 * lost mid-run can keep one going for the SDK's whole timeout and retries (Aravis: seconds). A command ends within
 * `waitMs` of asking: the cameras still closing then are returned, and the process ends without waiting for them
 * (src/cli/processEnd.ts), as a killed process would: the kernel closes their sockets and the camera drops the
 * control channel when its heartbeat lapses.
 *
 * Imports only types: the binding is passed in, so this can be tested without the addon.
 */
import type { NativeOpenedCamera } from '../binding.js';

export interface CloseBinding {
  closeCamera(handle: number): Promise<boolean>;
}

export interface RigClosed {
  /** Serials whose close had not returned after `waitMs` (it goes on in the background). */
  stillClosing: string[];
}

/**
 * Closes every camera; waits up to `waitMs` for those not in `stuck` (known to be inside an SDK call that will
 * not return soon: their close is started, never waited for).
 */
export async function closeRig(
  binding: CloseBinding,
  cameras: readonly NativeOpenedCamera[],
  waitMs: number,
  stuck: ReadonlySet<string> = new Set(),
): Promise<RigClosed> {
  const closing = new Set(cameras.map((c) => c.serial));
  const closes = cameras.map((c) => {
    const closed = binding
      .closeCamera(c.handle)
      .catch(() => false)
      .then(() => void closing.delete(c.serial));
    return stuck.has(c.serial) ? Promise.resolve() : closed;
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  await Promise.race([Promise.all(closes), late]);
  clearTimeout(timer);
  return { stillClosing: cameras.map((c) => c.serial).filter((s) => closing.has(s)) };
}
