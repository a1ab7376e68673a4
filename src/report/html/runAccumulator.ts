/**
 * Everything the report keeps of a run while its JSON lines stream past: per-camera series reduced to min/max
 * buckets, a shared histogram, counts, the first errors, and the summary line. Memory depends on the number
 * of cameras and the bucket capacity, never on the number of samples.
 */
import { BucketChannels, Bucketing } from './buckets.js';
import { secondsBetween } from './exactTime.js';
import { SharedHistogram } from './histogram.js';
import { REPORT } from '../../i18n/errorText/report.js';
import { reportInputError } from './inputError.js';
import type { SampleRecord } from './sampleRecord.js';

export type CameraChannel = 'dMin' | 'dMax' | 'cMin' | 'cMax' | 'lo' | 'hi' | 'wMin' | 'wMax' | 'oMax' | 'hSum' | 'hN' | 'err' | 'n';

/** c*: deltas of the samples the corrected statistics count (no window outlier, usual reference): the chart's range. */
const CAMERA_CHANNELS = {
  dMin: 'min', dMax: 'max', cMin: 'min', cMax: 'max', lo: 'min', hi: 'max', wMin: 'min', wMax: 'max', oMax: 'max', hSum: 'sum', hN: 'sum',
  err: 'sum', n: 'sum',
} as const;

/** More cameras than any rig has: a file beyond this is not a run ptpcam wrote. */
export const MAX_CAMERAS = 64;
/** Bucket capacity: a chart about 1000 px wide gets one to two buckets per pixel. */
export const BUCKETS = 2048;
export const HISTOGRAM_BINS = 160;
/** Errors listed one by one on the page; the rest are counted. */
export const MAX_LISTED_ERRORS = 200;

export interface CameraState {
  serial: string;
  /** Histogram series and first-seen order. */
  order: number;
  ch: BucketChannels<CameraChannel>;
  samples: number;
  answered: number;
  errors: number;
  windowOutliers: number;
  deltaMin: number;
  deltaMax: number;
  windowMax: number;
  /** Running means of time and host offset over the samples the drift fit uses (anchor of the fitted line). */
  fitN: number;
  fitMeanT: number;
  fitMeanH: number;
}

export interface ListedError {
  index: number;
  serial: string;
  code: string;
  message: string;
}

export class RunAccumulator {
  readonly bucketing = new Bucketing(BUCKETS);
  readonly histogram = new SharedHistogram(HISTOGRAM_BINS);
  readonly cameras = new Map<string, CameraState>();
  readonly listedErrors: ListedError[] = [];
  errorsTotal = 0;
  sampleLines = 0;
  firstIndex: number | null = null;
  lastIndex: number | null = null;
  unversioned = false;
  summary: Record<string, unknown> | null = null;
  summaryLines = 0;
  /** The run's first fire time (exactTime.ts split); t0S null until the first sample with one. */
  private t0S: number | null = null;
  private t0SubNs = 0;
  private lastT = 0;
  /** The camera state last seen at each position of a line (saves a Map lookup per camera per line). */
  private readonly bySlot: CameraState[] = [];

  addSample(r: SampleRecord): void {
    this.sampleLines++;
    if (this.firstIndex === null) this.firstIndex = r.index;
    this.lastIndex = r.index;
    const t = this.timeOf(r);
    const b = this.bucketing.next(t, r.index);
    for (let i = 0; i < r.cameraCount; i++) {
      const c = r.cameras[i];
      if (c === undefined) continue;
      // Cameras keep their place from line to line: the last state at this place, when the serial matches.
      let cam = this.bySlot[i];
      if (cam === undefined || cam.serial !== c.serial) {
        cam = this.camera(c.serial);
        this.bySlot[i] = cam;
      }
      // Direct typed-array folds: this loop runs 8 × 10^6 times on a large run.
      const a = cam.ch.arrays;
      cam.samples++;
      if (c.errorCode !== null || !c.answered) {
        cam.errors++;
        this.errorsTotal++;
        (a.err[b] as number)++;
        if (this.listedErrors.length < MAX_LISTED_ERRORS) {
          this.listedErrors.push({
            index: r.index, serial: c.serial, code: c.errorCode ?? 'ERR_NO_VALUE', message: (c.errorMessage ?? '').slice(0, 500),
          });
        }
      }
      // A failed latch's window is the SDK's timeout, not the host's timing: it shows under errors instead.
      const w = c.windowNs;
      if (!Number.isNaN(w) && c.answered) {
        if (w < (a.wMin[b] as number)) a.wMin[b] = w;
        if (w > (a.wMax[b] as number)) a.wMax[b] = w;
        if (w > cam.windowMax) cam.windowMax = w;
        if (c.windowOutlier) {
          if (w > (a.oMax[b] as number)) a.oMax[b] = w;
          cam.windowOutliers++;
        }
      }
      const d = c.correctedDeltaNs;
      if (!c.answered || Number.isNaN(d)) continue;
      cam.answered++;
      (a.n[b] as number)++;
      const u = Number.isNaN(c.uncertaintyNs) ? 0 : c.uncertaintyNs;
      if (d < (a.dMin[b] as number)) a.dMin[b] = d;
      if (d > (a.dMax[b] as number)) a.dMax[b] = d;
      if (d - u < (a.lo[b] as number)) a.lo[b] = d - u;
      if (d + u > (a.hi[b] as number)) a.hi[b] = d + u;
      if (d < cam.deltaMin) cam.deltaMin = d;
      if (d > cam.deltaMax) cam.deltaMax = d;
      if (!c.windowOutlier) {
        const h = c.hostOffsetNs;
        if (!Number.isNaN(h)) {
          (a.hSum[b] as number) += h;
          (a.hN[b] as number)++;
          cam.fitN++;
          cam.fitMeanT += (t - cam.fitMeanT) / cam.fitN;
          cam.fitMeanH += (h - cam.fitMeanH) / cam.fitN;
        }
        if (!r.referenceShifted) {
          this.histogram.add(cam.order, d);
          if (d < (a.cMin[b] as number)) a.cMin[b] = d;
          if (d > (a.cMax[b] as number)) a.cMax[b] = d;
        }
      }
    }
  }

  addSummary(o: Record<string, unknown>): void {
    this.summary = o;
    this.summaryLines++;
  }

  /** Seconds since the first sample, from the sample's fire time (64-bit exact until the subtraction). */
  private timeOf(r: SampleRecord): number {
    if (!r.fireOk) return this.lastT;
    if (this.t0S === null) {
      this.t0S = r.fireS;
      this.t0SubNs = r.fireSubNs;
    }
    const t = secondsBetween(r.fireS, r.fireSubNs, this.t0S, this.t0SubNs);
    // Buckets want time to run forward; a host clock step backwards keeps the last time.
    if (t >= this.lastT) this.lastT = t;
    return this.lastT;
  }

  private camera(serial: string): CameraState {
    let cam = this.cameras.get(serial);
    if (cam === undefined) {
      if (this.cameras.size >= MAX_CAMERAS) throw reportInputError(REPORT.tooManyCameras, { max: String(MAX_CAMERAS) });
      cam = {
        serial, order: this.cameras.size, ch: this.bucketing.register(new BucketChannels(CAMERA_CHANNELS, BUCKETS)),
        samples: 0, answered: 0, errors: 0, windowOutliers: 0, deltaMin: Infinity, deltaMax: -Infinity, windowMax: -Infinity,
        fitN: 0, fitMeanT: 0, fitMeanH: 0,
      };
      this.cameras.set(serial, cam);
    }
    return cam;
  }
}
