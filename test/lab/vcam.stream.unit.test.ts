// The virtual camera's action commands, GVSP stream and kernel receive stamps, without namespaces: the device
// driven directly (decoded commands, captured GVSP packets) and, through the native stamping helper, a camera
// on 127.0.0.1 (no root needed; the helper is built with the system C compiler).
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { fanout } from './fanout.js';
import { GvcpClient } from './gvcpClient.js';
import { ACTION_CMD, decodeActionPayload, encodeActionPayload, matchAction } from './vcam/actionCommand.js';
import { CameraClock } from './vcam/cameraClock.js';
import { parseVcamConfig } from './vcam/config.js';
import { VirtualCameraDevice, type DeviceOptions } from './vcam/device.js';
import { Command, GvcpDecodeError, Status, decodeAck, decodeCommand, encodeCommand } from './vcam/gvcpPacket.js';
import { PIXEL_FORMAT_MONO8, decodeGvsp, encodeFrame, encodeTestPacket, nextBlockId } from './vcam/gvspPacket.js';
import { ScriptedPtp } from './vcam/ptpScript.js';
import { Bootstrap, Feature, Scps, StreamFeature } from './vcam/registerMap.js';
import { MemoryStampLog, parseStampLog } from './vcam/stampLog.js';
import { startVirtualCamera } from './vcam/virtualCamera.js';

const HOST = { address: '169.254.10.1', port: 50000 };
const REALTIME = 1_800_000_000_000_000_000n;

function action(deviceKey: number, groupKey: number, groupMask: number, flags: number, id = 1, time?: bigint): Buffer {
  return encodeCommand(ACTION_CMD, id, encodeActionPayload({ deviceKey, groupKey, groupMask, ...(time !== undefined ? { actionTime: time } : {}) }), flags);
}

interface Rig {
  device: VirtualCameraDevice;
  sent: Array<{ packet: Buffer; port: number; address: string }>;
  log: MemoryStampLog;
  /** WRITEREG/WRITEMEM as the controlling host would; returns the ack status. */
  write(address: number, value: number): number;
  /** Delivers a raw command as if received at kernel instant `kernelNs`; returns the ack (if any). */
  deliver(packet: Buffer, kernelNs: bigint): Buffer | undefined;
}

function rig(extra: Partial<DeviceOptions> = {}): Rig {
  const clock = new CameraClock({ offsetNs: 5_000n, driftPpb: 0, anchor: { realtimeNs: REALTIME, hrtimeNs: 0n, uncertaintyNs: 0n }, hrtime: () => 0n });
  const sent: Rig['sent'] = [];
  const log = new MemoryStampLog();
  const device = new VirtualCameraDevice({
    identity: { vendor: 'A', model: 'M', serial: 'S', deviceVersion: '1', manufacturerInfo: '', userName: '', mac: '02:00:00:00:00:01', ip: '169.254.10.10', netmask: '255.255.0.0' },
    variant: 'sfnc',
    clock,
    ptp: new ScriptedPtp([], 1n),
    gvspSend: (packet, port, address) => sent.push({ packet, port, address }),
    streamSourcePort: 40000,
    stampLog: log,
    ...extra,
  });
  const deliver = (packet: Buffer, kernelNs: bigint): Buffer | undefined => {
    const ack = device.handle(HOST, decodeCommand(packet), { kernelNs, cameraNs: clock.atRealtimeNs(kernelNs) });
    device.runPendingTriggers();
    return ack;
  };
  return { device, sent, log, deliver, write: (address, value) => device.write(HOST, address, value) };
}

/** Control, stream aimed at the host, armed for Action1 with these keys, acquisition started. */
function armed(r: Rig, keys = { device: 0x1234, group: 0x10, mask: 0x0f }): void {
  r.write(Bootstrap.CCP, 2);
  r.write(Bootstrap.SCDA0, 0xa9fe0a01);
  r.write(Bootstrap.SCP0, 45000);
  r.write(StreamFeature.TRIGGER_MODE, 1);
  r.write(StreamFeature.TRIGGER_SOURCE, 2);
  r.write(StreamFeature.ACTION_DEVICE_KEY, keys.device);
  r.write(StreamFeature.ACTION_SELECTOR, 1);
  r.write(StreamFeature.ACTION_GROUP_KEY, keys.group);
  r.write(StreamFeature.ACTION_GROUP_MASK, keys.mask);
  r.write(StreamFeature.ACQUISITION_START, 1);
}

t.test('ACTION_CMD codec', async (t) => {
  const cmd = decodeCommand(action(0xdeadbeef, 7, 0x80000001, 0x01, 0x1234));
  t.same(cmd, { kind: 'action', id: 0x1234, flags: 1, action: { deviceKey: 0xdeadbeef, groupKey: 7, groupMask: 0x80000001 } });
  const scheduled = decodeCommand(action(1, 2, 3, 0x81, 9, 0x0102030405060708n));
  t.same(scheduled.kind === 'action' && scheduled.action.actionTime, 0x0102030405060708n, 'scheduled: 64-bit action time after the keys');
  let err: unknown;
  try {
    decodeCommand(encodeCommand(ACTION_CMD, 1, Buffer.alloc(8)));
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof GvcpDecodeError && /too short/.test(err.message), 'payload shorter than three keys: a GVCP decode error');
  t.throws(() => decodeActionPayload(0x80, Buffer.alloc(12)), /too short/, 'scheduled without its time');
});

t.test('action key matching: device key equal, group key equal, mask AND non-zero', async (t) => {
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  fc.assert(
    fc.property(u32, u32, u32, u32, u32, u32, (dk, gk, gm, cdk, cgk, cgm) => {
      const hits = matchAction({ deviceKey: dk, groups: [{ groupKey: gk, groupMask: gm }] }, { deviceKey: cdk, groupKey: cgk, groupMask: cgm });
      const expected = dk === cdk && gk === cgk && ((gm & cgm) >>> 0) !== 0;
      return hits.length === (expected ? 1 : 0);
    }),
  );
  t.same(matchAction({ deviceKey: 1, groups: [{ groupKey: 5, groupMask: 1 }, { groupKey: 5, groupMask: 2 }] }, { deviceKey: 1, groupKey: 5, groupMask: 3 }), [1, 2]);
});

t.test('GVSP layout: leader, payload, trailer as Aravis 0.8.26 parses them', async (t) => {
  const image = { pixelFormat: PIXEL_FORMAT_MONO8, width: 8, height: 8, offsetX: 0, offsetY: 0 };
  const [leader, payload, trailer, ...rest] = encodeFrame(7, 0x0123456789abcdefn, image, Buffer.alloc(64, 0xaa), 1500);
  t.same(rest, [], 'an 8 × 8 Mono8 frame is one payload packet');
  const l = decodeGvsp(leader!);
  t.same([l.status, l.blockId, l.format, l.packetId], [0, 7, 1, 0]);
  t.equal(l.body.readUInt16BE(2), 1, 'payload type image');
  t.equal(l.body.readUInt32BE(4), 0x01234567, 'timestamp high');
  t.equal(l.body.readUInt32BE(8), 0x89abcdef, 'timestamp low');
  t.same([l.body.readUInt32BE(12), l.body.readUInt32BE(16), l.body.readUInt32BE(20)], [PIXEL_FORMAT_MONO8, 8, 8]);
  t.equal(leader!.length, 8 + 36);
  const p = decodeGvsp(payload!);
  t.same([p.blockId, p.format, p.packetId, p.body.length], [7, 3, 1, 64]);
  const tr = decodeGvsp(trailer!);
  t.same([tr.blockId, tr.format, tr.packetId, tr.body.readUInt32BE(0), tr.body.readUInt32BE(4)], [7, 2, 2, 1, 8], 'trailer: payload type, height');
  const big = encodeFrame(1, 0n, { ...image, width: 64, height: 64 }, Buffer.alloc(4096), 576);
  const chunk = 576 - 28 - 8;
  t.equal(big.length, 2 + Math.ceil(4096 / chunk), 'payload split to packetSize − IP/UDP − GVSP header');
  t.ok(big.every((b) => b.length <= 576 - 28));
  t.equal(encodeTestPacket(1500).length, 1472, 'test packet: packetSize − 28 bytes, as Aravis checks');
  t.same([nextBlockId(0), nextBlockId(1), nextBlockId(0xffff)], [1, 2, 1], 'block ids from 1, 0 skipped on wrap');
});

t.test('device: an action whose keys match starts a frame stamped at its arrival; ack only when asked', async (t) => {
  const r = rig();
  armed(r);
  const k1 = REALTIME + 1_000_000n;
  const ack = r.deliver(action(0x1234, 0x10, 0x01, 0x01, 0x77), k1);
  t.same(ack && decodeAck(ack), { status: 0, answer: 0x0101, id: 0x77, payload: Buffer.alloc(0) }, 'ACTION_ACK, empty payload');
  t.equal(r.sent.length, 3, 'leader, payload, trailer');
  t.ok(r.sent.every((s) => s.port === 45000 && s.address === '169.254.10.1'), 'to SCDA:SCP0');
  const leader = decodeGvsp(r.sent[0]!.packet);
  t.equal(leader.blockId, 1, 'first block id is 1');
  t.equal(leader.body.readBigUInt64BE(4), k1 + 5_000n, 'timestamp = kernel receive stamp + offset (1 GHz ticks)');
  t.equal(r.deliver(action(0x1234, 0x10, 0x02, 0x00, 0x78), k1 + 10n), undefined, 'no ack without the ack flag');
  t.equal(decodeGvsp(r.sent[3]!.packet).blockId, 2, 'and still a frame');
  t.same(r.log.stamps.actions.map((a) => [a.kernelNs, a.outcome]), [[k1, 'fired'], [k1 + 10n, 'fired']]);
  t.ok(
    r.log.stamps.writes.some((w) => w.address === StreamFeature.ACTION_DEVICE_KEY && w.value === 0x1234 && w.status === 0),
    'the write-only ActionDeviceKey is visible in the record',
  );
  t.same(r.log.stamps.frames.map((f) => [f.blockId, f.cameraNs, f.trigger]), [[1, k1 + 5_000n, 'Action1'], [2, k1 + 5_010n, 'Action1']]);
});

t.test('device: actions not addressed to it are ignored silently; scheduled ones refused with NOT_IMPLEMENTED', async (t) => {
  const r = rig();
  armed(r);
  for (const [dk, gk, gm] of [[0x1235, 0x10, 0x01], [0x1234, 0x11, 0x01], [0x1234, 0x10, 0x10]] as const) {
    t.equal(r.deliver(action(dk, gk, gm, 0x01), REALTIME), undefined, `keys ${dk.toString(16)}/${gk.toString(16)}/${gm.toString(16)}: no ack`);
  }
  t.equal(r.sent.length, 0, 'no frame');
  const refused = r.deliver(action(0x1234, 0x10, 0x01, 0x81, 5, REALTIME + 10n ** 9n), REALTIME);
  t.same(refused && [decodeAck(refused).status, decodeAck(refused).answer, decodeAck(refused).id], [Status.NOT_IMPLEMENTED, 0x0101, 5]);
  t.equal(r.deliver(action(0x1234, 0x10, 0x01, 0x80, 6, REALTIME), REALTIME), undefined, 'refused silently without the ack flag');
  t.equal(r.deliver(action(0x9999, 0x10, 0x01, 0x81, 7, REALTIME), REALTIME), undefined, 'a scheduled action for another camera is just ignored');
  t.equal(r.sent.length, 0, 'scheduled actions start no frame');
  t.same(r.log.stamps.actions.map((a) => a.outcome), ['ignored', 'ignored', 'ignored', 'refused', 'refused', 'ignored']);
});

t.test('device: trigger configuration decides; Action2 through the selector', async (t) => {
  const r = rig();
  armed(r);
  r.write(StreamFeature.ACTION_SELECTOR, 2);
  r.write(StreamFeature.ACTION_GROUP_KEY, 0x20);
  r.write(StreamFeature.ACTION_GROUP_MASK, 0xf0);
  t.equal(r.device.read(HOST, StreamFeature.ACTION_GROUP_KEY, 4).data?.readUInt32BE(0), 0x20, 'the selector picks the slot read');
  r.write(StreamFeature.ACTION_SELECTOR, 1);
  t.equal(r.device.read(HOST, StreamFeature.ACTION_GROUP_KEY, 4).data?.readUInt32BE(0), 0x10);
  r.deliver(action(0x1234, 0x20, 0x10, 0), REALTIME);
  t.equal(r.sent.length, 0, 'Action2 asserted, but TriggerSource is Action1');
  r.write(StreamFeature.TRIGGER_SOURCE, 3);
  r.deliver(action(0x1234, 0x20, 0x10, 0), REALTIME);
  t.equal(r.sent.length, 3, 'TriggerSource Action2');
  r.write(StreamFeature.TRIGGER_MODE, 0);
  r.write(StreamFeature.ACQUISITION_STOP, 1);
  r.deliver(action(0x1234, 0x20, 0x10, 0), REALTIME);
  t.equal(r.sent.length, 3, 'no frame once stopped');
  t.equal(r.write(StreamFeature.WIDTH, 12), Status.INVALID_PARAMETER, 'width in steps of 8');
  t.equal(r.write(StreamFeature.WIDTH, 16), Status.SUCCESS);
  t.equal(r.device.read(HOST, StreamFeature.PAYLOAD_SIZE, 4).data?.readUInt32BE(0), 128, 'PayloadSize follows Width × Height');
  r.write(Bootstrap.CCP, 0);
  t.equal(r.device.read(HOST, Bootstrap.SCP0, 4).data?.readUInt32BE(0), 0, 'releasing control closes the stream channel');
});

t.test('device: streamOnRelease keep (as arv-fake-gv-camera): a release stops acquisition, the registers stay', async (t) => {
  const read = (r: Rig, a: number): number | undefined => r.device.read(HOST, a, 4).data?.readUInt32BE(0);
  const r = rig({ streamOnRelease: 'keep' });
  armed(r);
  r.write(Bootstrap.SCPS0, 1000);
  r.write(Bootstrap.SCPD0, 1234);
  r.write(Bootstrap.CCP, 0);
  t.same([read(r, Bootstrap.SCP0), read(r, Bootstrap.SCPS0), read(r, Bootstrap.SCPD0), read(r, Bootstrap.SCDA0)], [45000, 1000, 1234, 0xa9fe0a01], 'SCP, SCPS, SCPD, SCDA as left');
  r.deliver(action(0x1234, 0x10, 0x0f, 0), REALTIME);
  t.equal(r.sent.length, 0, 'acquisition stopped: no frame');
  const c = rig();
  armed(c);
  c.write(Bootstrap.SCPD0, 1234);
  c.write(Bootstrap.CCP, 0);
  t.same([read(c, Bootstrap.SCP0), read(c, Bootstrap.SCPD0), read(c, Bootstrap.SCDA0)], [0, 1234, 0xa9fe0a01], 'default close: only the host port is reset');
  t.equal(parseVcamConfig({ serial: 'S', mac: '02:00:00:00:00:01', ip: '169.254.10.10' }).streamOnRelease, 'close', 'config default');
  t.throws(() => parseVcamConfig({ serial: 'S', mac: '02:00:00:00:00:01', ip: '169.254.10.10', streamOnRelease: 'open' }), /streamOnRelease/);
});

t.test('device: TriggerSoftware, tick frequency, SingleFrame', async (t) => {
  const r = rig({ acquisition: { tickFrequencyHz: 125_000_000n } });
  armed(r);
  t.equal(r.device.read(HOST, Bootstrap.TICK_FREQ_HIGH, 8).data?.readBigUInt64BE(0), 125_000_000n, 'GevTimestampTickFrequency');
  r.write(StreamFeature.TRIGGER_SOURCE, 0);
  r.write(StreamFeature.ACQUISITION_MODE, 1);
  const k = REALTIME + 123_456_789n;
  r.deliver(encodeCommand(Command.WRITEMEM, 3, Buffer.from([0, 3, 0x10, 0x30, 0, 0, 0, 1])), k);
  t.equal(r.sent.length, 3);
  t.equal(decodeGvsp(r.sent[0]!.packet).body.readBigUInt64BE(4), ((k + 5_000n) * 125n) / 1000n, 'ticks = floor(ns × f / 1e9)');
  r.deliver(encodeCommand(Command.WRITEMEM, 4, Buffer.from([0, 3, 0x10, 0x30, 0, 0, 0, 1])), k);
  t.equal(r.sent.length, 3, 'SingleFrame: acquisition ended after one frame');
});

t.test('device: packet size negotiation, test packet, SCSP', async (t) => {
  const r = rig();
  armed(r);
  t.equal(r.device.read(HOST, Bootstrap.SCPS0, 4).data?.readUInt32BE(0), 1500, 'default packet size, fire bit reads 0');
  t.equal(r.write(Bootstrap.SCPS0, (Scps.FIRE_TEST | Scps.DO_NOT_FRAGMENT | 1000) >>> 0), Status.SUCCESS);
  t.equal(r.sent.at(-1)?.packet.length, 1000 - 28, 'one test datagram of packetSize − 28 bytes');
  const n = r.sent.length;
  r.write(Bootstrap.SCPS0, (Scps.FIRE_TEST | Scps.DO_NOT_FRAGMENT | 9000) >>> 0);
  t.equal(r.sent.length, n, 'larger than the MTU with do-not-fragment: dropped, as the link would');
  t.equal(r.device.read(HOST, Bootstrap.SCSP0, 4).data?.readUInt32BE(0), 40000, 'SCSP = the stream socket');
  t.equal(r.write(Bootstrap.SCSP0, 1), Status.WRITE_PROTECT);
  t.equal(r.device.read(HOST, Bootstrap.STREAM_CHANNELS, 4).data?.readUInt32BE(0), 1);
  t.equal(r.device.read(HOST, Bootstrap.GVCP_CAPABILITY, 4).data?.readUInt32BE(0), 0x62, 'ACTION capability bit');
});

t.test('faults: no action support, ignored actions, stop streaming after N frames', async (t) => {
  const none = rig({ actions: false });
  armed(none);
  t.equal(none.write(StreamFeature.TRIGGER_SOURCE, 2), Status.INVALID_PARAMETER, 'no TriggerSource Action1');
  t.equal(none.write(StreamFeature.ACTION_DEVICE_KEY, 1), Status.INVALID_ADDRESS, 'no ActionDeviceKey');
  t.same(
    none.log.stamps.writes.at(-1),
    { address: StreamFeature.TRIGGER_SOURCE, value: 2, status: Status.INVALID_PARAMETER, command: 'WRITEREG' },
    'feature writes are recorded with their status (an unmapped address is not a feature write)',
  );
  t.notMatch(none.device.xml.toString(), /ActionDeviceKey|"Action1"/);
  t.equal(none.device.read(HOST, Bootstrap.GVCP_CAPABILITY, 4).data?.readUInt32BE(0), 0x22);
  const ack = none.deliver(action(0, 0, 1, 1), REALTIME);
  t.equal(ack && decodeAck(ack).status, Status.NOT_IMPLEMENTED);
  t.same(none.log.stamps.actions.map((a) => a.outcome), ['unsupported']);

  const deaf = rig({ ignoreActions: true });
  armed(deaf);
  t.equal(deaf.deliver(action(0x1234, 0x10, 0x01, 1), REALTIME), undefined);
  t.equal(deaf.sent.length, 0);

  const stops = rig({ acquisition: { stopStreamingAfterFrames: 2 } });
  armed(stops);
  for (let i = 0; i < 4; i++) stops.deliver(action(0x1234, 0x10, 0x01, 1, i + 1), REALTIME + BigInt(i));
  t.equal(stops.sent.length, 6, 'two frames, then nothing');
  t.same(stops.log.stamps.actions.map((a) => a.outcome), ['fired', 'fired', 'fired', 'fired'], 'it still acts (and acks)');
});

t.test('fan-out of events across cameras, matched by order', async (t) => {
  const f = fanout([0, 1, 2], [[10n, 20n], [12n, 25n], [11n]]);
  t.same(f.events.map((e) => e.spreadNs), [2, 5]);
  t.same(f.events[1]!.relativeNs, [0, 5, undefined]);
});

t.test('kernel receive stamps through the native helper (127.0.0.1)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vcam-stamps-'));
  const stampLog = join(dir, 'cam.stamps');
  const cam = await startVirtualCamera(
    parseVcamConfig({ serial: 'STAMP001', mac: '02:00:00:00:00:09', ip: '127.0.0.1', bindAddress: '127.0.0.1', port: 0, offsetNs: '-7000', stampLog }),
  );
  t.teardown(() => cam.close());
  t.ok(cam.kernelStamps, 'the helper is in use');
  const c = new GvcpClient({ host: '127.0.0.1', port: cam.port, timeoutMs: 500, attempts: 3 });
  await c.bind();
  t.teardown(() => c.close(false));
  const before = cam.clock.hostRealtimeNs();
  await c.writeU32(Feature.TIMESTAMP_LATCH, 1);
  const value = await c.readU64(Feature.TIMESTAMP_LATCH_VALUE);
  // An action from a plain socket: the ack must come back from the camera's GVCP port, as a real camera's does.
  const s = dgram.createSocket('udp4');
  t.teardown(() => s.close());
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const gotAck = new Promise<{ msg: Buffer; port: number }>((resolve) => s.once('message', (msg, rinfo) => resolve({ msg, port: rinfo.port })));
  await c.writeU32(StreamFeature.ACTION_DEVICE_KEY, 0x42);
  await c.writeU32(StreamFeature.ACTION_GROUP_KEY, 1);
  await c.writeU32(StreamFeature.ACTION_GROUP_MASK, 1);
  s.send(action(0x42, 1, 1, 1, 0x55), cam.port, '127.0.0.1');
  const ack = await gotAck;
  t.equal(ack.port, cam.port, 'ack from the GVCP port');
  t.same([decodeAck(ack.msg).status, decodeAck(ack.msg).answer, decodeAck(ack.msg).id], [0, 0x0101, 0x55], 'ACTION_ACK');
  await new Promise((r) => setTimeout(r, 20));
  const stamps = parseStampLog(readFileSync(stampLog, 'utf8'));
  t.equal(stamps.latches.length, 1);
  t.equal(value, stamps.latches[0]! - 7_000n, 'latched value = kernel receive stamp + offset, exactly');
  t.ok(stamps.latches[0]! >= before - 1_000_000n, 'the stamp is realtime (within the anchoring error)');
  t.same(stamps.actions.map((x) => x.outcome), ['fired']);
  t.ok(stamps.delays.length >= 3, 'receive-path delays recorded');
  t.ok(stamps.delays.every((d) => d.helperWakeNs >= 0n && d.handledNs >= d.helperWakeNs - 1_000_000n), 'kernel stamp precedes the helper and the JS');
});
