/**
 * `ptpcam report`: a run's JSON lines file to its HTML report. Every complete line is read; a last line cut by
 * a kill is left out with a note on the page; anything that is not ptpcam JSON lines is one error.
 */
import type { Lang } from '../../i18n/locale.js';
import { readLines } from './lineReader.js';
import { HtmlReportWriter, MAX_LINE_BYTES } from './writer.js';

export interface BuildReportOptions {
  lang: Lang;
}

export interface BuildReportResult {
  lines: number;
  /** Bytes of a cut last line that were left out (0 when the file ended cleanly). */
  truncatedBytes: number;
}

export async function buildReportFromFile(jsonlPath: string, outPath: string, opts: BuildReportOptions): Promise<BuildReportResult> {
  const writer = new HtmlReportWriter({ lang: opts.lang });
  const read = await readLines(jsonlPath, (b, start, end) => writer.addLineBytes(b, start, end), MAX_LINE_BYTES);
  const trailing = read.trailing.toString('utf8');
  const trailingBytes = read.trailing.length;
  let truncatedBytes = 0;
  if (trailing.trim() !== '') {
    // A complete last line without its newline is a line; a cut one (no valid JSON) is the killed run's end.
    let complete = true;
    try {
      JSON.parse(trailing);
    } catch {
      complete = false;
    }
    if (complete) writer.addLine(trailing);
    else if (writer.hasData) {
      truncatedBytes = trailingBytes;
      writer.noteTruncated(trailingBytes);
    } else {
      // Nothing before it: the whole file is one broken line; say what it is rather than make an empty report.
      writer.addLine(trailing);
    }
  }
  await writer.writeTo(outPath);
  return { lines: writer.lines, truncatedBytes };
}
