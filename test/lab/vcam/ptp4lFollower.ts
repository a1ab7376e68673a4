// PTP state that follows a real slave-only ptp4l running in the camera's namespace, so stopping the host's
// ptp4l really changes what the camera reports. Polled through pmc over ptp4l's own UDS.
import { execFile } from 'node:child_process';
import { mapPortState, parsePmcOutput, type PmcSnapshot } from './pmcParse.js';
import { defaultServo } from './ptpScript.js';
import type { PtpDataSet, PtpSource } from './ptpTypes.js';

export interface Ptp4lFollowerOptions {
  udsPath: string;
  pollMs?: number;
  /**
   * A free_running slave stays UNCALIBRATED until its "synchronization uncertain" flag is cleared. The flag only
   * feeds announce messages and state reporting; it touches no clock, so the camera clears it once when asked.
   */
  clearSyncUncertain?: boolean;
  pmcPath?: string;
  onError?: (message: string) => void;
}

export class Ptp4lFollower implements PtpSource {
  private last: PmcSnapshot | undefined;
  private lastOk = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private clearedUncertain = false;
  private closed = false;

  constructor(
    private readonly opts: Ptp4lFollowerOptions,
    private readonly fallbackClockId: bigint,
  ) {
    this.timer = setInterval(() => this.poll(), opts.pollMs ?? 1000);
    this.timer.unref();
    this.poll();
  }

  setEnabled(): void {}

  current(enabled: boolean): PtpDataSet {
    const clockId = this.last?.portClockId ?? this.fallbackClockId;
    if (!enabled) return { state: 'Disabled', servo: 'Unknown', offsetFromMasterNs: 0n, grandmasterClockId: 0n, clockId };
    // ptp4l unreachable: a camera whose PTP stack died reports Faulty.
    if (!this.lastOk || !this.last?.portState) {
      return { state: 'Faulty', servo: 'Unknown', offsetFromMasterNs: 0n, grandmasterClockId: 0n, clockId };
    }
    const state = mapPortState(this.last.portState);
    return {
      state,
      servo: defaultServo(state),
      offsetFromMasterNs: this.last.offsetFromMasterNs ?? 0n,
      grandmasterClockId: this.last.grandmasterId ?? 0n,
      clockId,
    };
  }

  private pmc(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.opts.pmcPath ?? 'pmc', ['-u', '-b', '0', '-s', this.opts.udsPath, ...args], { timeout: 2000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
  }

  private poll(): void {
    if (this.inFlight || this.closed) return;
    this.inFlight = true;
    this.pmc(['GET PORT_DATA_SET', 'GET PARENT_DATA_SET', 'GET CURRENT_DATA_SET'])
      .then(async (out) => {
        const snap = parsePmcOutput(out);
        this.lastOk = snap.portState !== undefined;
        this.last = snap;
        if (this.opts.clearSyncUncertain && !this.clearedUncertain && snap.portState === 'UNCALIBRATED') {
          this.clearedUncertain = true;
          await this.pmc(['SET SYNCHRONIZATION_UNCERTAIN_NP 0']);
        }
      })
      .catch((err: unknown) => {
        this.lastOk = false;
        this.opts.onError?.(`pmc failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        this.inFlight = false;
      });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }
}
