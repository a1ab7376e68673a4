/** Running mean and variance (Welford): one pass, constant memory, no catastrophic cancellation of Σx². */
export class Welford {
  private n = 0;
  private m = 0;
  private m2 = 0;

  add(x: number): void {
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.m2 += d * (x - this.m);
  }

  get count(): number {
    return this.n;
  }

  get mean(): number {
    return this.m;
  }

  /** Sample variance (n − 1), as Python's statistics.stdev; 0 below two values. */
  get variance(): number {
    return this.n < 2 ? 0 : this.m2 / (this.n - 1);
  }

  get stddev(): number {
    return Math.sqrt(this.variance);
  }

  clone(): Welford {
    const c = new Welford();
    c.n = this.n;
    c.m = this.m;
    c.m2 = this.m2;
    return c;
  }
}
