// One driver contract (contract/suite.ts), three backends: the simulated rig and the IC4 stand-in in this
// process, Aravis against virtual GigE Vision cameras in the namespace lab from a child process that lives in
// the lab's host namespace (GVCP and discovery broadcasts never leave the lab).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

import { simpleRig } from '../../src/cameras/rigFile.js';
import { VirtualLab } from '../lab/VirtualLab.js';
import { createLab, requireRootLab } from '../support/netns.js';
import { tempDir } from '../support/cli.js';
import { driverContract, type ContractFixture } from './contract/suite.js';

const CHILD = fileURLToPath(new URL('./contract/aravisChild.ts', import.meta.url));
const STANDIN_BUILD = fileURLToPath(new URL('./ic4-standin/build.sh', import.meta.url));
const TSX = import.meta.resolve('tsx');

t.test('sim', async (t) => {
  const rig = simpleRig(2);
  const cam = rig.native.cameras[1]!;
  await driverContract(t, {
    backend: 'sim',
    driver: { backend: 'sim', libraryPath: '', rig: rig.native },
    serials: ['SIM00001', 'SIM00002'],
    serial: cam.serial,
    offsetNs: cam.offsetNs,
    boolFeature: 'PtpEnable',
    enumFeature: 'PtpStatus',
    enumValues: ['Listening', 'Uncalibrated', 'Slave'],
    intFeature: 'PtpGrandmasterClockID',
    intValue: 0x0a0b0cfffe0d0e0fn,
    secondOpen: 'rejected',
  });
});

t.test('ic4 (stand-in library)', async (t) => {
  const out = execFileSync('sh', [STANDIN_BUILD, tempDir(t, 'ptpcam-ic4-standin-')], { encoding: 'utf8' });
  const library = out.trim().split('\n').at(-1)!;
  // Read by the stand-in at every device-list update.
  process.env.IC4_STANDIN_CAMERAS = 'CONTRACT-1:DFK 33GR0234:0,CONTRACT-2:DFK 33GX546:2500000';
  process.env.IC4_STANDIN_SETTLE_MS = '300';
  await driverContract(t, {
    backend: 'ic4',
    driver: { backend: 'ic4', libraryPath: library },
    serials: ['CONTRACT-1', 'CONTRACT-2'],
    serial: 'CONTRACT-2',
    offsetNs: 2_500_000n,
    boolFeature: 'PtpEnable',
    enumFeature: 'PtpStatus',
    enumValues: ['Listening', 'Slave'],
    intFeature: 'Width',
    intValue: 1920n,
    secondOpen: 'not-shown',
  });
});

t.test('aravis (virtual GigE Vision cameras in the lab)', async (t) => {
  if (!requireRootLab(t, [])) return;
  const lab = await VirtualLab.start({
    netns: createLab(t),
    hostPtp4l: false,
    // Each camera is a node process compiling TypeScript at start: a busy 2-core machine needs the margin.
    readyTimeoutMs: 60_000,
    cameras: [{ serial: 'ARVCON01', offsetNs: 0n }, { serial: 'ARVCON02', offsetNs: 7_000_000n }],
  });
  t.teardown(() => lab.teardown());
  const cam = lab.cameras[1]!;
  const fixture: Omit<ContractFixture, 'offsetNs' | 'intValue'> & { offsetNs: string; intValue: string } = {
    backend: 'aravis',
    driver: { backend: 'aravis', libraryPath: '' },
    serials: lab.cameras.map((c) => c.serial),
    serial: cam.serial,
    offsetNs: cam.offsetNs.toString(),
    boolFeature: 'PtpEnable',
    // The default script: Listening at enable, Uncalibrated after 1 s, Slave after 2 s.
    enumFeature: 'PtpStatus',
    enumValues: ['Listening', 'Uncalibrated', 'Slave'],
    // EUI-64 from the camera MAC 02:50:43:00:00:01: above 2^53, so a double would round it.
    intFeature: 'PtpClockID',
    intValue: (0x025043fffe000000n + BigInt(cam.index)).toString(),
    secondOpen: 'rejected',
  };
  // Tracked by the lab, so teardown kills it whatever happens; its TAP becomes this subtest's children.
  const child = lab.spawn(process.execPath, ['--import', TSX, CHILD, JSON.stringify(fixture)]);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  await t.stdin('contract in the lab host namespace', { tapStream: child.stdout! });
  const code = await exited;
  const tail = stderr ? `; stderr: ${stderr.slice(-2000)}` : '';
  t.equal(code, 0, `child exit code${tail}`);
  // A child that stopped early (a crash between subtests) can still print valid TAP: require the last step.
  t.match(stdout, /^\s*ok \d+ - aravis: close\b/m, `the child ran the whole contract${tail}`);
  t.notMatch(stdout, /^\s*not ok /m, 'no failure in the child');
});
