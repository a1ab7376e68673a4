/**
 * The strict run-level bound on one pair's relative offset: the set of straight lines Δ(x) = α + γ·x that pass
 * through every sample's interval, and from it the range of α (the offset at x = 0, the reference instant).
 *
 * Each sample k says lo_k ≤ Δ(x_k) ≤ hi_k with certainty, because each camera latched inside its own fire/ack
 * window (the interval holds whatever the command and answer paths do). If the pair's relative offset is a
 * straight line over the run (PTP-locked clocks: γ ≈ 0; free-running ones: a constant rate), the truth is one of
 * the lines that satisfy every constraint. For a fixed γ the feasible α are [L(γ), U(γ)] with
 *   L(γ) = max_k (lo_k − γ·x_k)  (convex in γ),   U(γ) = min_k (hi_k − γ·x_k)  (concave),
 * so the feasible γ form one interval, where U − L ≥ 0, and the bound is [min L, max U] over it. No drift fit is
 * needed and none is trusted: a drift the data allow widens the bound exactly as much as it must.
 *
 * Inconsistent samples (the line model broken by a clock step, a camera glitch) make the set empty. As NTP's
 * clock selection does with falsetickers, the sample that disagrees most is dropped and the count reported, up
 * to `maxRejected`; beyond that there is no bound (the offset moved during the run).
 */
export interface Constraint {
  /** Time from the reference instant, s. */
  x: number;
  loNs: number;
  hiNs: number;
  /** From the pair's first fire to its last ack in this sample, ns: how far the latches may lie from x. */
  spanNs: number;
}

export interface StrictInterval {
  lowNs: number;
  highNs: number;
  /** The range of relative drift, ppb (ns/s), that the kept samples allow. */
  driftLowPpb: number;
  driftHighPpb: number;
  samplesRejected: number;
}

/**
 * The latches of one sample are not at x but somewhere within the sample's span, and each camera's clock runs at
 * its own rate against the host's between them. Bounding those rates — the pair's by what the samples allow
 * (first pass), each camera's against the host by this — bounds what that does to the interval:
 * (|γ| + rate) × span, a few ns to a µs. 100 ppm: a free-running crystal at its worst; a PTP-locked camera is
 * within a few ppm of its grandmaster.
 */
export const CAMERA_VS_HOST_RATE_PPB = 100_000;

/**
 * The pair's relative drift follows from the rate assumption above: two clocks each within 100 ppm of the host's
 * are within 200 ppm of each other. Bounding γ also keeps samples at one instant (no spread in x) from meaning
 * an unbounded tilt, and keeps a short run from buying width with drifts no working oscillator has.
 */
export const MAX_RELATIVE_DRIFT_PPB = 2 * CAMERA_VS_HOST_RATE_PPB;

const ITERATIONS = 120;

function lower(c: readonly Constraint[], g: number): number {
  let m = -Infinity;
  for (const k of c) {
    const v = k.loNs - g * k.x;
    if (v > m) m = v;
  }
  return m;
}

function upper(c: readonly Constraint[], g: number): number {
  let m = Infinity;
  for (const k of c) {
    const v = k.hiNs - g * k.x;
    if (v < m) m = v;
  }
  return m;
}

/** Argmax of a concave function on [a, b] by ternary search (piecewise-linear is fine: no flat part but the top). */
function argmaxConcave(f: (g: number) => number, a: number, b: number): number {
  for (let i = 0; i < ITERATIONS && b - a > 1e-9; i++) {
    const m1 = a + (b - a) / 3;
    const m2 = b - (b - a) / 3;
    if (f(m1) < f(m2)) a = m1;
    else b = m2;
  }
  return (a + b) / 2;
}

/** Where a concave f, ≥ 0 at `inside`, crosses 0 towards `outside` (or `outside` itself when it never does). */
function edge(f: (g: number) => number, inside: number, outside: number): number {
  if (f(outside) >= 0) return outside;
  let a = inside;
  let b = outside;
  for (let i = 0; i < ITERATIONS && Math.abs(b - a) > 1e-9; i++) {
    const m = (a + b) / 2;
    if (f(m) >= 0) a = m;
    else b = m;
  }
  return a;
}

/** One pass for the given constraints; null when they admit no line. */
function solveOnce(c: readonly Constraint[], gMax: number): Omit<StrictInterval, 'samplesRejected'> | null {
  const gap = (g: number): number => upper(c, g) - lower(c, g);
  const best = argmaxConcave(gap, -gMax, gMax);
  // A tolerance of a few ulps of the values: lines that touch are feasible.
  if (gap(best) < -1e-6) return null;
  const g1 = edge(gap, best, -gMax);
  const g2 = edge(gap, best, gMax);
  const lowAt = argmaxConcave((g) => -lower(c, g), g1, g2);
  const highAt = argmaxConcave((g) => upper(c, g), g1, g2);
  return { lowNs: lower(c, lowAt), highNs: upper(c, highAt), driftLowPpb: g1, driftHighPpb: g2 };
}

/** Solves for the kept constraints, widened for the latches' distance from x (see CAMERA_VS_HOST_RATE_PPB). */
function solve(c: readonly Constraint[], gMax: number): Omit<StrictInterval, 'samplesRejected'> | null {
  const first = solveOnce(c, gMax);
  if (first === null) return null;
  const rate = (Math.max(Math.abs(first.driftLowPpb), Math.abs(first.driftHighPpb)) + CAMERA_VS_HOST_RATE_PPB) * 1e-9;
  const widened = c.map((k) => ({ ...k, loNs: k.loNs - rate * k.spanNs, hiNs: k.hiNs + rate * k.spanNs }));
  return solveOnce(widened, gMax);
}

/** The constraint whose removal opens the most room at the tightest drift, or -1 when nothing helps. */
function worstConstraint(c: readonly Constraint[], gMax: number): number {
  const gap = (g: number): number => upper(c, g) - lower(c, g);
  const g = argmaxConcave(gap, -gMax, gMax);
  let lo = -1;
  let hi = -1;
  for (let k = 0; k < c.length; k++) {
    const e = c[k] as Constraint;
    if (lo < 0 || e.loNs - g * e.x > (c[lo] as Constraint).loNs - g * (c[lo] as Constraint).x) lo = k;
    if (hi < 0 || e.hiNs - g * e.x < (c[hi] as Constraint).hiNs - g * (c[hi] as Constraint).x) hi = k;
  }
  if (lo < 0) return -1;
  const without = (skip: number): number => {
    const rest = c.filter((_, k) => k !== skip);
    const gr = (x: number): number => upper(rest, x) - lower(rest, x);
    return gr(argmaxConcave(gr, -gMax, gMax));
  };
  return without(lo) >= without(hi) ? lo : hi;
}

export function strictInterval(
  constraints: readonly Constraint[],
  opts: { maxRejected: number; maxDriftPpb?: number },
): StrictInterval | null {
  const gMax = opts.maxDriftPpb ?? MAX_RELATIVE_DRIFT_PPB;
  let kept = [...constraints];
  for (let rejected = 0; rejected <= opts.maxRejected && kept.length > 0; rejected++) {
    const r = solve(kept, gMax);
    if (r !== null) return { ...r, samplesRejected: rejected };
    const k = worstConstraint(kept, gMax);
    if (k < 0) return null;
    kept = kept.filter((_, i) => i !== k);
  }
  return null;
}
