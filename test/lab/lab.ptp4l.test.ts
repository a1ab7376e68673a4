// A camera that follows a real slave-only ptp4l in its namespace: its PtpStatus/GM/offset come from that
// ptp4l, so freezing or killing the host's grandmaster ptp4l changes what Aravis reads from the camera.
import t from 'tap';
import { createLab, requireRootLab } from '../support/netns.js';
import { arvControl } from './arvTool.js';
import { parseClockIdentity } from './vcam/ptpTypes.js';
import { VirtualLab } from './VirtualLab.js';

/** Polls until `pred` holds; the lab's ptp4l intervals make every transition take a few seconds at most. */
async function until<T>(what: string, read: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!pred(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
    last = await read();
  }
  return last;
}

if (requireRootLab(t, ['ptp4l', 'pmc', 'arv-tool-0.8'])) {
  const lab = await VirtualLab.start({ netns: createLab(t), cameras: [{ ptp4l: true }, { ptp4l: true, variant: 'legacy' }] });
  t.teardown(() => lab.teardown());
  const [cam, legacy] = lab.cameras as [(typeof lab.cameras)[0], (typeof lab.cameras)[0]];
  const status = async (): Promise<string | undefined> => (await arvControl(lab, cam.ip, 'PtpStatus')).values.get('PtpStatus');
  const legacyStatus = async (): Promise<string | undefined> => (await arvControl(lab, legacy.ip, 'GevIEEE1588Status')).values.get('GevIEEE1588Status');

  t.test('disabled until PtpEnable, then follows its ptp4l to Slave', async (t) => {
    t.equal(await status(), 'Disabled');
    const en = await arvControl(lab, cam.ip, 'PtpEnable=1');
    t.equal(en.errors.size, 0, en.raw.stdout);
    await arvControl(lab, legacy.ip, 'GevIEEE1588=1');
    const s = await until('PtpStatus', status, (v) => v === 'Slave' || v === 'Uncalibrated');
    t.pass(`reached ${s}`);
    // The camera clears ptp4l's synchronization-uncertain flag once, so a free_running slave gets to SLAVE.
    await until('PtpStatus', status, (v) => v === 'Slave');
    await until('GevIEEE1588Status', legacyStatus, (v) => v === 'Slave');

    const host = await lab.exec('pmc', ['-u', '-b', '0', '-s', lab.hostPtp4l!.uds, 'GET DEFAULT_DATA_SET']);
    const gm = parseClockIdentity(/clockIdentity\s+(\S+)/.exec(host.stdout)![1]!);
    const r = await arvControl(lab, cam.ip, 'PtpDataSetLatch', 'PtpGrandmasterClockID', 'PtpOffsetFromMaster', 'PtpServoStatus');
    t.equal(r.errors.size, 0, r.raw.stdout);
    // Aravis prints IntRegs as gint64: an EUI-64 with the top bit set shows negative.
    t.equal(BigInt.asUintN(64, BigInt(r.values.get('PtpGrandmasterClockID')!)), gm, "grandmaster is the host's ptp4l");
    t.match(r.values.get('PtpOffsetFromMaster'), /^-?\d+$/);
    t.equal(r.values.get('PtpServoStatus'), 'Locked');
  });

  t.test("freezing the host's ptp4l makes the camera leave Slave; resuming brings it back", async (t) => {
    lab.signalHostPtp4l('SIGSTOP');
    t.teardown(() => {
      try {
        lab.signalHostPtp4l('SIGCONT');
      } catch {
        // Already killed by a later step.
      }
    });
    // slaveOnly ptp4l goes LISTENING once announces stop for announceReceiptTimeout intervals.
    t.equal(await until('PtpStatus', status, (v) => v !== 'Slave'), 'Listening');
    t.equal(await until('GevIEEE1588Status', legacyStatus, (v) => v !== 'Slave'), 'Listening');
    lab.signalHostPtp4l('SIGCONT');
    t.equal(await until('PtpStatus', status, (v) => v === 'Slave'), 'Slave');
  });

  t.test("killing the host's ptp4l leaves the camera Listening", async (t) => {
    lab.signalHostPtp4l('SIGKILL');
    t.equal(await until('PtpStatus', status, (v) => v !== 'Slave'), 'Listening');
  });

  t.test('PtpEnable=0 reports Disabled whatever ptp4l does', async (t) => {
    const r = await arvControl(lab, cam.ip, 'PtpEnable=0', 'PtpStatus');
    t.equal(r.values.get('PtpStatus'), 'Disabled');
  });
}
