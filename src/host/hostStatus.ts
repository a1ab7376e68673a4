import type { DatasetResult } from './datasetResult.js';
import type { PmcSnapshot } from './pmcSnapshot.js';
import { isFaulty, isSlaveLike, type PortState } from './portState.js';

/**
 * - `grandmaster`: stepsRemoved 0 and the grandmaster is this clock. Ports may still be LISTENING during the
 *   first announce-receipt timeout (`allPortsMaster` false then).
 * - `slave`: a port is SLAVE or UNCALIBRATED (`locking`) and the grandmaster is another clock.
 * - `boundary-clock`: one SLAVE/UNCALIBRATED port and the others MASTER.
 * - `unknown`: none of these fit (e.g. LISTENING after losing a remote GM, PASSIVE, datasets missing).
 */
export type HostRole = 'grandmaster' | 'slave' | 'boundary-clock' | 'unknown';

export type GrandmasterIdentitySource = 'PARENT_DATA_SET' | 'TIME_STATUS_NP' | 'DEFAULT_DATA_SET';

export interface PortStatus {
  readonly port: number;
  /** null when pmc printed a state string we do not know. */
  readonly state: PortState | null;
}

export interface HostStatus {
  readonly role: HostRole;
  /** One line saying why the role was chosen (or why it is unknown). */
  readonly roleReason: string;
  readonly portStates: readonly PortStatus[];
  /** Every port is MASTER. A fresh grandmaster is LISTENING for ~announceReceiptTimeout first. */
  readonly allPortsMaster: boolean;
  /** A slave-like port is UNCALIBRATED: following a remote GM but the servo has not locked yet. */
  readonly locking: boolean;
  readonly faultyPorts: readonly number[];
  readonly clockIdentity: string | null;
  readonly grandmasterIdentity: string | null;
  readonly grandmasterIdentitySource: GrandmasterIdentitySource | null;
  readonly parentPortIdentity: string | null;
  readonly grandmasterPriority1: number | null;
  readonly grandmasterPriority2: number | null;
  readonly grandmasterClockClass: number | null;
  readonly stepsRemoved: number | null;
  readonly offsetFromMasterNs: number | null;
  readonly meanPathDelayNs: number | null;
  /** TIME_STATUS_NP master_offset (ns, integer). */
  readonly masterOffsetNs: bigint | null;
  readonly ingressTimeNs: bigint | null;
  /** TIME_STATUS_NP: a remote grandmaster is being received (false when this clock is the GM). */
  readonly gmPresent: boolean | null;
  readonly currentUtcOffset: number | null;
  readonly currentUtcOffsetValid: boolean | null;
  readonly ptpTimescale: boolean | null;
  readonly timePropertiesSource: 'TIME_PROPERTIES_DATA_SET' | 'GRANDMASTER_SETTINGS_NP' | null;
  readonly domainNumber: number | null;
  readonly priority1: number | null;
  readonly clockClass: number | null;
  readonly slaveOnly: boolean | null;
  /** The ptp4l socket the datasets came from (null when computed from a capture). */
  readonly socketPath: string | null;
  /** Datasets that failed and fields that were missing/unparsable, one line each. */
  readonly problems: readonly string[];
}

export interface HostStatusContext {
  readonly socketPath?: string | null;
}

function value<T>(r: DatasetResult<T>): T | null {
  return r.ok ? r.value : null;
}

function collectProblems(s: PmcSnapshot): string[] {
  const problems: string[] = [];
  const all: [string, DatasetResult<unknown>][] = [
    ['CURRENT_DATA_SET', s.currentDataSet],
    ['PARENT_DATA_SET', s.parentDataSet],
    ['DEFAULT_DATA_SET', s.defaultDataSet],
    ['TIME_STATUS_NP', s.timeStatusNp],
    ['GRANDMASTER_SETTINGS_NP', s.grandmasterSettingsNp],
    ['PORT_DATA_SET', s.portDataSet],
    ['TIME_PROPERTIES_DATA_SET', s.timePropertiesDataSet],
  ];
  for (const [id, r] of all) {
    if (!r.ok) problems.push(`${r.reason}: ${r.detail}`);
    for (const i of r.issues) problems.push(`${id}.${i.field} ${i.problem}${i.raw === undefined ? '' : ` (${JSON.stringify(i.raw)})`}`);
  }
  return problems;
}

/** Pure: derive the host's PTP role and key values from one snapshot. */
export function hostStatus(snapshot: PmcSnapshot, ctx: HostStatusContext = {}): HostStatus {
  const current = value(snapshot.currentDataSet);
  const parent = value(snapshot.parentDataSet);
  const dflt = value(snapshot.defaultDataSet);
  const tsn = value(snapshot.timeStatusNp);
  const gms = value(snapshot.grandmasterSettingsNp);
  const tprops = value(snapshot.timePropertiesDataSet);
  const ports = value(snapshot.portDataSet) ?? [];
  const problems = collectProblems(snapshot);

  const own = dflt?.clockIdentity ?? snapshot.localClockId;
  const stepsRemoved = current?.stepsRemoved ?? null;

  let gm: string | null = null;
  let gmSource: GrandmasterIdentitySource | null = null;
  if (parent?.grandmasterIdentity != null) {
    gm = parent.grandmasterIdentity;
    gmSource = 'PARENT_DATA_SET';
  } else if (tsn?.gmIdentity != null) {
    gm = tsn.gmIdentity;
    gmSource = 'TIME_STATUS_NP';
  } else if (stepsRemoved === 0 && own !== null) {
    // A clock zero steps from the GM is the GM; only used when neither dataset above answered.
    gm = own;
    gmSource = 'DEFAULT_DATA_SET';
  }

  const portStates: PortStatus[] = ports.map((p) => ({ port: p.portIdentity?.port ?? p.source.port, state: p.portState }));
  const states = portStates.map((p) => p.state);
  const slavePorts = portStates.filter((p) => p.state !== null && isSlaveLike(p.state));
  const masterPorts = portStates.filter((p) => p.state === 'MASTER');
  const faultyPorts = portStates.filter((p) => p.state !== null && isFaulty(p.state)).map((p) => p.port);
  const allPortsMaster = portStates.length > 0 && masterPorts.length === portStates.length;
  const locking = slavePorts.some((p) => p.state === 'UNCALIBRATED');
  const foreignGm = gm !== null && own !== null && gm !== own;

  let role: HostRole = 'unknown';
  let roleReason: string;
  if (gm !== null && own !== null && gm === own && (stepsRemoved === null || stepsRemoved === 0)) {
    role = 'grandmaster';
    roleReason = allPortsMaster
      ? 'this clock is the grandmaster and every port is MASTER'
      : `this clock names itself grandmaster but its ports are not all MASTER yet (${states.join(', ') || 'no PORT_DATA_SET'})`;
  } else if (foreignGm && slavePorts.length === 1 && masterPorts.length >= 1) {
    role = 'boundary-clock';
    roleReason = `port ${slavePorts[0]?.port} follows grandmaster ${gm}, ports ${masterPorts.map((p) => p.port).join(', ')} serve downstream`;
  } else if (foreignGm && slavePorts.length >= 1) {
    role = 'slave';
    roleReason = `following grandmaster ${gm}${locking ? ' (UNCALIBRATED: servo still locking)' : ''}`;
  } else if (foreignGm && portStates.length === 0 && stepsRemoved !== null && stepsRemoved >= 1) {
    role = 'slave';
    roleReason = `grandmaster ${gm} is ${stepsRemoved} step(s) away (port states unknown)`;
  } else if (gm === null || own === null) {
    roleReason = 'grandmaster or own clock identity unknown';
  } else {
    roleReason = `grandmaster ${gm} is another clock but no port follows it (${states.join(', ') || 'no PORT_DATA_SET'})`;
  }

  // A slave reports the GM's timescale in TIME_PROPERTIES_DATA_SET; GRANDMASTER_SETTINGS_NP is the
  // clock's own and only describes the timescale when the clock itself is the grandmaster.
  const useGms = tprops === null && role === 'grandmaster' && gms !== null;
  const timeProps = tprops ?? (useGms ? gms : null);

  return {
    role,
    roleReason,
    portStates,
    allPortsMaster,
    locking,
    faultyPorts,
    clockIdentity: own,
    grandmasterIdentity: gm,
    grandmasterIdentitySource: gmSource,
    parentPortIdentity: parent?.parentPortIdentity ? `${parent.parentPortIdentity.clockId}-${parent.parentPortIdentity.port}` : null,
    grandmasterPriority1: parent?.grandmasterPriority1 ?? null,
    grandmasterPriority2: parent?.grandmasterPriority2 ?? null,
    grandmasterClockClass: parent?.grandmasterClockClass ?? null,
    stepsRemoved,
    offsetFromMasterNs: current?.offsetFromMasterNs ?? null,
    meanPathDelayNs: current?.meanPathDelayNs ?? null,
    masterOffsetNs: tsn?.masterOffsetNs ?? null,
    ingressTimeNs: tsn?.ingressTimeNs ?? null,
    gmPresent: tsn?.gmPresent ?? null,
    currentUtcOffset: timeProps?.currentUtcOffset ?? null,
    currentUtcOffsetValid: timeProps?.currentUtcOffsetValid ?? null,
    ptpTimescale: timeProps?.ptpTimescale ?? null,
    timePropertiesSource: tprops !== null ? 'TIME_PROPERTIES_DATA_SET' : useGms ? 'GRANDMASTER_SETTINGS_NP' : null,
    domainNumber: dflt?.domainNumber ?? null,
    priority1: dflt?.priority1 ?? null,
    clockClass: dflt?.clockClass ?? null,
    slaveOnly: dflt?.slaveOnly ?? null,
    socketPath: ctx.socketPath ?? null,
    problems,
  };
}
