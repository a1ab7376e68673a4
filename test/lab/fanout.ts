// Fan-out of one event (an action broadcast, or the k-th TimestampLatch of a run) across cameras, from the
// kernel receive stamps each camera recorded. Events are matched by order: the k-th event at every camera.

export interface FanoutEvent {
  /** Receive stamp per camera (same order as `cameras`); undefined where that camera has no k-th event. */
  stampsNs: Array<bigint | undefined>;
  /** Latest − earliest stamp of the event (ns; a number after the bigint subtraction). */
  spreadNs: number;
  /** Each camera's stamp − the earliest (ns). */
  relativeNs: Array<number | undefined>;
}

export interface Fanout {
  cameras: number[];
  events: FanoutEvent[];
}

export function fanout(cameras: number[], perCamera: Array<Array<bigint | undefined>>): Fanout {
  const n = Math.max(0, ...perCamera.map((s) => s.length));
  const events: FanoutEvent[] = [];
  for (let k = 0; k < n; k++) {
    const stamps = perCamera.map((s) => s[k]);
    const present = stamps.filter((v): v is bigint => v !== undefined);
    if (present.length === 0) continue;
    const lo = present.reduce((a, b) => (b < a ? b : a));
    const hi = present.reduce((a, b) => (b > a ? b : a));
    events.push({ stampsNs: stamps, spreadNs: Number(hi - lo), relativeNs: stamps.map((v) => (v === undefined ? undefined : Number(v - lo))) });
  }
  return { cameras, events };
}

/** The q-quantile (0..1) of numbers, nearest rank. */
export function quantileOf(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
