/**
 * What a timestat run takes from the world: the cameras (backend, open, calls, close), the host's PTP, and the
 * native sampling engines. Production passes the addon's (nativeTimestatDeps); tests pass fakes, so the run's
 * own logic (start-up, signals, teardown, outcomes) is tested without the native addon, as check's session is.
 */
import { addon, type NativeDriverOptions, type NativeOpenedCamera } from '../binding.js';
import { resolveBackend, type BackendChoice, type ResolvedBackend } from '../cameras/backend.js';
import type { CameraBinding } from '../cameras/cameraApi.js';
import type { CloseBinding } from '../cameras/closeRig.js';
import { readHostPtp, type HostPtp, type ReadHostPtpOptions } from '../host/hostReport.js';
import { prepareActionCameras } from '../action/arming.js';
import { startActionRun } from '../action/actionRun.js';
import { startLatchRun } from '../latch/latchRun.js';

export interface TimestatDeps {
  resolveBackend(choice: BackendChoice): Promise<ResolvedBackend>;
  openCameras(driver: NativeDriverOptions, serials: string[]): Promise<NativeOpenedCamera[]>;
  /** Feature reads (latch features, PTP views) and the bounded close at the end. */
  cameras: CameraBinding & CloseBinding;
  readHostPtp(opts: ReadHostPtpOptions): Promise<HostPtp>;
  startLatchRun: typeof startLatchRun;
  startActionRun: typeof startActionRun;
  prepareActionCameras: typeof prepareActionCameras;
}

export function nativeTimestatDeps(): TimestatDeps {
  return {
    resolveBackend,
    openCameras: (driver, serials) => addon.openCameras(driver, serials),
    cameras: {
      cameraCall: (handle, ops) => addon.cameraCall(handle, ops),
      closeCamera: (handle) => addon.closeCamera(handle),
    },
    readHostPtp,
    startLatchRun,
    startActionRun,
    prepareActionCameras,
  };
}
