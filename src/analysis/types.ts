import type { LatchError } from '../latch/types.js';
import type { OffsetVsMedian, StrictVsMedian, StrictVsReference } from './rigIntervals.js';
import type { CameraJudgement } from './runJudgement.js';

/** Per camera per sample: the three-way verdict of the corrected delta, or ERROR when the camera failed. */
export type SampleVerdict = 'OK' | 'NG' | 'UNCERTAIN' | 'ERROR';

/** Per camera and per run. NO_DATA: the camera never answered, so nothing can be claimed about it. */
export type RunVerdict = 'OK' | 'NG' | 'UNCERTAIN' | 'NO_DATA';

/**
 * What the process says last and returns: the run's verdict, or why there is none. ERROR (exit 1): a camera
 * failed to answer, or a fatal error; INTERRUPTED (130/143): SIGINT/SIGTERM.
 */
export type OverallVerdict = RunVerdict | 'ERROR' | 'INTERRUPTED';

/** How camera time relates to host UTC (CLOCK_REALTIME). */
export interface TimescaleInfo {
  /** true: the PTP timescale (TAI-based); camera time = host UTC + currentUtcOffsetS. */
  ptpTimescale: boolean;
  /** TAI − UTC in whole seconds (37 since 2017). Only applied when ptpTimescale. */
  currentUtcOffsetS: number;
  source: 'pmc' | 'sim' | 'assumed';
}

/** A delta that sits within tolerance of a nonzero whole number of seconds. */
export interface TaiUtcSuspect {
  /** 'camera': versus the median reference camera(s); 'host': versus host UTC after the timescale rule. */
  against: 'camera' | 'host';
  /** Signed whole seconds (37 or -37 is the usual TAI/UTC confusion). */
  seconds: number;
  /** The delta that matched, ns. */
  deltaNs: number;
}

export interface CameraAnalysis {
  serial: string;
  /** Latched camera time, exact; null when the camera failed in this sample. */
  value: bigint | null;
  fireNs: bigint;
  ackNs: bigint;
  /** ack − fire in ns. */
  windowNs: number;
  /** The seed's figure: value − median(values of the cameras that answered), ns, exact (truncated toward zero). */
  rawDeltaNs: bigint | null;
  /** The same, exact: 2 × (value − median), so a half-ns median (an even set of cameras) is not truncated. */
  rawDelta2: bigint | null;
  /** value − (fire + ack)/2 in ns, no timescale rule applied. */
  offsetNs: number | null;
  /** offset − median(reference offsets), ns. */
  correctedDeltaNs: number | null;
  /** Bound on |true delta − correctedDeltaNs|, ns (see correctedDelta.ts). */
  uncertaintyNs: number | null;
  /** Camera offset from host UTC after the timescale rule, ns (± windowNs/2). */
  hostOffsetNs: number | null;
  verdict: SampleVerdict;
  /** Window wider than outlierFactor × the camera's running median window: excluded from corrected statistics. */
  windowOutlier: boolean;
  /** The camera's window filter is still warming up: windowOutlier is provisional, final judgement is in the summary. */
  windowWarmup: boolean;
  /** First whole-second suspicion in this sample for this camera, if any. */
  taiUtc: TaiUtcSuspect | null;
  error: LatchError | null;
}

export interface SampleAnalysis {
  index: number;
  cameras: CameraAnalysis[];
  /** Worst camera verdict: NG > UNCERTAIN > ERROR > OK. */
  verdict: SampleVerdict;
  /** Cameras that returned a value. */
  answered: number;
  /**
   * A window outlier was left out of this sample's median reference, so the reference is not the usual set
   * of cameras: the other cameras' corrected deltas are kept here but left out of the corrected statistics.
   */
  referenceShifted: boolean;
}

/** Streaming statistics of one delta series. Quantiles are of |delta| (see logHistogram.ts for the error bound). */
export interface DeltaStats {
  count: number;
  meanNs: number;
  /** Sample standard deviation (n − 1); 0 for fewer than two values. */
  stddevNs: number;
  p50AbsNs: number;
  p95AbsNs: number;
  p99AbsNs: number;
  /** Exact maximum of |delta| as seen (number). */
  maxAbsNs: number;
}

export interface DriftResult {
  /** Slope of host offset against host time: ns per s = ppb. Positive: the camera clock runs fast. */
  slopePpb: number;
  /** Standard error of the slope under the least-squares model, ppb. */
  slopeStdErrPpb: number;
  /** RMS of the residuals around the fitted line, ns. */
  residualRmsNs: number;
  samples: number;
  spanS: number;
}

export interface ErrorTally {
  code: string;
  count: number;
  firstSampleIndex: number;
  /** Message of the first occurrence. */
  message: string;
}

export interface TaiUtcFinding {
  against: 'camera' | 'host';
  seconds: number;
  count: number;
  firstSampleIndex: number;
  firstDeltaNs: number;
}

export interface CameraSummary {
  serial: string;
  /** Samples in which the camera answered. */
  answered: number;
  /** Seed statistics over all answered samples. */
  raw: DeltaStats;
  /** Exact max |raw delta|; null when the camera never answered. */
  rawMaxAbsNs: bigint | null;
  /** Corrected deltas of answered samples that were not window outliers and had the usual reference. */
  corrected: DeltaStats;
  /** Mean of the per-sample uncertainty bounds of those samples: also bounds |mean error|. */
  correctedMeanUncertaintyNs: number;
  /** Mean host offset (timescale rule applied) over non-outlier samples; null without any. */
  hostOffsetMeanNs: number | null;
  /**
   * The run's estimate of this camera's offset minus the median of the cameras' offsets, at `RunSummary.intervalsAtS`,
   * with a 99 % ± that shrinks as 1/√n; assumes symmetric paths on average (see pairEstimate.ts). null without data.
   */
  offsetVsMedian: OffsetVsMedian | null;
  /** Strict run-level bound against the median camera (named), given straight-line clocks (see strictInterval.ts). */
  strictVsReference: StrictVsReference | null;
  /** Strict run-level bound on offsetVsMedian's quantity (the median of the pairs' strict bounds). */
  strictVsMedian: StrictVsMedian | null;
  /** Why the strict bound is missing, when it is. */
  strictNote: string | null;
  /** Samples whose own interval lay beyond the threshold (a certain violation in that sample). */
  certainViolations: number;
  /** Which evidence decided the verdict, and for UNCERTAIN how many samples would decide it. */
  judgement: CameraJudgement;
  /** Mean ack − fire over all answered samples, ns. */
  meanWindowNs: number;
  windowOutliers: number;
  /** Answered, non-outlier samples left out of the corrected statistics because the reference shifted. */
  referenceShifts: number;
  /** null when the run is too short (see driftNote). */
  drift: DriftResult | null;
  driftNote: string;
  /**
   * drift.slopePpb minus the median slope of the cameras with a fitted drift: what host-side timing moves in
   * every camera alike (a host clock slewing, ack stamps drifting with the host's load) cancels here. null
   * without a fit or with fewer than three fitted cameras (with two, each would read half their difference).
   */
  driftVsRigPpb: number | null;
  errorCount: number;
  errors: ErrorTally[];
  taiUtc: TaiUtcFinding[];
  verdictCounts: Record<SampleVerdict, number>;
  verdict: RunVerdict;
}

export interface RunSummary {
  samples: number;
  serials: string[];
  thresholdNs: number;
  timescale: TimescaleInfo;
  /** Human sentence naming the host-reference rule that was applied. */
  timescaleRule: string;
  wholeSecondToleranceNs: number;
  outlierFactor: number;
  cameras: CameraSummary[];
  /** Seed's Max_abs_delta_ns over all cameras and samples, exact; null when nothing answered. */
  maxAbsRawDeltaNs: bigint | null;
  maxAbsCorrectedDeltaNs: number | null;
  windowOutliersTotal: number;
  /** Samples whose median reference left out an outlier camera (see SampleAnalysis.referenceShifted). */
  referenceShiftedSamples: number;
  errorsTotal: number;
  /** Index of the first sample with a certain NG, or null. */
  firstNgSampleIndex: number | null;
  /** The instant the run-level intervals are given at: seconds after the run's first command (its middle). */
  intervalsAtS: number;
  verdict: RunVerdict;
  /** 0 when every camera is within the threshold by the run's evidence (runJudgement.ts); else 2. Fatal (1) is the CLI's call. */
  exitCode: 0 | 2;
  /** Human explanation of the verdict; says when it is uncertainty rather than a measured violation. */
  verdictReason: string;
}
