// The action-command method end to end over real GVCP/GVSP through Aravis 0.8, inside the namespace lab: four
// virtual cameras with injected offsets 0, +3 µs, −20 µs, +1 ms (one counting 125 MHz ticks), 500 samples, each
// one ACTION_CMD broadcast. The run (test/action/harness.ts, in the lab's host namespace) arms every camera,
// streams, and restores; the lab's cameras record the kernel receive stamp of every broadcast and every frame
// they sent (test/lab/vcam/stampLog.ts), which is the truth here:
//   - every value ptpcam reports is exactly the camera's frame timestamp (its clock at the broadcast's kernel
//     receive instant, floored to its ticks): ptpcam adds no error of its own;
//   - each camera's run-level delta equals the injected offset difference plus the lab's measured fan-out
//     difference (the bridge hands the broadcast to its ports one after another), within 2 µs;
//   - with a skew that covers the lab's fan-out, ≥ 99 % of samples contain the injected offset difference;
//   - the send instant is the kernel's transmit stamp, before every camera's receive stamp;
//   - every setting is read back as it was before the run.
import t from 'tap';

import { requireRootLab } from '../support/netns.js';
import { quantileOf } from '../lab/fanout.js';
import { startLabOrFail, type ExecResult, type LabCamera, type VirtualLab } from '../lab/VirtualLab.js';

const OFFSETS = [0n, 3_000n, -20_000n, 1_000_000n] as const;
const TICKS = [1_000_000_000n, 1_000_000_000n, 125_000_000n, 1_000_000_000n] as const;
const SAMPLES = 500;
const HARNESS = new URL('../action/harness.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

interface HarnessCamera {
  serial: string;
  value: string | null;
  fireNs: string;
  doneNs: string;
  sendSource: string;
  blockId: string | null;
  acked: boolean | null;
  error: { code: string; message: string } | null;
}
interface HarnessLine {
  type: 'armed' | 'sample' | 'summary' | 'readback';
  index?: number;
  cameras?: HarnessCamera[] | Record<string, Record<string, string>>;
  [k: string]: unknown;
}

function harness(lab: VirtualLab, opts: object, timeoutMs = 120_000): Promise<ExecResult> {
  return lab.exec(process.execPath, ['--import', TSX, HARNESS, JSON.stringify({ backend: 'aravis', ...opts })], { timeoutMs });
}

function lines(r: ExecResult): HarnessLine[] {
  return r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as HarnessLine);
}

/** The camera floors its clock to ticks; Aravis converts back with the same floor rule. */
const viaTicks = (ns: bigint, hz: bigint): bigint => {
  const ticks = (ns * hz) / 1_000_000_000n;
  return (ticks / hz) * 1_000_000_000n + ((ticks % hz) * 1_000_000_000n) / hz;
};

if (requireRootLab(t, ['arv-tool-0.8', 'cc'])) {
  const lab = await startLabOrFail(
    t,
    OFFSETS.map((offsetNs, i) => ({ serial: `ACTE${i}`, offsetNs, tickFrequencyHz: TICKS[i]! })),
  );
  if (lab) {
    t.teardown(() => lab.teardown());
    const cams = lab.cameras as LabCamera[];
    const serials = cams.map((c) => c.serial);

    t.test('500 samples: exact frame timestamps, offsets plus the lab fan-out, settings restored', async (t) => {
      const scrambled = lines(await harness(lab, { mode: 'scramble', serials })).find((l) => l.type === 'readback');
      t.ok(scrambled, 'cameras scrambled and read back');
      const before = cams.map((c) => ({ frames: lab.receiveStamps(c.index).frames.length, actions: lab.receiveStamps(c.index).actions.length }));

      const r = await harness(lab, { serials, samples: SAMPLES, intervalMs: 2, timeoutMs: 2000 });
      t.equal(r.code, 0, `harness exit 0${r.stderr ? `; stderr: ${r.stderr.slice(0, 2000)}` : ''}`);
      const out = lines(r);
      const samples = out.filter((l) => l.type === 'sample');
      const summary = out.find((l) => l.type === 'summary');
      t.equal(samples.length, SAMPLES, 'every sample delivered');
      t.match(summary, { reason: 'completed', end: 'completed', samplesDone: SAMPLES, kernelStamps: true, restored: true });
      t.same(summary?.['destinations'], ['169.254.255.255 (broadcast on h0)'], 'one broadcast per sample, out of the lab NIC');
      t.same(summary?.['readback'], scrambled?.cameras, 'every setting read back as it was before arming');

      // The truth the cameras recorded during this run.
      const stamps = cams.map((c, i) => {
        const s = lab.receiveStamps(c.index);
        return { frames: s.frames.slice(before[i]!.frames), actions: s.actions.slice(before[i]!.actions) };
      });
      t.same(stamps.map((s) => s.actions.length), cams.map(() => SAMPLES), 'every camera received every broadcast');

      let exact = 0;
      let sourceKernel = 0;
      let sentBeforeRx = 0;
      const deltas = OFFSETS.map(() => [] as number[]);
      const fanDiff = OFFSETS.map(() => [] as number[]);
      for (const s of samples) {
        const k = s.index!;
        const row = s.cameras as HarnessCamera[];
        const rx = stamps.map((st) => st.actions[k]!.kernelNs!);
        for (let i = 0; i < cams.length; i++) {
          const c = row[i]!;
          if (c.value === null) {
            t.fail(`sample ${k} ${c.serial}: ${c.error?.message}`);
            continue;
          }
          const frame = stamps[i]!.frames.find((f) => BigInt(f.blockId) === BigInt(c.blockId!));
          if (frame !== undefined && frame.trigger === 'Action1' && BigInt(c.value) === viaTicks(frame.cameraNs, TICKS[i]!)) exact++;
          if (c.sendSource === 'kernel') sourceKernel++;
          if (BigInt(c.fireNs) <= rx[i]! && rx[i]! - BigInt(c.fireNs) < 1_000_000n) sentBeforeRx++;
          deltas[i]!.push(Number(BigInt(c.value) - BigInt(row[0]!.value!)));
          fanDiff[i]!.push(Number(rx[i]! - rx[0]!));
        }
      }
      const cells = SAMPLES * cams.length;
      t.comment(`exact ${exact}, kernel-stamped ${sourceKernel}, sent before rx ${sentBeforeRx} of ${cells}`);
      t.equal(exact, cells, 'every value is exactly the frame timestamp the camera sent for that action');
      t.equal(sourceKernel, cells, 'every send instant is a kernel transmit stamp');
      t.equal(sentBeforeRx, cells, 'the send stamp precedes every camera’s receive stamp, by less than 1 ms');

      const spreads = lab.actionFanout(cams.map((c) => c.index)).events.slice(-SAMPLES).map((e) => e.spreadNs);
      // The declared skew set to cover the lab's fan-out: its p99, plus one 125 MHz tick of flooring.
      const skewNs = quantileOf(spreads, 0.99) + 8;
      t.comment(`lab fan-out over 4 cameras: p50 ${quantileOf(spreads, 0.5)} ns, p99 ${quantileOf(spreads, 0.99)} ns, max ${Math.max(...spreads)} ns`);
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      for (let i = 1; i < cams.length; i++) {
        const injected = Number(OFFSETS[i]! - OFFSETS[0]);
        const run = mean(deltas[i]!);
        const expected = injected + mean(fanDiff[i]!);
        t.ok(Math.abs(run - expected) <= 2000, `${serials[i]}: run delta ${run.toFixed(0)} ns = injected ${injected} + lab fan-out ${mean(fanDiff[i]!).toFixed(0)} ns (±2 µs)`);
        const inside = deltas[i]!.filter((d) => Math.abs(d - injected) <= skewNs).length;
        t.ok(inside >= 0.99 * SAMPLES, `${serials[i]}: ${inside}/${SAMPLES} samples within a skew of ${skewNs} ns of the injected offset`);
      }

      const again = lines(await harness(lab, { mode: 'readback', serials })).find((l) => l.type === 'readback');
      t.same(again?.cameras, scrambled?.cameras, 'a fresh connection reads the same settings back');
    });

    t.test('timestat --method action --backend aravis --samples 500: exact values, offsets vs median within 2 us', async (t) => {
      const before = cams.map((c) => ({ frames: lab.receiveStamps(c.index).frames.length, actions: lab.receiveStamps(c.index).actions.length }));
      const args = [CLI, 'timestat', '--method', 'action', '--backend', 'aravis', '--samples', String(SAMPLES), '--json', '--serials', serials.join(',')];
      if (lab.hostPtp4l) args.push('--uds', lab.hostPtp4l.uds);
      const r = await lab.exec(process.execPath, args, { timeoutMs: 300_000 });
      const out = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const samples = out.filter((l) => l['type'] === 'sample') as { cameras: { value: string | null; fireNs: string; ackNs: string }[] }[];
      const summary = out.find((l) => l['type'] === 'summary') as { method: string; exitCode: number; cameras: { serial: string; offsetVsMedian: { deltaNs: number } | null }[] } | undefined;
      t.equal(r.code, 0, r.stderr.slice(-2000));
      t.equal(samples.length, SAMPLES);
      t.equal(summary?.method, 'action');
      const stamps = cams.map((c, i) => {
        const st = lab.receiveStamps(c.index);
        return { frames: st.frames.slice(before[i]!.frames), actions: st.actions.slice(before[i]!.actions) };
      });
      let exact = 0;
      let fireIsAck = 0;
      samples.forEach((s, k) =>
        s.cameras.forEach((c, i) => {
          const f = stamps[i]!.frames[k];
          if (f !== undefined && c.value !== null && BigInt(c.value) === viaTicks(f.cameraNs, TICKS[i]!)) exact++;
          if (c.fireNs === c.ackNs) fireIsAck++;
        }),
      );
      t.equal(exact, SAMPLES * cams.length, 'every value is exactly the frame timestamp of that sample');
      t.equal(fireIsAck, SAMPLES * cams.length, 'fire = ack = the send instant');
      // Truth: each camera's mean (value − send) is its offset plus its mean receive instant after the send.
      const meanRx = stamps.map((st) => st.actions.slice(0, SAMPLES).reduce((a, x) => a + Number(x.kernelNs! - BigInt(samples[0]!.cameras[0]!.fireNs)), 0) / SAMPLES);
      const truth = OFFSETS.map((o, i) => Number(o) + meanRx[i]!);
      const sorted = [...truth].sort((a, b) => a - b);
      const median = (sorted[1]! + sorted[2]!) / 2;
      summary?.cameras.forEach((c, i) => {
        const want = truth[i]! - median;
        const got = c.offsetVsMedian?.deltaNs ?? Number.NaN;
        t.ok(Math.abs(got - want) <= 2000, `${c.serial}: offset vs median ${got.toFixed(0)} ns, truth ${want.toFixed(0)} ns (injected offset + lab fan-out)`);
      });
    });

    t.test('unicast to each camera, with ACTION_ACK', async (t) => {
      const before = cams.map((c) => lab.receiveStamps(c.index).frames.length);
      const r = await harness(lab, { serials, samples: 30, intervalMs: 2, timeoutMs: 2000, forceUnicast: true, ack: true });
      t.equal(r.code, 0, r.stderr.slice(0, 2000));
      const out = lines(r);
      const samples = out.filter((l) => l.type === 'sample');
      t.same(out.find((l) => l.type === 'summary')?.['destinations'], cams.map((c) => `${c.ip} (unicast)`), 'one packet per camera');
      t.equal(samples.length, 30);
      const cells = samples.flatMap((s) => s.cameras as HarnessCamera[]);
      t.ok(cells.every((c) => c.acked === true), 'every camera acknowledged every action');
      const exact = cells.filter((c, k) => {
        const i = k % cams.length;
        const frame = lab.receiveStamps(cams[i]!.index).frames.slice(before[i]).find((f) => BigInt(f.blockId) === BigInt(c.blockId ?? -1));
        return frame !== undefined && c.value !== null && BigInt(c.value) === viaTicks(frame.cameraNs, TICKS[i]!);
      }).length;
      t.equal(exact, cells.length, 'every value is exactly the camera’s frame timestamp');
    });
  }
}
