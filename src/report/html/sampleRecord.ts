/**
 * The parts of a `{"type":"sample",…}` line the report draws, in a record that is reused from line to line
 * (10^6 lines × 8 cameras would otherwise make 10^7 short-lived objects).
 */
import { splitNsText } from './exactTime.js';

/**
 * The ns figures are NaN where the line has null (or, for windowNs, nothing): always a number, so V8 keeps
 * them as plain doubles in the reused record instead of boxing each one written.
 */
export interface CameraRecord {
  serial: string;
  /** The camera returned a value in this sample. */
  answered: boolean;
  correctedDeltaNs: number;
  uncertaintyNs: number;
  hostOffsetNs: number;
  windowNs: number;
  windowOutlier: boolean;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface SampleRecord {
  /** The line's schema field; null when the line has none (written before JSON lines were versioned). */
  schema: number | null;
  index: number;
  referenceShifted: boolean;
  /**
   * The sample's host time: the fire time of its first camera whose fireNs is decimal ns of at most 20 digits,
   * exact, split as in exactTime.ts (fireS · 10^9 + fireSubNs ns). fireOk is false when no camera has one
   * (then the parts are 0). The report places samples in time by it; other cameras' fire times are not used.
   */
  fireOk: boolean;
  fireS: number;
  fireSubNs: number;
  /** Cameras of this line: the first `cameraCount` entries of `cameras`. */
  cameraCount: number;
  cameras: CameraRecord[];
}

export function emptyCamera(): CameraRecord {
  return {
    serial: '', answered: false, correctedDeltaNs: NaN, uncertaintyNs: NaN, hostOffsetNs: NaN, windowNs: NaN,
    windowOutlier: false, errorCode: null, errorMessage: null,
  };
}

export function emptySample(): SampleRecord {
  return { schema: null, index: 0, referenceShifted: false, fireOk: false, fireS: 0, fireSubNs: 0, cameraCount: 0, cameras: [] };
}

/** Clears the record for the next line (no cameras, no fire time). */
export function startSample(r: SampleRecord): void {
  r.cameraCount = 0;
  r.fireOk = false;
  r.fireS = 0;
  r.fireSubNs = 0;
}

/** A camera's fireNs text (null when absent): the sample's time when it is the first valid one. */
export function offerFireText(r: SampleRecord, text: string | null): void {
  if (r.fireOk || text === null) return;
  const split = splitNsText(text);
  if (split === null) return;
  r.fireOk = true;
  r.fireS = split.s;
  r.fireSubNs = split.subNs;
}

/** The record's camera slot i, created on first use. */
export function cameraSlot(r: SampleRecord, i: number): CameraRecord {
  while (r.cameras.length <= i) r.cameras.push(emptyCamera());
  const c = r.cameras[i] as CameraRecord;
  c.serial = '';
  c.answered = false;
  c.correctedDeltaNs = NaN;
  c.uncertaintyNs = NaN;
  c.hostOffsetNs = NaN;
  c.windowNs = NaN;
  c.windowOutlier = false;
  c.errorCode = null;
  c.errorMessage = null;
  return c;
}
