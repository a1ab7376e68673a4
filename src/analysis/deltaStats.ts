import { LogHistogram } from './logHistogram.js';
import type { DeltaStats } from './types.js';
import { Welford } from './welford.js';

/** Streaming statistics of one delta series in constant memory: Welford for mean/stddev, histogram for |delta|. */
export class DeltaStatsAccumulator {
  private readonly moments: Welford;
  private readonly abs: LogHistogram;

  constructor(moments: Welford = new Welford(), abs: LogHistogram = new LogHistogram()) {
    this.moments = moments;
    this.abs = abs;
  }

  add(deltaNs: number): void {
    this.moments.add(deltaNs);
    this.abs.add(Math.abs(deltaNs));
  }

  get count(): number {
    return this.moments.count;
  }

  result(): DeltaStats {
    return {
      count: this.moments.count,
      meanNs: this.moments.mean,
      stddevNs: this.moments.stddev,
      p50AbsNs: this.abs.quantile(0.5),
      p95AbsNs: this.abs.quantile(0.95),
      p99AbsNs: this.abs.quantile(0.99),
      maxAbsNs: this.abs.maxValue,
    };
  }

  clone(): DeltaStatsAccumulator {
    return new DeltaStatsAccumulator(this.moments.clone(), this.abs.clone());
  }
}
