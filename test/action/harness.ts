/**
 * A stand-alone action-method run, for tests and benches until `timestat --method action` exists: opens the
 * cameras, arms them, runs, restores, and prints JSON lines on stdout. It is a process of its own so that a test
 * can run it inside the lab's namespace and send it SIGINT mid-acquisition.
 *
 *   node --import tsx test/action/harness.ts '<json>'
 *     { "mode": "run" | "readback" | "scramble", "backend": "sim" | "aravis", "rig"?: <rig file object>,
 *       "serials": [...], "samples"?: 100, "intervalMs"?: 1, "timeoutMs"?: 200, "ack"?: false,
 *       "deviceKey"?, "groupKey"?, "groupMask"?, "forceUnicast"?: false }
 *
 * Lines: {"type":"armed",cameras:[{serial,tickHz,changed,unrestorable}]}, then {"type":"sample",...} per sample,
 * then {"type":"summary",reason,end,samplesDone,destinations,kernelStamps,lateFrames,lostFrames,errors,restored,
 * restoreError,readback}. SIGINT/SIGTERM: stop after the sample in progress, restore, read back, summary with
 * reason "interrupted", exit 130/143; otherwise exit 1 when any camera failed in any sample (the latch method's
 * rule). "readback" prints {"type":"readback",cameras:{serial: settings}}; "scramble" leaves each camera in a
 * state arming must change everywhere (test/action/support.ts) and prints its read-back.
 */
import { startActionRun } from '../../src/action/actionRun.js';
import { prepareActionCameras } from '../../src/action/arming.js';
import type { ActionCameraLatch, ActionSetup } from '../../src/action/types.js';
import { addon, type NativeDriverOptions, type NativeOpenedCamera } from '../../src/binding.js';
import { parseRig } from '../../src/cameras/rigFile.js';
import { toPtpcamError } from '../../src/errors.js';
import { readActionSettings, scramble, type Snapshot } from './support.js';

interface HarnessOptions {
  mode?: 'run' | 'readback' | 'scramble';
  backend: 'sim' | 'aravis';
  rig?: unknown;
  serials: string[];
  samples?: number;
  intervalMs?: number;
  timeoutMs?: number;
  ack?: boolean;
  deviceKey?: number;
  groupKey?: number;
  groupMask?: number;
  forceUnicast?: boolean;
  startDelayMs?: number;
}

const out = (o: unknown): void => {
  process.stdout.write(`${JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
};

async function readback(cams: NativeOpenedCamera[]): Promise<Record<string, Snapshot>> {
  const r: Record<string, Snapshot> = {};
  for (const c of cams) r[c.serial] = await readActionSettings(c.handle);
  return r;
}

async function main(): Promise<number> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as HarnessOptions;
  const driver: NativeDriverOptions =
    opts.backend === 'sim'
      ? { backend: 'sim', libraryPath: '', rig: parseRig(opts.rig ?? { cameras: opts.serials.map((serial) => ({ serial })) }).native }
      : { backend: 'aravis', libraryPath: '' };
  if (opts.backend === 'aravis') await addon.listDevices(driver);
  const cams = await addon.openCameras(driver, opts.serials);
  try {
    if (opts.mode === 'readback') {
      out({ type: 'readback', cameras: await readback(cams) });
      return 0;
    }
    if (opts.mode === 'scramble') {
      for (const c of cams) await scramble(c.handle);
      out({ type: 'readback', cameras: await readback(cams) });
      return 0;
    }
    return await run(cams, opts);
  } finally {
    for (const c of cams) await addon.closeCamera(c.handle);
  }
}

async function run(cams: NativeOpenedCamera[], opts: HarnessOptions): Promise<number> {
  const keys = {
    ...(opts.deviceKey !== undefined ? { deviceKey: opts.deviceKey } : {}),
    ...(opts.groupKey !== undefined ? { groupKey: opts.groupKey } : {}),
    ...(opts.groupMask !== undefined ? { groupMask: opts.groupMask } : {}),
  };
  const setup: ActionSetup = await prepareActionCameras(cams, { keys });
  let signal: NodeJS.Signals | undefined;
  let exit = 0;
  let result: Awaited<ReturnType<typeof startActionRun>['finished']> | undefined;
  let failure: string | undefined;
  const errors = cams.map(() => 0);
  try {
    out({ type: 'armed', cameras: setup.cameras });
    const r = startActionRun(
      cams.map((c) => c.handle),
      {
        samples: opts.samples ?? 100,
        intervalNs: BigInt(Math.round((opts.intervalMs ?? 1) * 1e6)),
        timeoutNs: BigInt(Math.round((opts.timeoutMs ?? 200) * 1e6)),
        setup,
        ack: opts.ack ?? false,
        forceUnicast: opts.forceUnicast ?? false,
        ...(opts.startDelayMs !== undefined ? { startDelayNs: BigInt(Math.round(opts.startDelayMs * 1e6)) } : {}),
      },
      (samples) => {
        for (const s of samples) {
          s.cameras.forEach((c, i) => {
            if (c.error !== null) errors[i]!++;
          });
          out({
            type: 'sample',
            index: s.index,
            cameras: s.cameras.map((c, i) => {
              const a = c as ActionCameraLatch;
              return { serial: cams[i]!.serial, value: a.value, fireNs: a.fireNs, doneNs: a.doneNs, sendSource: a.sendSource, blockId: a.blockId, acked: a.acked, error: a.error };
            }),
          });
        }
      },
    );
    const onSignal = (sig: NodeJS.Signals): void => {
      signal ??= sig;
      r.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    result = await r.finished;
  } catch (e) {
    failure = toPtpcamError(e).message;
    exit = 1;
  }
  let restored = true;
  let restoreError: string | undefined;
  try {
    await setup.restore();
  } catch (e) {
    restored = false;
    restoreError = toPtpcamError(e).message;
    exit = 1;
  }
  // A camera the restore could not reach (lost) would only time out on every read: read back the others.
  const back = await readback(cams.filter((c) => restoreError === undefined || !restoreError.includes(c.serial)));
  out({
    type: 'summary',
    reason: signal !== undefined ? 'interrupted' : failure !== undefined ? 'error' : 'completed',
    error: failure ?? null,
    ...(result ?? {}),
    errors: Object.fromEntries(cams.map((c, i) => [c.serial, errors[i]!])),
    restored,
    restoreError: restoreError ?? null,
    readback: back,
  });
  if (signal === 'SIGINT') return 130;
  if (signal === 'SIGTERM') return 143;
  // The latch method's rule: a camera that failed in a sample makes the run exit 1.
  return errors.some((n) => n > 0) ? 1 : exit;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`harness: ${toPtpcamError(e).message}\n`);
    process.exit(1);
  },
);
