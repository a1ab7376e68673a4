/**
 * The real Piscina pool and worker task on simulated cameras: a worker that throws or dies while enabling one
 * camera fails that camera only, the pool keeps serving the others, and it shuts down cleanly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import t from 'tap';
import { pino } from 'pino';

import { addon } from '../../src/binding.js';
import { parseRig } from '../../src/cameras/rigFile.js';
import { CameraPool } from '../../src/check/pool.js';
import { enableAll } from '../../src/check/session.js';
import { repoRoot as ROOT } from '../support/cli.js';

t.test('a worker that throws or exits mid-enable fails only its camera', async (t) => {
  const rig = parseRig({
    cameras: ['P1', 'P2', 'P3', 'P4'].map((serial) => ({ serial, ptpEnabled: false, listeningMs: 50, uncalibratedMs: 50 })),
  });
  const cams = await addon.openCameras({ backend: 'sim', libraryPath: '', rig: rig.native }, rig.native.cameras.map((c) => c.serial));
  const dir = mkdtempSync(join(tmpdir(), 'ptpcam-pool-'));
  let pool: CameraPool | undefined;
  t.teardown(async () => {
    await pool?.destroy();
    await Promise.all(cams.map((c) => addon.closeCamera(c.handle).catch(() => false)));
    rmSync(dir, { recursive: true, force: true });
  });

  const [throws, dies] = [cams[1]!.handle, cams[2]!.handle];
  // Plain JS wrapping the compiled task, so the worker thread needs no TypeScript loader.
  const real = pathToFileURL(join(ROOT, 'dist', 'workers', 'ptpCamera.js')).href;
  const worker = join(dir, 'faultyWorker.mjs');
  writeFileSync(
    worker,
    `import task from ${JSON.stringify(real)};
export default function (t) {
  if (t.kind === 'enable' && t.handle === ${throws}) throw Object.assign(new Error('driver blew up'), { code: 'ERR_SDK' });
  if (t.kind === 'enable' && t.handle === ${dies}) process.exit(7);
  return task(t);
}
`,
  );
  pool = new CameraPool(cams.length, { filename: worker });
  const inputs = cams.map((c, index) => ({ index, serial: c.serial, model: c.model, vendor: c.vendor, interface: c.interface, handle: c.handle }));
  const result = await enableAll(pool, inputs, pino({ level: 'silent' }), { timeoutMs: 30_000 });

  t.same(result.map((c) => [c.serial, c.ptp]), [['P1', 'enabled'], ['P2', 'failed'], ['P3', 'failed'], ['P4', 'enabled']]);
  // Only the message survives the trip back from the worker thread.
  t.match(result[1]?.error, 'driver blew up');
  t.match(result[2]?.error, /exited/, 'the dead worker is reported');
  t.match(result[0]?.features, { enable: 'PtpEnable', status: 'PtpStatus', latch: 'PtpDataSetLatch' });

  // The pool replaced the dead thread and still reads the cameras that were enabled.
  const reads = await Promise.all([result[0]!, result[3]!].map((c) => pool!.read(c.handle, c.features!)));
  for (const r of reads) t.same(r.errors, []);
  t.ok(reads.every((r) => r.state !== null && r.state !== 'DISABLED'), `PTP is on: ${reads.map((r) => r.statusRaw).join(', ')}`);

  await pool.destroy();
  pool = undefined;
  t.equal(addon.nativeStats().openCameras >= 4, true, 'cameras stay open until the caller closes them');
});
