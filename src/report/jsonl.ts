import type { CameraAnalysis, RunSummary, SampleAnalysis } from '../analysis/types.js';
import { halfNsText } from '../analysis/rawDelta.js';
import type { Outcome } from '../analysis/runOutcome.js';

/** Version of the JSON line shapes, the first field of every line; readers (ptpcam report) refuse others. */
export const JSONL_SCHEMA_VERSION = 1;

// Serials repeat on every line; escape each once. Bounded by the number of distinct serials.
const quoted = new Map<string, string>();
function q(s: string): string {
  let v = quoted.get(s);
  if (v === undefined) {
    v = JSON.stringify(s);
    if (quoted.size < 1024) quoted.set(s, v);
  }
  return v;
}

/** 64-bit values as decimal strings: a JSON number above 2^53 would be rounded by most parsers. */
function big(x: bigint | null): string {
  return x === null ? 'null' : `"${x.toString()}"`;
}

/** Doubles (ns differences, already exact to 0.5 ns) as JSON numbers; non-finite as null. */
function num(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'null' : String(x);
}

function camera(c: CameraAnalysis): string {
  return (
    `{"serial":${q(c.serial)},"value":${big(c.value)},"fireNs":${big(c.fireNs)},"ackNs":${big(c.ackNs)}` +
    `,"rawDeltaNs":${c.rawDelta2 === null ? 'null' : `"${halfNsText(c.rawDelta2)}"`},"correctedDeltaNs":${num(c.correctedDeltaNs)}` +
    `,"uncertaintyNs":${num(c.uncertaintyNs)},"hostOffsetNs":${num(c.hostOffsetNs)},"windowNs":${num(c.windowNs)}` +
    `,"verdict":"${c.verdict}","windowOutlier":${c.windowOutlier},"windowWarmup":${c.windowWarmup}` +
    `,"taiUtc":${c.taiUtc === null ? 'null' : JSON.stringify(c.taiUtc)}` +
    `,"error":${c.error === null ? 'null' : JSON.stringify(c.error)}}`
  );
}

/**
 * One `{"type":"sample",...}` line (no trailing newline). Built by concatenation rather than JSON.stringify
 * with a bigint replacer: one string per line instead of an object graph, which matters at 10^6 lines.
 */
export function sampleJsonLine(a: SampleAnalysis): string {
  let cams = '';
  for (let i = 0; i < a.cameras.length; i++) cams += (i === 0 ? '' : ',') + camera(a.cameras[i] as CameraAnalysis);
  return `{"schema":${JSONL_SCHEMA_VERSION},"type":"sample","index":${a.index},"verdict":"${a.verdict}","referenceShifted":${a.referenceShifted},"cameras":[${cams}]}`;
}

export interface SummaryLineOptions {
  /** The run's verdict, exit code and end reason: the same object the human report and the process use. */
  outcome: Outcome;
  /** Run context the analysis does not know: backend, host, simulated, the cameras' own PTP view. */
  extra?: Record<string, unknown>;
}

function bigintsAsStrings(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/**
 * The closing `{"type":"summary",...}` line; bigints as decimal strings. `verdict`, `exitCode` and `reason` are
 * the outcome's (what the process returns); `measuredVerdict` is what the samples alone say.
 */
export function summaryJsonLine(s: RunSummary, opts: SummaryLineOptions): string {
  const { exitCode: _own, verdict: measuredVerdict, verdictReason: _reason, ...rest } = s;
  void _own;
  void _reason;
  const o = opts.outcome;
  const record = {
    schema: JSONL_SCHEMA_VERSION,
    type: 'summary',
    ...opts.extra,
    ...rest,
    measuredVerdict,
    verdict: o.verdict,
    verdictReason: o.verdictReason,
    exitCode: o.exitCode,
    reason: o.reason,
  };
  return JSON.stringify(record, bigintsAsStrings);
}

/** The one line `--json` prints when a run fails before it has a summary (no camera opened, no host PTP, ...). */
export function errorJsonLine(
  error: { code: string; message: string },
  exitCode: number,
  extra: Record<string, unknown> = {},
  ending: { verdict: 'ERROR' | 'INTERRUPTED'; reason: 'error' | 'interrupted' } = { verdict: 'ERROR', reason: 'error' },
): string {
  return JSON.stringify(
    { schema: JSONL_SCHEMA_VERSION, type: 'summary', ...extra, verdict: ending.verdict, verdictReason: `${error.code}: ${error.message}`, exitCode, reason: ending.reason, error },
    bigintsAsStrings,
  );
}
