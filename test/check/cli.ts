/** Runs the real `ptp-sync-check` from source (tsx) as a child process, with rig files in a temp folder. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = join(ROOT, 'src', 'cli', 'ptp-sync-check.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Short waits keep the suite fast; every rig below converges in a few hundred ms. */
export const FAST = ['--timeout-s', '2', '--settle-s', '0.3', '--poll-ms', '100'];

export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' };
  delete base.LC_ALL;
  delete base.LC_MESSAGES;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ENTRY, ...args],
      { cwd: ROOT, env: { ...base, ...env }, timeout: 120_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        done({ code, stdout, stderr });
      },
    );
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
  host: { role: string; mode: string; clockId: string | null; grandmasterId: string | null; error: unknown };
  cameras: {
    serial: string;
    ptp: string;
    state: string | null;
    status: string;
    statusRaw: string | null;
    offsetFromMasterNs: string | null;
    grandmasterId: string | null;
    clockId: string | null;
    hostDeltaNs: string | null;
    resets: number;
  }[];
  masters: string[];
  problems: { code: string; blocking: boolean; serials: string[]; message: string; grandmasterId?: string; seconds?: number }[];
}

/** Human run and --json run of the same rig, side by side. */
export async function runBoth(args: readonly string[], env: Record<string, string> = {}): Promise<{ human: CliResult; json: CliResult; doc: CheckJson }> {
  const [human, json] = await Promise.all([runCli(args, env), runCli([...args, '--json'], env)]);
  let doc: CheckJson;
  try {
    doc = JSON.parse(json.stdout) as CheckJson;
  } catch {
    throw new Error(`--json output is not one JSON document:\n${json.stdout}\n--- stderr\n${json.stderr}`);
  }
  return { human, json, doc };
}
