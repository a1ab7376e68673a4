/**
 * One `check` run once the cameras are open: enable PTP on all of them in parallel, poll until the rig has
 * converged and stayed so for the settle window (or the timeout passed), optionally reset Faulty cameras,
 * and judge. Cameras, pool and host are passed in, so the CLI owns their lifetime (and tests can fake them).
 */
import type { Logger } from 'pino';

import { hasPtp, type CameraFeatures, type CameraReading } from '../cameras/ptpDataSet.js';
import { errorFrom } from '../errors.js';
import { judgeHost, type HostReport, type HostSource } from '../host/hostReport.js';
import { CAMERAS } from '../i18n/errorText/cameras.js';
import { judge, type JudgeCamera, type Judgement } from './judge.js';
import type { CameraTaskRunner } from './pool.js';
import type { EnableOutcome, ResetOutcome } from './types.js';
import { interruptibleSleep } from '../startup.js';

export interface CheckTiming {
  timeoutS: number;
  settleS: number;
  pollMs: number;
  resetFaulty: boolean;
}

export interface SessionCameraInput {
  index: number;
  serial: string;
  model: string;
  vendor: string;
  interface: string;
  handle: number;
}

export interface SessionCamera extends SessionCameraInput {
  features: CameraFeatures | null;
  ptp: 'enabled' | 'n/a' | 'failed';
  error: string | null;
  reading: CameraReading | null;
  resets: number;
  hostDeltaNs: bigint | null;
}

export interface SessionEvents {
  /** Printed before polling starts (the seed's "PTP 収束待ち中…"). */
  waiting?(timeoutS: number): void;
  reset?(camera: SessionCamera, outcome: ResetOutcome): void;
  /** After every poll while waiting: every camera as now read, and how long the wait may still last. */
  poll?(cameras: readonly SessionCamera[], leftMs: number): void;
}

export interface SessionDeps {
  runner: CameraTaskRunner;
  host: HostSource;
  log: Logger;
  events?: SessionEvents;
  /** Camera clock minus host clock from one TimestampLatch; null when it cannot be measured. */
  hostDelta?: (camera: SessionCamera) => Promise<bigint | null>;
  /** SIGINT/SIGTERM: stop waiting, report what was seen so far. */
  interrupt?: AbortSignal;
  /** The runner's threads are already up (check's start-up waited for them). */
  warmedUp?: boolean;
}

export interface SessionResult {
  cameras: SessionCamera[];
  host: HostReport;
  judgement: Judgement;
  timedOut: boolean;
  interrupted: boolean;
  elapsedMs: number;
  polls: number;
}

/** A camera that turned Faulty again right after a reset needs a person, not a loop. */
const MAX_RESETS_PER_CAMERA = 1;
export const WARMUP_TIMEOUT_MS = 60_000;

function message(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

function unreadable(error: string): CameraReading {
  return { statusRaw: null, state: null, servo: null, offsetFromMasterNs: null, grandmasterId: null, parentId: null, clockId: null, errors: [error] };
}

export function toJudgeCamera(c: SessionCamera): JudgeCamera {
  const r = c.reading;
  return {
    serial: c.serial,
    ptp: c.ptp,
    state: r?.state ?? null,
    statusRaw: r?.statusRaw ?? null,
    grandmasterId: r?.grandmasterId ?? null,
    clockId: r?.clockId ?? null,
    offsetFromMasterNs: r?.offsetFromMasterNs ?? null,
    hostDeltaNs: c.hostDeltaNs,
    error: c.error,
    resets: c.resets,
  };
}

/**
 * Runs `task` with a signal that aborts after `ms` or when `outer` aborts. A task that overran its time is
 * rejected as ERR_CAMERA_TIMEOUT naming `what`, so the report says what hung rather than "aborted".
 */
const TIMEOUT_TEMPLATES = { enable: CAMERAS.enableTimeout, read: CAMERAS.readTimeout, reset: CAMERAS.resetTimeout } as const;

async function bounded<T>(ms: number, outer: AbortSignal | undefined, what: keyof typeof TIMEOUT_TEMPLATES, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(), ms);
  const signal = outer ? AbortSignal.any([timer.signal, outer]) : timer.signal;
  // Bounded even for a task that does not listen to its signal (a reset has no step to stop at).
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([task(signal), aborted]);
  } catch (e) {
    if (timer.signal.aborted) throw errorFrom(TIMEOUT_TEMPLATES[what], { seconds: String(Math.round(ms) / 1000) });
    if (outer?.aborted) throw errorFrom(CAMERAS.interrupted, {});
    throw e;
  } finally {
    clearTimeout(t);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    aborted.catch(() => undefined);
  }
}

export interface EnableOptions {
  /** An enable task still running after this long fails its camera (its thread stays busy until the camera returns). */
  timeoutMs?: number;
  /** Aborts every enable task still running (SIGINT). */
  signal?: AbortSignal | undefined;
  /** The caller already waited for the worker threads (as part of its start-up). */
  warmedUp?: boolean;
}

/** Every camera's enable task at once; one that throws, dies or hangs fails only that camera. */
export async function enableAll(
  runner: CameraTaskRunner,
  inputs: readonly SessionCameraInput[],
  log: Logger,
  opts: EnableOptions = {},
): Promise<SessionCamera[]> {
  // Threads that are still starting would pick up tasks late and skew the cameras' enable times.
  if (opts.warmedUp !== true) {
    const ready = await runner.warmup(WARMUP_TIMEOUT_MS).catch(() => false);
    if (!ready) log.warn('worker pool slow to start; enabling anyway');
  }
  const enableOne = (c: SessionCameraInput): Promise<EnableOutcome> =>
    opts.timeoutMs === undefined && opts.signal === undefined
      ? runner.enable(c.handle)
      : bounded(opts.timeoutMs ?? 2 ** 31 - 1, opts.signal, 'enable', (signal) => runner.enable(c.handle, signal));
  const settled = await Promise.allSettled(inputs.map(enableOne));
  return inputs.map((c, i): SessionCamera => {
    const base = { ...c, resets: 0, hostDeltaNs: null };
    const s = settled[i];
    if (s === undefined || s.status === 'rejected') {
      const error = s === undefined ? 'no result' : message(s.reason);
      log.error({ serial: c.serial, error }, 'PTP enable task failed');
      return { ...base, features: null, ptp: 'failed', error, reading: null };
    }
    const o = s.value;
    if (!hasPtp(o.features)) return { ...base, features: o.features, ptp: 'n/a', error: null, reading: null };
    if (o.error !== null) {
      const error = `${o.error.code}: ${o.error.message}`;
      log.error({ serial: c.serial, error }, 'PTP enable failed');
      return { ...base, features: o.features, ptp: 'failed', error, reading: null };
    }
    log.debug({ serial: c.serial, features: o.features }, 'PTP enabled');
    return { ...base, features: o.features, ptp: 'enabled', error: null, reading: o.reading };
  });
}

export async function runSession(inputs: readonly SessionCameraInput[], timing: CheckTiming, deps: SessionDeps): Promise<SessionResult> {
  const { runner, log, interrupt } = deps;
  const started = performance.now();
  const timeoutMs = timing.timeoutS * 1000;
  const settleMs = timing.settleS * 1000;
  const cameras = await enableAll(runner, inputs, log, { timeoutMs, signal: interrupt, warmedUp: deps.warmedUp === true });
  const activeNow = (): SessionCamera[] => cameras.filter((c) => c.ptp === 'enabled');
  // One deadline for the whole wait, resets included: --timeout-s bounds the check however the rig behaves.
  const deadline = performance.now() + timeoutMs;
  let since: number | null = null;
  let timedOut = false;
  let polls = 0;
  let host: HostReport;
  let judgement: Judgement;

  if (activeNow().length > 0 && !interrupt?.aborted) deps.events?.waiting?.(timing.timeoutS);
  for (;;) {
    const t = performance.now();
    polls++;
    const active = activeNow();
    // A read that takes the whole convergence window means a camera that stopped answering, not a slow one.
    const readOne = (c: SessionCamera): Promise<CameraReading | Error> =>
      bounded(timeoutMs, interrupt, 'read', (signal) => runner.read(c.handle, c.features as CameraFeatures, signal)).catch(
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
    const [h, ...reads] = await Promise.all([deps.host.read(), ...active.map(readOne)]);
    host = h;
    active.forEach((c, i) => {
      const r = reads[i];
      if (r === undefined) return;
      if (!(r instanceof Error)) {
        c.reading = r;
        return;
      }
      const code = (r as { code?: unknown }).code;
      if (code === 'ERR_INTERRUPTED') return;
      if (code === 'ERR_CAMERA_TIMEOUT') {
        // Its thread is still inside the camera call; asking again would tie up another thread the same way.
        c.ptp = 'failed';
        c.error = message(r);
        log.error({ serial: c.serial, error: c.error }, 'PTP read hung');
        return;
      }
      c.reading = unreadable(message(r));
    });
    judgement = judge(judgeHost(host), cameras.map(toJudgeCamera));
    log.debug({ poll: polls, states: active.map((c) => `${c.serial}=${c.reading?.statusRaw ?? '?'}`), synced: judgement.synced }, 'poll');
    deps.events?.poll?.(cameras, Math.max(0, deadline - performance.now()));
    if (interrupt?.aborted || activeNow().length === 0) break;

    if (timing.resetFaulty) {
      const faulty = activeNow().filter((c) => c.reading?.state === 'FAULTY' && c.resets < MAX_RESETS_PER_CAMERA && c.features?.enable);
      if (faulty.length > 0) {
        // A reset that hangs (a camera that stopped answering) gets what is left of the timeout, not more.
        const left = Math.max(0, deadline - performance.now());
        const resetOne = (c: SessionCamera): Promise<ResetOutcome> =>
          bounded(left, interrupt, 'reset', () => runner.reset(c.handle, c.features as CameraFeatures)).catch((e: unknown): ResetOutcome => {
            const code = (e as { code?: unknown }).code;
            return { ok: false, error: { code: typeof code === 'string' ? code : 'ERR_INTERNAL', sdkCode: 0, message: message(e) } };
          });
        const outcomes = await Promise.all(faulty.map(resetOne));
        faulty.forEach((c, i) => {
          c.resets++;
          const o = outcomes[i] as ResetOutcome;
          log.warn({ serial: c.serial, ok: o.ok, error: o.error }, 'Faulty camera: PTP toggled off and on');
          deps.events?.reset?.(c, o);
        });
        // A reset restarts that camera's election: poll again, within what is left of the timeout.
        since = null;
        if (performance.now() >= deadline) {
          timedOut = true;
          break;
        }
        await interruptibleSleep(timing.pollMs, interrupt);
        continue;
      }
    }

    if (judgement.synced) {
      since ??= t;
      if (t - since >= settleMs) break;
    } else {
      since = null;
    }
    // A rig that converged just before the deadline gets to finish its settle window.
    if (t >= deadline && since === null) {
      timedOut = true;
      break;
    }
    await interruptibleSleep(timing.pollMs, interrupt);
  }

  const interrupted = interrupt?.aborted === true;
  if (deps.hostDelta !== undefined && !interrupted) {
    const measurable = activeNow().filter((c) => c.features?.timestampLatch && (c.reading?.state === 'SLAVE' || c.reading?.state === 'MASTER'));
    const fn = deps.hostDelta;
    const deltas = await Promise.all(measurable.map((c) => fn(c).catch(() => null)));
    measurable.forEach((c, i) => {
      c.hostDeltaNs = deltas[i] ?? null;
    });
    judgement = judge(judgeHost(host), cameras.map(toJudgeCamera));
  }
  return { cameras, host, judgement, timedOut, interrupted, elapsedMs: Math.round(performance.now() - started), polls };
}
