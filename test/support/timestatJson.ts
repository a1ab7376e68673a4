/** timestat's JSON sample lines (src/report/jsonl.ts) as the tests read them: 64-bit values are decimal strings. */
export interface SampleCameraRecord {
  serial: string;
  value: string | null;
  fireNs: string;
  ackNs: string;
  correctedDeltaNs: number | null;
  uncertaintyNs: number | null;
  windowNs: number;
  windowOutlier: boolean;
  windowWarmup: boolean;
  verdict: string;
  error: { code: string; message: string } | null;
}

export interface SampleRecord {
  type: 'sample';
  index: number;
  verdict: string;
  referenceShifted: boolean;
  cameras: SampleCameraRecord[];
}
