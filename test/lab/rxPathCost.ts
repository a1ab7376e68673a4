// `node --import tsx test/lab/rxPathCost.ts [--round-trips 2000]`: what the kernel-stamping receive path costs a
// virtual camera. Two cameras on 127.0.0.1 (no root), one receiving through native/stamped_udp.c, one through
// node:dgram; a GVCP client does READREG round trips to each, alternating, and the stamped camera's record gives
// where the time goes: kernel stamp → helper's recvmsg returned (wake-up) → camera JS handled it (pipe + event loop).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantileOf } from './fanout.js';
import { GvcpClient } from './gvcpClient.js';
import { parseVcamConfig } from './vcam/config.js';
import { Bootstrap } from './vcam/registerMap.js';
import { parseStampLog } from './vcam/stampLog.js';
import { startVirtualCamera } from './vcam/virtualCamera.js';

// `tap test/lab/` runs every .ts file here; as an entry point without arguments this is not a test.
if (process.env['TAP'] === '1' && process.argv.length <= 2) {
  process.stdout.write('1..0 # SKIP entry point, not a test file\n');
  process.exit(0);
}

const n = Number(process.argv[process.argv.indexOf('--round-trips') + 1] ?? 0) || 2000;
const dir = mkdtempSync(join(tmpdir(), 'vcam-rxcost-'));
const base = { mac: '02:00:00:00:00:01', ip: '127.0.0.1', bindAddress: '127.0.0.1', port: 0 };
const stamped = await startVirtualCamera(parseVcamConfig({ ...base, serial: 'STAMPED', stampLog: join(dir, 's.stamps') }));
const plain = await startVirtualCamera(parseVcamConfig({ ...base, serial: 'PLAIN', kernelStamps: false }));
const clients = await Promise.all(
  [stamped, plain].map(async (cam) => {
    const c = new GvcpClient({ host: '127.0.0.1', port: cam.port, timeoutMs: 1000, attempts: 3 });
    await c.bind();
    return c;
  }),
);
const rtt: [number[], number[]] = [[], []];
for (let i = 0; i < n; i++) {
  for (const k of [0, 1] as const) {
    const t0 = process.hrtime.bigint();
    await clients[k]!.readReg(Bootstrap.VERSION);
    rtt[k].push(Number(process.hrtime.bigint() - t0));
  }
}
await new Promise((r) => setTimeout(r, 50));
const delays = parseStampLog(readFileSync(join(dir, 's.stamps'), 'utf8')).delays;
const us = (v: number): string => (v / 1000).toFixed(1);
const row = (name: string, v: number[]): string => `${name} | ${us(quantileOf(v, 0.5))} / ${us(quantileOf(v, 0.99))} | ${v.length}`;
process.stdout.write(
  [
    `== virtual camera receive path, ${n} READREG round trips each, 127.0.0.1 ==`,
    'measure | p50 / p99 (us) | n',
    row('round trip, stamped_udp helper', rtt[0]),
    row('round trip, node:dgram', rtt[1]),
    row('helper: kernel stamp -> recvmsg returned', delays.map((d) => Number(d.helperWakeNs))),
    row('helper: kernel stamp -> camera JS handles it', delays.map((d) => Number(d.handledNs))),
    'the stamp itself is taken by the kernel before any of this: the delays move acks, never the latched instant',
  ].join('\n') + '\n',
);
for (const c of clients) await c.close(false);
await stamped.close();
await plain.close();
rmSync(dir, { recursive: true, force: true });
