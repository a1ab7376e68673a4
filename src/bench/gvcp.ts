/**
 * `npm run bench -- gvcp`: fire spread over real GVCP. 2, 4 and 8 virtual GigE Vision cameras (idle priority) in
 * the namespace lab (test/lab), `ptpcam timestat --backend aravis` run inside the lab's host namespace for each
 * strategy in turn, three rounds, and the spread (max − min fire instant across the cameras of one sample) computed
 * from the fireNs of its JSON lines and, beside it, from the kernel receive stamps of the latch writes at the
 * cameras; then the lab's per-send cost, the floor it sets (per-send × cameras / CPUs) and the lab's broadcast
 * fan-out. Aravis talks GVCP from the process that loads it, so the measurement runs in a child inside the lab;
 * discovery broadcasts never leave the lab. Needs root (network namespaces), iproute2, linuxptp, Aravis 0.8 and the
 * dev dependency tsx (the lab is TypeScript under test/). Without them it prints one line saying why.
 */
import { availableParallelism, loadavg } from 'node:os';

import { cliMain, labUnavailable, loadLab, ROUNDS, roundSamples } from './benchLab.js';
import { quantile } from './simRun.js';

export interface GvcpBenchOptions {
  cameras?: number;
  samples?: number;
}

/** The part of test/lab/VirtualLab.ts this bench uses. */
interface LabExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}
interface Lab {
  readonly hostPtp4l: { uds: string } | undefined;
  /** Kernel receive stamps of the k-th TimestampLatch at every camera (test/lab/fanout.ts). */
  latchFanout(): { events: { spreadNs: number; stampsNs: (bigint | undefined)[] }[] };
  readonly cameras: readonly { serial: string }[];
  /** One unicast GVCP send's cost in the sending thread (test/lab/native/send_cost.c). */
  measureSendCost(count?: number): Promise<{ p50Ns: number; p99Ns: number }>;
  /** The lab's own fan-out of one broadcast to every camera (test/lab/VirtualLab.ts). */
  measureActionFanout(count?: number): Promise<{ events: { spreadNs: number }[] }>;
  exec(cmd: string, args: string[], opts?: { timeoutMs?: number }): Promise<LabExecResult>;
  teardown(): Promise<void>;
}
interface LabModule {
  VirtualLab: { start(opts: { cameras: number; readyTimeoutMs?: number; cameraPriority?: 'normal' | 'idle' }): Promise<Lab> };
}

const us = (ns: number): string => (ns / 1000).toFixed(1);

/** parallel: normal scheduling; realtime: SCHED_FIFO fire threads (the default for real cameras); sequential: the seed's. */
type Mode = 'parallel' | 'realtime' | 'sequential';
const MODES: readonly Mode[] = ['parallel', 'realtime', 'sequential'];

interface StrategyResult {
  spreads: number[];
  /** The same spread measured AT the cameras: kernel receive stamps of each sample's latch writes. */
  atCameras: number[];
  windows: number[];
  errors: number;
  /** Per sample, each camera's fire instant by serial (host CLOCK_REALTIME, the clock the lab stamps with). */
  fires: Map<string, bigint>[];
  /** Camera receive stamp − ptpcam's fire stamp, per camera and sample: the path a latch takes before the wire
   *  (Aravis, the socket, veth and bridge) plus, in parallel runs, the wait for a CPU. */
  fireToWire: number[];
}

function parseRun(stdout: string, cameras: number): StrategyResult {
  const spreads: number[] = [];
  const windows: number[] = [];
  const fires: Map<string, bigint>[] = [];
  let errors = 0;
  for (const line of stdout.split('\n')) {
    // Field order is not part of the JSON lines' contract (a "schema" field now comes first): parse, then look.
    if (!line.startsWith('{')) continue;
    const s = JSON.parse(line) as { type?: string; cameras: { serial: string; fireNs: string; ackNs: string; value: string | null }[] };
    if (s.type !== 'sample') continue;
    if (s.cameras.length !== cameras) throw new Error(`a sample with ${s.cameras.length} cameras, expected ${cameras}`);
    let lo: bigint | undefined;
    let hi: bigint | undefined;
    fires.push(new Map(s.cameras.map((c) => [c.serial, BigInt(c.fireNs)])));
    for (const c of s.cameras) {
      const f = BigInt(c.fireNs);
      if (lo === undefined || f < lo) lo = f;
      if (hi === undefined || f > hi) hi = f;
      if (c.value === null) errors++;
      else windows.push(Number(BigInt(c.ackNs) - f));
    }
    spreads.push(Number(hi! - lo!));
  }
  spreads.sort((a, b) => a - b);
  windows.sort((a, b) => a - b);
  return { spreads, atCameras: [], windows, errors, fires, fireToWire: [] };
}

/** Two runs of one mode as one: every distribution sorted again, failures added. */
function merge(a: StrategyResult | undefined, b: StrategyResult): StrategyResult {
  const x = a ?? { spreads: [], atCameras: [], windows: [], errors: 0, fires: [], fireToWire: [] };
  const all = (p: number[], q: number[]): number[] => [...p, ...q].sort((u, v) => u - v);
  return {
    spreads: all(x.spreads, b.spreads),
    atCameras: all(x.atCameras, b.atCameras),
    windows: all(x.windows, b.windows),
    errors: x.errors + b.errors,
    fires: [],
    fireToWire: all(x.fireToWire, b.fireToWire),
  };
}

/** One camera count when asked (the e2e test does), else 2, 4 and 8 cameras one after another (issue #13). */
export async function benchGvcp(opts: GvcpBenchOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for (const cameras of opts.cameras !== undefined ? [opts.cameras] : [2, 4, 8]) out.push(...(await benchGvcpWith(cameras, opts.samples ?? 300)));
  return out;
}

async function benchGvcpWith(cameras: number, samples: number): Promise<string[]> {
  const lines = [`== GVCP fire spread: ${cameras} virtual GigE Vision cameras over real GVCP (namespace lab), ${samples} samples per mode in ${ROUNDS} interleaved rounds, interval 0 ==`];
  const why = labUnavailable(['ip', 'ptp4l', 'pmc']);
  if (why !== null) return [...lines, `skipped: ${why}`];
  let mod: LabModule;
  try {
    mod = await loadLab<LabModule>();
  } catch (e) {
    return [...lines, `skipped: cannot load the lab through tsx (a dev dependency): ${(e as Error).message}`];
  }

  // A camera is a node process compiling TypeScript at start: give a busy machine time.
  // Idle-priority cameras never take a CPU from ptpcam's fire threads; their kernel receive stamps do not move.
  // Spread depends on what else runs: say how busy the machine was.
  const loadBefore = loadavg()[0]!.toFixed(2);
  const lab = await mod.VirtualLab.start({ cameras, readyTimeoutMs: 60_000, cameraPriority: 'idle' });
  const results: Partial<Record<Mode, StrategyResult>> = {};
  let sendCost: { p50Ns: number; p99Ns: number } | undefined;
  let fanoutNs: number[] = [];
  try {
    // The modes take turns (benchLab.ts ROUNDS).
    const sendCosts: { p50Ns: number; p99Ns: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const n = roundSamples(samples, round);
      if (n === 0) continue;
      for (const mode of MODES) {
        const strategy = mode === 'sequential' ? 'sequential' : 'parallel';
        const latchesBefore = lab.latchFanout().events.length;
        const args = [cliMain, 'timestat', '--backend', 'aravis', '--json', '--samples', String(n), '--strategy', strategy];
        args.push(mode === 'parallel' ? '--no-realtime' : '--realtime');
        if (lab.hostPtp4l) args.push('--uds', lab.hostPtp4l.uds);
        const r = await lab.exec(process.execPath, args, { timeoutMs: 600_000 });
        // 0 or 2 (threshold) both mean a complete run; 1 is fatal.
        if (r.code !== 0 && r.code !== 2) {
          const last = r.stderr.trim().split('\n').at(-1) ?? '';
          return [...lines, `failed: timestat --strategy ${strategy} exited ${r.code}: ${last}`];
        }
        const run = parseRun(r.stdout, cameras);
        // The lab keeps every latch's receive stamps; this run's are the ones after the previous run's.
        const events = lab.latchFanout().events.slice(latchesBefore);
        run.atCameras = events.map((e) => e.spreadNs);
        // The k-th latch every camera received is the k-th sample's (no failed latches in these runs).
        events.forEach((e, k) => {
          const fired = run.fires[k];
          if (fired === undefined) return;
          e.stampsNs.forEach((stamp, i) => {
            const f = fired.get(lab.cameras[i]?.serial ?? '');
            if (stamp !== undefined && f !== undefined) run.fireToWire.push(Number(stamp - f));
          });
        });
        results[mode] = merge(results[mode], run);
      }
      sendCosts.push(await lab.measureSendCost(Math.ceil(1000 / ROUNDS)));
    }
    sendCost = { p50Ns: quantile(sendCosts.map((c) => c.p50Ns).sort((a, b) => a - b), 0.5), p99Ns: Math.max(...sendCosts.map((c) => c.p99Ns)) };
    fanoutNs = (await lab.measureActionFanout(300)).events.map((e) => e.spreadNs).sort((a, b) => a - b);
  } finally {
    await lab.teardown();
  }

  const seq = results.sequential!;
  const label: Record<Mode, string> = { parallel: 'parallel --no-realtime', realtime: 'parallel --realtime (default)', sequential: 'sequential' };
  const rows = MODES.map((m) => [label[m], results[m]!] as const);
  lines.push('strategy | fire spread p50 / p99 (us) | latch window (fire -> ack) p50 / p99 (us) | samples | failed latches');
  for (const [name, r] of rows) {
    lines.push(
      `${name} | ${us(quantile(r.spreads, 0.5))} / ${us(quantile(r.spreads, 0.99))} | ` +
        `${us(quantile(r.windows, 0.5))} / ${us(quantile(r.windows, 0.99))} | ${r.spreads.length} | ${r.errors}`,
    );
  }
  // The floor for firing N cameras from C cores when each send runs veth + bridge delivery in its sender.
  const cpus = availableParallelism();
  const floorNs = (sendCost!.p50Ns * cameras) / cpus;
  lines.push('fire spread measured at the cameras (kernel receive stamps of the latch writes), p50 / p99 (us), sequential / it and it / floor at p50:');
  for (const [name, r] of rows) {
    const p50 = quantile(r.atCameras, 0.5);
    lines.push(
      `  ${name} | ${us(p50)} / ${us(quantile(r.atCameras, 0.99))} | ${r.atCameras.length} samples | ` +
        `sequential / it ${(quantile(seq.atCameras, 0.5) / p50).toFixed(1)}x | it / floor ${(p50 / floorNs).toFixed(1)}x`,
    );
  }
  lines.push('fire -> camera receive stamp per latch (Aravis and the kernel before the wire; parallel: also the wait for a CPU), p50 / p99 (us):');
  for (const [name, r] of rows) lines.push(`  ${name} | ${us(quantile(r.fireToWire, 0.5))} / ${us(quantile(r.fireToWire, 0.99))}`);
  lines.push(
    `per-send cost (one unicast GVCP send through veth + bridge, in the sending thread; median p50 / worst p99 of the rounds) ${us(sendCost!.p50Ns)} / ${us(sendCost!.p99Ns)} us; ` +
      `floor = per-send x cameras / CPUs = ${us(floorNs)} us (${cameras} cameras, ${cpus} CPUs); load average before the run ${loadBefore}`,
  );
  lines.push(`lab fan-out of one broadcast to ${cameras} cameras (bridge hands it to its ports one after another) p50 / p99 ${us(quantile(fanoutNs, 0.5))} / ${us(quantile(fanoutNs, 0.99))} us, ${fanoutNs.length} broadcasts`);
  lines.push('note: the cameras are node processes sharing this machine\'s cores with ptpcam, so windows are far wider than a real camera\'s');
  return lines;
}
