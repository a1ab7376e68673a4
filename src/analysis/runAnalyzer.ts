import type { LatchError, LatchSample } from '../latch/types.js';
import { correctedDeltas } from './correctedDelta.js';
import { DeltaStatsAccumulator } from './deltaStats.js';
import { DriftFit } from './drift.js';
import { hostOffsetNs, hostReference, type HostReference } from './hostReference.js';
import { halfWindowNs, latchOffset, offsetNs, type LatchOffset } from './latchOffset.js';
import { medianOfNumbers } from './median.js';
import { RigPairs } from './rigIntervals.js';
import { judgeCamera } from './runJudgement.js';
import { rawDeltas2 } from './rawDelta.js';
import { WHOLE_SECOND_TOLERANCE_NS, wholeSecondOffset } from './wholeSecond.js';
import type {
  CameraAnalysis,
  CameraSummary,
  ErrorTally,
  RunSummary,
  SampleAnalysis,
  SampleVerdict,
  TaiUtcFinding,
  TaiUtcSuspect,
  TimescaleInfo,
} from './types.js';
import { exitCodeFor, judge, worstRunVerdict, worstSampleVerdict } from './verdict.js';
import { DEFAULT_WINDOW_FILTER, WindowFilter, type Released } from './windowFilter.js';

export interface RunAnalyzerOptions {
  serials: readonly string[];
  /** |delta| limit, ns (the seed's --threshold-ns, default 100 ms). */
  thresholdNs: number | bigint;
  timescale: TimescaleInfo;
  /** Whole-second (TAI/UTC) detector tolerance, ns; default 5 ms. */
  wholeSecondToleranceNs?: number;
  /** Window outlier factor over the running median window; default 3. */
  outlierFactor?: number;
  /** Windows at or below this are never outliers; default 1 µs. */
  outlierMinWindowNs?: number;
  /** Samples per camera before the window filter judges; default 8. */
  windowWarmup?: number;
  /** Drift is reported only when the camera's fitted samples span at least this; default 2 s. */
  driftMinSpanS?: number;
  /**
   * The action method: fire = ack = the host's send instant, and each camera acted within ± this of the others'
   * trigger (the declared fan-out plus trigger-latency jitter, --action-skew-ns). Each sample's interval is then
   * [send − h, send + h] instead of the command window; nothing about it is measured by the host.
   */
  declaredHalfWidthNs?: bigint;
}

/** What the corrected statistics need from one sample of one camera, held while the window filter warms up. */
interface CorrectedItem {
  deltaNs: number;
  uncertaintyNs: number;
  /** Host time at the latch midpoint since run start, s. */
  x: number;
  /** Host offset minus the camera's first host offset, ns (difference taken in bigint). */
  y: number;
  /** The sample's median reference left out another camera (see SampleAnalysis.referenceShifted). */
  referenceShifted: boolean;
  halfWindowNs: number;
}

/** Distinct TAI/UTC findings kept per camera; a real rig has one or two, so the cap only guards memory. */
const MAX_TAI_FINDINGS = 16;

class CorrectedAccumulator {
  constructor(
    readonly stats = new DeltaStatsAccumulator(),
    readonly drift = new DriftFit(),
    public uncertaintySum = 0,
    public outliers = 0,
    public referenceShifts = 0,
    public halfWindowSum = 0,
  ) {}

  apply(released: readonly Released<CorrectedItem>[]): void {
    for (const r of released) {
      if (r.outlier) {
        this.outliers++;
        continue;
      }
      // The drift fit uses the camera's own host offset, which no other camera's window can disturb.
      this.drift.add(r.item.x, r.item.y);
      this.halfWindowSum += r.item.halfWindowNs;
      if (r.item.referenceShifted) {
        this.referenceShifts++;
        continue;
      }
      this.stats.add(r.item.deltaNs);
      this.uncertaintySum += r.item.uncertaintyNs;
    }
  }

  clone(): CorrectedAccumulator {
    return new CorrectedAccumulator(
      this.stats.clone(), this.drift.clone(), this.uncertaintySum, this.outliers, this.referenceShifts,
      this.halfWindowSum,
    );
  }
}

class CameraState {
  readonly raw = new DeltaStatsAccumulator();
  rawMaxAbs: bigint | null = null;
  readonly corrected = new CorrectedAccumulator();
  readonly filter: WindowFilter<CorrectedItem>;
  windowSum = 0;
  answered = 0;
  firstOffset2: bigint | null = null;
  firstHostOffsetNs = 0;
  readonly errors = new Map<string, ErrorTally>();
  errorCount = 0;
  readonly taiUtc = new Map<string, TaiUtcFinding>();
  readonly verdictCounts: Record<SampleVerdict, number> = { OK: 0, NG: 0, UNCERTAIN: 0, ERROR: 0 };
  /** Samples with a valid (non-negative) window whose own interval lay beyond the threshold. */
  certainViolations = 0;

  constructor(readonly serial: string, filter: WindowFilter<CorrectedItem>) {
    this.filter = filter;
  }

  noteError(e: LatchError, index: number): void {
    this.errorCount++;
    const t = this.errors.get(e.code);
    if (t) t.count++;
    else this.errors.set(e.code, { code: e.code, count: 1, firstSampleIndex: index, message: e.message });
  }

  noteTaiUtc(s: TaiUtcSuspect, index: number): void {
    const key = `${s.against}:${s.seconds}`;
    const f = this.taiUtc.get(key);
    if (f) f.count++;
    else if (this.taiUtc.size < MAX_TAI_FINDINGS) {
      this.taiUtc.set(key, { against: s.against, seconds: s.seconds, count: 1, firstSampleIndex: index, firstDeltaNs: s.deltaNs });
    }
  }
}

/**
 * Streams latch samples into per-camera statistics; memory is O(cameras), never O(samples).
 * add() returns the per-sample analysis for the caller to print or serialise, then nothing of it is kept
 * except the window filter's fixed warm-up buffer.
 */
export class RunAnalyzer {
  private readonly serials: readonly string[];
  private readonly thresholdNs: number;
  private readonly timescale: TimescaleInfo;
  private readonly hostRef: HostReference;
  private readonly tolNs: number;
  private readonly tolBig: bigint;
  private readonly outlierFactor: number;
  private readonly driftMinSpanS: number;
  private readonly cams: CameraState[];
  private samples = 0;
  private referenceShiftedSamples = 0;
  private runStart2: bigint | null = null;
  private firstNg: number | null = null;
  private readonly pairs: RigPairs;
  private readonly halfWidth: bigint;

  constructor(opts: RunAnalyzerOptions) {
    if (opts.serials.length === 0) throw new RangeError('at least one camera serial is required');
    this.serials = [...opts.serials];
    this.thresholdNs = Number(opts.thresholdNs);
    if (!(this.thresholdNs >= 0)) throw new RangeError('thresholdNs must be ≥ 0');
    this.timescale = { ...opts.timescale };
    this.hostRef = hostReference(opts.timescale);
    this.tolNs = opts.wholeSecondToleranceNs ?? Number(WHOLE_SECOND_TOLERANCE_NS);
    this.tolBig = BigInt(Math.round(this.tolNs));
    this.outlierFactor = opts.outlierFactor ?? DEFAULT_WINDOW_FILTER.factor;
    this.driftMinSpanS = opts.driftMinSpanS ?? 2;
    const filterOpts = {
      factor: this.outlierFactor,
      minOutlierWindowNs: opts.outlierMinWindowNs ?? DEFAULT_WINDOW_FILTER.minOutlierWindowNs,
      warmup: opts.windowWarmup ?? DEFAULT_WINDOW_FILTER.warmup,
    };
    this.cams = this.serials.map((s) => new CameraState(s, new WindowFilter<CorrectedItem>(filterOpts)));
    this.pairs = new RigPairs(this.serials.length);
    this.halfWidth = opts.declaredHalfWidthNs ?? 0n;
    if (this.halfWidth < 0n) throw new RangeError('declaredHalfWidthNs must be ≥ 0');
  }

  get hostReferenceRule(): string {
    return this.hostRef.rule;
  }

  add(sample: LatchSample): SampleAnalysis {
    const n = this.cams.length;
    if (sample.cameras.length !== n) {
      throw new RangeError(`sample ${sample.index} has ${sample.cameras.length} cameras, the run has ${n}`);
    }
    this.samples++;
    // With a declared half-width (the action method), each interval is widened by it; the sample keeps the
    // instants it was given for the record.
    const h = this.halfWidth;
    const latches = h === 0n ? sample.cameras : sample.cameras.map((c) => ({ ...c, fireNs: c.fireNs - h, ackNs: c.ackNs + h }));
    if (this.runStart2 === null) {
      let start = (latches[0] as (typeof latches)[number]).fireNs;
      for (const c of latches) if (c.fireNs < start) start = c.fireNs;
      this.runStart2 = 2n * start;
    }
    const runStart2 = this.runStart2;

    const offsets: (LatchOffset | null)[] = new Array<LatchOffset | null>(n);
    const values: (bigint | null)[] = new Array<bigint | null>(n);
    const items: (CorrectedItem | null)[] = new Array<CorrectedItem | null>(n);
    const outlier: boolean[] = new Array<boolean>(n);
    const warmup: boolean[] = new Array<boolean>(n);
    const released: Released<CorrectedItem>[][] = [];
    for (let i = 0; i < n; i++) {
      const c = latches[i] as (typeof latches)[number];
      const st = this.cams[i] as CameraState;
      values[i] = c.value;
      warmup[i] = st.filter.warmingUp;
      outlier[i] = false;
      items[i] = null;
      offsets[i] = null;
      if (c.value === null) continue;
      const lo = latchOffset(c.value, c.fireNs, c.ackNs);
      offsets[i] = lo;
      const item: CorrectedItem = {
        deltaNs: 0, uncertaintyNs: 0, x: Number(c.fireNs + c.ackNs - runStart2) / 2e9, y: 0, referenceShifted: false,
        halfWindowNs: halfWindowNs(lo.window),
      };
      items[i] = item;
      const j = st.filter.observe(Number(lo.window), item);
      outlier[i] = j.outlier;
      warmup[i] = j.warmup;
      released.push(j.released);
    }

    const raw2 = rawDeltas2(values);
    // Outliers leave the reference only while at least three cameras stay in it: with two, the median is their
    // midpoint and one bad camera would pull every healthy one half its offset away.
    const clean = outlier.map((o, i) => offsets[i] !== null && !o);
    const answeredCount = offsets.filter((o) => o !== null).length;
    const cleanCount = clean.filter(Boolean).length;
    const ref = cleanCount >= 3 || cleanCount === answeredCount ? clean : offsets.map((o) => o !== null);
    const corr = correctedDeltas(offsets, ref);
    // Either way an outlier moved this sample's median: out of the reference, the median is another camera (or
    // pair) than usual, a step of up to the gap between the middle cameras' offsets; kept in, it carries that
    // camera's timing error into every delta. Such samples stay in the record but not in the corrected
    // statistics, whose mean would otherwise take those steps (a 14 µs bias was seen on 4 cameras).
    const referenceShifted = cleanCount < answeredCount;
    if (referenceShifted) this.referenceShiftedSamples++;

    const cameras: CameraAnalysis[] = new Array<CameraAnalysis>(n);
    let answered = 0;
    for (let i = 0; i < n; i++) {
      const c = latches[i] as (typeof latches)[number];
      const st = this.cams[i] as CameraState;
      const lo = offsets[i] ?? null;
      const windowNs = Number(c.ackNs - c.fireNs);
      st.windowSum += lo === null ? 0 : windowNs;
      if (lo === null || c.value === null) {
        const verdict: SampleVerdict = 'ERROR';
        st.verdictCounts.ERROR++;
        if (c.error) st.noteError(c.error, sample.index);
        else st.noteError({ code: 'ERR_NO_VALUE', sdkCode: 0, message: 'camera returned no value' }, sample.index);
        cameras[i] = {
          serial: st.serial, value: null, fireNs: c.fireNs + h, ackNs: c.ackNs - h, windowNs,
          rawDeltaNs: null, rawDelta2: null, offsetNs: null, correctedDeltaNs: null, uncertaintyNs: null, hostOffsetNs: null,
          verdict, windowOutlier: false, windowWarmup: warmup[i] === true, taiUtc: null, error: c.error,
        };
        continue;
      }
      answered++;
      st.answered++;
      const rd2 = raw2[i] as bigint;
      // Truncated toward zero for the seed's integer fields: two cameras 3 ns apart read −1 and +1.
      const rd = rd2 / 2n;
      const absRd = rd < 0n ? -rd : rd;
      if (st.rawMaxAbs === null || absRd > st.rawMaxAbs) st.rawMaxAbs = absRd;
      st.raw.add(Number(rd2) / 2);

      const cd = corr.deltas[i] as { deltaNs: number; uncertaintyNs: number };
      const host = hostOffsetNs(lo.offset2, this.hostRef);
      if (st.firstOffset2 === null) {
        st.firstOffset2 = lo.offset2;
        st.firstHostOffsetNs = host;
      }
      const item = items[i] as CorrectedItem;
      item.deltaNs = cd.deltaNs;
      item.uncertaintyNs = cd.uncertaintyNs;
      item.y = Number(lo.offset2 - st.firstOffset2) / 2;
      item.referenceShifted = referenceShifted;

      const verdict = judge(cd.deltaNs, cd.uncertaintyNs, this.thresholdNs);
      st.verdictCounts[verdict]++;
      // A negative window (host clock stepped back) is no interval at all: it certifies nothing. A sample whose
      // reference shifted measured against another median (e.g. the midpoint of a healthy camera and a far one):
      // its NG is true of that reference, not of the camera against the rig.
      if (verdict === 'NG' && lo.window >= 0n && !referenceShifted) {
        st.certainViolations++;
        if (this.firstNg === null) this.firstNg = sample.index;
      }

      let tai: TaiUtcSuspect | null = null;
      for (const r of corr.middle) {
        if (r === i) continue;
        const d = Number(lo.offset2 - (offsets[r] as LatchOffset).offset2) / 2;
        const s = wholeSecondOffset(d, this.tolBig);
        if (s !== null) {
          const found: TaiUtcSuspect = { against: 'camera', seconds: s, deltaNs: d };
          st.noteTaiUtc(found, sample.index);
          tai ??= found;
          break;
        }
      }
      const hs = wholeSecondOffset(host, this.tolBig);
      if (hs !== null) {
        const found: TaiUtcSuspect = { against: 'host', seconds: hs, deltaNs: host };
        st.noteTaiUtc(found, sample.index);
        tai ??= found;
      }

      cameras[i] = {
        serial: st.serial, value: c.value, fireNs: c.fireNs + h, ackNs: c.ackNs - h, windowNs,
        rawDeltaNs: rd, rawDelta2: rd2, offsetNs: offsetNs(lo.offset2), correctedDeltaNs: cd.deltaNs,
        uncertaintyNs: cd.uncertaintyNs, hostOffsetNs: host, verdict,
        windowOutlier: outlier[i] === true, windowWarmup: warmup[i] === true, taiUtc: tai, error: null,
      };
    }
    // The run-level intervals: every pair of cameras, at the sample's host time (its earliest fire to latest ack).
    let first: bigint | null = null;
    let last: bigint | null = null;
    for (const c of latches) {
      if (first === null || c.fireNs < first) first = c.fireNs;
      if (last === null || c.ackNs > last) last = c.ackNs;
    }
    this.pairs.add(
      offsets.map((o) => (o === null ? null : o.offset2)),
      latches.map((c) => c.fireNs),
      latches.map((c) => c.ackNs),
      outlier,
      Number((first as bigint) + (last as bigint) - runStart2) / 2e9,
    );
    // Released items are complete only now (this sample's item was filled above).
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (offsets[i] === null) continue;
      (this.cams[i] as CameraState).corrected.apply(released[k++] as Released<CorrectedItem>[]);
    }
    return {
      index: sample.index, cameras, verdict: worstSampleVerdict(cameras.map((c) => c.verdict)), answered, referenceShifted,
    };
  }

  /** Safe to call at any time, also mid-run: a still-warming window filter is judged on copies. */
  summary(): RunSummary {
    const rig = this.pairs.result(this.serials, this.driftMinSpanS);
    const cameras: CameraSummary[] = this.cams.map((st, i) => {
      const pending = st.filter.pending();
      const acc = pending.length > 0 ? st.corrected.clone() : st.corrected;
      if (pending.length > 0) acc.apply(pending);
      const drift = acc.drift.result(this.driftMinSpanS);
      const driftNote =
        drift !== null
          ? 'fitted'
          : acc.drift.count < 3
            ? `not reported: ${acc.drift.count} usable samples (< 3)`
            : `not reported: span ${acc.drift.spanS.toFixed(3)} s < ${this.driftMinSpanS} s`;
      const corrected = acc.stats.result();
      const hostOffsetMeanNs = acc.drift.count > 0 ? st.firstHostOffsetNs + acc.drift.meanY : null;
      const ri = rig.cameras[i] as (typeof rig.cameras)[number];
      const judgement =
        st.answered === 0
          ? { verdict: 'NO_DATA' as const, basis: 'none' as const, samplesNeeded: null }
          : judgeCamera({
              thresholdNs: this.thresholdNs,
              strictVsMedian: ri.strictVsMedian,
              offsetVsMedian: ri.offsetVsMedian,
              certainViolations: st.certainViolations,
            });
      return {
        serial: st.serial,
        answered: st.answered,
        raw: st.raw.result(),
        rawMaxAbsNs: st.rawMaxAbs,
        corrected,
        correctedMeanUncertaintyNs: corrected.count > 0 ? acc.uncertaintySum / corrected.count : 0,
        hostOffsetMeanNs,
        offsetVsMedian: ri.offsetVsMedian,
        strictVsReference: ri.strictVsReference,
        strictVsMedian: ri.strictVsMedian,
        strictNote: ri.strictNote,
        certainViolations: st.certainViolations,
        judgement,
        meanWindowNs: st.answered > 0 ? st.windowSum / st.answered : 0,
        windowOutliers: acc.outliers,
        referenceShifts: acc.referenceShifts,
        drift,
        driftNote,
        driftVsRigPpb: null,
        errorCount: st.errorCount,
        errors: [...st.errors.values()].map((e) => ({ ...e })),
        taiUtc: [...st.taiUtc.values()].map((f) => ({ ...f })),
        verdictCounts: { ...st.verdictCounts },
        verdict: judgement.verdict,
      };
    });

    const slopes = cameras.flatMap((c) => (c.drift ? [c.drift.slopePpb] : []));
    if (slopes.length >= 3) {
      const median = medianOfNumbers(slopes);
      for (const c of cameras) if (c.drift) c.driftVsRigPpb = c.drift.slopePpb - median;
    }

    let maxRaw: bigint | null = null;
    let maxCorr: number | null = null;
    for (const c of cameras) {
      if (c.rawMaxAbsNs !== null && (maxRaw === null || c.rawMaxAbsNs > maxRaw)) maxRaw = c.rawMaxAbsNs;
      if (c.corrected.count > 0 && (maxCorr === null || c.corrected.maxAbsNs > maxCorr)) maxCorr = c.corrected.maxAbsNs;
    }
    const verdict = this.samples === 0 ? 'NO_DATA' : worstRunVerdict(cameras.map((c) => c.verdict));
    return {
      samples: this.samples,
      serials: [...this.serials],
      thresholdNs: this.thresholdNs,
      timescale: { ...this.timescale },
      timescaleRule: this.hostRef.rule,
      wholeSecondToleranceNs: this.tolNs,
      outlierFactor: this.outlierFactor,
      cameras,
      maxAbsRawDeltaNs: maxRaw,
      maxAbsCorrectedDeltaNs: maxCorr,
      windowOutliersTotal: cameras.reduce((s, c) => s + c.windowOutliers, 0),
      referenceShiftedSamples: this.referenceShiftedSamples,
      errorsTotal: cameras.reduce((s, c) => s + c.errorCount, 0),
      firstNgSampleIndex: this.firstNg,
      intervalsAtS: rig.atS,
      verdict,
      exitCode: exitCodeFor(verdict),
      verdictReason: this.reason(verdict, cameras),
    };
  }

  private reason(verdict: RunSummary['verdict'], cameras: CameraSummary[]): string {
    const t = this.thresholdNs;
    const with_ = (v: string): CameraSummary[] => cameras.filter((c) => c.verdict === v);
    const names = (v: string): string => with_(v).map((c) => c.serial).join(', ');
    switch (verdict) {
      case 'OK': {
        const byEstimate = cameras.filter((c) => c.judgement.basis === 'estimate').map((c) => c.serial);
        if (byEstimate.length === 0) return `all cameras within ${t} ns of the median by the strict run-level bound`;
        const rest = byEstimate.length < cameras.length ? ', the rest by the strict bound' : '';
        return `all cameras within ${t} ns of the median: ${byEstimate.join(', ')} by the 99 % run estimate (symmetric paths assumed)${rest}`;
      }
      case 'NG': {
        const parts = with_('NG').map((c) =>
          c.judgement.basis === 'sample'
            ? `${c.serial} (${c.certainViolations} sample(s) certainly beyond, first at sample ${(this.firstNg ?? 0) + 1})`
            : c.judgement.basis === 'strict'
              ? `${c.serial} (strict run bound beyond)`
              : `${c.serial} (99 % run estimate beyond)`,
        );
        return `measured violation: ${parts.join('; ')} exceeded ${t} ns`;
      }
      case 'UNCERTAIN': {
        const parts = with_('UNCERTAIN').map((c) => {
          const e = c.offsetVsMedian;
          const est = e === null ? 'no estimate' : `${e.deltaNs.toFixed(0)} ± ${e.uncertaintyNs === null ? 'n/a' : e.uncertaintyNs.toFixed(0)} ns`;
          const need = c.judgement.samplesNeeded === null ? 'more samples cannot decide it at this spread' : `about ${c.judgement.samplesNeeded} samples would decide it`;
          return `${c.serial} (${est}: ${need})`;
        });
        return `no measured violation, but the run's interval straddles the ${t} ns threshold for ${parts.join('; ')}`;
      }
      case 'NO_DATA':
        return this.samples === 0
          ? 'no samples were taken'
          : `no answered sample from ${names('NO_DATA')}: nothing can be certified for it`;
    }
  }
}
