import type { DriftResult } from './types.js';

/**
 * Streaming least-squares line y = a + b·x with centred (Welford-style) co-moments, so neither epoch-sized x
 * nor a large constant offset in y eats the precision of the slope. With x in seconds and y in ns, the slope
 * in ns/s is directly the frequency offset in ppb.
 */
export class DriftFit {
  private n = 0;
  private mx = 0;
  private my = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private xmin = Infinity;
  private xmax = -Infinity;

  add(x: number, y: number): void {
    this.n++;
    const dx = x - this.mx;
    this.mx += dx / this.n;
    const dy = y - this.my;
    this.my += dy / this.n;
    this.sxx += dx * (x - this.mx);
    this.syy += dy * (y - this.my);
    this.sxy += dx * (y - this.my);
    if (x < this.xmin) this.xmin = x;
    if (x > this.xmax) this.xmax = x;
  }

  get count(): number {
    return this.n;
  }

  get meanY(): number {
    return this.my;
  }

  get spanS(): number {
    return this.n === 0 ? 0 : this.xmax - this.xmin;
  }

  /** null below 3 points, below minSpanS, or with no spread in x: a slope would be noise. */
  result(minSpanS: number): DriftResult | null {
    if (this.n < 3 || this.spanS < minSpanS || this.sxx <= 0) return null;
    const slope = this.sxy / this.sxx;
    const ssr = Math.max(0, this.syy - slope * this.sxy);
    return {
      slopePpb: slope,
      slopeStdErrPpb: Math.sqrt(ssr / (this.n - 2) / this.sxx),
      residualRmsNs: Math.sqrt(ssr / this.n),
      samples: this.n,
      spanS: this.spanS,
    };
  }

  clone(): DriftFit {
    const c = new DriftFit();
    Object.assign(c, this);
    return c;
  }
}
