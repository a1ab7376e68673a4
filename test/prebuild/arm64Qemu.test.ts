/**
 * The arm64 prebuild, run for real: Debian 11's own arm64 Node (nodejs 12.22 from bullseye, N-API 8, glibc
 * 2.31) unpacked by `debootstrap --foreign --arch arm64` (scripts/prebuild/bullseye-root.sh arm64, cached in
 * /var/cache/ptpcam-bullseye-arm64) and run under qemu-user (`qemu-aarch64-static -L <root>`; no binfmt_misc
 * needed). The prebuild must load there and its sim driver must list cameras and run a short latch.
 *
 * Node 12 cannot run dist/ (ES2022, yargs 18, piscina 5 need Node 20), so this loads the .node file directly
 * with a rig built on the host from src/cameras/rigFile.ts. Needs root and qemu-user-static
 * (apt-get install qemu-user-static). Assumes the prebuild script already ran.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { simpleRig } from '../../src/cameras/rigFile.js';
import { ensureRoot, guard, isRoot, prebuildFile, run, tempDir, which } from './support.js';

t.setTimeout(20 * 60_000);

const qemu = which('qemu-aarch64-static', `${process.env.PATH ?? ''}:/usr/bin`) ?? which('qemu-aarch64', `${process.env.PATH ?? ''}:/usr/bin`);
const missing = [
  isRoot() ? null : 'needs root (debootstrap)',
  qemu ? null : 'qemu-aarch64-static not found (apt-get install qemu-user-static)',
  prebuildFile('arm64') ? null : 'prebuilds/linux-arm64 (run the prebuild script)',
].filter((x): x is string => x !== null);

/** Runs under Node 12: no `??`, no optional chaining. BigInts travel as {"$big": "..."}. */
const SCRIPT = `
'use strict';
const addon = require(process.argv[1]);
const rig = JSON.parse(process.argv[2], function (k, v) {
  return v && typeof v === 'object' && typeof v.$big === 'string' ? BigInt(v.$big) : v;
});
const out = { node: process.version, napi: process.versions.napi, arch: process.arch };
(async function () {
  const opts = { backend: 'sim', libraryPath: '', rig: rig };
  const devices = await addon.listDevices(opts);
  out.serials = devices.map(function (d) { return d.serial; });
  const cams = await addon.openCameras(opts, out.serials);
  out.handles = cams.length;
  const samples = [];
  await new Promise(function (resolve, reject) {
    const engine = new addon.LatchEngine(cams.map(function (c) { return c.handle; }),
      { strategy: 'parallel', samples: 5, intervalNs: 1000000n, timeoutNs: 2000000000n, batchSize: 5, pinThreads: false, realtime: false },
      function (ev) {
        if (ev.type === 'batch') samples.push(ev.count);
        if (ev.type === 'done') { out.end = ev.end; out.samplesDone = ev.samplesDone; engine.close().then(resolve, reject); }
      });
  });
  out.batches = samples;
  for (const c of cams) await addon.closeCamera(c.handle);
  out.stats = addon.nativeStats();
  // An error from C++ must arrive as a JS error (exceptions unwind inside the statically linked libstdc++).
  try { await addon.openCameras(opts, ['NO-SUCH-SERIAL']); out.badSerial = 'resolved'; }
  catch (e) { out.badSerial = e && e.code; }
  console.log(JSON.stringify(out));
})().catch(function (e) { console.error(e && e.stack || e); process.exit(1); });
`;

if (guard(t, missing.length ? missing.join('; ') : null)) {
  const made = await ensureRoot('arm64');
  if (guard(t, made.reason)) {
    const root = made.root as string;
    const nodeArm = join(root, 'usr/bin/nodejs');
    const nodeBin = existsSync(nodeArm) ? nodeArm : join(root, 'usr/bin/node');
    const work = tempDir(t, 'ptpcam-arm64-', join(root, 'tmp'));
    mkdirSync(work, { recursive: true });
    const addonPath = join(work, 'ptpcam.glibc.node');
    copyFileSync(prebuildFile('arm64') as string, addonPath);
    const rig = JSON.stringify(simpleRig(2).native, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
    const env = { PATH: '/usr/bin:/bin', HOME: '/root', LANG: 'C' };
    const q = (args: string[]) => run(qemu as string, ['-L', root, nodeBin, ...args], { env, timeout: 5 * 60_000 });

    t.test("Debian 11's arm64 Node runs under qemu-user", async (t) => {
      const file = await run('readelf', ['-h', nodeBin]);
      t.match(file.stdout, /AArch64/, `${nodeBin.slice(root.length)} is an arm64 binary`);
      const v = await q(['-p', 'process.arch + " " + process.version + " napi " + process.versions.napi']);
      t.equal(v.code, 0, `node runs ${v.stderr.slice(-1000)}`);
      t.match(v.stdout, /^arm64 v\d+/, `arm64 node: ${v.stdout.trim()}`);
      const ldd = await run(qemu as string, ['-L', root, join(root, 'lib/aarch64-linux-gnu/libc.so.6')], { env });
      t.match(ldd.stdout, /release version 2\.31/, 'the root\'s arm64 glibc is 2.31');
    });

    t.test('the arm64 prebuild loads under glibc 2.31 and the sim driver runs', async (t) => {
      // Host path: qemu's -L prefix is tried first for each file, then the path as given (Node's stat of the
      // module bypasses the prefix, so a root-relative path would not be found).
      const r = await q(['-e', SCRIPT, addonPath, rig]);
      t.equal(r.code, 0, `loads and runs ${r.stderr.slice(-2000)}`);
      if (r.code !== 0) return;
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
        arch: string;
        napi: string;
        serials: string[];
        handles: number;
        end: string;
        samplesDone: number;
        stats: { openCameras: number; nativeThreads: number };
        badSerial: string;
      };
      t.comment(`node ${JSON.stringify({ arch: out.arch, napi: out.napi })}`);
      t.equal(out.arch, 'arm64');
      t.ok(Number(out.napi) >= 8, 'Node offers N-API 8');
      t.same(out.serials, ['SIM00001', 'SIM00002'], 'lists 2 sim cameras');
      t.equal(out.handles, 2, 'opens them');
      t.equal(out.end, 'completed', 'a 5-sample latch run completes (native threads work)');
      t.equal(out.samplesDone, 5);
      t.same(out.stats, { openCameras: 0, nativeThreads: 0 }, 'cameras closed, threads joined');
      t.type(out.badSerial, 'string', `a native error arrives as a coded JS error (${out.badSerial})`);
      t.not(out.badSerial, 'resolved');
    });
  }
}
