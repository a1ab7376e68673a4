// Without Aravis and IC4: `ptpcam timestat` (and `check`) print the one-line install hint and exit 1, while
// the addon itself still loads (both SDKs are dlopen'ed only when a backend is used). Absence is emulated
// with the library-path environment overrides, so no SDK is loaded and nothing touches the network; no root
// needed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';

import { addon } from '../../src/binding.js';
import { INSTALL_HINT } from '../../src/cameras/backend.js';
import { isOneLineError, repoRoot, runCli } from '../support/cli.js';

const ABSENT = {
  PTPCAM_ARAVIS_LIBRARY: '/nonexistent/libaravis-0.8.so.0',
  PTPCAM_IC4_LIBRARY: '/nonexistent/libic4core.so',
};

// Safety first: an addon without the PTPCAM_ARAVIS_LIBRARY override would load the real Aravis and send
// discovery broadcasts on this machine's interfaces. Only go on when the loaded binary knows the variable.
const addonFile = (createRequire(import.meta.url)('node-gyp-build') as { resolve(dir: string): string }).resolve(process.env.PTPCAM_ADDON_PATH ?? repoRoot);
const knowsOverride = readFileSync(addonFile).includes('PTPCAM_ARAVIS_LIBRARY');
t.ok(knowsOverride, `${addonFile} reads PTPCAM_ARAVIS_LIBRARY (rebuild the addon or its prebuilds otherwise)`);
if (!knowsOverride) process.exit(1);

t.test('timestat --backend auto: install hint, exit 1', async (t) => {
  for (const extra of [[], ['--json'], ['--samples', '10']]) {
    const r = await runCli(['timestat', '--backend', 'auto', ...extra], { env: ABSENT });
    t.equal(r.code, 1, `exit 1 (${extra.join(' ') || 'no options'})`);
    if (extra.includes('--json')) {
      // --json prints one error document on a fatal error, as check --json does.
      const doc = JSON.parse(r.stdout) as { type: string; verdict: string; exitCode: number; error: { code: string } };
      t.match(doc, { type: 'summary', verdict: 'ERROR', exitCode: 1, error: { code: 'ERR_SDK_MISSING' } }, 'one JSON error document');
    } else t.equal(r.stdout, '', 'nothing on stdout');
    t.ok(isOneLineError(r.stderr), `one line, no stack: ${r.stderr}`);
    t.equal(r.stderr.trim(), `ptpcam: ${INSTALL_HINT}`);
    t.match(r.stderr, /apt install libaravis-0\.8-0/);
    t.match(r.stderr, /IC4/);
  }
});

t.test('the default backend is auto too', async (t) => {
  const r = await runCli(['timestat'], { env: ABSENT });
  t.equal(r.code, 1);
  t.equal(r.stderr.trim(), `ptpcam: ${INSTALL_HINT}`);
});

t.test('check --backend auto: the same hint, exit 1', async (t) => {
  const r = await runCli(['check', '--backend', 'auto', '--json'], { env: ABSENT });
  t.equal(r.code, 1);
  t.ok(isOneLineError(r.stderr), r.stderr);
  t.equal(r.stderr.trim(), `ptpcam: ${INSTALL_HINT}`);
});

t.test('an explicit backend names the library it tried and where the path came from', async (t) => {
  const aravis = await runCli(['timestat', '--backend', 'aravis'], { env: ABSENT });
  t.equal(aravis.code, 1);
  t.ok(isOneLineError(aravis.stderr), aravis.stderr);
  t.match(aravis.stderr, /Aravis library \/nonexistent\/libaravis-0\.8\.so\.0 \(from PTPCAM_ARAVIS_LIBRARY\) could not be loaded/);
  t.match(aravis.stderr, /libaravis-0\.8-0/);
  const ic4 = await runCli(['timestat', '--backend', 'ic4'], { env: ABSENT });
  t.equal(ic4.code, 1);
  t.match(ic4.stderr, /\/nonexistent\/libic4core\.so \(from PTPCAM_IC4_LIBRARY\)/);
  // --sdk-library wins over the environment.
  const explicit = await runCli(['timestat', '--backend', 'aravis', '--sdk-library', '/nonexistent/other/libaravis.so'], { env: ABSENT });
  t.equal(explicit.code, 1);
  t.match(explicit.stderr, /Aravis library \/nonexistent\/other\/libaravis\.so could not be loaded/);
  t.notMatch(explicit.stderr, /PTPCAM_ARAVIS_LIBRARY/);
});

t.test('the addon still loads and works', async (t) => {
  // In this process: the addon is loaded; an SDK backend fails with a code, the simulated one works.
  t.type(addon.nativeStats().openCameras, 'number');
  const saved = { a: process.env.PTPCAM_ARAVIS_LIBRARY, i: process.env.PTPCAM_IC4_LIBRARY };
  t.teardown(() => {
    for (const [k, v] of [['PTPCAM_ARAVIS_LIBRARY', saved.a], ['PTPCAM_IC4_LIBRARY', saved.i]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  Object.assign(process.env, ABSENT);
  await t.rejects(addon.listDevices({ backend: 'aravis', libraryPath: '' }), { code: 'ERR_SDK_MISSING', message: /PTPCAM_ARAVIS_LIBRARY/ });
  await t.rejects(addon.listDevices({ backend: 'ic4', libraryPath: '' }), { code: 'ERR_SDK_MISSING', message: /PTPCAM_IC4_LIBRARY/ });
  // And in the CLI's process: the simulated rig runs with the same environment.
  const sim = await runCli(['timestat', '--sim', '2', '--samples', '3', '--json'], { env: ABSENT });
  t.equal(sim.code, 0, sim.stderr);
  const last = JSON.parse(sim.stdout.trim().split('\n').at(-1)!) as { type: string; samples: number; simulated: boolean };
  t.match(last, { type: 'summary', samples: 3, simulated: true });
});
