/**
 * The host's part in the rig, from ptp4l through pmc (src/host) or from the simulated rig's stand-in.
 * A host that cannot be asked is not fatal: the rig may be camera-led, so the error becomes part of the
 * report (with the socket paths tried) and the verdict treats the host as not running PTP.
 */
import type { SimHost } from '../cameras/rigFile.js';
import { DEFAULT_UDS_PATHS, isPmcError, PmcClient, type HostRole, type HostStatus } from '../host/index.js';
import type { HostMode, JudgeHost } from './judge.js';

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

export interface HostSource {
  read(): Promise<HostReport>;
}

export function simulatedHostReport(h: SimHost): HostReport {
  const mode: HostMode = h.role;
  return {
    source: 'sim',
    mode,
    role: h.role === 'none' ? 'none' : h.role,
    roleReason: `simulated rig host.role ${h.role}`,
    portState: h.role === 'grandmaster' ? 'MASTER' : h.role === 'slave' ? 'SLAVE' : null,
    clockId: h.clockId,
    grandmasterId: h.role === 'grandmaster' ? h.clockId : h.role === 'slave' ? h.outsideGrandmasterId : null,
    stepsRemoved: h.role === 'grandmaster' ? 0 : h.role === 'slave' ? 1 : null,
    offsetFromMasterNs: h.role === 'none' ? null : 0,
    meanPathDelayNs: h.role === 'none' ? null : 0,
    currentUtcOffset: h.role === 'none' ? null : h.currentUtcOffset,
    ptpTimescale: h.role === 'none' ? null : h.ptpTimescale,
    domain: h.role === 'none' ? null : 0,
    priority1: null,
    clockClass: null,
    socketPath: null,
    error: null,
  };
}

export function hostReportFromStatus(s: HostStatus): HostReport {
  // Boundary clocks follow a grandmaster upstream exactly as a slave does, as far as the cameras care.
  const mode: HostMode = s.role === 'grandmaster' ? 'grandmaster' : s.role === 'slave' || s.role === 'boundary-clock' ? 'slave' : 'none';
  const states = s.portStates.map((p) => p.state ?? '?');
  return {
    source: 'pmc',
    mode,
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

export class PmcHostSource implements HostSource {
  private readonly client: PmcClient;
  private readonly uds: string | undefined;

  constructor(opts: { uds?: string | undefined; domain?: number | undefined }) {
    this.uds = opts.uds;
    this.client = new PmcClient({
      ...(opts.uds !== undefined ? { uds: opts.uds } : {}),
      ...(opts.domain !== undefined ? { domain: opts.domain } : {}),
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
  constructor(private readonly host: SimHost) {}
  read(): Promise<HostReport> {
    return Promise.resolve(simulatedHostReport(this.host));
  }
}

export function judgeHost(h: HostReport): JudgeHost {
  let unavailable: JudgeHost['unavailable'] = null;
  if (h.error !== null) unavailable = { reason: 'error', message: h.error.message };
  else if (h.source === 'sim' && h.mode === 'none') unavailable = { reason: 'sim-none', message: 'simulated host runs no ptp4l (host.role none)' };
  else if (h.mode === 'none') unavailable = { reason: 'unknown-role', message: h.roleReason };
  return { mode: h.mode, clockId: h.clockId, grandmasterId: h.grandmasterId, unavailable };
}
