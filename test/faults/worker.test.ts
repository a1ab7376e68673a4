/**
 * A Piscina worker that throws, or dies, while enabling one camera: the real CameraPool (with a task file that
 * wraps the real ptpCamera task), real sim cameras and the real session loop. `check` has no CLI hook for this,
 * so the row runs in-process (see the report: an env var the worker honours would allow a CLI-level run).
 */
import { fileURLToPath } from 'node:url';

import { pino } from 'pino';
import t from 'tap';

import { addon } from '../../src/binding.js';
import { parseRig } from '../../src/cameras/rigFile.js';
import { SimHostSource } from '../../src/host/hostReport.js';
import { CameraPool } from '../../src/check/pool.js';
import { runSession, type SessionCameraInput } from '../../src/check/session.js';
import { fdTargets, row } from './support.js';

const WORKER = fileURLToPath(new URL('./failingWorker.mjs', import.meta.url));
const cam = (serial: string): Record<string, unknown> => ({ serial, ptpEnabled: false, listeningMs: 100, uncalibratedMs: 100 });

for (const mode of ['throws', 'dies'] as const) {
  t.test(`a worker ${mode} while enabling one camera`, async (t) => {
    const r = row(t, mode === 'throws' ? 'worker-throws' : 'worker-dies');
    const statsBefore = addon.nativeStats();
    const fdsBefore = fdTargets().length;
    const rig = parseRig({ cameras: [cam('W1'), cam('W2'), cam('W3')] });
    const driver = { backend: 'sim' as const, libraryPath: '', rig: rig.native };
    const opened = await addon.openCameras(driver, ['W1', 'W2', 'W3']);
    const victim = opened[1]!;
    process.env.PTPCAM_FAULT_WORKER = JSON.stringify(mode === 'throws' ? { throwOn: victim.handle } : { exitOn: victim.handle });
    const poolErrors: unknown[] = [];
    const pool = new CameraPool(opened.length, { filename: WORKER, onError: (e) => poolErrors.push(e) });
    let result;
    try {
      const inputs: SessionCameraInput[] = opened.map((c, index) => ({ index, serial: c.serial, model: c.model, vendor: c.vendor, interface: c.interface, handle: c.handle }));
      result = await runSession(inputs, { timeoutS: 3, settleS: 0.2, pollMs: 50, resetFaulty: false }, {
        runner: pool,
        host: new SimHostSource(rig.host),
        log: pino({ level: 'silent' }),
      });
    } finally {
      delete process.env.PTPCAM_FAULT_WORKER;
      await pool.destroy();
      await Promise.all(opened.map((c) => addon.closeCamera(c.handle)));
    }
    const [a, b, c] = result.cameras;
    t.match(b, { serial: 'W2', ptp: 'failed' }, 'W2 is reported as failed');
    t.match(b?.error, mode === 'throws' ? /injected failure enabling camera/ : /exit|terminat/i, `W2's error says why: ${b?.error}`);
    t.match(a, { serial: 'W1', ptp: 'enabled', reading: { state: 'SLAVE' } }, 'W1 went on and locked');
    t.match(c, { serial: 'W3', ptp: 'enabled', reading: { state: 'SLAVE' } }, 'W3 went on and locked');
    t.ok(result.judgement.problems.some((p) => p.code === 'camera-failed' && p.serials.includes('W2')), 'the verdict names W2');
    t.equal(result.judgement.converged, false, 'a failed camera keeps the rig from passing');
    t.ok(result.polls > 1, 'polling went on after the failure');
    const stats = addon.nativeStats();
    t.same(stats, statsBefore, `native cameras/threads back to where they were (${JSON.stringify(stats)})`);
    // Piscina's worker threads are gone after destroy(); allow the fds Node itself opens lazily (e.g. an epoll).
    const fdsAfter = fdTargets().length;
    t.ok(fdsAfter <= fdsBefore + 2, `fds back to where they were (${fdsBefore} → ${fdsAfter})`);
    r.observed = `W2 ptp=failed (${b?.error}); W1, W3 ${a?.reading?.state}/${c?.reading?.state} after ${result.polls} polls; nativeStats ${JSON.stringify(stats)}`;
  });
}
