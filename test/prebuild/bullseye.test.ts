/**
 * The x64 prebuild on an old system: inside the Debian 11 root (glibc 2.31, gcc 10's libstdc++; made by
 * scripts/prebuild/bullseye-root.sh, cached in /var/cache/ptpcam-bullseye) with this machine's Node binary
 * copied in, the installed package's addon loads and `ptpcam timestat --sim 2` runs.
 *
 * The package is installed from `npm pack`'s tarball on the host (with scripts off, so nothing can compile)
 * into a folder inside the root, then run there with chroot. Each command in the root gets a /proc of its own,
 * mounted inside a private mount namespace (support.ts chrootCommand): nothing is bind-mounted from the host
 * and nothing is ever unmounted. Needs root. Assumes `npm run build` and `npm run prebuild` already ran
 * (the root itself is the one the prebuild script made, reused from its cache).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  REPO,
  chrootCommand,
  cleanEnv,
  ensureRoot,
  guard,
  hostMountsIntact,
  installTarball,
  isRoot,
  mountsUnder,
  pack,
  prebuildFile,
  run,
  tempDir,
} from './support.js';

t.setTimeout(20 * 60_000);

const missing = [
  process.arch === 'x64' ? null : `host is ${process.arch}, this test runs the x64 prebuild`,
  isRoot() ? null : 'needs root (chroot)',
  existsSync(join(REPO, 'dist/binding.js')) ? null : 'dist/binding.js (run npm run build)',
  prebuildFile('x64') ? null : 'prebuilds/linux-x64 (run the prebuild script)',
].filter((x): x is string => x !== null);

t.test('the x64 prebuild in Debian 11 (glibc 2.31)', async (t) => {
  if (!guard(t, missing.length ? missing.join('; ') : null)) return;
  const made = await ensureRoot('amd64');
  if (!guard(t, made.reason)) return;
  const root = made.root as string;

  await t.test('the root is Debian 11 with glibc 2.31', async (t) => {
    t.match(readFileSync(join(root, 'etc/debian_version'), 'utf8'), /^11\./, 'debian_version 11.x');
    const c = chrootCommand(root, ['/usr/bin/ldd', '--version']);
    const ldd = await run(c.cmd, c.args, { env: cleanEnv('/usr/bin:/bin') });
    t.match(ldd.stdout, /2\.31/, `ldd reports glibc 2.31 ${ldd.stderr}`);
  });

  // Node: this machine's binary (official/NodeSource Node 20 builds need glibc >= 2.28 and GLIBCXX_3.4.21).
  mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
  copyFileSync(process.execPath, join(root, 'usr/local/bin/node'));

  const work = tempDir(t, 'ptpcam-bullseye-', join(root, 'tmp'));
  const inRoot = work.slice(root.length);
  const packed = await pack(work);
  const appDir = join(work, 'app');
  const inst = await installTarball(appDir, packed.tarball, cleanEnv(process.env.PATH ?? ''), ['--ignore-scripts']);

  // A minimal environment: the host's (NODE_EXTRA_CA_CERTS and the like) names files the root lacks.
  const chrootEnv = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', LANG: 'C.UTF-8', ...(process.env.CI ? { CI: process.env.CI } : {}) };
  const inApp = (args: string[]) => {
    const c = chrootCommand(root, ['/bin/sh', '-c', `cd ${inRoot}/app && exec "$@"`, 'sh', ...args]);
    return run(c.cmd, c.args, { env: chrootEnv, timeout: 5 * 60_000 });
  };


  await t.test('Node runs in the root', async (t) => {
    t.equal(inst.code, 0, `npm install <tarball> on the host into the root's /tmp ${inst.stderr.slice(-2000)}`);
    const v = await inApp(['node', '-p', 'process.version + " napi " + process.versions.napi']);
    t.equal(v.code, 0, `node starts under glibc 2.31 ${v.stderr}`);
    t.equal(v.stdout.trim().split(' ')[0], process.version, 'the same Node binary');
  });

  await t.test('the x64 prebuild loads in the root and answers', async (t) => {
    const script = `
      (async () => {
        const { addon } = await import('ptpcam/dist/binding.js');
        const { simpleRig } = await import('ptpcam/dist/cameras/rigFile.js');
        const d = await addon.listDevices({ backend: 'sim', libraryPath: '', rig: simpleRig(2).native });
        console.log(JSON.stringify({ serials: d.map((x) => x.serial), stats: addon.nativeStats() }));
      })().catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
    const r = await inApp(['node', '-e', script]);
    t.equal(r.code, 0, `loads under glibc 2.31 ${r.stderr.slice(-2000)}`);
    if (r.code === 0) {
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { serials: string[] };
      t.same(out.serials, ['SIM00001', 'SIM00002'], 'the sim driver lists 2 cameras');
    }
    const which = await inApp([
      'node',
      '-e',
      `const { createRequire } = require('module'); const path = require('path');
       const pkg = path.dirname(require.resolve('ptpcam/package.json'));
       console.log(path.relative(pkg, createRequire(pkg + '/package.json')('node-gyp-build').path(pkg)));`,
    ]);
    t.equal(which.stdout.trim(), 'prebuilds/linux-x64/ptpcam.glibc.node', `node-gyp-build picks the prebuild ${which.stderr}`);
  });

  await t.test('ptpcam timestat --sim 2 runs in the root', async (t) => {
    if (!guard(t, existsSync(join(appDir, 'node_modules/ptpcam/dist/cli/main.js')) ? null : 'dist/cli/main.js is not built yet')) return;
    const r = await inApp(['node', 'node_modules/ptpcam/dist/cli/main.js', 'timestat', '--sim', '2']);
    t.equal(r.code, 0, 'ptpcam timestat --sim 2 exits 0');
    if (r.code !== 0) t.comment(r.stdout.slice(-3000), r.stderr.slice(-3000));
    t.match(r.stdout, 'SIM00002', 'reports both simulated cameras');
    const bin = await inApp(['node_modules/.bin/ptpcam', 'timestat', '--sim', '2', '--samples', '20']);
    t.equal(bin.code, 0, 'through the npm bin link as well');
    t.match(bin.stdout, 'SIM00002', 'and the bin link runs the CLI too');
  });

  // Each chrooted command had its /proc in a private mount namespace: the host keeps its /proc, /sys and
  // /dev, and nothing is left mounted in the root.
  await t.test('the host mount table is untouched', async (t) => {
    t.same(hostMountsIntact(), { ok: true, missing: [] }, 'host /proc, /sys, /dev still mounted');
    t.same(mountsUnder(root), [], `nothing mounted under ${root}`);
  });
});
