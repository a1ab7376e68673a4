/**
 * Shared helpers of the fault suite: the row record that scripts/faults.mjs turns into its closing table,
 * the one-line / JSON-lines contracts, and leak checks (processes, pmc client dirs, fds, namespaces).
 *
 * Not a test file: scripts/faults.mjs runs only test/faults/*.test.ts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Test } from 'tap';

/** Row ids; scripts/faults.mjs holds the same ids with their fault and expected texts. */
export type RowId =
  | 'camera-stops'
  | 'camera-killed'
  | 'camera-slow'
  | 'sigint'
  | 'sigterm'
  | 'sigint-stuck'
  | 'stdout-closed'
  | 'disk-full'
  | 'file-size-limit'
  | 'ptp4l-stopped-check'
  | 'ptp4l-stopped-timestat'
  | 'ptp4l-killed-check'
  | 'ptp4l-stale-socket'
  | 'ptp4l-permission'
  | 'ptp4l-wrong-domain'
  | 'worker-throws'
  | 'worker-dies'
  | 'camera-in-use'
  | 'bad-rig-files'
  | 'bad-arguments'
  | 'pmc-output-random'
  | 'pmc-output-client'
  | 'action-stops-streaming'
  | 'action-wrong-key'
  | 'action-sigint'
  | 'action-unsupported'
  | 'action-camera-lost';

export interface Row {
  observed: string;
  /** Known product gaps seen in this row (also `t.todo`-style assertions in the test). */
  notes: string[];
}

/**
 * Starts a row: the test fills in `observed` as it learns things; at teardown the row is appended (as one JSON
 * line) to $PTPCAM_FAULTS_RESULTS with pass = every assertion of the test passed.
 */
export function row(t: Test, id: RowId): Row {
  const r: Row = { observed: '', notes: [] };
  t.teardown(() => {
    const file = process.env.PTPCAM_FAULTS_RESULTS;
    if (!file) return;
    appendFileSync(file, JSON.stringify({ id, observed: r.observed, pass: t.passing(), notes: r.notes }) + '\n');
  });
  return r;
}

/** Records a skipped row (no root / no tools) so the table says why. */
export function skippedRow(id: RowId, reason: string): void {
  const file = process.env.PTPCAM_FAULTS_RESULTS;
  if (file) appendFileSync(file, JSON.stringify({ id, observed: `skipped: ${reason}`, pass: null, notes: [] }) + '\n');
}

export function noTrace(text: string): boolean {
  return !/^\s+at .+[:(]\d+:\d+\)?$/m.test(text) && !/(TypeError|RangeError|ReferenceError|SyntaxError):/.test(text);
}

export { oneLineError, parseJsonLines } from '../support/cli.js';

export interface SampleRec {
  type: 'sample';
  index: number;
  cameras: { serial: string; value: string | null; fireNs: string; ackNs: string; error: { code: string; message: string } | null }[];
}

export interface SummaryRec {
  type: 'summary';
  reason: string;
  exitCode: number;
  samples: number;
  signal?: string;
  error?: { code: string; message: string };
  errorsTotal: number;
  cameras: { serial: string; errorCount: number; errors: { code: string; message: string }[] }[];
}

export function splitRun(records: Record<string, unknown>[]): { samples: SampleRec[]; summary: SummaryRec | undefined; summaries: number } {
  const samples = records.filter((r) => r.type === 'sample') as unknown as SampleRec[];
  const summaries = records.filter((r) => r.type === 'summary') as unknown as SummaryRec[];
  const last = records[records.length - 1];
  return { samples, summary: last?.type === 'summary' ? (last as unknown as SummaryRec) : undefined, summaries: summaries.length };
}

/** A per-test TMPDIR for the child (its pmc client dirs land there); world-writable so `nobody` can use it. */
export function childTmp(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'ptpcam-faults-'));
  chmodSync(dir, 0o1777);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function pmcDirsIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.startsWith('ptpcam-pmc-'));
  } catch {
    return [];
  }
}

/** Pids of live processes whose command line mentions `needle` (a unique temp path the test handed out). */
export function processesMentioning(needle: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes(needle)) found.push({ pid: Number(d), cmd: cmd.slice(0, 200) });
    } catch {
      /* gone */
    }
  }
  return found;
}

/** Direct children of this test process that are still alive (zombies excluded). */
export function childPids(): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

export function fdTargets(): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      out.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

export function namespacesWithPrefix(prefix: string): string[] {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

/** Resolves after `ms`; for polling loops. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The environment a user's shell would give ptpcam: without tap's NODE_OPTIONS loader (@tapjs/processinfo, whose
 * signal-exit hooks catch SIGXFSZ and re-raise it, turning an EFBIG into a kill) and without tap's variables.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || k.startsWith('TAP') || k.startsWith('_TAPJS')) continue;
    env[k] = v;
  }
  return env;
}

export interface Spawned {
  pid: number;
  /** Resolves when the child has exited and its pipes are drained. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; exitedAtMs: number }>;
  /** Resolves with the time (ms since spawn) at which stdout has `n` complete lines. */
  lines(n: number): Promise<number>;
  /** Resolves true once stderr matches, false if the child ends first. */
  stderrMatch(re: RegExp): Promise<boolean>;
  kill(sig: NodeJS.Signals): number;
  startedAt: number;
}

/**
 * Spawns a command (the compiled CLI, a shell pipeline, `ip netns exec …`) and keeps stdout/stderr; lines()
 * lets a test act once the run is under way; the hard timeout SIGKILLs (a hang fails the test, never the suite).
 */
export function spawnTracked(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Spawned {
  // `env -u`: tap's processinfo hook puts its NODE_OPTIONS back into every spawn's environment; env execs, so
  // the pid stays the command's.
  const child = spawn('env', ['-u', 'NODE_OPTIONS', cmd, ...args], { env: { ...cleanEnv(), ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd });
  const startedAt = performance.now();
  let stdout = '';
  let stderr = '';
  let lineCount = 0;
  const waiters: { n: number; resolve: (ms: number) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    for (const ch of d) if (ch === '\n') lineCount++;
    const now = performance.now() - startedAt;
    for (const w of waiters.splice(0)) {
      if (lineCount >= w.n) w.resolve(now);
      else waiters.push(w);
    }
  });
  const errWaiters: { re: RegExp; resolve: (ok: boolean) => void }[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of errWaiters.splice(0)) {
      if (w.re.test(stderr)) w.resolve(true);
      else errWaiters.push(w);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; exitedAtMs: number }>((resolve, reject) => {
    let exitedAt = 0;
    child.once('exit', () => (exitedAt = performance.now() - startedAt));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      for (const w of waiters.splice(0)) w.resolve(-1);
      for (const w of errWaiters.splice(0)) w.resolve(false);
      resolve({ code, signal, stdout, stderr, exitedAtMs: exitedAt || performance.now() - startedAt });
    });
  });
  return {
    pid: child.pid ?? -1,
    done,
    startedAt,
    lines: (n) =>
      new Promise<number>((resolve) => {
        if (lineCount >= n) resolve(performance.now() - startedAt);
        else waiters.push({ n, resolve });
      }),
    stderrMatch: (re) =>
      new Promise<boolean>((resolve) => {
        if (re.test(stderr)) resolve(true);
        else errWaiters.push({ re, resolve });
      }),
    kill: (sig) => {
      child.kill(sig);
      return performance.now() - startedAt;
    },
  };
}
