/** A per-camera failure inside one sample; `code` is a stable PtpcamError code. */
export interface LatchError {
  code: string;
  /** The SDK's own error number (GError code, IC4_ERROR, ...), 0 when there is none. */
  sdkCode: number;
  message: string;
}

/**
 * One camera's part of one sample. Times are host CLOCK_REALTIME nanoseconds since the epoch;
 * `value` is the camera's TimestampLatchValue, exact.
 */
export interface CameraLatch {
  /** null when the camera failed in this sample (see `error`). */
  value: bigint | null;
  /** Host time just before TimestampLatch was sent. */
  fireNs: bigint;
  /** Host time just after TimestampLatch returned. */
  ackNs: bigint;
  /** Host time after TimestampLatchValue was read: the end of the camera's whole round trip. */
  doneNs?: bigint;
  error: LatchError | null;
}

/** One sample: every camera latched once, in the order of the run's serial list. */
export interface LatchSample {
  /** 0-based sample index. */
  index: number;
  cameras: CameraLatch[];
}
