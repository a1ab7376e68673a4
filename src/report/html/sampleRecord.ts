/**
 * The parts of a `{"type":"sample",…}` line the report draws, in a record that is reused from line to line
 * (10^6 lines × 8 cameras would otherwise make 10^7 short-lived objects).
 */
export interface CameraRecord {
  serial: string;
  /** Host time before the latch, decimal ns as written (64-bit exact); null when absent. */
  fireNs: string | null;
  /** The camera returned a value in this sample. */
  answered: boolean;
  correctedDeltaNs: number | null;
  uncertaintyNs: number | null;
  hostOffsetNs: number | null;
  windowNs: number | null;
  windowOutlier: boolean;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface SampleRecord {
  /** The line's schema field; null when the line has none (written before JSON lines were versioned). */
  schema: number | null;
  index: number;
  referenceShifted: boolean;
  /** Cameras of this line: the first `cameraCount` entries of `cameras`. */
  cameraCount: number;
  cameras: CameraRecord[];
}

export function emptyCamera(): CameraRecord {
  return {
    serial: '', fireNs: null, answered: false, correctedDeltaNs: null, uncertaintyNs: null, hostOffsetNs: null,
    windowNs: null, windowOutlier: false, errorCode: null, errorMessage: null,
  };
}

export function emptySample(): SampleRecord {
  return { schema: null, index: 0, referenceShifted: false, cameraCount: 0, cameras: [] };
}

/** The record's camera slot i, created on first use. */
export function cameraSlot(r: SampleRecord, i: number): CameraRecord {
  while (r.cameras.length <= i) r.cameras.push(emptyCamera());
  const c = r.cameras[i] as CameraRecord;
  c.serial = '';
  c.fireNs = null;
  c.answered = false;
  c.correctedDeltaNs = null;
  c.uncertaintyNs = null;
  c.hostOffsetNs = null;
  c.windowNs = null;
  c.windowOutlier = false;
  c.errorCode = null;
  c.errorMessage = null;
  return c;
}
