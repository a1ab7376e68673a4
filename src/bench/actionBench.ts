/**
 * `npm run bench -- action`: the action-command method against the latch method (parallel and sequential) on the
 * same four virtual GigE Vision cameras in one lab (injected offsets 0, +3 µs, −20 µs, +1 ms), side by side:
 * each sample's per-camera interval width and its error against the injected truth. For the latch method the
 * width is the two cameras' half fire/ack windows and the error that of the corrected delta; for the action
 * method the width is the declared --action-skew-ns (not a measurement) and the error that of the frame-timestamp
 * delta, which includes the lab's own fan-out (a Linux bridge hands a broadcast to its ports one after another;
 * printed beside it, measured at the cameras from their kernel receive stamps). Also the sender's per-send cost,
 * kernel-stamped vs clock-stamped. Needs root, iproute2, linuxptp, Aravis 0.8 and tsx (the lab is under test/).
 */
import { DEFAULT_ACTION_SKEW_NS } from '../action/defaults.js';
import { bindingModule, cliMain, labUnavailable, loadLab, ROUNDS, roundSamples } from './benchLab.js';
import { quantile } from './simRun.js';

const OFFSETS = [0n, 3_000n, -20_000n, 1_000_000n] as const;

interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}
interface Lab {
  readonly hostPtp4l: { uds: string } | undefined;
  readonly cameras: { serial: string; index: number }[];
  actionFanout(cameras?: number[]): { events: { spreadNs: number }[] };
  exec(cmd: string, args: string[], opts?: { timeoutMs?: number }): Promise<ExecResult>;
  teardown(): Promise<void>;
}
interface LabModule {
  VirtualLab: { start(opts: { cameras: { serial: string; offsetNs: bigint }[]; readyTimeoutMs?: number }): Promise<Lab> };
}

const us = (ns: number): string => (ns / 1000).toFixed(2);

interface MethodResult {
  widths: number[];
  errors: number[];
  failed: number;
}

/** Latch: per sample and camera i > 0, corrected delta vs camera 0 against the injected difference. */
function latchResult(stdout: string): MethodResult {
  const r: MethodResult = { widths: [], errors: [], failed: 0 };
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const s = JSON.parse(line) as { type: string; cameras: { value: string | null; fireNs: string; ackNs: string }[] };
    if (s.type !== 'sample') continue;
    const c0 = s.cameras[0]!;
    if (c0.value === null) {
      r.failed++;
      continue;
    }
    const mid = (c: { fireNs: string; ackNs: string }): bigint => (BigInt(c.fireNs) + BigInt(c.ackNs)) / 2n;
    const off0 = BigInt(c0.value) - mid(c0);
    for (let i = 1; i < s.cameras.length; i++) {
      const c = s.cameras[i]!;
      if (c.value === null) {
        r.failed++;
        continue;
      }
      const delta = BigInt(c.value) - mid(c) - off0;
      r.errors.push(Math.abs(Number(delta - (OFFSETS[i]! - OFFSETS[0]))));
      r.widths.push(Number(BigInt(c.ackNs) - BigInt(c.fireNs) + BigInt(c0.ackNs) - BigInt(c0.fireNs)) / 2);
    }
  }
  return r;
}

/** Action: per sample and camera i > 0, frame-timestamp delta vs camera 0 against the injected difference. */
function actionResult(stdout: string, skewNs: number): MethodResult {
  const r: MethodResult = { widths: [], errors: [], failed: 0 };
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const s = JSON.parse(line) as { type: string; cameras: { value: string | null }[] };
    if (s.type !== 'sample') continue;
    const v0 = s.cameras[0]!.value;
    for (let i = 1; i < s.cameras.length; i++) {
      const v = s.cameras[i]!.value;
      if (v0 === null || v === null) {
        r.failed++;
        continue;
      }
      r.errors.push(Math.abs(Number(BigInt(v) - BigInt(v0) - (OFFSETS[i]! - OFFSETS[0]))));
      r.widths.push(skewNs);
    }
  }
  return r;
}

export async function benchAction(samples = 500): Promise<string[]> {
  const lines = [`== action vs latch: 4 virtual GigE Vision cameras (offsets 0, +3 us, -20 us, +1 ms) over Aravis, ${samples} samples each in ${ROUNDS} interleaved rounds ==`];
  const why = labUnavailable(['ip', 'ptp4l', 'pmc', 'cc']);
  if (why !== null) return [...lines, `skipped: ${why}`];
  let mod: LabModule;
  try {
    mod = await loadLab<LabModule>();
  } catch (e) {
    return [...lines, `skipped: cannot load the lab through tsx: ${(e as Error).message}`];
  }
  const tsx = import.meta.resolve('tsx');
  const lab = await mod.VirtualLab.start({
    cameras: OFFSETS.map((offsetNs, i) => ({ serial: `BENCH${i}`, offsetNs })),
    readyTimeoutMs: 60_000,
  });
  const serials = lab.cameras.map((c) => c.serial);
  const skewNs = Number(DEFAULT_ACTION_SKEW_NS);
  const names = ['latch parallel', 'latch sequential', 'action'] as const;
  const results: [string, MethodResult][] = names.map((n) => [n, { widths: [], errors: [], failed: 0 }]);
  const fan: number[] = [];
  let sends: { kernel: number[]; clock: number[] } = { kernel: [], clock: [] };
  try {
    // The methods take turns (benchLab.ts ROUNDS).
    for (let round = 0; round < ROUNDS; round++) {
      const n = String(roundSamples(samples, round));
      for (const [name, into] of results) {
        const before = lab.actionFanout().events.length;
        const args =
          name === 'action'
            ? [cliMain, 'timestat', '--method', 'action', '--backend', 'aravis', '--json', '--samples', n, '--serials', serials.join(','), '--timeout-s', '2']
            : [cliMain, 'timestat', '--backend', 'aravis', '--json', '--samples', n, '--strategy', name.slice('latch '.length), '--serials', serials.join(',')];
        if (lab.hostPtp4l) args.push('--uds', lab.hostPtp4l.uds);
        const r = await lab.exec(process.execPath, args, { timeoutMs: 600_000 });
        if (r.code !== 0 && r.code !== 2) return [...lines, `failed: timestat (${name}) exited ${r.code}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`];
        const m = name === 'action' ? actionResult(r.stdout, skewNs) : latchResult(r.stdout);
        into.widths.push(...m.widths);
        into.errors.push(...m.errors);
        into.failed += m.failed;
        if (name === 'action') fan.push(...lab.actionFanout().events.slice(before).map((e) => e.spreadNs));
      }
    }
    sends = await sendCosts(lab, tsx);
  } finally {
    await lab.teardown();
  }

  lines.push('method | per-sample interval width p50 / p99 (us) | |error| vs injected truth p50 / p99 (us) | deltas | failed');
  for (const [name, m] of results) {
    const w = [...m.widths].sort((a, b) => a - b);
    const e = [...m.errors].sort((a, b) => a - b);
    lines.push(`${name} | ${us(quantile(w, 0.5))} / ${us(quantile(w, 0.99))}${name === 'action' ? ' (declared --action-skew-ns)' : ''} | ${us(quantile(e, 0.5))} / ${us(quantile(e, 0.99))} | ${e.length} | ${m.failed}`);
  }
  const action = results.find(([n]) => n === 'action')![1];
  const par = results.find(([n]) => n === 'latch parallel')![1];
  const actionErr = quantile([...action.errors].sort((a, b) => a - b), 0.5);
  const latchWindow = quantile([...par.widths].sort((a, b) => a - b), 0.5);
  lines.push(
    `latch parallel interval width p50 / action |error| p50 = ${(latchWindow / Math.max(actionErr, 1)).toFixed(0)}x (target >= 20x); ` +
      `the action error is the lab's own fan-out: one broadcast reached the 4 cameras within p50 / p99 ${us(quantile(fan.sort((a, b) => a - b), 0.5))} / ${us(quantile(fan, 0.99))} us (kernel receive stamps)`,
  );
  const k = sends.kernel.sort((a, b) => a - b);
  const c = sends.clock.sort((a, b) => a - b);
  lines.push(`ACTION_CMD send cost in the sender thread p50 / p99: with kernel TX stamp ${us(quantile(k, 0.5))} / ${us(quantile(k, 0.99))} us, clock only ${us(quantile(c, 0.5))} / ${us(quantile(c, 0.99))} us`);
  return lines;
}

/** sendmsg cost of one broadcast ACTION_CMD in the lab, with and without the kernel's transmit stamp. */
async function sendCosts(lab: Lab, tsx: string): Promise<{ kernel: number[]; clock: number[] }> {
  const script = [
    "const { addon } = await import(process.argv[1]);",
    "const out = {};",
    "for (const kernelStamps of [true, false]) {",
    "  const r = addon.sendActionCommand({ address: '169.254.10.10', deviceKey: 1, groupKey: 1, groupMask: 0, ack: false, kernelStamps, forceUnicast: false, count: 1000, ackTimeoutNs: 0n });",
    "  out[kernelStamps ? 'kernel' : 'clock'] = r.sends.map((s) => s.syscallNs);",
    "}",
    'console.log(JSON.stringify(out));',
  ].join('\n');
  const r = await lab.exec(process.execPath, ['--import', tsx, '--input-type=module', '-e', script, bindingModule], { timeoutMs: 60_000 });
  if (r.code !== 0) return { kernel: [], clock: [] };
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { kernel: number[]; clock: number[] };
}
