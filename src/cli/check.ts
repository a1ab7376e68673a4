/**
 * `ptpcam check` (alias `ptp-sync-check`): enable PTP on every camera through a worker pool, wait for the rig
 * to converge, and judge it together with the host's ptp4l. Exit 0 converged, 2 not converged, 1 fatal.
 */
import type { Argv } from 'yargs';

import { addon, type NativeOpenedCamera } from '../binding.js';
import { resolveBackend, type BackendName } from '../cameras/backend.js';
import { closeRig } from '../cameras/closeRig.js';
import { CameraPool, MAX_POOL_THREADS } from '../check/pool.js';
import { runSession, WARMUP_TIMEOUT_MS, type SessionCameraInput } from '../check/session.js';
import { StartupInterrupted, stopIfInterrupted, untilInterrupted } from '../startup.js';
import { EXIT_FATAL, EXIT_OK, EXIT_SIGINT, EXIT_SIGTERM, EXIT_THRESHOLD, toPtpcamError } from '../errors.js';
import { PmcHostSource, SimHostSource } from '../host/hostReport.js';
import { checkMessages, type HintContext } from '../check/messages.js';
import { USAGE } from '../i18n/errorText/usage.js';
import { detectLang, type Lang } from '../i18n/locale.js';
import { cameraListLines, resultLines } from '../report/checkHuman.js';
import { checkJsonDocument, checkJsonText, checkStartupInterruptedDocument } from '../report/checkJson.js';
import { CheckProgress } from '../report/checkProgress.js';
import { Stdout } from '../report/output.js';
import { terminalSafe } from '../report/terminalSafe.js';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../runtime/logger.js';
import { EXIT_CODES_HELP, numberOption, parseIntOption, rigAndHostOf, RIG_AND_HOST_OPTIONS, simConflicts, usage } from './options.js';
import { onInterrupt, type InterruptSignal } from '../runtime/signals.js';

/** How long the end of a check waits for worker tasks and camera closes (a hanging camera is not waited for). */
const TEARDOWN_WAIT_MS = 500;

export interface CheckOptions {
  max: number;
  timeoutS: number;
  settleS: number;
  pollMs: number;
  resetFaulty: boolean;
  backend: BackendName;
  sim: string | undefined;
  sdkLibrary: string | undefined;
  uds: string | undefined;
  domain: number | undefined;
  transportSpecific: number | undefined;
  json: boolean;
  /** undefined: from LC_ALL / LC_MESSAGES / LANG. */
  lang: Lang | undefined;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** The name the user ran (ptpcam, ptp-sync-check): log lines and messages carry it. */
  binary: string;
}

export const CHECK_DEFAULTS = { max: 8, timeoutS: 30, settleS: 2, pollMs: 500 } as const;

/** `invocation`: how examples start (`$0 check`, or `$0` for the ptp-sync-check alias). */
export function checkBuilder(y: Argv, invocation = '$0 check'): Argv {
  return simConflicts(
    y
      .option('max', numberOption('use at most this many cameras (the first ones found)', CHECK_DEFAULTS.max))
      .option('timeout-s', numberOption('how long to wait for convergence, s', CHECK_DEFAULTS.timeoutS))
      .option('settle-s', numberOption('how long the converged state must hold, s', CHECK_DEFAULTS.settleS))
      .option('poll-ms', numberOption('poll interval, ms', CHECK_DEFAULTS.pollMs))
      .option('reset-faulty', { type: 'boolean', default: false, describe: 'toggle PTP off and on on Faulty cameras, then poll again' })
      .options(RIG_AND_HOST_OPTIONS)
      .option('json', { type: 'boolean', default: false, describe: 'one JSON document on stdout instead of the report' })
      .option('lang', { choices: ['ja', 'en'] as const, requiresArg: true, describe: 'report language [default: from LC_ALL/LC_MESSAGES/LANG]' })
      .option('log-level', { choices: LOG_LEVELS, requiresArg: true, default: 'warn' as LogLevel, describe: 'log level (stderr)' })
      .option('log-format', { choices: LOG_FORMATS, requiresArg: true, describe: 'log lines on stderr: text for people, json (pino) for machines [default: json with --json, else text]' })
      .example(`${invocation} --sim 4`, 'a simulated rig of 4 cameras')
      .example(`${invocation} --uds /var/run/ptp4l --timeout-s 60`, 'real cameras, the host ptp4l, a minute to converge')
      .example(`${invocation} --json | jq .converged`, 'machine-readable verdict')
      .epilogue(EXIT_CODES_HELP),
  );
}

function positive(name: string, value: unknown, min: number, max: number): number {
  const n = Number(String(value).trim());
  if (String(value).trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    usage(USAGE.numberFromTo, { option: name, min: String(min), max: String(max), value: String(value) });
  }
  return n;
}

export function checkOptions(argv: Record<string, unknown>): CheckOptions {
  const timeoutS = positive('--timeout-s', argv['timeout-s'] ?? CHECK_DEFAULTS.timeoutS, 0.001, 86400);
  const lang = argv.lang === 'ja' || argv.lang === 'en' ? argv.lang : undefined;
  return {
    max: parseIntOption('--max', argv.max ?? CHECK_DEFAULTS.max, 1, 64),
    timeoutS,
    settleS: positive('--settle-s', argv['settle-s'] ?? CHECK_DEFAULTS.settleS, 0, 3600),
    pollMs: parseIntOption('--poll-ms', argv['poll-ms'] ?? CHECK_DEFAULTS.pollMs, 10, 60_000),
    resetFaulty: argv['reset-faulty'] === true,
    ...rigAndHostOf(argv),
    json: argv.json === true,
    lang,
    logLevel: (argv['log-level'] as LogLevel | undefined) ?? 'warn',
    logFormat: (argv['log-format'] as LogFormat | undefined) ?? (argv.json === true ? 'json' : 'text'),
    binary: typeof argv.$0 === 'string' && argv.$0 !== '' ? argv.$0 : 'ptpcam',
  };
}

/** Enough tries that one of them is likely not to be held up by the OS scheduler. */
const HOST_DELTA_TRIES = 5;

function useColor(): boolean {
  return process.stdout.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
}

export async function runCheck(opts: CheckOptions): Promise<number> {
  const log = createLogger(opts.logLevel, opts.logFormat, opts.binary);
  const m = checkMessages(opts.lang ?? detectLang());
  const out = new Stdout(() => undefined);
  const human = (lines: string[]): void => {
    if (!opts.json) out.lines(lines);
  };
  // The first signal stops waiting and still closes every camera (GigE Vision control privilege would
  // otherwise stay taken until the heartbeat times out); a second one gives up on that.
  const interrupt = new AbortController();
  let signalName: InterruptSignal | undefined;
  const onSignal = (sig: InterruptSignal): void => {
    if (signalName !== undefined) process.exit(sig === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM);
    signalName = sig;
    log.warn({ signal: sig }, 'interrupted; closing cameras');
    interrupt.abort();
  };
  const restoreSignals = onInterrupt(onSignal);

  let opened: NativeOpenedCamera[] = [];
  let pool: CameraPool | undefined;
  // Start-up (discovery, opening, worker threads) gives way to a signal at once: see src/startup.ts.
  const started = performance.now();
  const stop = interrupt.signal;
  let seen: { backend: string; simulated: boolean; detected: number } | null = null;
  try {
    log.info({ backend: opts.sim !== undefined ? 'sim' : opts.backend }, 'looking for cameras');
    const resolved = await untilInterrupted(stop, 'discovery', () => resolveBackend({ backend: opts.backend, sim: opts.sim, libraryPath: opts.sdkLibrary, signal: stop }));
    const detected = resolved.devices;
    seen = { backend: resolved.driver.backend, simulated: resolved.rig !== null, detected: detected.length };
    const used = detected.slice(0, opts.max);
    log.info({ backend: resolved.driver.backend, detected: detected.length, used: used.length }, 'cameras found');
    human(cameraListLines(m, used));
    if (detected.length > used.length) {
      human([m.tooManyCameras(detected.length, used.length)]);
      log.warn({ detected: detected.length, used: used.length }, 'more cameras than --max');
    }
    if (used.length < 2) human([m.fewerThanTwo(used.length)]);

    // Cameras an abandoned open still hands back are closed as they arrive: GigE Vision control privilege must
    // not stay taken until the heartbeat times out.
    const closeLate = (late: NativeOpenedCamera[]): void => void Promise.all(late.map((c) => addon.closeCamera(c.handle).catch(() => false)));
    try {
      opened = await untilInterrupted(stop, 'opening', () => addon.openCameras(resolved.driver, used.map((d) => d.serial)), closeLate);
    } catch (e) {
      throw e instanceof StartupInterrupted ? e : toPtpcamError(e);
    }
    const inputs: SessionCameraInput[] = opened.map((c, index) => ({
      index,
      serial: c.serial,
      model: c.model,
      vendor: c.vendor,
      interface: c.interface,
      handle: c.handle,
    }));
    const runner = new CameraPool(Math.min(opened.length, MAX_POOL_THREADS), {
      onError: (e) => log.error({ err: e }, 'PTP worker thread failed'),
    });
    pool = runner;
    // Threads that are still starting would pick up enable tasks late and skew the cameras' enable times.
    const ready = await untilInterrupted(stop, 'workers', () => runner.warmup(WARMUP_TIMEOUT_MS).catch(() => false));
    if (!ready) log.warn('worker pool slow to start; enabling anyway');
    stopIfInterrupted(stop, 'workers');
    const host = resolved.rig ? new SimHostSource(resolved.rig.host) : new PmcHostSource({ uds: opts.uds, domain: opts.domain, transportSpecific: opts.transportSpecific });
    const timing = { timeoutS: opts.timeoutS, settleS: opts.settleS, pollMs: opts.pollMs, resetFaulty: opts.resetFaulty };
    // Live state while waiting, on a terminal only: a pipe or --json gets the report and nothing else.
    const progress = !opts.json && process.stdout.isTTY === true ? new CheckProgress(process.stdout) : null;
    const result = await runSession(inputs, timing, {
      runner,
      host,
      log,
      hostDelta: async (c) => (await runner.hostDelta(c.handle, HOST_DELTA_TRIES))?.deltaNs ?? null,
      interrupt: stop,
      warmedUp: true,
      events: {
        waiting: (t) => human(['', m.waiting(t)]),
        poll: (cams, leftMs) => progress?.update(cams, leftMs),
        reset: (c, o) => {
          progress?.clear();
          human([terminalSafe(m.resetDone(c.index, c.serial, o.error ? `${o.error.code}: ${m.error(o.error.code, o.error.message)}` : null))]);
        },
      },
    });
    progress?.clear();

    let exitCode = result.judgement.converged ? EXIT_OK : EXIT_THRESHOLD;
    if (result.interrupted) exitCode = signalName === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
    const hint: HintContext = {
      // "still Uncalibrated after N s" must not claim the full timeout for a run cut short.
      timeoutS: result.interrupted ? Math.round(result.elapsedMs / 100) / 10 : opts.timeoutS,
      resetFaulty: opts.resetFaulty,
      triedPaths: result.host.error?.triedPaths ?? [],
      hostErrorCode: result.host.error?.code ?? null,
      hostSimulated: result.host.source === 'sim',
      currentUtcOffset: result.host.currentUtcOffset,
    };
    log.info({ converged: result.judgement.converged, leader: result.judgement.leader, polls: result.polls, elapsedMs: result.elapsedMs }, 'check done');
    if (opts.json) {
      const doc = checkJsonDocument({
        backend: resolved.driver.backend,
        simulated: resolved.rig !== null,
        detected: detected.length,
        cameras: result.cameras,
        host: result.host,
        judgement: result.judgement,
        timedOut: result.timedOut,
        elapsedMs: result.elapsedMs,
        polls: result.polls,
        exitCode,
        options: { timeoutS: opts.timeoutS, settleS: opts.settleS, pollMs: opts.pollMs, resetFaulty: opts.resetFaulty, max: opts.max },
        hint,
      });
      out.lines([checkJsonText({ ...doc, used: opened.length, interrupted: result.interrupted ? (signalName ?? 'SIGINT') : null })]);
    } else {
      human(resultLines(m, { ...result, timeoutS: opts.timeoutS, hint, color: useColor() }));
      if (result.interrupted) human([m.interrupted(signalName ?? 'SIGINT')]);
    }
    return exitCode;
  } catch (e) {
    if (e instanceof StartupInterrupted) {
      const signal = signalName ?? 'SIGINT';
      const exitCode = signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
      log.info({ phase: e.phase }, 'interrupted during start-up');
      if (opts.json) {
        const doc = checkStartupInterruptedDocument({
          signal,
          phase: e.phase,
          exitCode,
          backend: seen?.backend ?? null,
          simulated: seen?.simulated ?? null,
          detected: seen?.detected ?? 0,
          used: opened.length,
          elapsedMs: Math.round(performance.now() - started),
          options: { timeoutS: opts.timeoutS, settleS: opts.settleS, pollMs: opts.pollMs, resetFaulty: opts.resetFaulty, max: opts.max },
        });
        out.lines([checkJsonText(doc)]);
      } else {
        human([...(seen !== null ? [''] : []), m.interruptedStartup(signal, e.phase)]);
      }
      return exitCode;
    }
    const err = toPtpcamError(e);
    // --json promises one document on stdout, so a fatal error is one too (stderr still gets its line).
    if (opts.json) out.lines([checkJsonText({ type: 'check', converged: false, exitCode: err.exitCode || EXIT_FATAL, error: { code: err.code, message: err.message } })]);
    throw err;
  } finally {
    // The pool first: no task may still be using a camera when it closes. The handlers stay until the cameras
    // are closed, so a signal during the teardown is the "second signal" above, not an abrupt default exit.
    // A camera that hangs keeps its task and its close inside the SDK until the SDK gives up (seconds): the
    // verdict is already out, so neither is waited for beyond TEARDOWN_WAIT_MS and the process ends without
    // them (src/cli/processEnd.ts).
    const drained = await pool?.destroy(TEARDOWN_WAIT_MS).catch((e: unknown) => {
      log.warn({ err: e }, 'pool destroy failed');
      return true;
    });
    // A camera still inside an SDK call now is the hanging one: its close is started, not waited for.
    const busy = opened.length > 0 ? new Set(addon.busyCameras().map((b) => b.serial)) : new Set<string>();
    const { stillClosing } = await closeRig(addon, opened, TEARDOWN_WAIT_MS, busy);
    if (drained === false || stillClosing.length > 0) {
      log.warn({ serials: stillClosing }, 'a camera is still inside an SDK call; ending without waiting for it');
    }
    restoreSignals();
  }
}
