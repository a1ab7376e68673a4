/**
 * `check` through the real, compiled CLI (test/support/cli.ts runs it): `dist/cli/main.js check` or the
 * seed-named alias `dist/cli/ptp-sync-check.js`, with rig files in a temp folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cliMain, repoRoot, runCli as runNode, type CliResult } from '../support/cli.js';

export type { CliResult } from '../support/cli.js';
export const MAIN = cliMain;
export const ALIAS = join(repoRoot, 'dist', 'cli', 'ptp-sync-check.js');

export type Entry = 'main' | 'alias';

/** Short waits keep the suite light on a shared 2-core machine; every rig below converges in ~200 ms. */
export const FAST = ['--timeout-s', '2', '--settle-s', '0.3', '--poll-ms', '100'];

function argv(entry: Entry, args: readonly string[]): string[] {
  return entry === 'main' ? [MAIN, 'check', ...args] : [ALIAS, ...args];
}

/** English unless the test sets a locale: the machine's own LANG/LC_* must not leak in. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' };
  delete base.LC_ALL;
  delete base.LC_MESSAGES;
  return { ...base, ...env };
}

/** `check` with `args`; `entry` picks `ptpcam check` or the `ptp-sync-check` alias. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, entry: Entry = 'main'): Promise<CliResult> {
  const [script, ...rest] = argv(entry, args);
  return runNode(rest, { script: script!, baseEnv: childEnv(env), timeoutMs: 120_000 });
}

/** Starts the CLI and sends it `signal` once `ready` matches its stdout (or after `fallbackMs`). */
export function runCliAndSignal(args: readonly string[], signal: NodeJS.Signals, ready: RegExp, fallbackMs = 10_000): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, argv('main', args), { cwd: repoRoot, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const send = (): void => {
      if (!sent) child.kill(signal);
      sent = true;
    };
    const fallback = setTimeout(send, fallbackMs);
    const hardStop = setTimeout(() => child.kill('SIGKILL'), fallbackMs + 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (ready.test(stdout)) send();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, sig) => {
      clearTimeout(fallback);
      clearTimeout(hardStop);
      done({ code, signal: sig, stdout, stderr });
    });
  });
}

export interface RigCamera {
  serial: string;
  [key: string]: unknown;
}

/** PTP off at start, so `check` has to enable it; fast state machine. */
export function cam(serial: string, extra: Record<string, unknown> = {}): RigCamera {
  return { serial, ptpEnabled: false, listeningMs: 100, uncalibratedMs: 100, ...extra };
}

export class RigDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'ptpcam-check-'));
  private n = 0;

  write(rig: { host?: Record<string, unknown>; cameras: RigCamera[] }): string {
    const path = join(this.dir, `rig${this.n++}.json`);
    writeFileSync(path, JSON.stringify(rig));
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface CheckJson {
  type: string;
  converged: boolean;
  exitCode: number;
  leader: string;
  timedOut: boolean;
  simulated: boolean;
  detected: number;
  used: number;
  interrupted: string | null;
  error?: { code: string; message: string };
  host: { role: string; mode: string; source: string; clockId: string | null; grandmasterId: string | null; error: unknown };
  cameras: {
    serial: string;
    ptp: string;
    state: string | null;
    status: string;
    statusRaw: string | null;
    servo: string | null;
    offsetFromMasterNs: string | null;
    grandmasterId: string | null;
    clockId: string | null;
    hostDeltaNs: string | null;
    resets: number;
    error: string | null;
  }[];
  masters: string[];
  slaves: string[];
  problems: { code: string; blocking: boolean; serials: string[]; message: string; grandmasterId?: string; seconds?: number }[];
}

export function parseDoc(r: CliResult): CheckJson {
  try {
    return JSON.parse(r.stdout) as CheckJson;
  } catch {
    throw new Error(`--json output is not one JSON document:\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
}

/**
 * The human report through `ptpcam check` and the --json document through the `ptp-sync-check` alias, of
 * the same rig, side by side: every scenario covers both entry points.
 */
export async function runBoth(args: readonly string[], env: Record<string, string> = {}): Promise<{ human: CliResult; json: CliResult; doc: CheckJson }> {
  const [human, json] = await Promise.all([runCli(args, env, 'main'), runCli([...args, '--json'], env, 'alias')]);
  return { human, json, doc: parseDoc(json) };
}
