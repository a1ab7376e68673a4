/** The real CLI on simulated rigs: who leads, and whether everybody follows it. */
import t from 'tap';

import { cam, FAST, RigDir, runBoth, runCli } from './cli.js';

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
  t.match(human.stdout, '✅ PTP sync OK: Ubuntu=Grandmaster, Cameras=Slave');
  t.equal(doc.exitCode, 0);
  t.equal(doc.converged, true);
  t.equal(doc.leader, 'host-grandmaster');
  t.equal(doc.simulated, true);
  t.same(doc.cameras.map((c) => [c.serial, c.state, c.grandmasterId]), [['CAM001', 'SLAVE', HOST_ID], ['CAM002', 'SLAVE', HOST_ID]]);
  t.type(doc.cameras[0]?.offsetFromMasterNs, 'string');
  t.same(doc.problems.filter((p) => p.blocking), []);
});

t.test('LANG=ja_JP.UTF-8 prints the seed\'s Japanese headings and verdict', async (t) => {
  const rig = rigs.write({ cameras: [cam('05520129'), cam('05520125', { features: 'gev1588' })] });
  const r = await runCli(['--sim', rig, ...FAST], { LANG: 'ja_JP.UTF-8' });
  t.equal(r.code, 0, r.stderr);
  for (const h of ['=== 接続カメラ一覧 ===', '=== Ubuntu PTP 状態 ===', '=== カメラ PTP ステータス ===', '=== 総合判定 ===']) t.match(r.stdout, h);
  t.match(r.stdout, 'PTP 収束待ち中…（最大 2 秒）');
  t.match(r.stdout, '[0] 05520129: PTP=Enabled, Status=Slave');
  // The GigE Vision legacy camera has no data-set latch: state only.
  t.match(r.stdout, '[1] 05520125: PTP=Enabled, Status=Slave\n');
  t.match(r.stdout, '✅ PTP同期 OK: Ubuntu=Grandmaster, Cameras=Slave');
  const en = await runCli(['--sim', rig, ...FAST, '--lang', 'en'], { LANG: 'ja_JP.UTF-8' });
  t.match(en.stdout, '=== Overall verdict ===');
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
    cameras: [cam('CAM001', { role: 'master' }), cam('CAM002', { role: 'master' })],
  });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 2, human.stderr);
  t.match(human.stdout, 'Role=None (simulated rig)');
  t.match(human.stdout, /hint: several cameras claim Master: CAM001, CAM002/);
  t.match(human.stdout, /note: the simulated host runs no ptp4l/);
  t.equal(doc.exitCode, 2);
  t.equal(doc.leader, 'camera-led');
  t.same(doc.masters, ['CAM001', 'CAM002']);
  t.ok(doc.problems.some((p) => p.code === 'several-masters' && p.serials.join() === 'CAM001,CAM002'));
});

t.test('no host PTP, one camera Master: converged, flagged camera-led', async (t) => {
  const rig = rigs.write({ host: { role: 'none' }, cameras: [cam('CAM001', { role: 'master' }), cam('CAM002')] });
  const { human, doc } = await runBoth(['--sim', rig, ...FAST]);
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, '✅ PTP sync OK (camera-led): Master=CAM001, other cameras=Slave');
  t.equal(doc.leader, 'camera-led');
  t.equal(doc.converged, true);
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

t.test('host slave of an outside grandmaster, cameras follow it too: OK', async (t) => {
  const rig = rigs.write({ host: { role: 'slave', outsideGrandmasterId: '5c1a5c.fffe.000001' }, cameras: [cam('CAM001'), cam('CAM002')] });
  const r = await runCli(['--sim', rig, ...FAST]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, '✅ PTP sync OK: Ubuntu=Slave (GM=5c1a5c.fffe.000001), Cameras=Slave');
});
