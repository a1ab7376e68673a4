/**
 * `check` enables PTP through a Piscina pool, one task per camera, because a camera's enable blocks for as
 * long as the camera takes to apply it. This measures that choice: 8 simulated cameras that each take 200 ms
 * to apply PtpEnable, through the pool at once against the same tasks one after another.
 */
import { addon } from '../binding.js';
import { parseRig } from '../cameras/rigFile.js';
import { CameraPool } from '../check/pool.js';
import type { EnableOutcome } from '../check/types.js';

const CAMERAS = 8;
const ENABLE_LATENCY_MS = 200;

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function failures(outcomes: readonly EnableOutcome[]): number {
  return outcomes.filter((o) => o.error !== null || !o.enabled).length;
}

export async function benchEnable(): Promise<string[]> {
  const rig = parseRig({
    cameras: Array.from({ length: CAMERAS }, (_, i) => ({
      serial: `EN${String(i + 1).padStart(4, '0')}`,
      ptpEnabled: false,
      enableLatencyMs: ENABLE_LATENCY_MS,
    })),
  });
  const driver = { backend: 'sim' as const, libraryPath: '', rig: rig.native };
  const cams = await addon.openCameras(driver, rig.native.cameras.map((c) => c.serial));
  const pool = new CameraPool(cams.length);
  try {
    // Thread start-up is paid once per run by `check` too, but is not what is compared here.
    await pool.warmup(60_000);
    const handles = cams.map((c) => c.handle);

    // Same worker task, one camera at a time: what a loop over the cameras would cost.
    let t0 = process.hrtime.bigint();
    const serial: EnableOutcome[] = [];
    for (const h of handles) serial.push(await pool.enable(h));
    const serialMs = ms(t0);

    t0 = process.hrtime.bigint();
    const parallel = await Promise.all(handles.map((h) => pool.enable(h)));
    const parallelMs = ms(t0);

    const nominal = CAMERAS * ENABLE_LATENCY_MS;
    return [
      `== PTP enable: ${CAMERAS} simulated cameras, ${ENABLE_LATENCY_MS} ms each to apply PtpEnable ==`,
      `pool (${pool.threads} threads, all at once): ${parallelMs.toFixed(0)} ms; serial: ${serialMs.toFixed(0)} ms (nominal ${CAMERAS} × ${ENABLE_LATENCY_MS} ms = ${nominal} ms)`,
      `speed-up serial/pool ${(serialMs / parallelMs).toFixed(2)}×, nominal/pool ${(nominal / parallelMs).toFixed(2)}× (ideal ${CAMERAS}×); failures pool ${failures(parallel)}, serial ${failures(serial)}`,
    ];
  } finally {
    await pool.destroy();
    await Promise.all(cams.map((c) => addon.closeCamera(c.handle).catch(() => false)));
  }
}
