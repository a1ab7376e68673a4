// Scripted PTP behaviour: a timeline of states relative to the moment PtpEnable became true.
import type { PtpDataSet, PtpSource, PtpState, ServoState } from './ptpTypes.js';

export interface PtpScriptStep {
  afterMs: number;
  state: PtpState;
  /** EUI-64 as bigint; carried forward until a later step changes it. */
  gmClockId?: bigint;
  offsetNs?: bigint;
  servo?: ServoState;
}

export function defaultServo(state: PtpState): ServoState {
  if (state === 'Slave') return 'Locked';
  if (state === 'Uncalibrated') return 'Unlocked';
  return 'Unknown';
}

export class ScriptedPtp implements PtpSource {
  private enabledAt: number | undefined;
  private readonly steps: PtpScriptStep[];

  constructor(
    steps: PtpScriptStep[],
    private readonly clockId: bigint,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.steps = [...steps].sort((a, b) => a.afterMs - b.afterMs);
  }

  setEnabled(enabled: boolean): void {
    if (enabled && this.enabledAt === undefined) this.enabledAt = this.nowMs();
    if (!enabled) this.enabledAt = undefined;
  }

  current(enabled: boolean): PtpDataSet {
    const base: PtpDataSet = { state: 'Disabled', servo: 'Unknown', offsetFromMasterNs: 0n, grandmasterClockId: 0n, clockId: this.clockId };
    if (!enabled || this.enabledAt === undefined) return base;
    const elapsed = this.nowMs() - this.enabledAt;
    let ds: PtpDataSet = { ...base, state: 'Initializing' };
    let servo: ServoState | undefined;
    for (const step of this.steps) {
      if (step.afterMs > elapsed) break;
      ds = {
        ...ds,
        state: step.state,
        grandmasterClockId: step.gmClockId ?? ds.grandmasterClockId,
        offsetFromMasterNs: step.offsetNs ?? ds.offsetFromMasterNs,
      };
      servo = step.servo;
    }
    return { ...ds, servo: servo ?? defaultServo(ds.state) };
  }

  close(): void {}
}
