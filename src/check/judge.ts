/**
 * The convergence verdict on the whole rig, as a pure function. The seed asked for "exactly one Master and
 * at least one Slave"; that is only right when the host takes no part in PTP. With ptp4l on the host the rig
 * has converged when every camera follows the same grandmaster as the host does.
 */
import { wholeSecondOffset } from '../analysis/wholeSecond.js';
import { normalizeClockId, type PtpState } from '../cameras/ptpState.js';
import type { HostJudgement, HostMode } from '../host/hostReport.js';

export type { HostMode } from '../host/hostReport.js';
export type Leader = 'host-grandmaster' | 'host-slave' | 'camera-led';

/** The host as judged: src/host/hostReport.ts `judgeHost` builds it from the one host report. */
export type JudgeHost = HostJudgement;

export interface JudgeCamera {
  serial: string;
  /** `n/a`: no PTP features, ignored by the verdict; `failed`: enabling or the worker failed. */
  ptp: 'enabled' | 'n/a' | 'failed';
  state: PtpState | null;
  statusRaw: string | null;
  grandmasterId: string | null;
  clockId: string | null;
  offsetFromMasterNs: bigint | null;
  /** Camera clock minus host clock from one TimestampLatch, when measured. */
  hostDeltaNs: bigint | null;
  error: string | null;
  /** How often --reset-faulty toggled this camera's PTP off and on. */
  resets: number;
}

export type ProblemCode =
  | 'several-masters'
  | 'no-master'
  | 'no-slave'
  | 'camera-master-beside-host'
  | 'camera-won-election'
  | 'foreign-grandmaster'
  | 'stuck-listening'
  | 'faulty'
  | 'not-locked'
  | 'disabled'
  | 'passive'
  | 'unknown-state'
  | 'camera-failed'
  | 'whole-second-offset'
  | 'timescale-offset'
  | 'host-unavailable'
  | 'no-ptp-cameras'
  | 'no-ptp-features';

export interface Problem {
  code: ProblemCode;
  /** A blocking problem means "not converged"; the others are notes. */
  blocking: boolean;
  serials: string[];
  /** The grandmaster seen (foreign-grandmaster, camera-won-election). */
  grandmasterId?: string;
  /** The grandmaster that was expected. */
  expectedGrandmasterId?: string;
  /** Whole seconds (whole-second-offset, timescale-offset). */
  seconds?: number;
  /** The state the cameras are stuck in (not-locked). */
  state?: PtpState;
  detail?: string;
}

export interface Judgement {
  leader: Leader;
  /** The PTP cameras satisfy the leader's rule (failed cameras aside): what polling waits for. */
  synced: boolean;
  /** synced and no blocking problem at all: exit 0. */
  converged: boolean;
  masters: string[];
  slaves: string[];
  problems: Problem[];
}

export function leaderOf(mode: HostMode): Leader {
  return mode === 'grandmaster' ? 'host-grandmaster' : mode === 'slave' ? 'host-slave' : 'camera-led';
}

class Problems {
  readonly list: Problem[] = [];
  add(p: Problem): void {
    const same = this.list.find(
      (q) => q.code === p.code && q.grandmasterId === p.grandmasterId && q.state === p.state && q.seconds === p.seconds,
    );
    if (same) same.serials.push(...p.serials.filter((s) => !same.serials.includes(s)));
    else this.list.push({ ...p, serials: [...p.serials] });
  }
}

/** States that are not yet (or no longer) following anybody, whatever the leader. */
function stateProblem(c: JudgeCamera, out: Problems): boolean {
  switch (c.state) {
    case 'LISTENING':
      out.add({ code: 'stuck-listening', blocking: true, serials: [c.serial] });
      return true;
    case 'FAULTY':
      out.add({ code: 'faulty', blocking: true, serials: [c.serial] });
      return true;
    case 'INITIALIZING':
    case 'UNCALIBRATED':
      out.add({ code: 'not-locked', blocking: true, serials: [c.serial], state: c.state });
      return true;
    case 'DISABLED':
      out.add({ code: 'disabled', blocking: true, serials: [c.serial] });
      return true;
    case 'PASSIVE':
      out.add({ code: 'passive', blocking: true, serials: [c.serial] });
      return true;
    case null:
      out.add({ code: 'unknown-state', blocking: true, serials: [c.serial], ...(c.statusRaw ? { detail: c.statusRaw } : {}) });
      return true;
    default:
      return false;
  }
}

export function judge(host: JudgeHost, cameras: readonly JudgeCamera[]): Judgement {
  const leader = leaderOf(host.mode);
  const out = new Problems();
  const active = cameras.filter((c) => c.ptp === 'enabled');
  const isMaster = (c: JudgeCamera): boolean => c.state === 'MASTER' || c.state === 'PRE_MASTER';
  const masters = active.filter(isMaster);
  const slaves = active.filter((c) => c.state === 'SLAVE');
  const hostGm = normalizeClockId(host.grandmasterId);
  const hostId = normalizeClockId(host.clockId);

  for (const c of cameras) {
    if (c.ptp === 'failed') out.add({ code: 'camera-failed', blocking: true, serials: [c.serial], detail: c.error ?? 'failed' });
  }
  const na = cameras.filter((c) => c.ptp === 'n/a').map((c) => c.serial);
  if (na.length > 0) out.add({ code: 'no-ptp-features', blocking: false, serials: na });
  if (host.unavailable !== null) {
    // Camera-led rigs are legitimate, so a host without PTP is only a note unless nobody leads at all.
    out.add({ code: 'host-unavailable', blocking: false, serials: [], detail: host.unavailable.message });
  }
  if (active.length === 0) {
    // Cameras that failed already carry their own blocking problem; "no PTP features" would misdirect.
    if (!cameras.some((c) => c.ptp === 'failed')) out.add({ code: 'no-ptp-cameras', blocking: true, serials: [] });
    return { leader, synced: false, converged: false, masters: [], slaves: [], problems: out.list };
  }

  if (masters.length > 1) out.add({ code: 'several-masters', blocking: true, serials: masters.map((c) => c.serial) });

  let expectedGm: string | null;
  if (leader === 'camera-led') {
    if (masters.length === 0) out.add({ code: 'no-master', blocking: true, serials: [] });
    // The seed's rule is "exactly one Master and at least one Slave": a Master that nobody follows synchronises
    // nothing (the other cameras may have PTP off, be Listening, or be gone).
    if (masters.length === 1 && slaves.length === 0) out.add({ code: 'no-slave', blocking: true, serials: masters.map((c) => c.serial) });
    const master = masters.length === 1 ? masters[0] : undefined;
    expectedGm = master !== undefined ? normalizeClockId(master.clockId) : null;
    // PRE_MASTER is the qualification wait before MASTER (IEEE 1588 §9.2.6.10): the seed's "exactly one
    // Master" is not met yet, and the settle window must not start counting on it.
    if (master?.state === 'PRE_MASTER') out.add({ code: 'not-locked', blocking: true, serials: [master.serial], state: 'PRE_MASTER' });
  } else {
    expectedGm = leader === 'host-grandmaster' ? (hostGm ?? hostId) : hostGm;
    for (const m of masters) {
      const wonOverHost = leader === 'host-slave' && m.clockId !== null && normalizeClockId(m.clockId) === hostGm;
      if (wonOverHost) out.add({ code: 'camera-won-election', blocking: true, serials: [m.serial], grandmasterId: hostGm ?? '' });
      else out.add({ code: 'camera-master-beside-host', blocking: true, serials: [m.serial], ...(hostGm ? { grandmasterId: hostGm } : {}) });
    }
    // A host slave whose grandmaster is a camera's clock: that camera won, even if it is not readable as Master.
    if (leader === 'host-slave' && hostGm !== null && !masters.some((m) => normalizeClockId(m.clockId) === hostGm)) {
      const winner = active.find((c) => normalizeClockId(c.clockId) === hostGm);
      if (winner) out.add({ code: 'camera-won-election', blocking: true, serials: [winner.serial], grandmasterId: hostGm });
    }
  }

  for (const c of active) {
    if (isMaster(c)) continue;
    if (stateProblem(c, out)) continue;
    // SLAVE from here on: it must follow the rig's grandmaster where it says whom it follows.
    const gm = normalizeClockId(c.grandmasterId);
    if (gm !== null && expectedGm !== null && gm !== expectedGm) {
      out.add({ code: 'foreign-grandmaster', blocking: true, serials: [c.serial], grandmasterId: gm, expectedGrandmasterId: expectedGm });
    }
  }

  for (const c of active) {
    if (c.offsetFromMasterNs !== null) {
      const s = wholeSecondOffset(c.offsetFromMasterNs);
      if (s !== null) out.add({ code: 'whole-second-offset', blocking: true, serials: [c.serial], seconds: s });
    }
    if (c.hostDeltaNs !== null && (c.state === 'SLAVE' || c.state === 'MASTER')) {
      const s = wholeSecondOffset(c.hostDeltaNs);
      if (s !== null) out.add({ code: 'timescale-offset', blocking: false, serials: [c.serial], seconds: s });
    }
  }

  const blocking = out.list.filter((p) => p.blocking);
  const synced = blocking.every((p) => p.code === 'camera-failed');
  return {
    leader,
    synced,
    converged: blocking.length === 0,
    masters: masters.map((c) => c.serial),
    slaves: slaves.map((c) => c.serial),
    problems: out.list,
  };
}
