/** `ptpcam check --json`: one JSON document; 64-bit values (offsets, deltas) as decimal strings. */
import { displayState } from '../cameras/ptpState.js';
import type { Judgement } from '../check/judge.js';
import type { StartupPhase } from '../startup.js';
import type { SessionCamera } from '../check/session.js';
import type { HostReport } from '../host/hostReport.js';
import { checkMessages, type HintContext } from '../check/messages.js';

export interface CheckJsonInput {
  backend: string;
  simulated: boolean;
  detected: number;
  cameras: readonly SessionCamera[];
  host: HostReport;
  judgement: Judgement;
  timedOut: boolean;
  elapsedMs: number;
  polls: number;
  exitCode: number;
  options: { timeoutS: number; settleS: number; pollMs: number; resetFaulty: boolean; max: number };
  hint: HintContext;
}

const str = (v: bigint | null | undefined): string | null => (v === null || v === undefined ? null : v.toString());

export function checkJsonDocument(x: CheckJsonInput): Record<string, unknown> {
  // Hints in English: JSON is for programs and logs, whatever the terminal's locale.
  const en = checkMessages('en');
  return {
    type: 'check',
    converged: x.judgement.converged,
    exitCode: x.exitCode,
    leader: x.judgement.leader,
    timedOut: x.timedOut,
    elapsedMs: x.elapsedMs,
    polls: x.polls,
    backend: x.backend,
    simulated: x.simulated,
    detected: x.detected,
    options: x.options,
    host: {
      source: x.host.source,
      mode: x.host.mode,
      role: x.host.role,
      roleReason: x.host.roleReason,
      portState: x.host.portState,
      clockId: x.host.clockId,
      grandmasterId: x.host.grandmasterId,
      stepsRemoved: x.host.stepsRemoved,
      offsetFromMasterNs: x.host.offsetFromMasterNs,
      meanPathDelayNs: x.host.meanPathDelayNs,
      currentUtcOffset: x.host.currentUtcOffset,
      ptpTimescale: x.host.ptpTimescale,
      domain: x.host.domain,
      socketPath: x.host.socketPath,
      error: x.host.error,
    },
    cameras: x.cameras.map((c) => ({
      index: c.index,
      serial: c.serial,
      model: c.model,
      vendor: c.vendor,
      interface: c.interface,
      ptp: c.ptp,
      state: c.reading?.state ?? null,
      status: c.ptp === 'enabled' ? displayState(c.reading?.state ?? null) : 'Unknown',
      statusRaw: c.reading?.statusRaw ?? null,
      servo: c.reading?.servo ?? null,
      offsetFromMasterNs: str(c.reading?.offsetFromMasterNs),
      grandmasterId: c.reading?.grandmasterId ?? null,
      parentId: c.reading?.parentId ?? null,
      clockId: c.reading?.clockId ?? null,
      hostDeltaNs: str(c.hostDeltaNs),
      features: c.features,
      resets: c.resets,
      error: c.error,
      readErrors: c.reading?.errors ?? [],
    })),
    masters: x.judgement.masters,
    slaves: x.judgement.slaves,
    problems: x.judgement.problems.map((p) => ({ ...p, message: en.hint(p, x.hint) })),
  };
}

export interface CheckStartupInterruptedInput {
  signal: 'SIGINT' | 'SIGTERM';
  phase: StartupPhase;
  exitCode: number;
  backend: string | null;
  simulated: boolean | null;
  detected: number;
  used: number;
  elapsedMs: number;
  options: CheckJsonInput['options'];
}

/**
 * The document of a check interrupted during start-up: the same keys as a full one, with nothing polled (no host,
 * no camera state, no verdict), `interrupted` naming the signal and `interruptedDuring` the step.
 */
export function checkStartupInterruptedDocument(x: CheckStartupInterruptedInput): Record<string, unknown> {
  return {
    type: 'check',
    converged: false,
    exitCode: x.exitCode,
    leader: null,
    timedOut: false,
    elapsedMs: x.elapsedMs,
    polls: 0,
    backend: x.backend,
    simulated: x.simulated,
    detected: x.detected,
    used: x.used,
    options: x.options,
    host: null,
    cameras: [],
    masters: [],
    slaves: [],
    problems: [],
    interrupted: x.signal,
    interruptedDuring: x.phase,
  };
}

/** One line of JSON; 64-bit values as decimal strings, whatever nests them. */
export function checkJsonText(doc: Record<string, unknown>): string {
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
