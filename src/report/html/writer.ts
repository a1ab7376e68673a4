/**
 * HtmlReportWriter: feed it a run's JSON lines one by one (from a file, or live from timestat), then write the
 * self-contained HTML page. Memory stays constant however many lines are added.
 */
import { writeFile } from 'node:fs/promises';

import type { SampleAnalysis } from '../../analysis/types.js';
import { errorFrom } from '../../errors.js';
import type { Lang } from '../../i18n/locale.js';
import { REPORT } from '../../i18n/errorText/report.js';
import { splitNsBigint } from './exactTime.js';
import { reportInputError } from './inputError.js';
import { renderPage } from './page.js';
import { RunAccumulator } from './runAccumulator.js';
import { sampleFromObject } from './sampleFromJson.js';
import { SampleLineScanner } from './sampleLineFast.js';
import { cameraSlot, emptySample, startSample } from './sampleRecord.js';
import { checkSchema, JSONL_SCHEMA_VERSION } from './schema.js';

export interface HtmlReportOptions {
  lang: Lang;
}

/** The page's notes about its input, set by whoever reads the lines. */
export interface InputNotes {
  /** The input ended mid-line: the bytes of the incomplete line that was left out. */
  truncatedBytes?: number;
}

/** Longest line accepted: an 8-camera sample line is ~3.5 kB and a 64-camera summary ~100 kB. */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;
/** The same for a line read from a file, in bytes. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

const CR = 13;

/** String.prototype.isWellFormed (Node 20; not in the ES2022 library types this project compiles with). */
function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

function preview(line: string): string {
  const p = line.slice(0, 60).replace(/[^\x20-\x7e]/g, '?');
  return line.length > 60 ? `${p}…` : p;
}

export class HtmlReportWriter {
  private readonly acc = new RunAccumulator();
  private readonly record = emptySample();
  private readonly scanner = new SampleLineScanner();
  /** addLine's UTF-8 of the line, reused. */
  private scratch = Buffer.allocUnsafe(16 * 1024);
  private lineNo = 0;
  private truncatedBytes = 0;

  constructor(private readonly opts: HtmlReportOptions) {}

  /** One JSON line (without its newline). Throws a PtpcamError (ERR_REPORT_INPUT) for a line that is not ptpcam's. */
  addLine(jsonLine: string): void {
    this.lineNo++;
    const line = jsonLine.endsWith('\r') ? jsonLine.slice(0, -1) : jsonLine;
    if (line.length > MAX_LINE_CHARS) throw reportInputError(REPORT.longLine, { line: String(this.lineNo), max: String(MAX_LINE_CHARS) });
    if (line.length > 0) {
      const bytes = this.encode(line);
      // The scanner sees the line's UTF-8, which decodes back to the line unless it holds a lone surrogate (then
      // JSON.parse reads the string itself). As many bytes as units: all ASCII, nothing to check.
      if ((bytes === line.length || isWellFormed(line)) && this.scanner.parse(this.scratch, 0, bytes, this.record)) return this.addRecord();
    }
    this.addParsed(line);
  }

  /**
   * One JSON line as bytes [start, end) of b, UTF-8, without its newline (ptpcam report's file reader): the
   * same as addLine(b.toString('utf8', start, end)), but a sample line is read without decoding it.
   */
  addLineBytes(b: Buffer, start: number, end: number): void {
    this.lineNo++;
    const to = end > start && b[end - 1] === CR ? end - 1 : end;
    if (to - start > MAX_LINE_BYTES) throw reportInputError(REPORT.longLineBytes, { line: String(this.lineNo), max: String(MAX_LINE_BYTES) });
    if (this.scanner.parse(b, start, to, this.record)) return this.addRecord();
    this.addParsed(b.toString('utf8', start, to));
  }

  private addRecord(): void {
    this.noteSchema(this.record.schema);
    this.acc.addSample(this.record);
  }

  /** The strict path: any line the scanner declined, through JSON.parse. */
  private addParsed(line: string): void {
    // Only a line that starts blank can be blank; trim() would copy every 3 kB sample line.
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return;
    const r = this.record;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      throw reportInputError(REPORT.notJson, { line: String(this.lineNo), preview: preview(line) });
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw this.notPtpcam(line);
    const obj = o as Record<string, unknown>;
    if (obj.type === 'sample') {
      this.noteSchema(obj.schema);
      if (!sampleFromObject(obj, r)) throw reportInputError(REPORT.badSample, { line: String(this.lineNo) });
      this.acc.addSample(r);
    } else if (obj.type === 'summary' && (obj.schema !== undefined || Array.isArray(obj.cameras) || Array.isArray(obj.serials))) {
      this.noteSchema(obj.schema);
      this.acc.addSummary(obj);
    } else {
      throw this.notPtpcam(line);
    }
  }

  /** The line's UTF-8 in the reused scratch buffer (grown as needed); returns its length. */
  private encode(line: string): number {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair: 4 bytes for 2 units).
    if (this.scratch.length < 3 * line.length) this.scratch = Buffer.allocUnsafe(3 * line.length);
    return this.scratch.write(line, 0, 'utf8');
  }


  /**
   * One sample straight from the analysis, for timestat when it writes no JSON lines: the same record
   * addLine would parse from sampleJsonLine(a), without making and parsing the line.
   */
  addAnalysis(a: SampleAnalysis): void {
    this.lineNo++;
    const r = this.record;
    r.schema = JSONL_SCHEMA_VERSION;
    r.index = a.index;
    r.referenceShifted = a.referenceShifted;
    startSample(r);
    const first = a.cameras[0];
    if (first !== undefined) {
      // A bigint time always has ≤ 20 digits: the first camera's is the sample's (as offerFireText would pick).
      const fire = splitNsBigint(first.fireNs);
      r.fireOk = true;
      r.fireS = fire.s;
      r.fireSubNs = fire.subNs;
    }
    for (const c of a.cameras) {
      const cam = cameraSlot(r, r.cameraCount++);
      cam.serial = c.serial;
      cam.answered = c.value !== null;
      // Absent as NaN, as in the record.
      cam.correctedDeltaNs = c.correctedDeltaNs ?? NaN;
      cam.uncertaintyNs = c.uncertaintyNs ?? NaN;
      cam.hostOffsetNs = c.hostOffsetNs ?? NaN;
      cam.windowNs = c.windowNs;
      cam.windowOutlier = c.windowOutlier;
      cam.errorCode = c.error?.code ?? null;
      cam.errorMessage = c.error?.message ?? null;
    }
    this.acc.addSample(r);
  }

  /** Marks the input as cut mid-line after the lines added so far. */
  noteTruncated(bytes: number): void {
    this.truncatedBytes = bytes;
  }

  /** Lines read so far (including blank ones). */
  get lines(): number {
    return this.lineNo;
  }

  /** True once at least one sample or summary line was added. */
  get hasData(): boolean {
    return this.acc.sampleLines > 0 || this.acc.summary !== null;
  }

  /** The page, as one string (a few MB at most). */
  render(): string {
    if (!this.hasData) throw reportInputError(REPORT.empty, {});
    return renderPage(this.acc, { lang: this.opts.lang, truncatedBytes: this.truncatedBytes });
  }

  async writeTo(path: string): Promise<void> {
    const html = this.render();
    try {
      await writeFile(path, html);
    } catch (e) {
      throw errorFrom(REPORT.cannotWriteReport, { path, reason: (e as Error).message });
    }
  }

  private noteSchema(schema: unknown): void {
    if (checkSchema(schema, this.lineNo)) this.acc.unversioned = true;
  }

  private notPtpcam(line: string): Error {
    return reportInputError(REPORT.notPtpcam, { line: String(this.lineNo), preview: preview(line), shape: '{"schema":1,"type":"sample"|"summary",…}' });
  }
}
