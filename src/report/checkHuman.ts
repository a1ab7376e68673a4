/** `ptpcam check` as the seed printed it: camera list, host line, one line per camera, verdict, hints. */
import type { CameraReading } from '../cameras/ptpDataSet.js';
import { displayState } from '../cameras/ptpState.js';
import type { Judgement, Problem } from '../check/judge.js';
import type { SessionCamera } from '../check/session.js';
import type { HostReport } from '../host/hostReport.js';
import { roleName } from '../host/roleNames.js';
import type { CheckMessages, HintContext, VerdictContext } from '../check/messages.js';
import { formatFixed } from './format.js';
import { terminalSafe } from './terminalSafe.js';

export interface ListedCamera {
  model: string;
  serial: string;
  interface: string;
}

const ANSI = { green: '\x1b[32m', red: '\x1b[31m', yellow: '\x1b[33m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

function paint(color: boolean, code: keyof typeof ANSI, text: string): string {
  return color ? `${ANSI[code]}${text}${ANSI.reset}` : text;
}

export function cameraListLines(m: CheckMessages, cams: readonly ListedCamera[]): string[] {
  return [m.camerasHeading, ...cams.map((c, i) => terminalSafe(`[${i}] ${c.model} (${c.serial}) [${c.interface}]`))];
}

/** pmc prints these as doubles (`0.0`); so did the seed. */
function ns(v: number | null): string {
  return v === null ? 'n/a' : formatFixed(v, 1);
}

export function hostLine(m: CheckMessages, h: HostReport): string {
  if (h.error !== null) return m.hostError(h.error.code, h.error.message);
  const role = `${roleName(h.role)}${h.source === 'sim' ? ` (${m.simulatedRig})` : ''}`;
  if (h.source === 'sim' && h.mode === 'none') return `Role=${role}`;
  const fields = [
    `Role=${role}`,
    `stepsRemoved=${h.stepsRemoved ?? 'n/a'}`,
    `offsetFromMaster=${ns(h.offsetFromMasterNs)}`,
    `meanPathDelay=${ns(h.meanPathDelayNs)}`,
    `GrandmasterClockID=${h.grandmasterId ?? 'unknown'}`,
    `ClockID=${h.clockId ?? 'unknown'}`,
  ];
  if (h.portState !== null) fields.push(`PortState=${h.portState}`);
  if (h.currentUtcOffset !== null) fields.push(`currentUtcOffset=${h.currentUtcOffset}`);
  if (h.ptpTimescale !== null) fields.push(`ptpTimescale=${h.ptpTimescale ? 1 : 0}`);
  return fields.join(', ');
}

/** Errors are said in the report's language (`m`); the camera's own words stay as it wrote them. */
export function cameraStatusLine(m: CheckMessages, c: SessionCamera): string {
  const head = `[${c.index}] ${c.serial}: `;
  if (c.ptp === 'n/a') return `${head}PTP=N/A, Status=Unknown`;
  if (c.ptp === 'failed') return `${head}PTP=Failed, Status=Unknown, error=${c.error === null ? 'unknown' : m.codedError(c.error)}`;
  const r = c.reading;
  const state = displayState(r?.state ?? null);
  // The vendor's own spelling stays visible when it differs from the IEEE 1588 name it was mapped to.
  const raw = r?.statusRaw && r.statusRaw !== state ? ` (${r.statusRaw})` : '';
  const fields = [`PTP=Enabled`, `Status=${state}${raw}`];
  if (r?.servo) fields.push(`Servo=${r.servo}`);
  if (r?.offsetFromMasterNs !== null && r?.offsetFromMasterNs !== undefined) fields.push(`offsetFromMaster=${r.offsetFromMasterNs} ns`);
  if (r?.grandmasterId) fields.push(`GrandmasterClockID=${r.grandmasterId}`);
  if (c.resets > 0) fields.push(`resets=${c.resets}`);
  if (r && r.errors.length > 0) fields.push(`errors=${readErrors(m, r).join('; ')}`);
  return head + fields.join(', ');
}

/** `Feature: message` per failed read, the message in the report's language when its code is known. */
function readErrors(m: CheckMessages, r: CameraReading): string[] {
  if (r.failures !== undefined) return r.failures.map((f) => `${f.feature}: ${m.error(f.code, f.message)}`);
  return r.errors.map((e) => m.codedError(e));
}

export function stateCounts(cams: readonly SessionCamera[]): string {
  const counts = new Map<string, number>();
  for (const c of cams) {
    const k = c.ptp === 'n/a' ? 'N/A' : c.ptp === 'failed' ? 'Failed' : displayState(c.reading?.state ?? null);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}=${n}`).join(', ');
}

export interface CheckReportInput {
  cameras: readonly SessionCamera[];
  host: HostReport;
  judgement: Judgement;
  timedOut: boolean;
  timeoutS: number;
  hint: HintContext;
  color: boolean;
}

export function verdictContext(r: CheckReportInput): VerdictContext {
  return {
    leader: r.judgement.leader,
    masters: r.judgement.masters,
    hostGrandmasterId: r.host.grandmasterId,
    timedOut: r.timedOut,
    timeoutS: r.timeoutS,
    stateCounts: stateCounts(r.cameras),
  };
}

function problemLine(m: CheckMessages, p: Problem, ctx: HintContext, color: boolean): string {
  const label = p.blocking ? m.hintLabel : m.noteLabel;
  return `  ${paint(color, 'yellow', `${label}:`)} ${terminalSafe(m.hint(p, ctx))}`;
}

/**
 * Everything after the wait: host, cameras, verdict. Camera-supplied text is made terminal-safe line by line,
 * before the report's own colours are added.
 */
export function resultLines(m: CheckMessages, r: CheckReportInput): string[] {
  const lines = ['', m.hostHeading, terminalSafe(hostLine(m, r.host)), '', m.cameraStatusHeading];
  lines.push(...r.cameras.map((c) => terminalSafe(cameraStatusLine(m, c))));
  lines.push('', m.verdictHeading);
  const v = verdictContext(r);
  lines.push(r.judgement.converged ? paint(r.color, 'green', terminalSafe(m.ok(v))) : paint(r.color, 'red', terminalSafe(m.notOk(v))));
  const ordered = [...r.judgement.problems.filter((p) => p.blocking), ...r.judgement.problems.filter((p) => !p.blocking)];
  for (const p of ordered) lines.push(problemLine(m, p, r.hint, r.color));
  return lines;
}
