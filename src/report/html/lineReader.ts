/**
 * Streams a file's lines to a callback as byte ranges, in constant memory: one read buffer plus the one line
 * that continues into the next read. Lines stay bytes (no UTF-8 decoding of the whole file: the sample reader
 * works on bytes, and only a line it declines is decoded). A range is valid only during the call: the buffer
 * is reused. A last line without its newline is handed back separately: it is either complete (a file whose
 * writer left out the final newline) or the cut end of a killed run, which only the caller can tell by
 * parsing it.
 *
 * Reads are synchronous, 64 KiB at a time: measured on a 2.6 GB run, that is about 3× less CPU than 1 MiB
 * reads through the thread pool (a small buffer stays in the CPU's cache between the kernel's copy and the
 * parse, and there is no hand-over between threads). `ptpcam report` has nothing else to do meanwhile.
 */
import { closeSync, openSync, readSync } from 'node:fs';

import { REPORT } from '../../i18n/errorText/report.js';
import { reportInputError } from './inputError.js';

export interface ReadResult {
  /** The bytes after the last newline (empty when the file ends with one). */
  trailing: Buffer;
}

/** One line, bytes [start, end) of b, without its newline. */
export type LineSink = (b: Buffer, start: number, end: number) => void;

const CHUNK = 64 * 1024;
const NEWLINE = 10;

export async function readLines(path: string, onLine: LineSink, maxLineBytes: number): Promise<ReadResult> {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafeSlow(CHUNK);
    /** The start of a line that continues in the next chunk. */
    let carry = Buffer.allocUnsafeSlow(CHUNK);
    let carryLen = 0;
    const toCarry = (b: Buffer, from: number, to: number): void => {
      const need = carryLen + to - from;
      if (need > maxLineBytes) throw reportInputError(REPORT.longLineIn, { path, max: String(maxLineBytes) });
      if (need > carry.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(need, 2 * carry.length));
        carry.copy(grown, 0, 0, carryLen);
        carry = grown;
      }
      b.copy(carry, carryLen, from, to);
      carryLen = need;
    };
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      // indexOf searches to the buffer's end: a short read must not find an older chunk's newlines.
      const b = n === CHUNK ? buf : buf.subarray(0, n);
      let start = 0;
      if (carryLen > 0) {
        const nl = b.indexOf(NEWLINE);
        toCarry(b, 0, nl < 0 ? n : nl);
        if (nl < 0) continue;
        onLine(carry, 0, carryLen);
        carryLen = 0;
        start = nl + 1;
      }
      for (let nl = b.indexOf(NEWLINE, start); nl >= 0; nl = b.indexOf(NEWLINE, start)) {
        onLine(b, start, nl);
        start = nl + 1;
      }
      toCarry(b, start, n);
    }
    return { trailing: Buffer.from(carry.subarray(0, carryLen)) };
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).syscall === 'string') {
      throw reportInputError(REPORT.unreadable, { path, reason: e.message });
    }
    throw e;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
