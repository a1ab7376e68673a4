// Aravis' own command-line client against virtual cameras in the namespace lab: discovery, feature access,
// the camera clock, the legacy feature names, control privilege, and injected faults.
import t from 'tap';
import { createLab, requireRootLab } from '../support/netns.js';
import { arv, arvControl, holdControl } from './arvTool.js';
import { VirtualLab } from './VirtualLab.js';

const OFFSET_A = 5_000_000_000n;
const OFFSET_B = -3_000_000_000n;

if (requireRootLab(t, ['ptp4l', 'pmc', 'arv-tool-0.8'])) {
  const lab = await VirtualLab.start({
    netns: createLab(t),
    hostPtp4l: false,
    cameras: [
      { serial: 'VCAM0001', offsetNs: OFFSET_A },
      { serial: 'VCAM0002', offsetNs: OFFSET_B, driftPpb: 500 },
      { serial: 'LEGACY01', variant: 'legacy', offsetNs: 0n },
      { serial: 'FAULTY01', faults: { dropFirst: 3 } },
      { serial: 'HANGS001', faults: { stopAfterLatches: 1 } },
    ],
  });
  t.teardown(() => lab.teardown());
  const [a, b, legacy, dropper, hanger] = lab.cameras as [typeof lab.cameras[0], typeof lab.cameras[0], typeof lab.cameras[0], typeof lab.cameras[0], typeof lab.cameras[0]];

  t.test('discovery lists every camera with its serial and address', async (t) => {
    const out = await arv(lab);
    for (const cam of lab.cameras) t.match(out.stdout, `${cam.deviceId} (${cam.ip})`, cam.serial);
    t.equal(out.stdout.trim().split('\n').length, lab.cameras.length, 'nothing else is on the lab network');
  });

  t.test('PtpStatus, PtpEnable and the string registers', async (t) => {
    const r1 = await arvControl(lab, a.ip, 'DeviceSerialNumber', 'DeviceVendorName', 'DeviceModelName', 'PtpStatus', 'PtpEnable');
    t.same(r1.errors, new Map(), r1.raw.stdout);
    t.equal(r1.values.get('DeviceSerialNumber'), 'VCAM0001');
    t.equal(r1.values.get('DeviceVendorName'), 'Acme');
    t.equal(r1.values.get('PtpStatus'), 'Disabled');
    t.equal(r1.values.get('PtpEnable'), 'false');
    const r2 = await arvControl(lab, a.ip, 'PtpEnable=1', 'PtpEnable', 'PtpStatus', 'PtpClockID');
    t.same(r2.errors, new Map(), r2.raw.stdout);
    t.equal(r2.values.get('PtpEnable'), 'true');
    t.equal(r2.values.get('PtpStatus'), 'Listening', 'the default script starts Listening');
    t.equal(BigInt(r2.values.get('PtpClockID')!), 0x025043fffe000000n, 'EUI-64 from the MAC');
  });

  t.test('TimestampLatch captures host realtime + the injected offset', async (t) => {
    for (const cam of [a, b]) {
      // Loose: Date.now() truncates to ms, and the camera's realtime anchor may be off by a preempted loop turn.
      const before = BigInt(Date.now() - 20) * 1_000_000n;
      const r = await arvControl(lab, cam.ip, 'TimestampLatch', 'TimestampLatchValue');
      const after = BigInt(Date.now() + 20) * 1_000_000n;
      t.same(r.errors, new Map(), r.raw.stdout);
      t.match(r.raw.stdout, /TimestampLatch executed/);
      const value = BigInt(r.values.get('TimestampLatchValue')!);
      // The drifting camera accrues 500 ppb over the lab's lifetime: well under a ms here.
      t.ok(value >= before + cam.offsetNs && value <= after + cam.offsetNs, `${cam.serial}: ${value - cam.offsetNs} in [${before}, ${after}]`);
    }
  });

  t.test('legacy variant exposes GevIEEE1588* and no Ptp* features', async (t) => {
    const features = await arv(lab, '-a', legacy.ip, 'features');
    t.match(features.stdout, /GevIEEE1588Status/);
    t.notMatch(features.stdout, /'Ptp/);
    const r = await arvControl(lab, legacy.ip, 'GevIEEE1588Status', 'GevIEEE1588=1', 'GevIEEE1588', 'GevIEEE1588Status', 'GevIEEE1588DataSetLatch', 'GevIEEE1588StatusLatched');
    t.same(r.errors, new Map(), r.raw.stdout);
    t.match(r.raw.stdout, /^GevIEEE1588Status = Disabled$/m);
    t.equal(r.values.get('GevIEEE1588'), 'true');
    t.equal(r.values.get('GevIEEE1588StatusLatched'), 'Listening');
    const missing = await arvControl(lab, legacy.ip, 'PtpEnable');
    t.notOk(missing.values.has('PtpEnable'), 'PtpEnable does not exist on the legacy camera');
  });

  t.test('a second client gets ACCESS_DENIED while the first holds control', async (t) => {
    const holder = await holdControl(lab, b.ip);
    t.teardown(() => void holder.kill('SIGTERM'));
    const denied = await arvControl(lab, b.ip, 'PtpEnable=1', 'PtpEnable', 'R[0x0A00]');
    t.equal(denied.raw.code, 0, 'arv-tool exits 0 anyway');
    t.match(denied.errors.get('PtpEnable') ?? '', /access-denied/, denied.raw.stdout);
    t.equal(denied.values.get('PtpEnable'), 'false', 'reads still work');
    t.equal(denied.values.get('R[0x00000a00]'), '0x00000002', 'CCP shows the camera is controlled');
    const exec = await arvControl(lab, b.ip, 'TimestampLatch');
    t.match(exec.errors.get('TimestampLatch') ?? '', /access-denied/);
    holder.kill('SIGTERM');
    await new Promise((r) => holder.once('exit', r));
    const ok = await arvControl(lab, b.ip, 'PtpEnable=1', 'PtpEnable');
    t.same(ok.errors, new Map(), 'released on exit');
    t.equal(ok.values.get('PtpEnable'), 'true');
  });

  t.test('faults: dropped commands are retried, a hung camera times out', async (t) => {
    const retried = await arvControl(lab, dropper.ip, 'DeviceSerialNumber');
    t.equal(retried.values.get('DeviceSerialNumber'), 'FAULTY01', 'Aravis retries with the same id');
    const hung = await arvControl(lab, hanger.ip, 'TimestampLatch', 'TimestampLatchValue');
    t.match(hung.raw.stdout, /TimestampLatch executed/);
    t.match(hung.errors.get('TimestampLatchValue') ?? hung.raw.stdout, /timeout/i, hung.raw.stdout);
  });
}
