import { spawn } from 'node:child_process';

export interface PmcRunOptions {
  readonly binary: string;
  readonly args: readonly string[];
  /** Hard deadline; pmc is SIGKILLed when it passes. */
  readonly timeoutMs: number;
  readonly onSpawn?: (pid: number) => void;
}

export type PmcRunResult =
  | {
      readonly kind: 'exited';
      readonly exitCode: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly stdout: string;
      readonly stderr: string;
      readonly elapsedMs: number;
      readonly pid: number | undefined;
    }
  | {
      readonly kind: 'timeout';
      readonly stdout: string;
      readonly stderr: string;
      readonly elapsedMs: number;
      readonly pid: number | undefined;
    }
  | { readonly kind: 'spawn-error'; readonly errno: string; readonly message: string };

const MAX_OUTPUT = 1 << 20;

/**
 * Run pmc once, without a shell, with stdin on /dev/null (so that pmc never waits for commands there).
 *
 * The deadline ends in SIGKILL straight away: pmc's SIGTERM handler only sets a flag and its blocking
 * sendto() restarts, so SIGTERM cannot stop a pmc stuck on a full ptp4l queue. Resolves only after the
 * process has gone, so the caller may remove pmc's client socket directory afterwards.
 */
export function runPmc(opts: PmcRunOptions): Promise<PmcRunResult> {
  return new Promise<PmcRunResult>((resolve) => {
    const started = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;

    const child = spawn(opts.binary, [...opts.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      env: { ...process.env, LC_ALL: 'C' },
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);

    child.once('spawn', () => {
      if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      // 'error' without 'spawn' means exec failed; after a spawn it can only be a failed kill.
      if (child.pid !== undefined || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ kind: 'spawn-error', errno: e.code ?? 'UNKNOWN', message: e.message });
    });
    // 'close' (not 'exit') so that every byte pmc wrote has been read.
    child.once('close', (exitCode, signal) => {
      if (settled || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      const ms = elapsed();
      resolve(
        timedOut
          ? { kind: 'timeout', stdout, stderr, elapsedMs: ms, pid: child.pid }
          : { kind: 'exited', exitCode, signal, stdout, stderr, elapsedMs: ms, pid: child.pid },
      );
    });
  });
}
