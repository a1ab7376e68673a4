/** A one-line progress bar on stderr, only when stderr is a terminal and the run is long enough to need one. */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;

  constructor(private readonly total: number, minTotal = 200) {
    this.enabled = process.stderr.isTTY === true && total >= minTotal;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} samples`);
  }

  finish(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}
