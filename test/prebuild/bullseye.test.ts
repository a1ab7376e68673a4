/**
 * The x64 prebuild on an old system: inside the Debian 11 root (glibc 2.31, gcc 10's libstdc++; made by
 * scripts/prebuild/bullseye-root.sh, cached in /var/cache/ptpcam-bullseye) with this machine's Node binary
 * copied in, the installed package's addon loads and `ptpcam timestat --sim 2` runs.
 *
 * The package is installed from `npm pack`'s tarball on the host (with scripts off, so nothing can compile)
 * into a folder inside the root, then run there with chroot. Needs root. Assumes `npm run build` and the
 * prebuild script already ran.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  REPO,
  cleanEnv,
  ensureRoot,
  guard,
  installTarball,
  isRoot,
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

if (guard(t, missing.length ? missing.join('; ') : null)) {
  const made = await ensureRoot('amd64');
  if (guard(t, made.reason)) {
    const root = made.root as string;

    t.test('the root is Debian 11 with glibc 2.31', async (t) => {
      t.match(readFileSync(join(root, 'etc/debian_version'), 'utf8'), /^11\./, 'debian_version 11.x');
      const ldd = await run('chroot', [root, '/usr/bin/ldd', '--version'], { env: cleanEnv('/usr/bin:/bin') });
      t.match(ldd.stdout, /2\.31/, 'ldd reports glibc 2.31');
    });

    // Node: this machine's binary (official/NodeSource Node 20 builds need glibc >= 2.28 and GLIBCXX_3.4.21).
    mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
    copyFileSync(process.execPath, join(root, 'usr/local/bin/node'));

    const work = tempDir(t, 'ptpcam-bullseye-', join(root, 'tmp'));
    const inRoot = work.slice(root.length);
    const packed = await pack(work);
    const appDir = join(work, 'app');
    const inst = await installTarball(appDir, packed.tarball, cleanEnv(process.env.PATH ?? ''), ['--ignore-scripts']);

    const chrootEnv = cleanEnv('/usr/local/bin:/usr/bin:/bin', { HOME: '/root', LANG: 'C.UTF-8' });
    const inApp = (args: string[]) => run('chroot', [root, '/bin/sh', '-c', `cd ${inRoot}/app && exec "$@"`, 'sh', ...args], { env: chrootEnv, timeout: 5 * 60_000 });

    t.test('Node runs in the root', async (t) => {
      t.equal(inst.code, 0, `npm install <tarball> on the host into the root's /tmp ${inst.stderr.slice(-2000)}`);
      const v = await inApp(['node', '-p', 'process.version + " napi " + process.versions.napi']);
      t.equal(v.code, 0, `node starts under glibc 2.31 ${v.stderr}`);
      t.equal(v.stdout.trim().split(' ')[0], process.version, 'the same Node binary');
    });

    t.test('the x64 prebuild loads in the root and answers', async (t) => {
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
      const proc = await inApp([
        'node',
        '-e',
        `require('ptpcam/dist/binding.js'); const fs = require('fs');
         const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => /ptpcam|libstdc/.test(l));
         console.log(maps.map((l) => l.split(/\\s+/).pop()).filter((v, i, a) => a.indexOf(v) === i).join('\\n'));`,
      ]);
      if (proc.code === 0 && proc.stdout.includes('ptpcam')) {
        t.match(proc.stdout, /prebuilds\/linux-x64\/ptpcam\.glibc\.node/, 'the mapped addon is the prebuild');
      } else {
        t.comment(`could not read /proc/self/maps in the root (no /proc mounted?): ${proc.stderr.slice(-300)}`);
      }
    });

    t.test('ptpcam timestat --sim 2 runs in the root', async (t) => {
      if (!guard(t, existsSync(join(appDir, 'node_modules/ptpcam/dist/cli/main.js')) ? null : 'dist/cli/main.js is not built yet')) return;
      const r = await inApp(['node', 'node_modules/ptpcam/dist/cli/main.js', 'timestat', '--sim', '2']);
      t.equal(r.code, 0, 'ptpcam timestat --sim 2 exits 0');
      if (r.code !== 0) t.comment(r.stdout.slice(-3000), r.stderr.slice(-3000));
      const bin = await inApp(['node_modules/.bin/ptpcam', 'timestat', '--sim', '2', '--samples', '20']);
      t.equal(bin.code, 0, 'through the npm bin link as well');
    });
  }
}
