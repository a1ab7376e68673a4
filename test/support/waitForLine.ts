/** Resolves with the first line a child writes to `stream` that matches `pattern`; rejects on timeout or exit. */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export function waitForLine(
  child: ChildProcess,
  stream: Readable | null,
  pattern: RegExp,
  timeoutMs: number,
  what: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!stream) return reject(new Error(`${what}: no stream to read`));
    const rl = createInterface({ input: stream });
    const timer = setTimeout(() => finish(new Error(`${what}: no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null): void => finish(new Error(`${what}: exited (${code}) before a line matching ${pattern}`));
    function finish(err: Error | undefined, line?: string): void {
      clearTimeout(timer);
      rl.off('line', onLine);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    }
    function onLine(line: string): void {
      if (pattern.test(line)) finish(undefined, line);
    }
    rl.on('line', onLine);
    child.once('exit', onExit);
  });
}
