/**
 * Runs the real, compiled CLI (`npm run build` first) as a child process, the way a lab engineer does.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliMain = join(repoRoot, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Script other than dist/cli/main.js (the alias bins). */
  script?: string;
  timeoutMs?: number;
  /** Called once the child runs, e.g. to send it a signal. */
  onSpawn?: (pid: number) => void;
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [opts.script ?? cliMain, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** A temp folder removed at the end of the test. */
export function tempDir(t: { teardown(fn: () => void): void }, prefix = 'ptpcam-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeRig(dir: string, name: string, rig: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof rig === 'string' ? rig : JSON.stringify(rig, null, 2));
  return path;
}

/** Every line parsed as JSON; throws on the first line that is not. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The one-line error contract: `ptpcam: …` on stderr, and no stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.split('\n').filter((l) => l.trim().length > 0 && !l.startsWith('{'));
  return lines.length === 1 && lines[0]!.startsWith('ptpcam: ') && !/\n\s+at /.test(stderr);
}
