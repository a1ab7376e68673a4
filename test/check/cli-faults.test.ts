/** The real CLI on simulated rigs with faults: Listening, Faulty (and --reset-faulty), no PTP, timeout, TAI. */
import t from 'tap';

import { cam, FAST, RigDir, runBoth, runCli } from './cli.js';

const rigs = new RigDir();
t.teardown(() => rigs.remove());

t.test('a camera stuck in Listening: multicast / IGMP / UDP 319-320 hint, timeout, exit 2', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { faults: { neverConverges: true } })] });
  const { human, doc } = await runBoth(['--sim', rig, '--timeout-s', '1', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Listening');
  t.match(human.stdout, '❌ PTP sync NOT OK: not converged within 1 s (Slave=1, Listening=1)');
  t.match(human.stdout, /hint: camera CAM002 is stuck in Listening.*multicast.*IGMP snooping.*PTP-aware.*UDP 319 and 320/);
  t.equal(doc.exitCode, 2);
  t.equal(doc.timedOut, true);
  t.match(doc.problems, [{ code: 'stuck-listening', serials: ['CAM002'] }]);
});

// CAM002 turns Faulty 1200 ms after it is enabled; CAM001 needs 1500 ms to lock, so the rig cannot settle
// before CAM002 fails. After an off/on, CAM002 locks in 100 ms and stays good for 1200 ms: enough to settle.
const faultyRig = (): string =>
  rigs.write({
    cameras: [
      cam('CAM001', { listeningMs: 1000, uncalibratedMs: 500 }),
      cam('CAM002', { listeningMs: 50, uncalibratedMs: 50, faults: { faultyAfterMs: 1200 } }),
    ],
  });

t.test('a Faulty camera without --reset-faulty: hint offers it, exit 2', async (t) => {
  const { human, doc } = await runBoth(['--sim', faultyRig(), '--timeout-s', '2.5', '--settle-s', '0.3', '--poll-ms', '100']);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Faulty');
  t.match(human.stdout, /hint: camera CAM002 reports Faulty: toggle its PTP off and on; rerun with --reset-faulty/);
  t.match(doc.problems, [{ code: 'faulty', serials: ['CAM002'] }]);
  t.equal(doc.cameras[1]?.resets, 0);
});

t.test('Faulty, then --reset-faulty toggles PTP off and on and polls again: OK', async (t) => {
  const { human, doc } = await runBoth(['--sim', faultyRig(), '--reset-faulty', '--timeout-s', '3', '--settle-s', '0.3', '--poll-ms', '100']);
  t.equal(human.code, 0, human.stdout + human.stderr);
  t.match(human.stdout, '[1] CAM002: Faulty → PTP toggled off and on (--reset-faulty); polling again');
  t.match(human.stdout, /\[1\] CAM002: PTP=Enabled, Status=Slave.*resets=1/);
  t.match(human.stdout, '✅ PTP sync OK: Ubuntu=Grandmaster, Cameras=Slave');
  t.equal(doc.exitCode, 0);
  t.equal(doc.cameras[1]?.resets, 1);
});

t.test('a camera without PTP features: PTP=N/A, Status=Unknown, does not block', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002'), cam('NOPTP1', { features: 'none' })] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, '[2] NOPTP1: PTP=N/A, Status=Unknown');
  t.match(human.stdout, '✅ PTP sync OK');
  t.match(human.stdout, /note: camera NOPTP1 has no PTP features/);
  t.match(doc.cameras[2], { serial: 'NOPTP1', ptp: 'n/a', status: 'Unknown', state: null });
  t.equal(doc.converged, true);
});

t.test('timeout: a camera still Uncalibrated when time is up', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { features: 'gev1588', uncalibratedMs: 60_000 })] });
  const { human, doc } = await runBoth(['--sim', rig, '--timeout-s', '1', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(human.code, 2, human.stderr);
  // The GigE Vision spelling stays visible next to the IEEE 1588 state.
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Uncalibrated (Calibrating)');
  t.match(human.stdout, /hint: camera CAM002 is still Uncalibrated after 1 s/);
  t.equal(doc.timedOut, true);
  t.match(doc.cameras[1], { state: 'UNCALIBRATED', statusRaw: 'Calibrating' });
  t.match(doc.problems, [{ code: 'not-locked', serials: ['CAM002'] }]);
});

t.test('a camera 37 s ahead of the host clock: TAI vs UTC note, still converged', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { offsetNs: '37000000000' })] });
  const r = await runCli(['--sim', rig, ...FAST, '--json']);
  t.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { problems: { code: string; serials: string[]; seconds: number; blocking: boolean }[]; cameras: { hostDeltaNs: string | null }[] };
  t.match(doc.problems, [{ code: 'timescale-offset', serials: ['CAM002'], seconds: 37, blocking: false }]);
  t.type(doc.cameras[1]?.hostDeltaNs, 'string');
});

t.test('bad usage and missing rig file: one line, exit 1', async (t) => {
  const r = await runCli(['--sim', '/nonexistent/rig.json']);
  t.equal(r.code, 1);
  t.match(r.stderr, /^ptpcam: rig file: cannot read \/nonexistent\/rig\.json/m);
  t.equal(r.stdout, '');
});
