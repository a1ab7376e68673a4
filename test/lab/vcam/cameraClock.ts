// The camera's free-running clock: host CLOCK_REALTIME + an injected offset + a linear drift.
//
// Pure TypeScript has no CLOCK_REALTIME with ns resolution: Date.now() is CLOCK_REALTIME truncated to ms and
// process.hrtime is CLOCK_MONOTONIC. We anchor once: spin until Date.now() ticks to the next ms and take
// hrtime at that edge, so realtime = edgeMs·1e6 + (hrtime − hrAtEdge). The anchoring error is the spin
// loop's iteration time plus one hrtime call (well under 10 µs on an idle machine; several edges are sampled
// and the tightest kept). After anchoring the clock follows CLOCK_MONOTONIC, so an NTP/PTP slew or step of the
// host's CLOCK_REALTIME after start is not followed; the lab's ptp4l runs free_running, which never steps it.

export interface RealtimeAnchor {
  realtimeNs: bigint;
  hrtimeNs: bigint;
  /** Upper bound of the anchoring error: how long the edge-detecting loop iteration took. */
  uncertaintyNs: bigint;
}

export function anchorRealtime(edges = 3): RealtimeAnchor {
  let best: RealtimeAnchor | undefined;
  for (let i = 0; i < edges; i++) {
    // The edge lies after the last Date.now() that still returned `start` and before the first one that did
    // not. Bracket those reads with hrtime taken *before* the last old read and *after* the first new one:
    // a preemption anywhere between the two reads then widens the bound instead of hiding in it.
    let lastOld = process.hrtime.bigint();
    const start = Date.now();
    let now = start;
    while (now === start) {
      const before = process.hrtime.bigint();
      now = Date.now();
      if (now === start) lastOld = before;
    }
    const after = process.hrtime.bigint();
    const candidate: RealtimeAnchor = {
      realtimeNs: BigInt(now) * 1_000_000n,
      hrtimeNs: (lastOld + after) / 2n,
      uncertaintyNs: (after - lastOld + 1n) / 2n,
    };
    if (!best || candidate.uncertaintyNs < best.uncertaintyNs) best = candidate;
  }
  return best!;
}

export interface CameraClockOptions {
  offsetNs: bigint;
  /** Parts per billion; positive runs fast. */
  driftPpb: number;
  anchor?: RealtimeAnchor;
  /** Injectable for tests; defaults to process.hrtime.bigint. */
  hrtime?: () => bigint;
}

export class CameraClock {
  readonly anchor: RealtimeAnchor;
  private readonly hrtime: () => bigint;
  private readonly offsetNs: bigint;
  // ppb kept as an integer scaled by 1000 so fractional ppb survive bigint maths.
  private readonly driftPpt: bigint;

  constructor(opts: CameraClockOptions) {
    this.anchor = opts.anchor ?? anchorRealtime();
    this.hrtime = opts.hrtime ?? (() => process.hrtime.bigint());
    this.offsetNs = opts.offsetNs;
    this.driftPpt = BigInt(Math.round(opts.driftPpb * 1000));
  }

  /** Host CLOCK_REALTIME in ns, reconstructed from the anchor. */
  hostRealtimeNs(): bigint {
    return this.anchor.realtimeNs + (this.hrtime() - this.anchor.hrtimeNs);
  }

  /** The camera's clock at a given host CLOCK_REALTIME instant, e.g. a packet's kernel receive stamp. Exact:
   *  no anchoring error enters, since the instant is already realtime (the anchor only dates the drift). */
  atRealtimeNs(realtimeNs: bigint): bigint {
    const elapsed = realtimeNs - this.anchor.realtimeNs;
    return realtimeNs + this.offsetNs + (elapsed * this.driftPpt) / 1_000_000_000_000n;
  }

  /** What TimestampLatch captures: drift accrues from the anchor, i.e. from camera start. */
  nowNs(): bigint {
    const elapsed = this.hrtime() - this.anchor.hrtimeNs;
    return this.anchor.realtimeNs + elapsed + this.offsetNs + (elapsed * this.driftPpt) / 1_000_000_000_000n;
  }
}
