// Fault injection knobs for timeout and retry tests.
export interface FaultOptions {
  /** Silently drop the first N commands other than discovery, so the camera is still listed. */
  dropFirst?: number;
  /** Delay every ack by this many ms; Aravis waits 500 ms per attempt. */
  ackDelayMs?: number;
  /** Answer N TimestampLatch executions, then go silent for everything, as a hung camera would. */
  stopAfterLatches?: number;
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
