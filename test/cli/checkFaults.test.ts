/**
 * The real compiled CLI on simulated rigs with faults: Listening, Faulty (and --reset-faulty), no PTP, a hung
 * camera, timeout, TAI, interruption and fatal errors.
 */
import t from 'tap';

import { cam, FAST, parseDoc, RigDir, runBoth, runCli, runCliAndSignal } from './checkCli.js';

const rigs = new RigDir();
t.teardown(() => rigs.remove());

const SHORT = ['--timeout-s', '1', '--settle-s', '0.2', '--poll-ms', '100'];

t.test('a camera stuck in Listening: multicast / IGMP / UDP 319-320 hint, timeout, exit 2', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { faults: { neverConverges: true } })] });
  const { human, doc } = await runBoth(['--sim', rig, ...SHORT]);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Listening');
  t.match(human.stdout, '❌ PTP sync NOT OK: not converged within 1 s (Slave=1, Listening=1)');
  t.match(human.stdout, /hint: camera CAM002 is stuck in Listening.*multicast.*IGMP snooping.*PTP-aware.*UDP 319 and 320/);
  t.equal(doc.exitCode, 2);
  t.equal(doc.timedOut, true);
  t.match(doc.problems, [{ code: 'stuck-listening', blocking: true, serials: ['CAM002'] }]);
});

// CAM002 turns Faulty 1000 ms after it is enabled; CAM001 needs 1200 ms to lock, so the rig cannot settle
// before CAM002 fails. After an off/on CAM002 locks in 100 ms and stays good for 900 ms: room to settle even
// when a loaded machine stretches the polls.
const faultyRig = (): string =>
  rigs.write({
    cameras: [
      cam('CAM001', { listeningMs: 900, uncalibratedMs: 300 }),
      cam('CAM002', { listeningMs: 50, uncalibratedMs: 50, faults: { faultyAfterMs: 1000 } }),
    ],
  });

t.test('a Faulty camera without --reset-faulty: hint offers it, exit 2', async (t) => {
  const { human, doc } = await runBoth(['--sim', faultyRig(), '--timeout-s', '1.8', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Faulty');
  t.match(human.stdout, /hint: camera CAM002 reports Faulty: toggle its PTP off and on; rerun with --reset-faulty/);
  t.match(doc.problems, [{ code: 'faulty', blocking: true, serials: ['CAM002'] }]);
  t.equal(doc.cameras[1]?.resets, 0);
  t.equal(doc.exitCode, 2);
});

t.test('Faulty, then --reset-faulty toggles PTP off and on and polls again: OK', async (t) => {
  const { human, doc } = await runBoth(['--sim', faultyRig(), '--reset-faulty', '--timeout-s', '2.5', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(human.code, 0, human.stdout + human.stderr);
  t.match(human.stdout, '[1] CAM002: Faulty → PTP toggled off and on (--reset-faulty); polling again');
  t.match(human.stdout, /\[1\] CAM002: PTP=Enabled, Status=Slave.*resets=1/);
  t.match(human.stdout, '✅ PTP sync OK: Ubuntu=Grandmaster, Cameras=Slave');
  t.equal(doc.exitCode, 0);
  t.equal(doc.converged, true);
  t.equal(doc.cameras[1]?.resets, 1);
});

t.test('a camera without PTP features: PTP=N/A, Status=Unknown, does not block', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002'), cam('NOPTP1', { features: 'none' })] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, '[2] NOPTP1: PTP=N/A, Status=Unknown\n');
  t.match(human.stdout, '✅ PTP sync OK');
  t.match(human.stdout, /note: camera NOPTP1 has no PTP features/);
  t.match(doc.cameras[2], { serial: 'NOPTP1', ptp: 'n/a', status: 'Unknown', state: null });
  t.equal(doc.converged, true);
  t.equal(doc.exitCode, 0);
});

t.test('timeout: a camera still Uncalibrated when time is up (GigE Vision spelling kept)', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { features: 'gev1588', uncalibratedMs: 60_000 })] });
  const { human, doc } = await runBoth(['--sim', rig, ...SHORT]);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Uncalibrated (Calibrating)');
  t.match(human.stdout, '❌ PTP sync NOT OK: not converged within 1 s');
  t.match(human.stdout, /hint: camera CAM002 is still Uncalibrated after 1 s/);
  t.equal(doc.timedOut, true);
  t.equal(doc.exitCode, 2);
  t.match(doc.cameras[1], { state: 'UNCALIBRATED', statusRaw: 'Calibrating' });
  t.match(doc.problems, [{ code: 'not-locked', serials: ['CAM002'] }]);
});

t.test('a camera 37 s ahead of the host clock: TAI vs UTC note, still converged', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { offsetNs: '37000000000' })] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, /note: camera CAM002 time is 37 s from the host clock \(TimestampLatch\): TAI vs UTC/);
  t.equal(doc.exitCode, 0);
  t.match(doc.problems, [{ code: 'timescale-offset', serials: ['CAM002'], seconds: 37, blocking: false }]);
  t.type(doc.cameras[1]?.hostDeltaNs, 'string');
  t.ok(BigInt(doc.cameras[1]?.hostDeltaNs ?? '0') > 36_900_000_000n);
});

t.test('a camera that hangs while enabling fails alone; the rest are judged; the process still exits', async (t) => {
  // Every camera call of CAM002 takes 2.5 s: its enable outlives --timeout-s.
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { faults: { slowMs: 2500 } }), cam('CAM003')] });
  const { human, doc } = await runBoth(['--sim', rig, '--timeout-s', '1.2', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Failed, Status=Unknown, error=ERR_CAMERA_TIMEOUT: PTP enable did not finish within 1.2 s');
  t.match(human.stdout, /\[0\] CAM001: PTP=Enabled, Status=Slave/);
  t.match(human.stdout, /\[2\] CAM003: PTP=Enabled, Status=Slave/);
  t.match(human.stdout, /hint: camera CAM002 failed: .*the other cameras were checked without it/);
  t.match(doc.cameras[1], { ptp: 'failed', status: 'Unknown' });
  t.same(doc.slaves, ['CAM001', 'CAM003']);
  t.match(doc.problems, [{ code: 'camera-failed', blocking: true, serials: ['CAM002'] }]);
  t.equal(doc.timedOut, false, 'the others converged');
});

t.test('a camera that hangs for longer than the whole check: the verdict is final, the process does not wait for it', async (t) => {
  // Every camera call of CAM002 takes 30 s. The check's verdict is ready after --timeout-s and the settle window;
  // its enable task (in a worker) and its close stay inside the SDK for the rest of the 30 s.
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { faults: { slowMs: 30_000 } })] });
  const started = performance.now();
  const r = await runCli(['--sim', rig, '--timeout-s', '1', '--settle-s', '0.2', '--poll-ms', '100', '--json']);
  const tookMs = performance.now() - started;
  t.equal(r.code, 2, r.stderr);
  t.match(parseDoc(r), { exitCode: 2, cameras: [{ serial: 'CAM001', ptp: 'enabled' }, { serial: 'CAM002', ptp: 'failed' }] });
  t.match(r.stderr, /"serials":\["CAM002"\].*still inside an SDK call; ending without waiting for it/, 'names the camera it did not wait for');
  // An exit that waited for the hung call could not come before the call's 30 s were up.
  t.ok(tookMs < 20_000, `exited after ${Math.round(tookMs)} ms, while CAM002's 30 s call was still running`);
});

t.test('SIGINT while waiting: last poll reported, exit 130, the process ends by itself', async (t) => {
  const rig = rigs.write({ cameras: [cam('CAM001'), cam('CAM002', { faults: { neverConverges: true } })] });
  const r = await runCliAndSignal(['--sim', rig, '--timeout-s', '30', '--poll-ms', '100'], 'SIGINT', /Waiting for PTP/, 45_000);
  t.equal(r.code, 130, r.stderr);
  t.match(r.stdout, '[1] CAM002: PTP=Enabled, Status=Listening');
  t.match(r.stdout, 'Interrupted by SIGINT');
});

t.test('fatal errors: one stderr line, exit 1; --json still prints one document', async (t) => {
  const r = await runCli(['--sim', '/nonexistent/rig.json']);
  t.equal(r.code, 1);
  t.match(r.stderr, /^ptpcam: rig file: cannot read \/nonexistent\/rig\.json/m);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  t.equal(r.stdout, '');
  const j = await runCli(['--sim', '/nonexistent/rig.json', '--json'], {}, 'alias');
  t.equal(j.code, 1);
  t.match(parseDoc(j), { type: 'check', exitCode: 1, converged: false, error: { code: 'ERR_RIG_FILE' } });
  const bad = await runCli(['--sim', '2', '--poll-ms', 'soon']);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /^ptpcam: --poll-ms/m);
});
