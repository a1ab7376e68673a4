/**
 * The host's part in the rig, from ptp4l through pmc or from a simulated rig's stand-in: ONE report for both
 * commands, one pmc set-up, and one grandmaster rule (`hostMode`). A host that cannot be asked is not an
 * exception here: the rig may be camera-led, so the error becomes part of the report (with the socket paths
 * tried) and the judgement treats the host as not running PTP. Callers that need host PTP throw on `error`.
 */
import type { TimescaleInfo } from '../analysis/types.js';
import { isPmcError } from './pmcError.js';
import { DEFAULT_UDS_PATHS, PmcClient } from './pmcClient.js';
import type { HostRole, HostStatus } from './hostStatus.js';
import { roleName } from './roleNames.js';

/** How the host takes part: grandmaster itself, slave of some other grandmaster, or not at all. */
export type HostMode = 'grandmaster' | 'slave' | 'none';

/** The grandmaster rule: a boundary clock follows a grandmaster upstream exactly as a slave does, for the cameras. */
export function hostMode(role: HostRole | 'none'): HostMode {
  return role === 'grandmaster' ? 'grandmaster' : role === 'slave' || role === 'boundary-clock' ? 'slave' : 'none';
}

/** What a simulated rig says about its host (src/cameras/rigFile.ts SimHost has this shape). */
export interface SimulatedHost {
  role: 'grandmaster' | 'slave' | 'none';
  clockId: string;
  outsideGrandmasterId: string;
  ptpTimescale: boolean;
  currentUtcOffset: number;
}

export interface HostReport {
  source: 'pmc' | 'sim';
  mode: HostMode;
  role: HostRole | 'none';
  roleReason: string;
  portState: string | null;
  clockId: string | null;
  grandmasterId: string | null;
  stepsRemoved: number | null;
  offsetFromMasterNs: number | null;
  meanPathDelayNs: number | null;
  currentUtcOffset: number | null;
  ptpTimescale: boolean | null;
  domain: number | null;
  priority1: number | null;
  clockClass: number | null;
  socketPath: string | null;
  error: { code: string; message: string; triedPaths: string[] } | null;
}

export function simulatedHostReport(h: SimulatedHost): HostReport {
  const on = h.role !== 'none';
  return {
    source: 'sim',
    mode: hostMode(h.role),
    role: h.role,
    roleReason: `simulated rig host.role ${h.role}`,
    portState: h.role === 'grandmaster' ? 'MASTER' : h.role === 'slave' ? 'SLAVE' : null,
    clockId: h.clockId,
    grandmasterId: h.role === 'grandmaster' ? h.clockId : h.role === 'slave' ? h.outsideGrandmasterId : null,
    stepsRemoved: h.role === 'grandmaster' ? 0 : h.role === 'slave' ? 1 : null,
    offsetFromMasterNs: on ? 0 : null,
    meanPathDelayNs: on ? 0 : null,
    currentUtcOffset: on ? h.currentUtcOffset : null,
    ptpTimescale: on ? h.ptpTimescale : null,
    domain: on ? 0 : null,
    priority1: null,
    clockClass: null,
    socketPath: null,
    error: null,
  };
}

export function hostReportFromStatus(s: HostStatus): HostReport {
  const states = s.portStates.map((p) => p.state ?? '?');
  return {
    source: 'pmc',
    mode: hostMode(s.role),
    role: s.role,
    roleReason: s.roleReason,
    portState: states.length > 0 ? [...new Set(states)].join('/') : null,
    clockId: s.clockIdentity,
    grandmasterId: s.grandmasterIdentity,
    stepsRemoved: s.stepsRemoved,
    offsetFromMasterNs: s.offsetFromMasterNs,
    meanPathDelayNs: s.meanPathDelayNs,
    currentUtcOffset: s.currentUtcOffset,
    ptpTimescale: s.ptpTimescale,
    domain: s.domainNumber,
    priority1: s.priority1,
    clockClass: s.clockClass,
    socketPath: s.socketPath,
    error: null,
  };
}

export function hostErrorReport(code: string, message: string, triedPaths: readonly string[]): HostReport {
  return {
    source: 'pmc',
    mode: 'none',
    role: 'unknown',
    roleReason: message,
    portState: null,
    clockId: null,
    grandmasterId: null,
    stepsRemoved: null,
    offsetFromMasterNs: null,
    meanPathDelayNs: null,
    currentUtcOffset: null,
    ptpTimescale: null,
    domain: null,
    priority1: null,
    clockClass: null,
    socketPath: triedPaths[triedPaths.length - 1] ?? null,
    error: { code, message, triedPaths: [...triedPaths] },
  };
}

export interface HostSource {
  read(): Promise<HostReport>;
}

export interface PmcHostOptions {
  uds?: string | undefined;
  domain?: number | undefined;
  /** pmc -t: 1 for gPTP/802.1AS configs. */
  transportSpecific?: number | undefined;
  timeoutMs?: number | undefined;
}

/** Asks ptp4l through pmc; never rejects (a failure is the report's `error`). */
export class PmcHostSource implements HostSource {
  private readonly client: PmcClient;
  private readonly uds: string | undefined;

  constructor(opts: PmcHostOptions) {
    this.uds = opts.uds;
    this.client = new PmcClient({
      ...(opts.uds !== undefined ? { uds: opts.uds } : {}),
      ...(opts.domain !== undefined ? { domain: opts.domain } : {}),
      ...(opts.transportSpecific !== undefined ? { transportSpecific: opts.transportSpecific } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
  }

  async read(): Promise<HostReport> {
    try {
      const r = await this.client.query();
      return hostReportFromStatus({ ...r.status, socketPath: r.socketPath });
    } catch (e) {
      const tried = this.uds !== undefined ? [this.uds] : [...DEFAULT_UDS_PATHS];
      if (isPmcError(e)) return hostErrorReport(e.code, e.message, e.context.triedPaths ?? (e.context.socketPath ? [e.context.socketPath] : tried));
      return hostErrorReport('ERR_PMC_FAILED', e instanceof Error ? e.message : String(e), tried);
    }
  }
}

export class SimHostSource implements HostSource {
  constructor(private readonly host: SimulatedHost) {}
  read(): Promise<HostReport> {
    return Promise.resolve(simulatedHostReport(this.host));
  }
}

/** The host as the rig judgement (src/check/judge.ts `JudgeHost`) takes it. */
export interface HostJudgement {
  mode: HostMode;
  /** The host's own clock identity (pmc spelling). */
  clockId: string | null;
  /** The grandmaster the host follows (its own identity when it is the grandmaster). */
  grandmasterId: string | null;
  /** Why the host is `none`: an error (ptp4l not running, bad socket, ...) or a simulated host without PTP. */
  unavailable: { reason: 'error' | 'sim-none' | 'unknown-role'; message: string } | null;
}

export function judgeHost(h: HostReport): HostJudgement {
  let unavailable: HostJudgement['unavailable'] = null;
  if (h.error !== null) unavailable = { reason: 'error', message: h.error.message };
  else if (h.source === 'sim' && h.mode === 'none') unavailable = { reason: 'sim-none', message: 'simulated host runs no ptp4l (host.role none)' };
  else if (h.mode === 'none') unavailable = { reason: 'unknown-role', message: h.roleReason };
  return { mode: h.mode, clockId: h.clockId, grandmasterId: h.grandmasterId, unavailable };
}

/** What `timestat` needs of the host, from the same report `check` prints. */
export interface HostPtp {
  /** As the seed prints it: Grandmaster, Slave, BoundaryClock, None, Unknown. */
  role: string;
  clockId: string | null;
  gmClockId: string | null;
  /** Whether camera time is host UTC + currentUtcOffset (`ptpTimescale`), and where that came from. */
  timescale: TimescaleInfo;
  simulated: boolean;
  socketPath: string | null;
  /** The whole report (`error` set when ptp4l could not be asked). */
  report: HostReport;
  /** The same host as the rig judgement takes it. */
  judgement: HostJudgement;
}

export interface ReadHostPtpOptions extends PmcHostOptions {
  /** A simulated rig's host stands in for ptp4l (no pmc call). */
  rig?: { host: SimulatedHost } | null | undefined;
}

/** The host's PTP for a run; never rejects: check `report.error` (and `judgement.mode`) to decide. */
export async function readHostPtp(opts: ReadHostPtpOptions): Promise<HostPtp> {
  const report = await (opts.rig ? new SimHostSource(opts.rig.host) : new PmcHostSource(opts)).read();
  return hostPtpOf(report);
}

export function hostPtpOf(report: HostReport): HostPtp {
  const simulated = report.source === 'sim';
  return {
    role: roleName(report.role),
    clockId: report.clockId,
    gmClockId: report.grandmasterId,
    timescale: {
      ptpTimescale: report.ptpTimescale ?? false,
      currentUtcOffsetS: report.currentUtcOffset ?? 37,
      source: simulated ? 'sim' : report.ptpTimescale === null ? 'assumed' : 'pmc',
    },
    simulated,
    socketPath: report.socketPath,
    report,
    judgement: judgeHost(report),
  };
}
