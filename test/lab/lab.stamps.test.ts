// The lab's receive-stamp record against ptpcam itself: `ptpcam timestat --backend aravis` latches three
// virtual cameras, and for every sample and camera the kernel receive stamp the camera recorded
// for that TimestampLatch write must lie inside ptpcam's own fire → ack window, and the value ptpcam read must
// be that stamp plus the camera's injected offset, exactly. This ties the lab's instants to ptpcam's clock
// reads, and the latch fan-out (`latchFanout`) to ptpcam's samples one to one. The last camera describes its
// TimestampLatch register as LittleEndian: ptpcam then keeps Aravis's GenICam write (WRITEMEM) instead of its own
// plain register write (WRITEREG, src/native/core/aravis/direct_command.h), and both must give the same exact values.
import { existsSync } from 'node:fs';
import t from 'tap';
import { cliMain } from '../support/cli.js';
import { createLab, requireRootLab } from '../support/netns.js';
import type { SampleRecord } from '../support/timestatJson.js';
import { Feature } from './vcam/registerMap.js';
import { VirtualLab } from './VirtualLab.js';

const OFFSETS = [0n, 3_000n, -20_000n, 7_000n];
const LITTLE_ENDIAN_LATCH = 3;  // index of the camera whose XML says LittleEndian for TimestampLatch's register
const SAMPLES = 30;

if (requireRootLab(t, ['ptp4l', 'pmc', 'cc'])) {
  if (!existsSync(cliMain)) {
    if (process.env['CI']) t.fail(`${cliMain} is not built`);
    else t.plan(0, `skip: ${cliMain} is not built (npm run build:ts)`);
  } else {
    let lab: VirtualLab | undefined;
    try {
      // Normal priority: idle-priority cameras starve for seconds when other test files load the machine, and
      // Aravis then fails to take control (a correctness test must not depend on the machine being quiet).
      const cameras = OFFSETS.map((offsetNs, i) => ({ offsetNs, ...(i === LITTLE_ENDIAN_LATCH ? { latchEndianness: 'LittleEndian' as const } : {}) }));
      lab = await VirtualLab.start({ netns: createLab(t), readyTimeoutMs: 60_000, cameras });
    } catch (e) {
      t.fail(`the lab did not start: ${(e as Error).message}`);
    }
    if (lab) {
      const l = lab;
      t.teardown(() => l.teardown());
      for (const strategy of ['parallel', 'sequential'] as const) {
        t.test(`${strategy}: every latch's kernel receive stamp lies in ptpcam's window and is the value read, minus the offset`, async (t) => {
          const before = l.cameras.map((c) => l.receiveStamps(c.index).latches.length);
          const latchWrites = (i: number) => l.receiveStamps(l.cameras[i]!.index).writes.filter((w) => w.address === Feature.TIMESTAMP_LATCH);
          const writesBefore = l.cameras.map((_c, i) => latchWrites(i).length);
          const r = await l.exec(
            process.execPath,
            [cliMain, 'timestat', '--backend', 'aravis', '--json', '--samples', String(SAMPLES), '--strategy', strategy, '--uds', l.hostPtp4l!.uds],
            { timeoutMs: 300_000 },
          );
          t.ok(r.code === 0 || r.code === 2, `a complete run (exit ${r.code}) ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
          const samples = r.stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as { type?: string })
            .filter((x): x is SampleRecord => x.type === 'sample');
          t.equal(samples.length, SAMPLES);
          await new Promise((res) => setTimeout(res, 300));
          let inside = 0;
          let exact = 0;
          const problems: string[] = [];
          for (const [i, cam] of l.cameras.entries()) {
            const latches = l.receiveStamps(cam.index).latches.slice(before[i]);
            t.equal(latches.length, SAMPLES, `${cam.serial}: one latch write per sample`);
            for (const s of samples) {
              const rec = s.cameras.find((c) => c.serial === cam.serial);
              const stamp = latches[s.index];
              if (!rec || rec.value === null || stamp === undefined) {
                problems.push(`${cam.serial} sample ${s.index}: no value or no stamp`);
                continue;
              }
              if (BigInt(rec.fireNs) <= stamp && stamp <= BigInt(rec.ackNs)) inside++;
              else problems.push(`${cam.serial} sample ${s.index}: stamp ${stamp} outside [${rec.fireNs}, ${rec.ackNs}]`);
              if (BigInt(rec.value) === stamp + cam.offsetNs) exact++;
              else problems.push(`${cam.serial} sample ${s.index}: value ${rec.value} != stamp ${stamp} + ${cam.offsetNs}`);
            }
          }
          t.equal(inside, SAMPLES * l.cameras.length, `every stamp inside its fire/ack window${problems.length ? `: ${problems.slice(0, 5).join('; ')}` : ''}`);
          t.equal(exact, SAMPLES * l.cameras.length, 'every value = stamp + offset');
          for (const [i, cam] of l.cameras.entries()) {
            const writes = latchWrites(i).slice(writesBefore[i]);
            const expected = i === LITTLE_ENDIAN_LATCH ? 'WRITEMEM' : 'WRITEREG';
            t.equal(writes.length, SAMPLES, `${cam.serial}: one TimestampLatch write per sample`);
            t.same([...new Set(writes.map((w) => `${w.command} ${w.status}`))], [`${expected} 0`], `${cam.serial}: every latch sent as ${expected} and accepted`);
          }
          const fan = l.latchFanout().events.slice(Math.min(...before));
          t.equal(fan.length, SAMPLES, 'latchFanout: one event per sample');
          const spreads = fan.map((e) => e.spreadNs).sort((a, b) => a - b);
          t.comment(`${strategy}: fire spread at the cameras p50 ${spreads[Math.floor(spreads.length / 2)]} ns, max ${spreads.at(-1)} ns`);
        });
      }
    }
  }
}
