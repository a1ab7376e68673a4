/**
 * The host's side of a run: the real ptp4l through pmc, or the simulated rig's stand-in, which every report
 * labels as simulated.
 */
import type { TimescaleInfo } from '../analysis/types.js';
import type { SimRig } from '../cameras/rigFile.js';
import { PtpcamError } from '../errors.js';
import { isPmcError, PmcClient, type HostStatus } from '../host/index.js';

export interface HostView {
  /** As the seed prints it: Grandmaster, Slave, ... */
  role: string;
  gmClockId: string;
  clockId: string;
  simulated: boolean;
  isGrandmaster: boolean;
  timescale: TimescaleInfo;
  status: HostStatus | null;
  socketPath: string | null;
}

const ROLE_NAMES: Record<string, string> = {
  grandmaster: 'Grandmaster',
  slave: 'Slave',
  'boundary-clock': 'BoundaryClock',
  none: 'None',
  unknown: 'Unknown',
};

export function simulatedHost(rig: SimRig): HostView {
  const h = rig.host;
  const gm = h.role === 'grandmaster' ? h.clockId : h.role === 'slave' ? h.outsideGrandmasterId : 'none';
  return {
    role: ROLE_NAMES[h.role] ?? h.role,
    gmClockId: gm,
    clockId: h.clockId,
    simulated: true,
    isGrandmaster: h.role === 'grandmaster',
    timescale: { ptpTimescale: h.ptpTimescale, currentUtcOffsetS: h.currentUtcOffset, source: 'sim' },
    status: null,
    socketPath: null,
  };
}

export interface PmcOptions {
  uds?: string | undefined;
  domain?: number | undefined;
  timeoutMs?: number | undefined;
}

/** Throws PtpcamError with the pmc failure's code and one-line message (path and domain included). */
export async function realHost(opts: PmcOptions): Promise<HostView> {
  const client = new PmcClient({
    ...(opts.uds !== undefined ? { uds: opts.uds } : {}),
    ...(opts.domain !== undefined ? { domain: opts.domain } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  let result;
  try {
    result = await client.query();
  } catch (e) {
    if (isPmcError(e)) throw new PtpcamError(e.code, e.message, { cause: e });
    throw e;
  }
  const s = result.status;
  return {
    role: ROLE_NAMES[s.role] ?? s.role,
    gmClockId: s.grandmasterIdentity ?? 'unknown',
    clockId: s.clockIdentity ?? 'unknown',
    simulated: false,
    isGrandmaster: s.role === 'grandmaster',
    timescale: {
      ptpTimescale: s.ptpTimescale ?? false,
      currentUtcOffsetS: s.currentUtcOffset ?? 37,
      source: s.ptpTimescale === null ? 'assumed' : 'pmc',
    },
    status: s,
    socketPath: result.socketPath,
  };
}
