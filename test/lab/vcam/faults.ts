// Fault injection knobs for timeout and retry tests.
export interface FaultOptions {
  /** Silently drop the first N commands other than discovery, so the camera is still listed. */
  dropFirst?: number;
  /** Delay every ack by this many ms; Aravis waits 500 ms per attempt. */
  ackDelayMs?: number;
  /** Answer N TimestampLatch executions, then go silent for everything, as a hung camera would. */
  stopAfterLatches?: number;
  /** Stream N frames, then send no more (GVCP still answers): a camera that stops streaming mid-run. */
  stopStreamingAfterFrames?: number;
  /** The device key never matches: every ACTION_CMD is ignored (no frame, no ack). */
  ignoreActions?: boolean;
}

export class FaultState {
  private dropped = 0;
  constructor(readonly opts: FaultOptions = {}) {}

  shouldDrop(): boolean {
    if (this.dropped < (this.opts.dropFirst ?? 0)) {
      this.dropped++;
      return true;
    }
    return false;
  }

  isHung(latchCount: number): boolean {
    const limit = this.opts.stopAfterLatches;
    return limit !== undefined && latchCount >= limit;
  }
}
