/**
 * Streams a file's lines to a callback in constant memory (one chunk plus one partial line at a time). A last
 * line without its newline is handed back separately: it is either complete (a file whose writer left out
 * the final newline) or the cut end of a killed run, which only the caller can tell by parsing it.
 */
import { createReadStream } from 'node:fs';

import { REPORT } from '../../i18n/errorText/report.js';
import { reportInputError } from './inputError.js';

export interface ReadResult {
  /** Text after the last newline ('' when the file ends with one). */
  trailing: string;
  /** Its size in bytes. */
  trailingBytes: number;
}

export async function readLines(path: string, onLine: (line: string) => void, maxLineChars: number): Promise<ReadResult> {
  let rest = '';
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl >= 0 && rest !== '') {
        onLine(rest + chunk.slice(0, nl));
        rest = '';
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      while (nl >= 0) {
        onLine(chunk.slice(start, nl));
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      rest += chunk.slice(start);
      if (rest.length > maxLineChars) throw reportInputError(REPORT.longLineIn, { path, max: String(maxLineChars) });
    }
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof (e as NodeJS.ErrnoException).syscall === 'string') {
      throw reportInputError(REPORT.unreadable, { path, reason: e.message });
    }
    throw e;
  } finally {
    stream.destroy();
  }
  return { trailing: rest, trailingBytes: Buffer.byteLength(rest, 'utf8') };
}
