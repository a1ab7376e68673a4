/**
 * The corrected offset of one latch: camera time minus the host time at the middle of the command window.
 * The latch happened somewhere in [fire, ack], so the midpoint is off by at most half the window.
 *
 * Kept in half-nanosecond units (offset2 = 2·value − fire − ack) so that it stays an exact bigint:
 * (fire + ack)/2 is not always a whole nanosecond, and converting epoch-sized numbers to `number`
 * before the subtraction would round them to 256 ns.
 */
export interface LatchOffset {
  /** 2 × (value − (fire + ack)/2), exact. */
  offset2: bigint;
  /** ack − fire, ns, exact. Negative only when the host clock stepped backwards during the command. */
  window: bigint;
}

export function latchOffset(value: bigint, fireNs: bigint, ackNs: bigint): LatchOffset {
  return { offset2: 2n * value - fireNs - ackNs, window: ackNs - fireNs };
}

/** offset2 as nanoseconds; exact while |offset| < 2^52 ns (52 days), which any synchronised clock is. */
export function offsetNs(offset2: bigint): number {
  return Number(offset2) / 2;
}

/** Half the command window, the uncertainty of the offset itself, ns. */
export function halfWindowNs(window: bigint): number {
  return Math.abs(Number(window)) / 2;
}
