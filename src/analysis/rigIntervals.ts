import { medianOfNumbers } from './median.js';
import { pairEstimate, type PairEstimate } from './pairEstimate.js';
import { EXTREMES_PER_BLOCK, PairTracker } from './pairTracker.js';
import { strictInterval, type StrictInterval } from './strictInterval.js';

/**
 * Every camera pair's tracker, and from them each camera's run-level figures against the rig.
 *
 * Against the median: camera i's offset minus the median of all offsets is median_j(θ_i − θ_j) with θ_i − θ_i = 0,
 * so it is built from the pairs alone, each of which cancels what the host's timing does to both cameras. The
 * median is monotone in every argument, so intervals carry over: if every D_ij lies in [lo_ij, hi_ij], the
 * camera's delta lies in [median_j lo_ij, median_j hi_ij] (the rule correctedDelta.ts applies per sample).
 */
export interface OffsetVsMedian {
  /** Estimated offset minus the median of the cameras' offsets, at the reference instant, ns. */
  deltaNs: number;
  /** 99 % half-width of deltaNs (pairs' batch-means intervals through the median); null when not estimable. */
  uncertaintyNs: number | null;
  /** Samples behind the estimate against the median camera(s) (window outliers left out). */
  samples: number;
  /** What one more sample is worth: the per-sample spread of this camera's pair with the median camera, ns. */
  perSampleSdNs: number | null;
  /** The camera(s) whose estimated offset is the median (one, or the two middle ones of an even rig). */
  medianSerials: string[];
}

export interface StrictVsReference {
  /** The median camera (lower middle of an even rig), named so the bound is about two real clocks. */
  referenceSerial: string;
  lowNs: number;
  highNs: number;
  /** Samples with a valid interval for the pair. */
  samplesUsed: number;
  /** Samples dropped as inconsistent with every straight line through the others (see strictInterval.ts). */
  samplesRejected: number;
  /** The relative drift the kept samples allow, ppb. */
  driftLowPpb: number;
  driftHighPpb: number;
}

export interface StrictVsMedian {
  lowNs: number;
  highNs: number;
}

export interface CameraRigIntervals {
  offsetVsMedian: OffsetVsMedian | null;
  strictVsReference: StrictVsReference | null;
  strictVsMedian: StrictVsMedian | null;
  /** Why strictVsReference is null, for the report. */
  strictNote: string | null;
}

export interface RigIntervals {
  /** Seconds since the run's first fire: the instant every interval is given at (the middle of the run). */
  atS: number;
  cameras: CameraRigIntervals[];
}

interface PairResult {
  est: PairEstimate | null;
  strict: StrictInterval | null;
  strictSamples: number;
}

export class RigPairs {
  private readonly n: number;
  /** trackers[i][j] for i < j, of θ_i − θ_j. */
  private readonly trackers: PairTracker[][];

  /** Per-sample scratch (fire, ack, offset2 as numbers), reused so a sample allocates nothing here. */
  private readonly f: number[];
  private readonly a: number[];
  private readonly o: number[];

  constructor(cameras: number) {
    this.n = cameras;
    this.f = new Array<number>(cameras).fill(0);
    this.a = new Array<number>(cameras).fill(0);
    this.o = new Array<number>(cameras).fill(0);
    this.trackers = Array.from({ length: cameras }, (_, i) =>
      Array.from({ length: cameras }, (_, j) => (j > i ? new PairTracker() : (null as unknown as PairTracker))),
    );
  }

  tracker(i: number, j: number): PairTracker {
    return (this.trackers[i] as PairTracker[])[j] as PairTracker;
  }

  /**
   * One sample: per camera its offset2 (2·value − fire − ack, exact, as bigint) or null when it did not answer,
   * its fire and ack instants, its window-outlier flag; `x` the sample's time since run start, s.
   */
  add(offset2: readonly (bigint | null)[], fire: readonly bigint[], ack: readonly bigint[], outlier: readonly boolean[], x: number): void {
    // One bigint → number conversion per camera, not per pair: offsets from the host (half-ns) and instants from
    // the sample's first fire are far below 2^53, so the pair differences below are exact in doubles.
    const n = this.n;
    const base = fire[0] as bigint;
    const f = this.f;
    const a = this.a;
    const o = this.o;
    for (let i = 0; i < n; i++) {
      f[i] = Number((fire[i] as bigint) - base);
      a[i] = Number((ack[i] as bigint) - base);
      const v = offset2[i];
      o[i] = v === null || v === undefined ? NaN : Number(v);
    }
    for (let i = 0; i < n; i++) {
      const oi = o[i] as number;
      if (Number.isNaN(oi)) continue;
      for (let j = i + 1; j < n; j++) {
        const oj = o[j] as number;
        if (Number.isNaN(oj)) continue;
        const wi = (a[i] as number) - (f[i] as number);
        const wj = (a[j] as number) - (f[j] as number);
        const y = (oi - oj) / 2;
        const slack = (wi + wj) / 2;
        const span = Math.max(a[i] as number, a[j] as number) - Math.min(f[i] as number, f[j] as number);
        // Inverse variance: the latch lies anywhere in each window, so the midpoint difference's variance grows
        // as wi² + wj². A sample whose window a busy host stretched counts for little instead of moving the
        // mean; with symmetric paths the weighting adds no bias. In µs², so ordinary weights are near 1.
        const weight = 1 / Math.max(1e-6, (wi / 1000) ** 2 + (wj / 1000) ** 2);
        this.tracker(i, j).add(x, y, y - slack, y + slack, span, weight, !outlier[i] && !outlier[j], wi >= 0 && wj >= 0);
      }
    }
  }

  result(serials: readonly string[], driftMinSpanS: number): RigIntervals {
    const n = this.n;
    let xMin = Infinity;
    let xMax = -Infinity;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const t = this.tracker(i, j);
        if (t.xMin < xMin) xMin = t.xMin;
        if (t.xMax > xMax) xMax = t.xMax;
      }
    }
    const atS = Number.isFinite(xMin) ? (xMin + xMax) / 2 : 0;
    const pair: PairResult[][] = Array.from({ length: n }, () => new Array<PairResult>(n));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const t = this.tracker(i, j);
        const est = pairEstimate(t.view(), { xRef: atS, driftMinSpanS });
        const shifted = t.constraints().map((c) => ({ ...c, x: c.x - atS }));
        const strict = shifted.length > 0 ? strictInterval(shifted, { maxRejected: EXTREMES_PER_BLOCK }) : null;
        (pair[i] as PairResult[])[j] = { est, strict, strictSamples: t.strictSamples };
      }
    }
    // θ_i − θ_j for any i, j: the stored pair, or its mirror.
    const get = (i: number, j: number): PairResult | null => {
      if (i === j) return null;
      if (i < j) return (pair[i] as PairResult[])[j] as PairResult;
      const p = (pair[j] as PairResult[])[i] as PairResult;
      return {
        est: p.est === null ? null : { ...p.est, deltaNs: -p.est.deltaNs, driftPpb: p.est.driftPpb === null ? null : -p.est.driftPpb },
        strict:
          p.strict === null
            ? null
            : { ...p.strict, lowNs: -p.strict.highNs, highNs: -p.strict.lowNs, driftLowPpb: -p.strict.driftHighPpb, driftHighPpb: -p.strict.driftLowPpb },
        strictSamples: p.strictSamples,
      };
    };
    // Cameras with any estimate against another take part in the median (a camera that never answered does not).
    const present = serials.map((_, i) => serials.some((__, j) => j !== i && get(i, j)?.est != null));
    const members = serials.map((_, i) => i).filter((i) => present[i]);

    const estimates = serials.map((_, i) => (present[i] ? offsetVsMedian(i, members, get) : null));
    // The reference camera: the median of the estimated offsets (lower middle when even).
    const order = members.filter((i) => estimates[i] !== null).sort((a, b) => (estimates[a] as { deltaNs: number }).deltaNs - (estimates[b] as { deltaNs: number }).deltaNs);
    const refIndex = order.length > 0 ? (order[(order.length - 1) >> 1] as number) : -1;
    const medianSerials =
      order.length === 0 ? [] : order.length % 2 === 1 ? [serials[refIndex] as string] : [serials[order[order.length / 2 - 1] as number] as string, serials[order[order.length / 2] as number] as string];

    const cameras: CameraRigIntervals[] = serials.map((_, i) => {
      const e = estimates[i] ?? null;
      const ovm: OffsetVsMedian | null = e === null ? null : { ...e, medianSerials };
      if (!present[i] || refIndex < 0) {
        return { offsetVsMedian: ovm, strictVsReference: null, strictVsMedian: null, strictNote: 'no answered sample shared with another camera' };
      }
      let svr: StrictVsReference | null;
      let note: string | null = null;
      if (i === refIndex) {
        const used = Math.max(0, ...members.filter((j) => j !== i).map((j) => get(i, j)?.strictSamples ?? 0));
        svr = { referenceSerial: serials[i] as string, lowNs: 0, highNs: 0, samplesUsed: used, samplesRejected: 0, driftLowPpb: 0, driftHighPpb: 0 };
      } else {
        const p = get(i, refIndex) as PairResult;
        if (p.strict === null) {
          svr = null;
          note =
            p.strictSamples === 0
              ? 'no sample with a valid window shared with the reference'
              : `no straight line fits all but ${EXTREMES_PER_BLOCK} of the samples: the offset moved during the run (a PTP step?)`;
        } else {
          svr = {
            referenceSerial: serials[refIndex] as string,
            lowNs: p.strict.lowNs,
            highNs: p.strict.highNs,
            samplesUsed: p.strictSamples,
            samplesRejected: p.strict.samplesRejected,
            driftLowPpb: p.strict.driftLowPpb,
            driftHighPpb: p.strict.driftHighPpb,
          };
        }
      }
      return { offsetVsMedian: ovm, strictVsReference: svr, strictVsMedian: strictVsMedian(i, members, get), strictNote: note };
    });
    return { atS, cameras };
  }
}

type PairGetter = (i: number, j: number) => PairResult | null;

function offsetVsMedian(i: number, members: readonly number[], get: PairGetter): Omit<OffsetVsMedian, 'medianSerials'> | null {
  const d: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  let anyUnknown = false;
  let minSamples = Infinity;
  for (const j of members) {
    if (j === i) {
      d.push(0);
      lo.push(0);
      hi.push(0);
      continue;
    }
    const e = get(i, j)?.est ?? null;
    if (e === null) return null;
    d.push(e.deltaNs);
    if (e.uncertaintyNs === null) anyUnknown = true;
    const u = e.uncertaintyNs ?? 0;
    lo.push(e.deltaNs - u);
    hi.push(e.deltaNs + u);
    if (e.samples < minSamples) minSamples = e.samples;
  }
  const m = medianOfNumbers(d);
  // The pair with the median camera(s) tells how fast the ± shrinks with samples.
  const sds = members
    .filter((j) => j !== i)
    .map((j) => get(i, j)?.est ?? null)
    .filter((e): e is PairEstimate => e !== null && e.perSampleSdNs !== null)
    .map((e) => [Math.abs(e.deltaNs - m), e.perSampleSdNs as number] as const)
    .sort((a, b) => a[0] - b[0]);
  return {
    deltaNs: m,
    uncertaintyNs: anyUnknown ? null : Math.max(m - medianOfNumbers(lo), medianOfNumbers(hi) - m),
    samples: Number.isFinite(minSamples) ? minSamples : 0,
    perSampleSdNs: sds.length > 0 ? (sds[0] as readonly [number, number])[1] : null,
  };
}

function strictVsMedian(i: number, members: readonly number[], get: PairGetter): StrictVsMedian | null {
  const lo: number[] = [];
  const hi: number[] = [];
  for (const j of members) {
    if (j === i) {
      lo.push(0);
      hi.push(0);
      continue;
    }
    const s = get(i, j)?.strict ?? null;
    if (s === null) return null;
    lo.push(s.lowNs);
    hi.push(s.highNs);
  }
  return { lowNs: medianOfNumbers(lo), highNs: medianOfNumbers(hi) };
}
