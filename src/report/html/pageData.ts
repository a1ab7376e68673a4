/**
 * The data island of the page: the reduced series and the few run-level figures the charts draw, as plain
 * JSON for the page's script. Built once, at write time, from the accumulator and the summary.
 */
import { cameraStyles } from './colors.js';
import type { ReportLabels } from './labels.js';
import type { RunAccumulator } from './runAccumulator.js';
import { arr, bySerial, num, obj, strings, type Json } from './summaryView.js';

export interface PageCamera {
  serial: string;
  color: string;
  dash: number[];
  dMin: (number | null)[];
  dMax: (number | null)[];
  /** Range of the deltas the statistics count: the chart's y range, so host stalls do not flatten the rest. */
  cMin: number | null;
  cMax: number | null;
  lo: (number | null)[];
  hi: (number | null)[];
  wMax: (number | null)[];
  oMax: (number | null)[];
  /** Mean host offset per drift group (see driftT). */
  hMean: (number | null)[];
  err: number[];
  /** Line through the mean of the fitted samples with the summary's slope; null without a fitted slope. */
  fit: { slopePpb: number; meanT: number; meanH: number } | null;
  estimate: { deltaNs: number; uncertaintyNs: number } | null;
  strict: { lowNs: number; highNs: number } | null;
}

export interface PageData {
  labels: Pick<
    ReportLabels,
    | 'axisTime' | 'axisDelta' | 'axisWindow' | 'axisHostOffset' | 'axisCount' | 'axisSample' | 'seriesMax' | 'seriesMin'
    | 'seriesHigh' | 'seriesLow' | 'seriesOutliers' | 'seriesMean' | 'seriesFit' | 'lineThreshold' | 'lineEstimate'
    | 'lineStrict' | 'thresholdOffScale' | 'beyondRange' | 'noData'
  >;
  t: number[];
  index: number[];
  /** The drift chart's coarser x: bucket groups of DRIFT_GROUP_TARGET at most, so the trend shows through the noise. */
  driftT: number[];
  bucketWidth: number;
  thresholdNs: number | null;
  cams: PageCamera[];
  hist: { x: number[]; counts: number[][]; binNs: number };
}

/** Serials in the summary's order, then any only seen in sample lines. */
export function cameraOrder(acc: RunAccumulator): string[] {
  const out = strings(acc.summary, 'serials');
  for (const c of arr(acc.summary, 'cameras')) {
    const s = typeof c === 'object' && c !== null ? (c as Json).serial : undefined;
    if (typeof s === 'string' && !out.includes(s)) out.push(s);
  }
  for (const s of acc.cameras.keys()) if (!out.includes(s)) out.push(s);
  return out;
}

/** Points of the drift chart: means over groups of buckets, fewer than the other charts' min/max buckets. */
export const DRIFT_POINTS = 200;

const tenth = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

function extreme(values: (number | null)[], pick: (a: number, b: number) => number): number | null {
  let out: number | null = null;
  for (const v of values) if (v !== null) out = out === null ? v : pick(out, v);
  return out;
}

export function buildPageData(acc: RunAccumulator, labels: ReportLabels): PageData {
  const used = acc.bucketing.used;
  const serials = cameraOrder(acc);
  const styles = cameraStyles(serials);
  const hist = acc.histogram.trimmed();
  const summaryCams = arr(acc.summary, 'cameras');
  const empty = (): (number | null)[] => new Array<number | null>(used).fill(null);
  const group = Math.max(1, Math.ceil(used / DRIFT_POINTS));
  const groups = Math.ceil(used / group);
  const t = acc.bucketing.x.values('t', used).map((v) => (v === null ? 0 : Math.round(v * 1e6) / 1e6));
  const cams: PageCamera[] = serials.map((serial) => {
    const style = styles.get(serial) ?? { color: '#000000', dash: [] };
    const st = acc.cameras.get(serial);
    const sc = bySerial(summaryCams, serial);
    const drift = obj(sc, 'drift');
    const slope = num(drift, 'slopePpb');
    const ovm = obj(sc, 'offsetVsMedian');
    const strict = obj(sc, 'strictVsReference');
    const est = num(ovm, 'deltaNs');
    const lowNs = num(strict, 'lowNs');
    const highNs = num(strict, 'highNs');
    let hMean = new Array<number | null>(groups).fill(null);
    if (st) {
      const hSum = st.ch.raw('hSum');
      const hN = st.ch.raw('hN');
      hMean = hMean.map((_, g) => {
        let sum = 0;
        let n = 0;
        for (let i = g * group; i < Math.min(used, (g + 1) * group); i++) {
          sum += hSum[i] as number;
          n += hN[i] as number;
        }
        return n > 0 ? tenth(sum / n) : null;
      });
    }
    return {
      serial,
      color: style.color,
      dash: style.dash,
      dMin: st ? st.ch.values('dMin', used) : empty(),
      dMax: st ? st.ch.values('dMax', used) : empty(),
      cMin: st ? extreme(st.ch.values('cMin', used), Math.min) : null,
      cMax: st ? extreme(st.ch.values('cMax', used), Math.max) : null,
      lo: st ? st.ch.values('lo', used) : empty(),
      hi: st ? st.ch.values('hi', used) : empty(),
      wMax: st ? st.ch.values('wMax', used) : empty(),
      oMax: st ? st.ch.values('oMax', used) : empty(),
      hMean,
      err: st ? (st.ch.values('err', used) as number[]) : new Array<number>(used).fill(0),
      fit: slope !== null && st && st.fitN > 0 ? { slopePpb: slope, meanT: st.fitMeanT, meanH: st.fitMeanH } : null,
      estimate: est === null ? null : { deltaNs: est, uncertaintyNs: num(ovm, 'uncertaintyNs') ?? 0 },
      strict: lowNs === null || highNs === null ? null : { lowNs, highNs },
    };
  });
  const order = serials.map((s) => acc.cameras.get(s)?.order ?? -1);
  return {
    labels: {
      axisTime: labels.axisTime, axisDelta: labels.axisDelta, axisWindow: labels.axisWindow, axisHostOffset: labels.axisHostOffset,
      axisCount: labels.axisCount, axisSample: labels.axisSample, seriesMax: labels.seriesMax, seriesMin: labels.seriesMin,
      seriesHigh: labels.seriesHigh, seriesLow: labels.seriesLow, seriesOutliers: labels.seriesOutliers, seriesMean: labels.seriesMean,
      seriesFit: labels.seriesFit, lineThreshold: labels.lineThreshold, lineEstimate: labels.lineEstimate, lineStrict: labels.lineStrict,
      thresholdOffScale: labels.thresholdOffScale, beyondRange: labels.beyondRange, noData: labels.noData,
    },
    t,
    driftT: Array.from({ length: groups }, (_, g) => t[g * group] as number),
    index: acc.bucketing.x.values('index', used).map((v) => v ?? 0),
    bucketWidth: acc.bucketing.width,
    thresholdNs: num(acc.summary, 'thresholdNs'),
    cams,
    hist: {
      x: hist.centers,
      counts: order.map((o) => (o < 0 ? hist.centers.map(() => 0) : (hist.counts[o] ?? hist.centers.map(() => 0)))),
      binNs: acc.histogram.width,
    },
  };
}
