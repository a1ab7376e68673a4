/**
 * `check`'s live line while it waits, on a terminal only: each camera's state as last read and the time left,
 * redrawn in place. Nothing of it reaches a pipe or --json output (the caller decides).
 */
import { displayState } from '../cameras/ptpState.js';
import type { SessionCamera } from '../check/session.js';
import { terminalSafe } from './terminalSafe.js';

export function checkProgressLine(cameras: readonly SessionCamera[], leftMs: number, columns = 120): string {
  const states = cameras.map((c) => {
    const s = c.ptp === 'n/a' ? 'N/A' : c.ptp === 'failed' ? 'Failed' : displayState(c.reading?.state ?? null);
    return `${c.serial}=${s}`;
  });
  const line = terminalSafe(`waiting ${(leftMs / 1000).toFixed(0)} s left: ${states.join(' ')}`);
  return line.length > columns - 1 ? `${line.slice(0, Math.max(0, columns - 2))}…` : line;
}

/** Redraws one line on a TTY stream; `clear()` leaves the line empty for the report that follows. */
export class CheckProgress {
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(cameras: readonly SessionCamera[], leftMs: number): void {
    this.stream.write(`\r\x1b[K${checkProgressLine(cameras, leftMs, this.stream.columns || 120)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
