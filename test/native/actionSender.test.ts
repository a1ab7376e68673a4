// The ACTION_CMD sender against a stand-in camera on loopback (127.0.0.2:3956, a separate process): the bytes
// on the wire, request ids, ACTION_ACK collection, and the send instant (a kernel transmit stamp on loopback,
// which stamps in software; it must fall inside the clock read around the call).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';

import { addon } from '../../src/binding.js';
import { waitForLine } from '../support/waitForLine.js';

const RESPONDER = fileURLToPath(new URL('./fixtures/action-responder.mjs', import.meta.url));
const ADDRESS = '127.0.0.2';

t.test('ACTION_CMD bytes, request ids, acks and send stamps', async (t) => {
  const child = spawn(process.execPath, [RESPONDER, ADDRESS], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await waitForLine(child, child.stdout, /^ready$/, 20_000, 'action responder');
  const packets: { hex: string; port: number }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) packets.push(JSON.parse(line) as { hex: string; port: number });
  });

  const before = addon.realtimeNs();
  const r = addon.sendActionCommand({
    address: ADDRESS, deviceKey: 0x50545043, groupKey: 0x01020304, groupMask: 0x80000001,
    ack: true, kernelStamps: true, forceUnicast: false, count: 3, ackTimeoutNs: 2_000_000_000n,
  });
  const after = addon.realtimeNs();
  t.match(r.destination, /^127\.0\.0\.2 \(unicast\)$/, 'a loopback camera is reached by unicast');
  t.equal(r.sends.length, 3);
  t.equal(r.acks.length, 3, 'one ACTION_ACK per command');
  t.same(r.acks.map((a) => [a.sample, a.from, a.status]), [[0, ADDRESS, 0], [1, ADDRESS, 0], [2, ADDRESS, 0]]);
  for (const s of r.sends) {
    t.ok(s.sentNs >= before && s.sentNs <= after, `send instant ${s.sentNs} within the call`);
    t.ok(s.syscallNs >= 0);
  }
  t.equal(r.kernelStamps, true, 'the socket accepts SO_TIMESTAMPING');
  t.same(new Set(r.sends.map((s) => s.source)), new Set(['kernel']), 'loopback stamps transmits in software');
  t.ok(r.sends[0]!.sentNs < r.sends[1]!.sentNs && r.sends[1]!.sentNs < r.sends[2]!.sentNs, 'send instants increase');

  const deadline = Date.now() + 5000;
  while (packets.length < 3 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  t.same(
    packets.map((p) => p.hex),
    [1, 2, 3].map((id) => '42' + '01' + '0100' + '000c' + id.toString(16).padStart(4, '0') + '50545043' + '01020304' + '80000001'),
    'key 0x42, ack flag, ACTION_CMD, length 12, request ids 1..3, device key, group key, group mask',
  );
  t.ok(packets.every((p) => p.port === r.localPort), 'every command came from one socket');

  const quiet = addon.sendActionCommand({
    address: ADDRESS, deviceKey: 1, groupKey: 2, groupMask: 3,
    ack: false, kernelStamps: false, forceUnicast: false, count: 1, ackTimeoutNs: 0n,
  });
  t.equal(quiet.sends[0]!.source, 'clock', 'without kernel stamps the clock around the send is used');
  t.equal(quiet.acks.length, 0);
  while (packets.length < 4 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  t.equal(packets[3]?.hex, '42' + '00' + '0100' + '000c' + '0001' + '00000001' + '00000002' + '00000003', 'no ack flag when none is asked');
});

t.test('bad arguments', async (t) => {
  const base = { address: ADDRESS, deviceKey: 1, groupKey: 1, groupMask: 1, ack: false, kernelStamps: true, forceUnicast: false, count: 1, ackTimeoutNs: 0n };
  t.throws(() => addon.sendActionCommand({ ...base, address: 'usb:1-2' }), { code: 'ERR_INVALID_ARGUMENT' });
  t.throws(() => addon.sendActionCommand({ ...base, deviceKey: 2 ** 32 }), TypeError);
  t.throws(() => addon.sendActionCommand({ ...base, count: 0 }), TypeError);
  const bad = addon as unknown as { sendActionCommand: (o: unknown) => unknown };
  t.throws(() => bad.sendActionCommand('x'), TypeError);
});
