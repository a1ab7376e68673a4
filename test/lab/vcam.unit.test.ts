// The virtual camera without namespaces: codec, XML, control privilege, clock, PTP sources, and the UDP
// server on 127.0.0.1 (ephemeral port) driven by the test GVCP client.
import fc from 'fast-check';
import t, { type Test } from 'tap';
import { GvcpClient, GvcpStatusError, GvcpTimeoutError } from './gvcpClient.js';
import { CameraClock } from './vcam/cameraClock.js';
import { parseVcamConfig } from './vcam/config.js';
import { ControlChannel } from './vcam/controlChannel.js';
import { generateGenicamXml } from './vcam/genicamXml.js';
import { Command, Status, decodeAck, decodeCommand, encodeAck, encodeCommand } from './vcam/gvcpPacket.js';
import { mapPortState, parsePmcOutput } from './vcam/pmcParse.js';
import { ScriptedPtp } from './vcam/ptpScript.js';
import { Bootstrap, Feature, XML_ADDRESS } from './vcam/registerMap.js';
import { startVirtualCamera, type VirtualCamera } from './vcam/virtualCamera.js';

t.test('packet codec', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 512 }), (id, address, count) => {
      const p = Buffer.alloc(8);
      p.writeUInt32BE(address, 0);
      p.writeUInt16BE(count, 6);
      const cmd = decodeCommand(encodeCommand(Command.READMEM, id, p));
      return cmd.kind === 'readmem' && cmd.id === id && cmd.address === address && cmd.count === count;
    }),
  );
  const ack = decodeAck(encodeAck(Status.ACCESS_DENIED, 0x87, 0x1234, Buffer.from([0, 0, 0, 4])));
  t.same([ack.status, ack.answer, ack.id, ack.payload.length], [0x8006, 0x87, 0x1234, 4]);
  t.throws(() => decodeCommand(Buffer.from([0x43, 1, 0, 2, 0, 0, 0xff, 0xff])), /bad key/);
  t.throws(() => decodeCommand(Buffer.from([0x42, 1, 0])), /short/);
  t.equal(decodeCommand(encodeCommand(0x1234, 1)).kind, 'unknown');
});

t.test('GenICam XML', async (t) => {
  const sfnc = generateGenicamXml({ vendor: 'A&B', model: 'M', variant: 'sfnc' });
  const regs = sfnc.match(/<(?:Masked)?IntReg /g)?.length ?? 0;
  t.equal(sfnc.match(/<Endianess>BigEndian<\/Endianess>/g)?.length, regs, 'every IntReg and MaskedIntReg states BigEndian');
  t.match(sfnc, /<Port Name="Device"\/>/);
  t.match(sfnc, /VendorName="A&amp;B"/);
  for (const f of ['PtpEnable', 'PtpStatus', 'PtpServoStatus', 'PtpDataSetLatch', 'PtpOffsetFromMaster', 'PtpGrandmasterClockID', 'PtpClockID', 'TimestampLatchValue', 'DeviceSerialNumber']) {
    t.match(sfnc, new RegExp(`<pFeature>${f}</pFeature>`), f);
  }
  t.notMatch(sfnc, /GevIEEE1588/);
  const legacy = generateGenicamXml({ vendor: 'A', model: 'M', variant: 'legacy' });
  t.notMatch(legacy, /Name="Ptp/);
  t.match(legacy, /<pFeature>GevIEEE1588StatusLatched<\/pFeature>/);
  t.match(legacy, /<EnumEntry Name="Slave"><Value>9<\/Value>/, 'legacy uses IEEE 1588 portState numbers');
});

t.test('control channel privilege', async (t) => {
  let now = 0;
  const cc = new ControlChannel(3000, () => now);
  const a = { address: '169.254.10.1', port: 40000 };
  const b = { address: '169.254.10.1', port: 40001 };
  t.equal(cc.write(a, 2), 'ok');
  t.ok(cc.isController(a));
  t.equal(cc.write(b, 2), 'denied', 'same IP, other port is another client');
  t.equal(cc.write(b, 0), 'denied', 'a non-controller cannot release');
  t.notOk(cc.mayWrite(b));
  now = 2500;
  t.equal(cc.read(a), 2, 'heartbeat');
  now = 5000;
  t.ok(cc.isController(a), 'heartbeat extended control');
  cc.read(b);
  now = 5600;
  t.notOk(cc.hasController(), 'expired: reads by others are not heartbeats');
  t.equal(cc.write(b, 2), 'ok');
  t.equal(cc.write(b, 0), 'ok');
  t.ok(cc.mayWrite(a));
});

t.test('camera clock: offset and drift', async (t) => {
  let hr = 1_000_000_000n;
  const clock = new CameraClock({
    offsetNs: 5_000n,
    driftPpb: 100,
    anchor: { realtimeNs: 1_700_000_000_000_000_000n, hrtimeNs: hr, uncertaintyNs: 0n },
    hrtime: () => hr,
  });
  t.equal(clock.nowNs(), 1_700_000_000_000_005_000n);
  hr += 10_000_000_000n;
  t.equal(clock.hostRealtimeNs(), 1_700_000_010_000_000_000n);
  t.equal(clock.nowNs() - clock.hostRealtimeNs(), 5_000n + 1_000n, '100 ppb over 10 s is 1 µs');
  const real = new CameraClock({ offsetNs: 0n, driftPpb: 0 });
  const diff = real.nowNs() - BigInt(Date.now()) * 1_000_000n;
  // Date.now() truncates to ms; the rest is slack for a preempted test process, not a speed requirement.
  t.ok(diff >= -10_000_000n && diff <= 10_000_000n, `anchored clock agrees with Date.now() (${diff} ns)`);
  t.ok(real.anchor.uncertaintyNs < 10_000_000n, `anchor edge found (±${real.anchor.uncertaintyNs} ns)`);
});

t.test('scripted PTP timeline', async (t) => {
  let now = 0;
  const s = new ScriptedPtp(
    [
      { afterMs: 0, state: 'Listening' },
      { afterMs: 100, state: 'Slave', gmClockId: 42n, offsetNs: -7n },
    ],
    1n,
    () => now,
  );
  t.equal(s.current(false).state, 'Disabled');
  s.setEnabled(true);
  t.equal(s.current(true).state, 'Listening');
  now = 150;
  t.match(s.current(true), { state: 'Slave', servo: 'Locked', grandmasterClockId: 42n, offsetFromMasterNs: -7n });
  s.setEnabled(false);
  s.setEnabled(true);
  t.equal(s.current(true).state, 'Listening', 're-enable restarts the script');
});

t.test('pmc output parser', async (t) => {
  const out = `sending: GET PORT_DATA_SET
\t4efd91.fffe.9d645c-1 seq 0 RESPONSE MANAGEMENT PORT_DATA_SET
\t\tportIdentity            4efd91.fffe.9d645c-1
\t\tportState               UNCALIBRATED
\t4efd91.fffe.9d645c-0 seq 1 RESPONSE MANAGEMENT PARENT_DATA_SET
\t\tgrandmasterIdentity                   6eac97.fffe.efe6f8
\t4efd91.fffe.9d645c-0 seq 2 RESPONSE MANAGEMENT CURRENT_DATA_SET
\t\toffsetFromMaster -2724.0
`;
  t.same(parsePmcOutput(out), {
    portState: 'UNCALIBRATED',
    portClockId: 0x4efd91fffe9d645cn,
    grandmasterId: 0x6eac97fffeefe6f8n,
    offsetFromMasterNs: -2724n,
  });
  t.same(parsePmcOutput('sending: GET PORT_DATA_SET\n'), {}, 'no ptp4l: nothing parsed');
  t.equal(mapPortState('SLAVE'), 'Slave');
  t.equal(mapPortState('PRE_MASTER'), 'PreMaster');
});

t.test('config validation', async (t) => {
  const cfg = parseVcamConfig({ serial: 'S', mac: '02:00:00:00:00:01', ip: '127.0.0.1', offsetNs: '-9007199254740993', ptp: { uds: '/tmp/x' } });
  t.equal(cfg.offsetNs, -9007199254740993n, '64-bit offset as a decimal string');
  t.match(cfg.ptp, { mode: 'ptp4l', uds: '/tmp/x' });
  t.throws(() => parseVcamConfig({ serial: 'S', mac: 'x', ip: '1.2.3.4', variant: 'other' }), /variant/);
  t.throws(() => parseVcamConfig({ serial: 'S', mac: 'x', ip: '1.2.3.4', ptp: [{ state: 'Sleeping' }] }), /not a PTP state/);
});

async function camera(t: Test, extra: Record<string, unknown> = {}): Promise<{ cam: VirtualCamera; client: () => Promise<GvcpClient> }> {
  const cam = await startVirtualCamera(
    parseVcamConfig({ serial: 'UNIT0001', mac: '02:00:00:00:00:01', ip: '127.0.0.1', bindAddress: '127.0.0.1', port: 0, offsetNs: '1000000000', ...extra }),
  );
  const clients: GvcpClient[] = [];
  t.teardown(async () => {
    for (const c of clients) await c.close(false);
    await cam.close();
  });
  return {
    cam,
    client: async () => {
      const c = new GvcpClient({ host: '127.0.0.1', port: cam.port, timeoutMs: 200, attempts: 2 });
      await c.bind();
      clients.push(c);
      return c;
    },
  };
}

async function expectStatus(t: Test, p: Promise<unknown>, status: number, msg?: string): Promise<void> {
  try {
    await p;
    t.fail(msg ?? `expected status 0x${status.toString(16)}`);
  } catch (err) {
    t.ok(err instanceof GvcpStatusError && err.status === status, msg ?? `status 0x${status.toString(16)} (${String(err)})`);
  }
}

t.test('server: bootstrap, XML, features', async (t) => {
  const { client } = await camera(t);
  const c = await client();
  const boot = await c.readMem(0, Bootstrap.DISCOVERY_BYTES);
  t.equal(boot.readUInt32BE(Bootstrap.CURRENT_IP), 0x7f000001);
  t.equal(boot.subarray(Bootstrap.SERIAL_NUMBER, Bootstrap.SERIAL_NUMBER + 8).toString(), 'UNIT0001');
  const url = (await c.readMem(Bootstrap.URL_0, 512)).toString('utf8').replace(/\0.*$/s, '');
  const m = /^Local:vcam\.xml;([0-9a-f]+);([0-9a-f]+)$/.exec(url);
  t.ok(m, url);
  t.equal(parseInt(m![1]!, 16), XML_ADDRESS);
  const size = parseInt(m![2]!, 16);
  const xml = Buffer.concat([await c.readMem(XML_ADDRESS, 512), await c.readMem(XML_ADDRESS + 512, 512)]).subarray(0, Math.min(size, 1024));
  t.match(xml.toString(), /^<\?xml/);
  t.equal(await c.readU32(Feature.PTP_STATUS), 0, 'Disabled before PtpEnable');
  await c.writeU32(Feature.PTP_ENABLE, 1);
  t.equal(await c.readU32(Feature.PTP_ENABLE), 1);
  t.equal(await c.readU32(Feature.PTP_STATUS), 1, 'default script starts Listening');
  const before = BigInt(Date.now()) * 1_000_000n;
  await c.writeU32(Feature.TIMESTAMP_LATCH, 1);
  const after = BigInt(Date.now() + 1) * 1_000_000n;
  const latched = await c.readU64(Feature.TIMESTAMP_LATCH_VALUE);
  t.ok(latched >= before + 1_000_000_000n - 2_000_000n && latched <= after + 1_000_000_000n + 2_000_000n, 'latch = realtime + 1 s offset');
  await expectStatus(t, c.writeU32(Feature.PTP_STATUS, 1), Status.WRITE_PROTECT);
  await expectStatus(t, c.readU32(0x40000), Status.INVALID_ADDRESS);
  await expectStatus(t, c.writeU32(Bootstrap.URL_0, 0), Status.WRITE_PROTECT);
});

t.test('server: second client is refused while the first holds control', async (t) => {
  const { client } = await camera(t);
  const a = await client();
  const b = await client();
  await a.takeControl();
  t.equal(await b.readReg(Bootstrap.CCP), 2, 'others can read CCP');
  await expectStatus(t, b.writeU32(Feature.PTP_ENABLE, 1), Status.ACCESS_DENIED);
  await expectStatus(t, b.writeReg(Bootstrap.CCP, 0), Status.ACCESS_DENIED, 'cannot release someone else');
  await expectStatus(t, b.writeReg(Bootstrap.CCP, 2), Status.ACCESS_DENIED, 'cannot take control');
  await a.writeU32(Feature.PTP_ENABLE, 1);
  await a.writeReg(Bootstrap.CCP, 0);
  await b.writeU32(Feature.PTP_ENABLE, 0);
  t.equal(await a.readU32(Feature.PTP_ENABLE), 0);
});

t.test('server: control expires without heartbeats', async (t) => {
  const { client } = await camera(t, { heartbeatTimeoutMs: 500 });
  const a = await client();
  const b = await client();
  await a.writeReg(Bootstrap.CCP, 2);
  await expectStatus(t, b.writeU32(Feature.PTP_ENABLE, 1), Status.ACCESS_DENIED);
  await new Promise((r) => setTimeout(r, 700));
  await b.writeReg(Bootstrap.CCP, 2);
  await expectStatus(t, a.writeU32(Feature.PTP_ENABLE, 1), Status.ACCESS_DENIED, 'the lapsed controller lost control');
});

t.test('server: retransmitted request ids are not re-executed', async (t) => {
  const { cam, client } = await camera(t);
  const c = await client();
  const payload = Buffer.alloc(8);
  payload.writeUInt32BE(Feature.TIMESTAMP_LATCH, 0);
  payload.writeUInt32BE(1, 4);
  const first = await c.transact(Command.WRITEMEM, payload, 0x4242);
  const again = await c.transact(Command.WRITEMEM, payload, 0x4242);
  t.same(again, first, 'the same ack is sent again');
  t.equal(cam.device.latchCount, 1, 'the latch ran once');
  t.equal(cam.server.stats.retransmits, 1);
  const value1 = await c.readU64(Feature.TIMESTAMP_LATCH_VALUE);
  // Ids wrap and restart per client object: once other traffic came in between, the id is a new request.
  await c.transact(Command.WRITEMEM, payload, 0x4242);
  t.equal(cam.device.latchCount, 2);
  t.ok((await c.readU64(Feature.TIMESTAMP_LATCH_VALUE)) > value1);
});

t.test('server: faults', async (t) => {
  const dropped = await camera(t, { faults: { dropFirst: 1 } });
  const c1 = await dropped.client();
  t.equal(await c1.readU32(Feature.PTP_ENABLE), 0, 'second attempt (same id) answered');
  t.equal(dropped.cam.server.stats.dropped, 1);

  const hung = await camera(t, { faults: { stopAfterLatches: 2 } });
  const c2 = await hung.client();
  await c2.writeU32(Feature.TIMESTAMP_LATCH, 1);
  await c2.writeU32(Feature.TIMESTAMP_LATCH, 1);
  t.ok((await c2.readU64(Feature.TIMESTAMP_LATCH_VALUE).catch((e: unknown) => e)) instanceof GvcpTimeoutError, 'silent after 2 latches');

  const slow = await camera(t, { faults: { ackDelayMs: 500 } });
  const c3 = await slow.client();
  t.ok((await c3.readU32(Feature.PTP_ENABLE).catch((e: unknown) => e)) instanceof GvcpTimeoutError, '500 ms > 2 attempts × 200 ms');
  const patient = new GvcpClient({ host: '127.0.0.1', port: slow.cam.port, timeoutMs: 300, attempts: 2 });
  await patient.bind();
  t.teardown(() => patient.close(false));
  // A late ack for the first attempt satisfies the retry, since retries reuse the id (as in Aravis).
  t.equal(await patient.readU32(Feature.PTP_ENABLE), 0);
});

t.test('server: legacy variant numbering and latched status', async (t) => {
  const { client } = await camera(t, { variant: 'legacy', ptp: [{ afterMs: 0, state: 'Slave' }] });
  const c = await client();
  t.equal(await c.readU32(Feature.PTP_STATUS), 3, 'disabled is 3 in IEEE 1588 numbering');
  await c.writeU32(Feature.PTP_ENABLE, 1);
  t.equal(await c.readU32(Feature.PTP_STATUS), 9, 'slave is 9');
  t.equal(await c.readU32(Feature.PTP_STATUS_LATCHED), 3, 'latched value predates the latch');
  await c.writeU32(Feature.PTP_DATASET_LATCH, 1);
  t.equal(await c.readU32(Feature.PTP_STATUS_LATCHED), 9);
});
