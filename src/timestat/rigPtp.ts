/**
 * The rig's PTP state around a timestat run, judged with `check`'s rules (src/check/judge.ts): a measurement
 * of a rig that is not in sync measures something else, so the report says so in words, not in a log line.
 */
import type { CameraPtpView } from '../cameras/ptpView.js';
import { judge, type HostMode, type JudgeCamera, type JudgeHost, type Problem } from '../check/judge.js';
import { mapPtpState } from '../cameras/ptpState.js';
import { checkMessages } from '../check/messages.js';
import type { Lang } from '../i18n/locale.js';

export interface HostPtpFacts {
  /** Grandmaster, Slave, None, ... as the report prints it. */
  role: string;
  clockId: string | null;
  gmClockId: string | null;
  /** The host's PTP could not be read (measuring anyway), with why. */
  unavailable: string | null;
  simulated: boolean;
}

export interface RigPtpWarning {
  /** When the state was read: before the first sample, or after the last. */
  when: 'start' | 'end';
  code: Problem['code'];
  serials: string[];
  message: string;
}

function hostMode(role: string): HostMode {
  const r = role.toLowerCase();
  return r === 'grandmaster' ? 'grandmaster' : r === 'slave' ? 'slave' : 'none';
}

function judgeHostOf(h: HostPtpFacts): JudgeHost {
  return {
    mode: h.unavailable !== null ? 'none' : hostMode(h.role),
    clockId: h.clockId,
    grandmasterId: h.gmClockId,
    unavailable: h.unavailable !== null ? { reason: 'error', message: h.unavailable } : null,
  };
}

function judgeCameraOf(serial: string, v: CameraPtpView | null): JudgeCamera {
  return {
    serial,
    // A camera whose view could not be read, or that has no PTP status feature, has nothing to judge.
    ptp: v === null || v.status === null ? 'n/a' : 'enabled',
    state: v === null ? null : mapPtpState(v.status),
    statusRaw: v?.status ?? null,
    grandmasterId: v?.grandmasterClockId ?? null,
    clockId: null,
    offsetFromMasterNs: v?.offsetFromMasterNs ?? null,
    hostDeltaNs: null,
    error: null,
    resets: 0,
  };
}

/** Blocking problems of the rig at one instant, each with check's hint (naming the camera and the fix). */
export function rigPtpWarnings(
  host: HostPtpFacts,
  serials: readonly string[],
  views: readonly (CameraPtpView | null)[],
  when: 'start' | 'end',
  lang: Lang = 'en',
): RigPtpWarning[] {
  const j = judge(judgeHostOf(host), serials.map((s, i) => judgeCameraOf(s, views[i] ?? null)));
  const m = checkMessages(lang);
  const ctx = { timeoutS: 0, resetFaulty: false, triedPaths: [], hostSimulated: host.simulated, currentUtcOffset: null };
  const out: RigPtpWarning[] = [];
  // With no camera exposing a PTP status, there is nothing to judge, and "no PTP cameras" would misread a rig
  // whose cameras simply do not report it: timestat measures clocks, not features.
  if (views.every((v) => v === null || v.status === null)) return out;
  if (host.unavailable === null && hostMode(host.role) === 'none' && !host.simulated) {
    out.push({ when, code: 'host-unavailable', serials: [], message: `the host runs no PTP (role ${host.role})` });
  }
  for (const p of j.problems) {
    if (!p.blocking) continue;
    out.push({ when, code: p.code, serials: [...p.serials], message: m.hint(p, ctx) });
  }
  return out;
}
