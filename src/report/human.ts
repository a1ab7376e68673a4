import type { CameraAnalysis, CameraSummary, RunSummary, SampleAnalysis, TaiUtcFinding } from '../analysis/types.js';
import { localizeError } from '../i18n/errors.js';
import type { Lang } from '../i18n/locale.js';
import type { Outcome } from '../analysis/runOutcome.js';
import {
  alignRight,
  formatBigintScaled,
  formatFixed,
  formatIntNs,
  formatHalfNsAsMs,
  formatNsAsUs,
  formatUsWithUncertainty,
  joinAligned,
} from './format.js';

/** Host PTP state as the CLI found it (pmc) or as the simulated rig declares it. */
export interface HostPtpInfo {
  role: string;
  gmClockId: string;
  /** A simulated rig must never read like a real host. */
  simulated: boolean;
  /** Replaces "Ubuntu(host)" for real hosts, e.g. the hostname. */
  label?: string;
}

export interface HumanSampleOptions {
  /** Print host_offset_us (the seed's --assume-realtime-ptp, done with the timescale rule). */
  hostReference: boolean;
  /** Error messages in the user's language (the report's own field names stay the seed's). Default en. */
  lang?: Lang;
}

/** `Ubuntu(host) PTP: role=Grandmaster, gmClockID=bcfce7.fffe.244daf`, or the simulated form. */
export function formatHostLine(h: HostPtpInfo): string {
  const who = h.simulated ? 'Host PTP (simulated rig)' : `${h.label ?? 'Ubuntu(host)'} PTP`;
  return `${who}: role=${h.role}, gmClockID=${h.gmClockId}`;
}

/** `[Sample 1]` (1-based as the seed). */
export function formatSampleHeader(index: number): string {
  return `[Sample ${index + 1}]`;
}

function flags(c: CameraAnalysis): string[] {
  const out: string[] = [];
  if (c.windowOutlier) out.push(`window_outlier${c.windowWarmup ? '(provisional)' : ''}`);
  if (c.taiUtc) out.push(`tai_utc_suspect=${c.taiUtc.seconds}s_vs_${c.taiUtc.against}`);
  return out;
}

/**
 * Per-camera lines of one sample: the seed's fields first (serial, camera_time_ns, delta_to_median_ms, verdict),
 * then ours. `verdict` is the three-way verdict of the corrected delta; delta_to_median_ms stays the seed's raw
 * figure so outputs compare one to one.
 */
export function formatCameraLines(a: SampleAnalysis, opts: HumanSampleOptions): string[] {
  const raw = alignRight(a.cameras.map((c) => (c.rawDelta2 === null ? 'n/a' : formatHalfNsAsMs(c.rawDelta2, true))));
  const corr = alignRight(
    a.cameras.map((c) =>
      c.correctedDeltaNs === null || c.uncertaintyNs === null
        ? 'n/a'
        : formatUsWithUncertainty(c.correctedDeltaNs, c.uncertaintyNs, true),
    ),
  );
  const host = alignRight(a.cameras.map((c) => (c.hostOffsetNs === null ? 'n/a' : formatNsAsUs(c.hostOffsetNs, true))));
  const rows = a.cameras.map((c, i) => {
    const r = [
      `serial=${c.serial}`,
      `camera_time_ns=${c.value === null ? 'n/a' : c.value.toString()}`,
      `delta_to_median_ms=${raw[i] as string}`,
      `verdict=${c.verdict}`,
      `corrected_delta_us=${corr[i] as string}`,
    ];
    if (opts.hostReference) r.push(`host_offset_us=${host[i] as string}`);
    r.push(`window_us=${formatNsAsUs(c.windowNs)}`);
    r.push(...flags(c));
    if (c.error) r.push(`error=${c.error.code}: ${localizeError(c.error.code, c.error.message, opts.lang ?? 'en')}`);
    return r;
  });
  return joinAligned(rows);
}

/** The whole per-sample block: header, host line (when known), camera lines. */
export function formatSample(a: SampleAnalysis, host: HostPtpInfo | null, opts: HumanSampleOptions): string[] {
  const out = [formatSampleHeader(a.index)];
  if (host) out.push(formatHostLine(host));
  out.push(...formatCameraLines(a, opts));
  return out;
}

function driftField(c: CameraSummary): string {
  // n/a says why: a drift from under 2 s of samples would be noise (the analyzer's note gives the span).
  if (!c.drift) return `drift_ppb=n/a (${c.driftNote})`;
  const rig = c.driftVsRigPpb === null ? '' : `, vs_rig_ppb=${formatFixed(c.driftVsRigPpb, 1)}`;
  return `drift_ppb=${formatFixed(c.drift.slopePpb, 1)}±${formatFixed(c.drift.slopeStdErrPpb, 1)} (rms_ns=${formatIntNs(c.drift.residualRmsNs)}${rig})`;
}

export interface HumanStatisticsOptions {
  hostReference: boolean;
  /** Error messages in the user's language. Default en. */
  lang?: Lang;
}

/**
 * `=== Statistics ===`: one block per camera, readable on an 80–120 column terminal. Its first line is the
 * seed's (serial, mean_delta_ns, stddev_ns, max_abs_delta_ns, verdict); indented lines group ours: raw |delta|
 * quantiles, the corrected figures, windows and errors, drift. Then the seed's `Max_abs_delta_ns=` and our
 * corrected counterpart. Fields keep their key=value names, so a grep for one still finds it.
 */
export function formatStatistics(s: RunSummary, opts: HumanStatisticsOptions): string[] {
  const seed = joinAligned(
    s.cameras.map((c) => {
      const none = c.raw.count === 0;
      return [
        `serial=${c.serial}`,
        `mean_delta_ns=${none ? 'n/a' : formatIntNs(c.raw.meanNs)}`,
        `stddev_ns=${none ? 'n/a' : formatIntNs(c.raw.stddevNs)}`,
        `max_abs_delta_ns=${c.rawMaxAbsNs === null ? 'n/a' : c.rawMaxAbsNs.toString()}`,
        `verdict=${c.verdict}`,
      ];
    }),
  );
  const out = ['=== Statistics ==='];
  s.cameras.forEach((c, i) => {
    out.push(seed[i] as string);
    const none = c.raw.count === 0;
    out.push(
      `  raw:       p50_abs_ns=${none ? 'n/a' : formatIntNs(c.raw.p50AbsNs)}, p95_abs_ns=${none ? 'n/a' : formatIntNs(c.raw.p95AbsNs)}, p99_abs_ns=${none ? 'n/a' : formatIntNs(c.raw.p99AbsNs)}`,
    );
    const k = c.corrected;
    out.push(
      k.count > 0
        ? `  corrected: corrected_mean_ns=${formatIntNs(k.meanNs)}±${formatIntNs(c.correctedMeanUncertaintyNs)}, corrected_stddev_ns=${formatIntNs(k.stddevNs)}, ` +
            `corrected_p50_abs_ns=${formatIntNs(k.p50AbsNs)}, corrected_p95_abs_ns=${formatIntNs(k.p95AbsNs)}, corrected_p99_abs_ns=${formatIntNs(k.p99AbsNs)}, corrected_max_abs_ns=${formatIntNs(k.maxAbsNs)}`
        : '  corrected: corrected=n/a (no sample with a usual window and reference)',
    );
    const host = opts.hostReference ? `, host_offset_mean_ns=${c.hostOffsetMeanNs === null ? 'n/a' : formatIntNs(c.hostOffsetMeanNs)}` : '';
    out.push(`  windows:   mean_window_ns=${formatIntNs(c.meanWindowNs)}, window_outliers=${c.windowOutliers}, errors=${c.errorCount}${host}`);
    out.push(`  drift:     ${driftField(c)}`);
  });
  out.push(
    `Max_abs_delta_ns=${s.maxAbsRawDeltaNs === null ? 'n/a' : s.maxAbsRawDeltaNs.toString()}`,
    `Max_abs_corrected_delta_ns=${s.maxAbsCorrectedDeltaNs === null ? 'n/a' : formatIntNs(s.maxAbsCorrectedDeltaNs)}`,
  );
  return out;
}

function signedUs(ns: number): string {
  return (ns >= 0 ? '+' : '') + formatNsAsUs(ns);
}

/**
 * `=== Run-level intervals ===`: per camera the run's two answers against the median camera, at one instant,
 * and the verdict each gave. The estimate's ± shrinks with samples but assumes symmetric paths; the strict bound
 * assumes only that each latch fell inside its window (and straight-line clocks), and stops shrinking at the
 * shortest paths the run saw. Printed for every run, one sample included.
 */
export function formatRunIntervals(s: RunSummary, method: { actionSkewNs?: bigint } = {}): string[] {
  const first = s.cameras.find((c) => c.offsetVsMedian !== null)?.offsetVsMedian;
  const median = first ? first.medianSerials.join(' & ') : 'n/a';
  const out = [
    `=== Run-level intervals (vs the median camera ${median}, at t=+${s.intervalsAtS.toFixed(3)} s, the middle of the run) ===`,
  ];
  const rows = s.cameras.map((c) => {
    const e = c.offsetVsMedian;
    const est =
      e === null
        ? 'n/a'
        : e.uncertaintyNs === null
          ? `${signedUs(e.deltaNs)} (one sample: no spread known)`
          : `${signedUs(e.deltaNs)}±${formatNsAsUs(e.uncertaintyNs)}`;
    const st = c.strictVsMedian === null ? 'n/a' : `[${signedUs(c.strictVsMedian.lowNs)}, ${signedUs(c.strictVsMedian.highNs)}]`;
    const r = c.strictVsReference;
    const pair =
      r === null
        ? `strict_vs_reference=n/a (${c.strictNote ?? 'no data'})`
        : r.referenceSerial === c.serial
          ? 'reference'
          : `strict_vs_${r.referenceSerial}_us=[${signedUs(r.lowNs)}, ${signedUs(r.highNs)}] (${r.samplesUsed} samples, ${r.samplesRejected} rejected)`;
    const j = c.judgement;
    const needs = j.samplesNeeded === null ? '' : `, ~${j.samplesNeeded} samples would decide`;
    return [`serial=${c.serial}`, `estimate_us=${est}`, `strict_us=${st}`, pair, `verdict=${c.verdict} (by ${j.basis}${needs})`];
  });
  out.push(...joinAligned(rows));
  if (method.actionSkewNs !== undefined) {
    out.push(
      'estimate: mean of the frame timestamp differences, 99 % interval; assumes the cameras act on the broadcast at the same instant on average (same trigger latency)',
      `strict: DECLARED, not measured: holds if any two cameras acted on each broadcast within --action-skew-ns ${method.actionSkewNs} ns of each other, and the pair's clocks keep a straight line over the run`,
    );
  } else {
    out.push(
      'estimate: mean of the window midpoints, 99 % interval; assumes each command reaches the camera after the same share of its round trip on average (symmetric paths, as PTP itself assumes)',
      "strict: holds whatever the paths do, given that each latch fell inside its own fire/ack window and the pair's clocks keep a straight line over the run",
    );
  }
  for (const c of s.cameras) {
    const e = c.offsetVsMedian;
    const b = c.strictVsMedian;
    if (e === null || b === null) continue;
    if (e.deltaNs < b.lowNs || e.deltaNs > b.highNs) {
      out.push(
        `WARNING: serial=${c.serial}: the estimate ${signedUs(e.deltaNs)} us lies outside the strict bound: the paths to this camera are not symmetric, so trust the strict bound`,
      );
    }
  }
  return out;
}

/**
 * Beyond this share of outlier windows the host, not the cameras, dominates the run: seen with a compiler and a
 * test suite on the same 2 cores (32 % outliers, a false 320 ppm "drift" on the cameras of one CPU).
 */
const BUSY_HOST_OUTLIER_SHARE = 0.1;

function taiUtcLine(serial: string, f: TaiUtcFinding): string {
  const vs = f.against === 'host' ? 'host UTC (after the timescale rule)' : 'the median camera';
  const hint =
    Math.abs(f.seconds) === 37
      ? 'one clock on TAI and the other on UTC (currentUtcOffset 37 s)'
      : 'a whole-second offset, not drift';
  return (
    `WARNING: serial=${serial} differs from ${vs} by ${formatBigintScaled(BigInt(Math.round(f.firstDeltaNs)), 9)} s ` +
    `≈ ${f.seconds} s in ${f.count} sample(s) from sample ${f.firstSampleIndex + 1}: probable TAI/UTC mismatch (${hint})`
  );
}

/**
 * Lines that always close a run, statistics or not: the host-reference rule, TAI/UTC warnings, the window
 * filter count, errors, and the outcome: the verdict and exit code the process returns, with the reason (which
 * says when it is uncertainty, not a measured violation).
 */
export function formatRunNotes(s: RunSummary, opts: HumanStatisticsOptions, outcome: Outcome): string[] {
  const out: string[] = [];
  if (opts.hostReference) out.push(`Host reference: ${s.timescaleRule}`);
  for (const c of s.cameras) for (const f of c.taiUtc) out.push(taiUtcLine(c.serial, f));
  const perCam = s.cameras.map((c) => `${c.serial}: ${c.windowOutliers}`).join(', ');
  out.push(
    `Window filter: ${s.windowOutliersTotal} sample(s) with latch window > ${s.outlierFactor}x the camera's running median excluded from corrected statistics (${perCam})`,
  );
  const answered = s.cameras.reduce((n, c) => n + c.answered, 0);
  if (answered > 0 && s.windowOutliersTotal / answered > BUSY_HOST_OUTLIER_SHARE) {
    out.push(
      `WARNING: ${((100 * s.windowOutliersTotal) / answered).toFixed(0)} % of latch windows were over ${s.outlierFactor}x their camera's median: ` +
        'the host was too busy to time the latches; the corrected statistics and drift of this run are not reliable (rerun on a quieter host)',
    );
  }
  if (s.referenceShiftedSamples > 0) {
    out.push(
      `Reference: ${s.referenceShiftedSamples} sample(s) had an outlier camera out of the median reference; the other cameras' corrected deltas of those samples are shown but not in the statistics`,
    );
  }
  if (s.errorsTotal > 0) {
    for (const c of s.cameras) {
      for (const e of c.errors) {
        out.push(`Errors: serial=${c.serial} ${e.code} x${e.count} (first at sample ${e.firstSampleIndex + 1}: ${localizeError(e.code, e.message, opts.lang ?? 'en')})`);
      }
    }
  }
  out.push(`Overall: ${outcome.verdict} (exit ${outcome.exitCode}): ${outcome.verdictReason}`);
  return out;
}
