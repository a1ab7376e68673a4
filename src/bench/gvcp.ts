/**
 * `npm run bench -- gvcp`: fire spread over real GVCP. Four virtual GigE Vision cameras in the namespace lab
 * (test/lab), `ptpcam timestat --backend aravis` run inside the lab's host namespace once per strategy, and
 * the spread (max − min fire instant across the cameras of one sample) computed from the fireNs of its JSON
 * lines. Aravis talks GVCP from the process that loads it, so the measurement runs in a child inside the lab;
 * discovery broadcasts never leave the lab. Needs root (network namespaces), iproute2, linuxptp, Aravis 0.8
 * and the dev dependency tsx (the lab is TypeScript under test/). Without them it prints one line saying why.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  exec(cmd: string, args: string[], opts?: { timeoutMs?: number }): Promise<LabExecResult>;
  teardown(): Promise<void>;
}
interface LabModule {
  VirtualLab: { start(opts: { cameras: number; readyTimeoutMs?: number }): Promise<Lab> };
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliMain = resolve(repoRoot, 'dist', 'cli', 'main.js');
const labModule = resolve(repoRoot, 'test', 'lab', 'VirtualLab.ts');

const us = (ns: number): string => (ns / 1000).toFixed(1);

function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  return dirs.some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the lab cannot run here, or null. */
function unavailable(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root (network namespaces for the virtual camera lab)';
  const missing = ['ip', 'ptp4l', 'pmc'].filter((c) => !onPath(c));
  if (missing.length > 0) return `missing tools: ${missing.join(', ')} (apt install iproute2 linuxptp)`;
  if (!existsSync(labModule)) return `the lab (${labModule}) is not in this tree`;
  if (!existsSync(cliMain)) return `${cliMain} is not built (npm run build:ts)`;
  return null;
}

async function loadLab(): Promise<LabModule> {
  const { tsImport } = (await import('tsx/esm/api')) as { tsImport: (path: string, parent: string) => Promise<unknown> };
  return (await tsImport(labModule, import.meta.url)) as LabModule;
}

interface StrategyResult {
  spreads: number[];
  windows: number[];
  errors: number;
}

function parseRun(stdout: string, cameras: number): StrategyResult {
  const spreads: number[] = [];
  const windows: number[] = [];
  let errors = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"type":"sample"')) continue;
    const s = JSON.parse(line) as { cameras: { fireNs: string; ackNs: string; value: string | null }[] };
    if (s.cameras.length !== cameras) throw new Error(`a sample with ${s.cameras.length} cameras, expected ${cameras}`);
    let lo: bigint | undefined;
    let hi: bigint | undefined;
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
  return { spreads, windows, errors };
}

export async function benchGvcp(opts: GvcpBenchOptions = {}): Promise<string[]> {
  const cameras = opts.cameras ?? 4;
  const samples = opts.samples ?? 300;
  const lines = [`== GVCP fire spread: ${cameras} virtual GigE Vision cameras over real GVCP (namespace lab), ${samples} samples, interval 0 ==`];
  const why = unavailable();
  if (why !== null) return [...lines, `skipped: ${why}`];
  let mod: LabModule;
  try {
    mod = await loadLab();
  } catch (e) {
    return [...lines, `skipped: cannot load the lab through tsx (a dev dependency): ${(e as Error).message}`];
  }

  // A camera is a node process compiling TypeScript at start: give a busy machine time.
  const lab = await mod.VirtualLab.start({ cameras, readyTimeoutMs: 60_000 });
  const results: Partial<Record<'parallel' | 'sequential', StrategyResult>> = {};
  try {
    for (const strategy of ['parallel', 'sequential'] as const) {
      const args = [cliMain, 'timestat', '--backend', 'aravis', '--json', '--samples', String(samples), '--strategy', strategy];
      if (lab.hostPtp4l) args.push('--uds', lab.hostPtp4l.uds);
      const r = await lab.exec(process.execPath, args, { timeoutMs: 600_000 });
      // 0 or 2 (threshold) both mean a complete run; 1 is fatal.
      if (r.code !== 0 && r.code !== 2) {
        const last = r.stderr.trim().split('\n').at(-1) ?? '';
        return [...lines, `failed: timestat --strategy ${strategy} exited ${r.code}: ${last}`];
      }
      results[strategy] = parseRun(r.stdout, cameras);
    }
  } finally {
    await lab.teardown();
  }

  const par = results.parallel!;
  const seq = results.sequential!;
  lines.push('strategy | fire spread p50 / p99 (us) | latch window (fire -> ack) p50 / p99 (us) | samples | failed latches');
  for (const [name, r] of [['parallel', par], ['sequential', seq]] as const) {
    lines.push(
      `${name} | ${us(quantile(r.spreads, 0.5))} / ${us(quantile(r.spreads, 0.99))} | ` +
        `${us(quantile(r.windows, 0.5))} / ${us(quantile(r.windows, 0.99))} | ${r.spreads.length} | ${r.errors}`,
    );
  }
  const ratio = (q: number): string => (quantile(seq.spreads, q) / quantile(par.spreads, q)).toFixed(1);
  lines.push(`ratio sequential / parallel: p50 ${ratio(0.5)}x, p99 ${ratio(0.99)}x`);
  lines.push('note: the cameras are node processes sharing this machine\'s cores with ptpcam, so windows are far wider than a real camera\'s');
  return lines;
}
