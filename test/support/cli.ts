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
  /** Added to `baseEnv`. */
  env?: NodeJS.ProcessEnv;
  /** The environment `env` is added to (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
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
      env: { ...(opts.baseEnv ?? process.env), ...opts.env },
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

/**
 * Every non-empty line parsed as JSON. A last line without its newline counts as invalid (a cut line is what
 * a broken writer leaves).
 */
export function parseJsonLines(text: string): { records: Record<string, unknown>[]; invalid: string[] } {
  const records: Record<string, unknown>[] = [];
  const invalid: string[] = [];
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  if (tail.length > 0) invalid.push(`unterminated: ${tail.slice(0, 80)}`);
  for (const l of lines) {
    if (l.length === 0) continue;
    try {
      records.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      invalid.push(l.slice(0, 80));
    }
  }
  return { records, invalid };
}

/** parseJsonLines for output that must be all JSON lines: throws naming the first line that is not. */
export function jsonLines(text: string): Record<string, unknown>[] {
  const { records, invalid } = parseJsonLines(text);
  if (invalid.length > 0) throw new Error(`not JSON lines: ${invalid[0]}`);
  return records;
}

/**
 * The one-line error contract: `<binary>: …` exactly once on stderr (JSON log lines aside) and no stack frame
 * anywhere. Returns that line, or null.
 */
export function oneLineError(stderr: string, binary = 'ptpcam'): string | null {
  // Log lines aside: pino JSON (`{…}`) or the readable form (`ptpcam WARN: …`).
  const logLine = /^\S+ (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): /;
  const lines = stderr.split('\n').filter((l) => l.trim().length > 0 && !l.startsWith('{') && !logLine.test(l));
  if (lines.length !== 1 || !lines[0]!.startsWith(`${binary}: `)) return null;
  if (/\n\s+at |^\s+at .+:\d+:\d+\)?$/m.test(stderr)) return null;
  return lines[0]!;
}

export function isOneLineError(stderr: string, binary = 'ptpcam'): boolean {
  return oneLineError(stderr, binary) !== null;
}
