// Action commands and GVSP streaming over real GVCP/GVSP through Aravis 0.8.26, in the namespace lab: one raw
// ACTION_CMD broadcast triggers a frame on every camera whose keys match, Aravis delivers each frame with the
// camera's clock at the kernel receive instant of that broadcast (exactly, through GevTimestampTickFrequency),
// and the fault cameras (wrong key, no action support, stops streaming) behave as such cameras do.
import t from 'tap';
import { requireRootLab } from '../support/netns.js';
import { actionFeatures, arvFrames } from './arvFrames.js';
import { arv, arvControl } from './arvTool.js';
import { quantileOf } from './fanout.js';
import { startLabOrFail, type LabCamera } from './VirtualLab.js';

const DEVICE_KEY = 0x1234abcd;
const GROUP_KEY = 0x1;
const ACTIONS = 6;

/** What Aravis reports for camera time `ns` at tick frequency `hz`: the camera floors to ticks, Aravis
 *  converts back (src/arvgvspprivate.h arv_gvsp_timestamp_to_ns). */
function viaTicks(ns: bigint, hz: bigint): bigint {
  const ticks = (ns * hz) / 1_000_000_000n;
  return (ticks / hz) * 1_000_000_000n + ((ticks % hz) * 1_000_000_000n) / hz;
}

if (requireRootLab(t, ['arv-tool-0.8', 'arv-camera-test-0.8', 'cc'])) {
  const lab = await startLabOrFail(t, [
    { serial: 'ACT00001', offsetNs: 0n },
    { serial: 'ACT00002', offsetNs: 3_000n },
    { serial: 'ACT00003', offsetNs: -20_000n, tickFrequencyHz: 125_000_000n },
    { serial: 'WRONGKEY', faults: { ignoreActions: true } },
    { serial: 'NOACTION', actions: false },
    { serial: 'STOPS002', faults: { stopStreamingAfterFrames: 2 } },
  ]);
  if (lab) {
    t.teardown(() => lab.teardown());
    const [a, b, c, wrong, none, stops] = lab.cameras as [LabCamera, LabCamera, LabCamera, LabCamera, LabCamera, LabCamera];
    const hz: Record<string, bigint> = { [a.serial]: 1_000_000_000n, [b.serial]: 1_000_000_000n, [c.serial]: 125_000_000n };

    t.test('one ACTION_CMD broadcast: a frame on every camera whose keys match, stamped at its kernel receive instant', async (t) => {
      const armed = [a, b, c, wrong, stops];
      const r = await arvFrames(
        lab,
        armed.map((cam) => ({ ip: cam.ip, features: actionFeatures(DEVICE_KEY, GROUP_KEY, 0xffffffff) })),
        { action: { deviceKey: DEVICE_KEY, groupKey: GROUP_KEY, groupMask: 0x1, count: ACTIONS, ack: true }, timeoutMs: 500 },
      );
      t.same(r.errors, [], r.raw.stdout);
      t.ok(r.done, 'the consumer finished');
      t.equal(r.actions.length, ACTIONS);
      for (const [i, cam] of [a, b, c].entries()) {
        const frames = r.frames.filter((f) => f.camera === i);
        const stamps = lab.receiveStamps(cam.index).actions;
        t.equal(frames.length, ACTIONS, `${cam.serial}: one frame per action`);
        t.same(frames.map((f) => f.frameId), [1, 2, 3, 4, 5, 6], `${cam.serial}: block ids from 1`);
        t.ok(frames.every((f) => f.status === 0), `${cam.serial}: every buffer SUCCESS`);
        t.same(stamps.map((s) => s.outcome), Array(ACTIONS).fill('fired'));
        const expected = stamps.map((s) => viaTicks(s.kernelNs! + cam.offsetNs, hz[cam.serial]!));
        t.same(frames.map((f) => f.timestampNs), expected, `${cam.serial}: Aravis timestamp = kernel receive stamp + offset, exactly`);
        // The broadcast reached the camera between the sender's clock reads around sendto (bridge fan-out included).
        t.ok(stamps.every((s, k) => s.kernelNs! >= r.actions[k]!.beforeNs), `${cam.serial}: received after the send began`);
      }
      const acksFrom = (cam: LabCamera): typeof r.acks => r.acks.filter((x) => x.ip === cam.ip);
      for (const cam of [a, b, c, stops]) {
        t.same(acksFrom(cam).map((x) => [x.status, x.answer, x.id]), Array.from({ length: ACTIONS }, (_, k) => [0, 0x0101, k + 1]), `${cam.serial}: ACTION_ACK per action`);
      }
      t.same(acksFrom(wrong), [], 'the wrong-key camera sends no ack');
      t.same(r.frames.filter((f) => f.camera === 3), [], 'the wrong-key camera sends no frame');
      t.same(lab.receiveStamps(wrong.index).actions.map((s) => s.outcome), Array(ACTIONS).fill('ignored'));
      t.same(
        acksFrom(none).map((x) => x.status),
        Array(ACTIONS).fill(0x8001),
        'a camera without action support answers NOT_IMPLEMENTED when an ack is asked for',
      );
      t.same(r.frames.filter((f) => f.camera === 4).map((f) => f.frameId), [1, 2], 'the camera that stops streaming sent 2 frames');
      t.equal(r.missing.filter((m) => m.camera === 4).length, ACTIONS - 2, 'and missed the rest');

      const fan = lab.actionFanout([a.index, b.index, c.index, wrong.index, stops.index, none.index]);
      t.equal(fan.events.length, ACTIONS, 'every camera recorded every broadcast');
      t.ok(fan.events.every((e) => e.stampsNs.every((s) => s !== undefined)), 'with a kernel stamp at each camera');
      const spreads = fan.events.map((e) => e.spreadNs);
      t.comment(`lab fan-out of one broadcast to 6 cameras: p50 ${quantileOf(spreads, 0.5)} ns, max ${Math.max(...spreads)} ns`);
      t.ok(spreads.every((s) => s > 0), 'the bridge hands the broadcast to its ports one after another');
    });

    t.test('the group mask selects cameras: a broadcast for group bit 1 reaches only the camera whose mask has it', async (t) => {
      const r = await arvFrames(
        lab,
        [
          { ip: a.ip, features: actionFeatures(DEVICE_KEY, GROUP_KEY, 0x1) },
          { ip: b.ip, features: actionFeatures(DEVICE_KEY, GROUP_KEY, 0x2) },
        ],
        { action: { deviceKey: DEVICE_KEY, groupKey: GROUP_KEY, groupMask: 0x2, count: 2 }, timeoutMs: 500 },
      );
      t.same(r.errors, [], r.raw.stdout);
      t.same(r.frames.filter((f) => f.camera === 0), [], `${a.serial} (mask 0x1) is not in the group`);
      t.equal(r.frames.filter((f) => f.camera === 1 && f.status === 0).length, 2, `${b.serial} (mask 0x2) is`);
    });

    t.test('a camera without action support: no capability bit, no Action* features, no TriggerSource Action1', async (t) => {
      const capable = await arvControl(lab, a.ip, 'R[0x934]');
      const incapable = await arvControl(lab, none.ip, 'R[0x934]', 'TriggerSource=Action1', 'ActionDeviceKey=1');
      const cap = (r: typeof capable): number => Number(r.values.get('R[0x00000934]') ?? Number.NaN);
      t.equal(cap(capable) & 0x40, 0x40, `ACTION bit set on a normal camera (${capable.raw.stdout.trim()})`);
      t.equal(cap(incapable) & 0x40, 0, 'and clear on this one');
      t.ok(incapable.errors.has('TriggerSource'), incapable.raw.stdout);
      const features = await arv(lab, '-a', none.ip, 'features');
      t.notMatch(features.stdout, /Action(DeviceKey|Selector|GroupKey|GroupMask)/);
      t.match(features.stdout, /TriggerSource/);
    });

    t.test('TimestampLatch latches the kernel receive instant of its write, through the clock model', async (t) => {
      const r = await arvControl(lab, b.ip, 'TimestampLatch', 'TimestampLatchValue');
      t.same(r.errors, new Map(), r.raw.stdout);
      const latches = lab.receiveStamps(b.index).latches;
      t.equal(BigInt(r.values.get('TimestampLatchValue')!), latches.at(-1)! + b.offsetNs, 'value = kernel stamp + offset, exactly');
    });

    t.test('arv-camera-test-0.8: packet size negotiated with a test packet, free-run frames delivered', async (t) => {
      const r = await lab.exec('arv-camera-test-0.8', ['-n', none.ip, '--duration', '2', '--no-packet-socket', '-d', 'device:3'], { timeoutMs: 60_000 });
      const out = `${r.stdout}\n${r.stderr}`;
      t.match(out, /auto_packet_size\] Current packet size check successfull/, 'the test packet arrived at the negotiated size');
      const stat = (name: string): number => Number(new RegExp(`^${name}\\s+= (\\d+)$`, 'm').exec(out)?.[1] ?? Number.NaN);
      t.ok(stat('n_completed_buffers') > 0, `frames streamed: ${stat('n_completed_buffers')} (the camera sent ${lab.receiveStamps(none.index).frames.length})`);
      for (const n of ['n_failures', 'n_missing_frames', 'n_size_mismatch_errors', 'n_missing_packets', 'n_error_packets']) t.equal(stat(n), 0, n);
    });
  }
}
