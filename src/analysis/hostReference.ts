import type { TimescaleInfo } from './types.js';

/** How camera time is compared with host CLOCK_REALTIME (UTC). */
export interface HostReference {
  /** What the camera should read minus host UTC, ns: the UTC offset on the PTP timescale, else 0. */
  expectedShiftNs: bigint;
  /** The rule applied, for the report. */
  rule: string;
}

/**
 * On the PTP timescale a camera counts TAI, which is ahead of UTC by currentUtcOffset (37 s since 2017),
 * so comparing it with host UTC directly would show a 37 s "error" that is only a label. On the ARB
 * timescale the clocks carry whatever epoch the grandmaster has, which for a host GM is its UTC.
 */
export function hostReference(ts: TimescaleInfo): HostReference {
  if (!Number.isInteger(ts.currentUtcOffsetS)) {
    throw new RangeError(`currentUtcOffsetS must be whole seconds, got ${ts.currentUtcOffsetS}`);
  }
  if (ts.ptpTimescale) {
    return {
      expectedShiftNs: BigInt(ts.currentUtcOffsetS) * 1_000_000_000n,
      rule:
        `PTP timescale: camera time = host UTC + ${ts.currentUtcOffsetS} s (currentUtcOffset from ${ts.source}); ` +
        `host offset = camera − host − ${ts.currentUtcOffsetS} s`,
    };
  }
  return {
    expectedShiftNs: 0n,
    rule: `ARB timescale (${ts.source}): host offset = camera − host UTC, no UTC offset applied`,
  };
}

/** Host offset in ns from a latch offset in half-ns units (latchOffset.ts), subtraction exact in bigint. */
export function hostOffsetNs(offset2: bigint, ref: HostReference): number {
  return Number(offset2 - 2n * ref.expectedShiftNs) / 2;
}
