/**
 * A lab machine without a compiler: `npm pack` of this repository, then `npm install <tarball>` into an empty
 * folder with a PATH on which no cc, c++, g++, make or python3 can be found. The addon must come from
 * prebuilds/ (no build/ folder appears), it must load and answer, and `npx ptpcam timestat --sim 4
 * --samples 100` must exit 0.
 *
 * Also checks what the tarball holds (prebuilds, dist/ JavaScript, the fallback build's sources, README; no
 * tests, TypeScript sources or docs), that npm really runs the package's install script (a forced source
 * build fails on this PATH) and that an install with scripts off (npm 12's default for dependencies) loads
 * the prebuild all the same.
 *
 * Assumes `npm run build` (dist/) and the prebuild script (prebuilds/) already ran. Needs the npm registry
 * (ptpcam's runtime dependencies).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  BUILD_TOOLS,
  REPO,
  cleanEnv,
  guard,
  installTarball,
  noCompilerPath,
  pack,
  prebuildFile,
  run,
  tempDir,
  which,
} from './support.js';

t.setTimeout(15 * 60_000);

const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
const missing = [
  existsSync(join(REPO, 'dist/binding.js')) ? null : 'dist/binding.js (run npm run build)',
  prebuildFile('x64') ? null : 'prebuilds/linux-x64 (run the prebuild script)',
  prebuildFile('arm64') ? null : 'prebuilds/linux-arm64 (run the prebuild script)',
].filter((x): x is string => x !== null);

/** Load the installed package's addon through dist/binding.js and list a simulated rig's cameras. */
const LOAD_SCRIPT = `
const { createRequire } = require('node:module');
const path = require('node:path');
const pkg = path.dirname(require.resolve('ptpcam/package.json'));
const ngb = createRequire(path.join(pkg, 'package.json'))('node-gyp-build');
(async () => {
  const resolved = ngb.path(pkg);
  const { addon } = await import('ptpcam/dist/binding.js');
  const { simpleRig } = await import('ptpcam/dist/cameras/rigFile.js');
  const devices = await addon.listDevices({ backend: 'sim', libraryPath: '', rig: simpleRig(3).native });
  console.log(JSON.stringify({
    resolved: path.relative(pkg, resolved),
    fns: ['listDevices', 'openCameras', 'cameraCall', 'LatchEngine'].map((k) => typeof addon[k]),
    serials: devices.map((d) => d.serial),
  }));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
`;

interface LoadResult {
  resolved: string;
  fns: string[];
  serials: string[];
}

if (guard(t, missing.length ? `missing ${missing.join(', ')}` : null)) {
  const work = tempDir(t, 'ptpcam-pack-');
  const packed = await pack(work);
  const files = packed.files;
  const bin = noCompilerPath(t);
  const env = cleanEnv(bin, { npm_config_update_notifier: 'false' });

  t.test('the tarball holds what a user needs and nothing else', async (t) => {
    t.comment(`${files.length} files in ${packed.tarball}`);
    const has = (re: RegExp): boolean => files.some((f) => re.test(f));
    t.ok(has(/^prebuilds\/linux-x64\/ptpcam\.glibc\.node$/), 'x64 prebuild');
    t.ok(has(/^prebuilds\/linux-arm64\/ptpcam\.glibc\.node$/), 'arm64 prebuild');
    t.ok(files.includes('dist/binding.js'), 'compiled JavaScript (dist/binding.js)');
    if (existsSync(join(REPO, 'dist/cli/main.js'))) t.ok(files.includes('dist/cli/main.js'), 'the CLI');
    t.ok(files.includes('binding.gyp'), 'binding.gyp for the fallback build');
    t.ok(files.includes('src/native/addon.cc'), 'src/native/ for the fallback build');
    for (const f of ['src/native/napi_errors.h', 'src/native/core/camera_driver.h']) t.ok(files.includes(f), f);
    const gypSources = [...readFileSync(join(REPO, 'binding.gyp'), 'utf8').matchAll(/"(src\/native\/[^"]+\.cc)"/g)].map((m) => m[1]);
    t.same(gypSources.filter((s) => !files.includes(s as string)), [], "every source binding.gyp names is packed");
    if (existsSync(join(REPO, 'README.md'))) t.ok(files.includes('README.md'), 'README.md');
    t.ok(files.includes('package.json'), 'package.json');

    const unwanted = files.filter(
      (f) =>
        /^(test|docs|scripts|build|\.ci|\.tap|node_modules|shared)\//.test(f) ||
        /\.ts$/.test(f) ||
        /\.map$/.test(f) ||
        /^src\/(?!native\/)/.test(f) ||
        /^src\/native\/.*\.(?!cc$|h$)[^.\/]+$/.test(f) ||
        /^dist\/bench\//.test(f) ||
        /^(tsconfig.*\.json|package-lock\.json|\.gitignore|\.npmignore|\.taprc)$/.test(f) ||
        /\.(tgz|log)$/.test(f),
    );
    t.same(unwanted, [], 'no tests, TypeScript sources, source maps, docs, scripts or build output');
    const docs = files.filter((f) => /\.md$/i.test(f) && !/^README\.md$/i.test(f));
    t.same(docs, [], 'no docs but README');
  });

  t.test('the restricted PATH really has no compiler, make or python', async (t) => {
    for (const tool of BUILD_TOOLS) t.equal(which(tool, bin), null, `${tool} not on PATH`);
    t.ok(which('node', bin), 'node is');
    t.ok(which('npm', bin), 'npm is');
  });

  t.test('npm install <tarball> without a compiler uses the prebuild', async (t) => {
    const dir = tempDir(t, 'ptpcam-install-');
    const inst = await installTarball(dir, packed.tarball, env);
    t.equal(inst.code, 0, 'npm install exits 0');
    if (inst.code !== 0) t.comment(inst.stdout.slice(-4000), inst.stderr.slice(-4000));
    const pkg = join(dir, 'node_modules/ptpcam');
    t.notOk(existsSync(join(pkg, 'build')), 'nothing was compiled (no build/ folder)');
    t.ok(existsSync(join(pkg, `prebuilds/linux-${arch}/ptpcam.glibc.node`)), 'prebuild installed');

    const load = await run('node', ['-e', LOAD_SCRIPT], { cwd: dir, env });
    t.equal(load.code, 0, `addon loads through dist/binding.js ${load.stderr}`);
    if (load.code === 0) {
      const out = JSON.parse(load.stdout.trim().split('\n').at(-1) ?? '{}') as LoadResult;
      t.equal(out.resolved, `prebuilds/linux-${arch}/ptpcam.glibc.node`, 'node-gyp-build picks the prebuild');
      t.same(out.fns, ['function', 'function', 'function', 'function'], 'addon exports its API');
      t.same(out.serials, ['SIM00001', 'SIM00002', 'SIM00003'], 'the sim driver lists 3 cameras');
    }

    // The CLI: `npx ptpcam timestat --sim 4 --samples 100` on the same PATH.
    if (guard(t, existsSync(join(pkg, 'dist/cli/main.js')) ? null : 'dist/cli/main.js is not built yet')) {
      const cli = await run('npx', ['--no-install', 'ptpcam', 'timestat', '--sim', '4', '--samples', '100'], {
        cwd: dir,
        env,
        timeout: 5 * 60_000,
      });
      t.equal(cli.code, 0, 'npx ptpcam timestat --sim 4 --samples 100 exits 0');
      if (cli.code !== 0) t.comment(cli.stdout.slice(-3000), cli.stderr.slice(-3000));
      // Through npm's bin symlink (node_modules/.bin/ptpcam -> ../ptpcam/dist/cli/main.js): the CLI must
      // run when started through a link, not only as .../main.js.
      for (const serial of ['SIM00001', 'SIM00004']) t.match(cli.stdout, serial, `it reports camera ${serial}`);
    }
  });

  t.test('npm runs the install script: a forced source build fails on this PATH', async (t) => {
    // Proves both that npm 11 still runs a dependency's install script (node-gyp-build) and that the
    // compiler-less PATH is real: with --build-from-source node-gyp-build must try to compile, and cannot.
    const dir = tempDir(t, 'ptpcam-fromsrc-');
    const inst = await installTarball(dir, packed.tarball, { ...env, npm_config_build_from_source: 'true' }, ['--prefer-offline']);
    t.not(inst.code, 0, 'npm install --build-from-source fails without a compiler');
    t.match(inst.stdout + inst.stderr, /gyp ERR! (find Python|.*not found: make|.*(cc|c\+\+|g\+\+)\b)/, 'because node-gyp found no toolchain (gyp ERR!)');
  });

  t.test('with install scripts off (npm 12 default for dependencies) the prebuild still loads', async (t) => {
    const dir = tempDir(t, 'ptpcam-noscripts-');
    const inst = await installTarball(dir, packed.tarball, env, ['--ignore-scripts', '--prefer-offline']);
    t.equal(inst.code, 0, 'npm install --ignore-scripts exits 0');
    const load = await run('node', ['-e', LOAD_SCRIPT], { cwd: dir, env });
    t.equal(load.code, 0, `addon loads ${load.stderr}`);
    if (load.code === 0) {
      const out = JSON.parse(load.stdout.trim().split('\n').at(-1) ?? '{}') as LoadResult;
      t.equal(out.resolved, `prebuilds/linux-${arch}/ptpcam.glibc.node`, 'node-gyp-build picks the prebuild at load time');
      t.equal(out.serials.length, 3, 'and it answers');
    }
  });
}
