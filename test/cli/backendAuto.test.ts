// `--backend auto`: IC4 first, and Aravis too when IC4 loads but sees no camera; "no cameras" names every
// backend tried and what it saw. IC4 is the stand-in library (no SDK, no network). Aravis runs for real only in
// a fresh network namespace (unshare -n: loopback alone, nothing leaves it), next to arv-fake-gv-camera there.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

import { cliMain, isOneLineError, runCli, tempDir } from '../support/cli.js';

const STANDIN_BUILD = fileURLToPath(new URL('../native/ic4-standin/build.sh', import.meta.url));

const standin = (t: Tap.Test): string => execFileSync('sh', [STANDIN_BUILD, tempDir(t, 'ptpcam-auto-')], { encoding: 'utf8' }).trim().split('\n').at(-1)!;

t.test('IC4 loads with no camera, Aravis not installed: both named, with the hint', async (t) => {
  const env = { PTPCAM_IC4_LIBRARY: standin(t), IC4_STANDIN_CAMERAS: '', PTPCAM_ARAVIS_LIBRARY: '/nonexistent/libaravis-0.8.so.0' };
  for (const cmd of ['check', 'timestat']) {
    const r = await runCli([cmd, '--backend', 'auto'], { env });
    t.equal(r.code, 1, `${cmd}: exit 1`);
    t.ok(isOneLineError(r.stderr), r.stderr);
    t.match(r.stderr, /^ptpcam: no cameras found \(IC4: loaded, 0 cameras; Aravis: not installed\): /);
    t.match(r.stderr, /same IP subnet/);
    t.match(r.stderr, /firewall/);
    t.match(r.stderr, /arv-tool-0\.8/);
    t.match(r.stderr, /--sim 4/);
  }
});

t.test('an explicit backend with no camera says which one looked', async (t) => {
  const r = await runCli(['check', '--backend', 'ic4'], { env: { PTPCAM_IC4_LIBRARY: standin(t), IC4_STANDIN_CAMERAS: '' } });
  t.equal(r.code, 1);
  t.match(r.stderr, /^ptpcam: no cameras found \(IC4: loaded, 0 cameras\): /);
});

t.test('IC4 with cameras is used first', async (t) => {
  const r = await runCli(['check', '--backend', 'auto', '--json', '--timeout-s', '3', '--settle-s', '0.2', '--poll-ms', '100'], {
    env: { PTPCAM_IC4_LIBRARY: standin(t), IC4_STANDIN_CAMERAS: 'AUTO-1:DFK 33GR0234:0,AUTO-2:DFK 33GR0234:0', IC4_STANDIN_SETTLE_MS: '100', PTPCAM_ARAVIS_LIBRARY: '/nonexistent/libaravis-0.8.so.0' },
  });
  const doc = JSON.parse(r.stdout) as { backend: string; detected: number };
  t.match(doc, { backend: 'ic4', detected: 2 });
});

const canNamespace = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v unshare && command -v ip && command -v arv-fake-gv-camera-0.8']).status === 0;

t.test('IC4 without a camera falls back to Aravis, which finds one (inside a network namespace)', { skip: !canNamespace && !process.env.CI ? 'needs root, unshare, ip and arv-fake-gv-camera-0.8' : false }, async (t) => {
  const library = standin(t);
  // The namespace ends with this shell; the fake camera is killed by pid on the way out.
  const script = `
    ip link set lo up || exit 1
    arv-fake-gv-camera-0.8 -i lo -s AUTOGV1 >/dev/null 2>&1 &
    cam=$!
    trap 'kill $cam 2>/dev/null' EXIT
    sleep 1
    "$1" "$2" check --backend auto --json --timeout-s 1 --settle-s 0 --poll-ms 100
  `;
  const r = spawnSync('unshare', ['-n', 'sh', '-c', script, 'sh', process.execPath, cliMain], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PTPCAM_IC4_LIBRARY: library, IC4_STANDIN_CAMERAS: '', PTPCAM_ARAVIS_LIBRARY: '' },
  });
  const doc = JSON.parse(r.stdout) as { backend: string; detected: number; cameras: { serial: string }[] };
  t.equal(doc.backend, 'aravis', r.stderr);
  t.equal(doc.detected, 1);
  t.equal(doc.cameras[0]?.serial, 'AUTOGV1');
});
