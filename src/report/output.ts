/**
 * Where a run's lines go. stdout on Linux is written synchronously for files, pipes and terminals, so a
 * write either lands or fails; a closed pipe (`| head -1`) surfaces as EPIPE, which ends the run quietly.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

import { errorFrom } from '../errors.js';
import { REPORT } from '../i18n/errorText/report.js';

export class StdoutClosed extends Error {
  constructor() {
    super('stdout closed');
    this.name = 'StdoutClosed';
  }
}

export class Stdout {
  private closed = false;

  constructor(private readonly onClosed: () => void) {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.markClosed();
      else throw e;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
  }

  write(text: string): void {
    if (this.closed) return;
    try {
      process.stdout.write(text);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') this.markClosed();
      else throw e;
    }
  }

  lines(lines: readonly string[]): void {
    if (lines.length > 0) this.write(lines.join('\n') + '\n');
  }
}

/**
 * JSON lines to a file. Writes whole batches of lines with writeSync and remembers the last offset that ended
 * a line; when a write fails (a full disk, say) the file is cut back to that offset, so what was written stays
 * valid JSONL.
 */
export class JsonlFile {
  private fd: number;
  private good = 0;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw errorFrom(REPORT.cannotOpen, { path, reason: (e as Error).message });
    }
  }

  write(lines: readonly string[]): void {
    if (lines.length === 0 || this.fd < 0) return;
    const buf = Buffer.from(lines.join('\n') + '\n', 'utf8');
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
      this.good += buf.length;
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.good);
      } catch {
        // The file stays as it was; the error below is what the user needs to see.
      }
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOSPC' ? 'no space left on device' : code === 'EFBIG' ? 'file size limit reached' : (e as Error).message;
      this.close();
      throw errorFrom(REPORT.cannotWrite, { path: this.path, reason: why, bytes: String(this.good) });
    }
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
