import type { CameraAnalysis, RunSummary, SampleAnalysis } from '../analysis/types.js';

/** Why the run ended, set by the CLI. */
export type RunEndReason = 'completed' | 'error' | 'interrupted' | 'timeout' | (string & {});

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
    `,"rawDeltaNs":${big(c.rawDeltaNs)},"correctedDeltaNs":${num(c.correctedDeltaNs)}` +
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
  return `{"type":"sample","index":${a.index},"verdict":"${a.verdict}","referenceShifted":${a.referenceShifted},"cameras":[${cams}]}`;
}

export interface SummaryLineOptions {
  reason: RunEndReason;
  /** Overrides the summary's own 0/2, e.g. 1 when the CLI ends on a fatal error. */
  exitCode?: number;
  /** Run context the analysis does not know: backend, host, simulated, the cameras' own PTP view. */
  extra?: Record<string, unknown>;
}

/** The closing `{"type":"summary",...,"exitCode":…,"reason":…}` line; bigints as decimal strings. */
export function summaryJsonLine(s: RunSummary, opts: SummaryLineOptions): string {
  const { exitCode: _own, ...rest } = s;
  void _own;
  const record = { type: 'summary', ...opts.extra, ...rest, exitCode: opts.exitCode ?? s.exitCode, reason: opts.reason };
  return JSON.stringify(record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
