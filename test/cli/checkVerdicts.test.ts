/** The real compiled CLI on simulated rigs: who leads, and whether everybody follows it. */
import t from 'tap';

import { cam, FAST, parseDoc, RigDir, runBoth, runCli } from './checkCli.js';

const rigs = new RigDir();
t.teardown(() => rigs.remove());

const HOST_ID = '0a0b0c.fffe.0d0e0f';

t.test('host grandmaster, every camera Slave: OK, exit 0', async (t) => {
  const rig = rigs.write({ host: { role: 'grandmaster', clockId: HOST_ID }, cameras: [cam('CAM001'), cam('CAM002')] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, '=== Connected cameras ===\n[0] SimCam PTP (CAM001) [sim0]\n[1] SimCam PTP (CAM002) [sim0]\n');
  t.match(human.stdout, 'Waiting for PTP to converge… (up to 2 s)');
  t.match(human.stdout, /Role=Grandmaster \(simulated rig\), stepsRemoved=0, offsetFromMaster=0\.0, meanPathDelay=0\.0, GrandmasterClockID=0a0b0c\.fffe\.0d0e0f/);
  t.match(human.stdout, /\[0\] CAM001: PTP=Enabled, Status=Slave, Servo=Locked, offsetFromMaster=-?\d+ ns, GrandmasterClockID=0a0b0c\.fffe\.0d0e0f/);
  t.match(human.stdout, '=== Overall verdict ===\n✅ PTP sync OK: Ubuntu=Grandmaster, Cameras=Slave');
  t.equal(doc.exitCode, 0);
  t.equal(doc.converged, true);
  t.equal(doc.leader, 'host-grandmaster');
  t.equal(doc.simulated, true);
  t.equal(doc.host.source, 'sim');
  t.same(doc.cameras.map((c) => [c.serial, c.state, c.grandmasterId]), [['CAM001', 'SLAVE', HOST_ID], ['CAM002', 'SLAVE', HOST_ID]]);
  t.type(doc.cameras[0]?.offsetFromMasterNs, 'string', '64-bit values are decimal strings');
  t.type(doc.cameras[0]?.hostDeltaNs, 'string');
  t.same(doc.problems.filter((p) => p.blocking), []);
});

t.test("LANG=ja_JP.UTF-8 (ptp-sync-check alias, default timeout) prints the seed's Japanese report", async (t) => {
  const rig = rigs.write({ cameras: [cam('05520129', { model: 'DFK 33GR0234', interface: 'enp3s0' }), cam('05520125', { model: 'DFK 33GR0234', interface: 'enp3s0', features: 'gev1588' })] });
  const r = await runCli(['--sim', rig, '--settle-s', '0.3', '--poll-ms', '100'], { LANG: 'ja_JP.UTF-8' }, 'alias');
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, '=== 接続カメラ一覧 ===\n[0] DFK 33GR0234 (05520129) [enp3s0]\n[1] DFK 33GR0234 (05520125) [enp3s0]\n');
  t.match(r.stdout, '\nPTP 収束待ち中…（最大 30 秒）\n');
  t.match(r.stdout, '\n=== Ubuntu PTP 状態 ===\nRole=Grandmaster');
  t.match(r.stdout, '\n=== カメラ PTP ステータス ===\n[0] 05520129: PTP=Enabled, Status=Slave');
  // The GigE Vision legacy camera has no data-set latch: state only, as the seed printed it.
  t.match(r.stdout, '[1] 05520125: PTP=Enabled, Status=Slave\n');
  t.match(r.stdout, '\n=== 総合判定 ===\n✅ PTP同期 OK: Ubuntu=Grandmaster, Cameras=Slave');
  const lcAll = await runCli(['--sim', rig, ...FAST], { LANG: 'C', LC_ALL: 'ja_JP.UTF-8' });
  t.match(lcAll.stdout, '=== 総合判定 ===', 'LC_ALL wins over LANG');
  const en = await runCli(['--sim', rig, ...FAST, '--lang', 'en'], { LANG: 'ja_JP.UTF-8' });
  t.match(en.stdout, '=== Overall verdict ===', '--lang wins over the locale');
});

t.test('a camera Master beside the host grandmaster: names it and suggests priority1/clockClass', async (t) => {
  const rig = rigs.write({ host: { role: 'grandmaster' }, cameras: [cam('CAM001'), cam('CAM002', { role: 'master' })] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, '[1] CAM002: PTP=Enabled, Status=Master');
  t.match(human.stdout, '❌ PTP sync NOT OK');
  t.match(human.stdout, /hint: camera CAM002 is Master although the host's ptp4l is grandmaster.*priority1.*clockClass/);
  t.equal(doc.exitCode, 2);
  t.equal(doc.converged, false);
  t.same(doc.masters, ['CAM002']);
  t.match(doc.problems, [{ code: 'camera-master-beside-host', blocking: true, serials: ['CAM002'] }]);
});

t.test('two camera Masters and no host PTP: several-masters names both', async (t) => {
  const rig = rigs.write({
    host: { role: 'none' },
    cameras: [cam('CAM001', { role: 'master' }), cam('CAM002', { role: 'master' }), cam('CAM003')],
  });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, 'Role=None (simulated rig)');
  t.match(human.stdout, /hint: several cameras claim Master: CAM001, CAM002\. Only one clock may win the election/);
  t.match(human.stdout, /note: the simulated host runs no ptp4l/);
  t.equal(doc.exitCode, 2);
  t.equal(doc.leader, 'camera-led');
  t.same(doc.masters, ['CAM001', 'CAM002']);
  t.ok(doc.problems.some((p) => p.code === 'several-masters' && p.blocking && p.serials.join() === 'CAM001,CAM002'));
});

t.test('no host PTP and no camera Master: nobody leads', async (t) => {
  const rig = rigs.write({ host: { role: 'none' }, cameras: [cam('CAM001'), cam('CAM002')] });
  const { human, doc } = await runBoth(['--sim', rig, '--timeout-s', '0.5', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, /hint: no camera is Master and the host runs no PTP, so nobody leads: start ptp4l/);
  t.ok(doc.problems.some((p) => p.code === 'no-master' && p.blocking));
  t.equal(doc.leader, 'camera-led');
  t.equal(doc.exitCode, 2);
});

t.test('no host PTP, one camera Master: converged, flagged camera-led', async (t) => {
  const rig = rigs.write({ host: { role: 'none' }, cameras: [cam('CAM001', { role: 'master' }), cam('CAM002'), cam('CAM003')] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, '✅ PTP sync OK (camera-led): Master=CAM001, other cameras=Slave; Ubuntu takes no part in PTP');
  t.equal(doc.exitCode, 0);
  t.equal(doc.leader, 'camera-led');
  t.equal(doc.converged, true);
  t.same(doc.masters, ['CAM001']);
  t.same(doc.slaves, ['CAM002', 'CAM003']);
  // Slaves follow the master camera's own clock identity.
  const master = doc.cameras.find((c) => c.serial === 'CAM001');
  t.equal(doc.cameras.find((c) => c.serial === 'CAM002')?.grandmasterId, master?.clockId);
});

t.test('a camera following another grandmaster: foreign-grandmaster with domain/second-GM hint', async (t) => {
  const rig = rigs.write({
    host: { role: 'grandmaster', clockId: HOST_ID },
    cameras: [cam('CAM001'), cam('CAM002', { faults: { grandmasterId: 'aabbcc.fffe.000001' } })],
  });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, /hint: camera CAM002 follows grandmaster aabbcc\.fffe\.000001, not 0a0b0c\.fffe\.0d0e0f.*domain.*second grandmaster.*unmanaged switch/);
  t.match(doc.problems, [{ code: 'foreign-grandmaster', serials: ['CAM002'], grandmasterId: 'aabbcc.fffe.000001' }]);
  t.equal(doc.exitCode, 2);
});

t.test('host slave of an outside grandmaster: cameras must follow that same grandmaster', async (t) => {
  const OUTSIDE = '5c1a5c.fffe.000001';
  const ok = rigs.write({ host: { role: 'slave', outsideGrandmasterId: OUTSIDE }, cameras: [cam('CAM001'), cam('CAM002')] });
  const { human, doc } = await runBoth(['--sim', ok, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, `✅ PTP sync OK: Ubuntu=Slave (GM=${OUTSIDE}), Cameras=Slave`);
  t.equal(doc.leader, 'host-slave');
  t.same(doc.cameras.map((c) => c.grandmasterId), [OUTSIDE, OUTSIDE]);
  const bad = rigs.write({ host: { role: 'slave', outsideGrandmasterId: OUTSIDE }, cameras: [cam('CAM001'), cam('CAM002', { faults: { grandmasterId: 'aabbcc.fffe.000001' } })] });
  const r = await runCli(['--sim', bad, ...FAST, '--json'], {}, 'alias');
  t.equal(r.code, 2, r.stderr);
  t.match(parseDoc(r).problems, [{ code: 'foreign-grandmaster', serials: ['CAM002'], grandmasterId: 'aabbcc.fffe.000001' }]);
});

t.test('more than 8 cameras: says so and uses the first 8 unless --max raises it; fewer than 2: says so', async (t) => {
  // `--sim N` cameras have PTP on and converged from the start.
  const [nine, nineAll, one] = await Promise.all([
    runCli(['--sim', '9', ...FAST]),
    runCli(['--sim', '9', '--max', '9', ...FAST, '--json'], {}, 'alias'),
    runCli(['--sim', '1', ...FAST]),
  ]);
  t.equal(nine.code, 0, nine.stderr);
  t.match(nine.stdout, '[7] SimCam PTP (SIM00008) [sim0]\n9 cameras found; using the first 8 (raise with --max)');
  t.notMatch(nine.stdout, 'SIM00009');
  const doc = parseDoc(nineAll);
  t.equal(nineAll.code, 0, nineAll.stderr);
  t.equal(doc.detected, 9);
  t.equal(doc.used, 9);
  t.equal(doc.cameras.length, 9);
  t.equal(one.code, 0, one.stderr);
  t.match(one.stdout, 'only 1 camera found: PTP between cameras needs at least 2; checking it anyway');
  t.match(one.stdout, '✅ PTP sync OK');
});
