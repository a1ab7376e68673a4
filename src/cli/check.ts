/**
 * `ptpcam check` (alias `ptp-sync-check`): enable PTP on every camera through a worker pool, wait for the rig
 * to converge, and judge it together with the host's ptp4l. Exit 0 converged, 2 not converged, 1 fatal.
 */
import type { Argv, CommandModule } from 'yargs';

import { addon, type NativeOpenedCamera } from '../binding.js';
import { BACKENDS, resolveBackend, type BackendName } from '../cameras/backend.js';
import { PmcHostSource, SimHostSource } from '../check/host.js';
import { CameraPool, MAX_POOL_THREADS } from '../check/pool.js';
import { runSession, type SessionCameraInput } from '../check/session.js';
import { EXIT_FATAL, EXIT_OK, EXIT_SIGINT, EXIT_SIGTERM, EXIT_THRESHOLD, PtpcamError, toPtpcamError } from '../errors.js';
import { checkMessages, type HintContext } from '../i18n/check.js';
import { detectLang, type Lang } from '../i18n/locale.js';
import { cameraListLines, resultLines } from '../report/checkHuman.js';
import { checkJsonDocument } from '../report/checkJson.js';
import { Stdout } from '../report/output.js';
import { createLogger, LOG_LEVELS, type LogLevel } from './logger.js';
import { parseIntOption, usage } from './options.js';
import { onInterrupt, type InterruptSignal } from './signals.js';

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
  json: boolean;
  /** undefined: from LC_ALL / LC_MESSAGES / LANG. */
  lang: Lang | undefined;
  logLevel: LogLevel;
}

export const CHECK_DEFAULTS = { max: 8, timeoutS: 30, settleS: 2, pollMs: 500 } as const;

export function checkBuilder(y: Argv): Argv {
  return y
    .option('max', { type: 'string', default: String(CHECK_DEFAULTS.max), describe: 'use at most this many cameras (the first ones found)' })
    .option('timeout-s', { type: 'string', default: String(CHECK_DEFAULTS.timeoutS), describe: 'how long to wait for convergence, s' })
    .option('settle-s', { type: 'string', default: String(CHECK_DEFAULTS.settleS), describe: 'how long the converged state must hold, s' })
    .option('poll-ms', { type: 'string', default: String(CHECK_DEFAULTS.pollMs), describe: 'poll interval, ms' })
    .option('reset-faulty', { type: 'boolean', default: false, describe: 'toggle PTP off and on on Faulty cameras, then poll again' })
    .option('backend', { choices: BACKENDS, default: 'auto' as BackendName, describe: 'camera SDK (auto: IC4, then Aravis)' })
    .option('sim', { type: 'string', describe: 'simulated rig: a camera count or a rig JSON file' })
    .option('sdk-library', { type: 'string', describe: 'path of the SDK library to load (aravis/ic4)' })
    .option('uds', { type: 'string', describe: "ptp4l's management socket (default /var/run/ptp4l, then the read-only one)" })
    .option('domain', { type: 'string', describe: 'PTP domain number of ptp4l' })
    .option('json', { type: 'boolean', default: false, describe: 'one JSON document on stdout instead of the report' })
    .option('lang', { choices: ['ja', 'en'] as const, describe: 'report language (default: from LC_ALL/LC_MESSAGES/LANG)' })
    .option('log-level', { choices: LOG_LEVELS, default: 'warn' as LogLevel, describe: 'pino log level (stderr)' });
}

function positive(name: string, value: unknown, min: number, max: number): number {
  const n = Number(String(value).trim());
  if (String(value).trim() === '' || !Number.isFinite(n) || n < min || n > max) usage(`${name} must be a number from ${min} to ${max}, got '${String(value)}'`);
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
    backend: (argv.backend as BackendName | undefined) ?? 'auto',
    sim: argv.sim === undefined ? undefined : String(argv.sim),
    sdkLibrary: argv['sdk-library'] === undefined ? undefined : String(argv['sdk-library']),
    uds: argv.uds === undefined ? undefined : String(argv.uds),
    domain: argv.domain === undefined ? undefined : parseIntOption('--domain', argv.domain, 0, 255),
    json: argv.json === true,
    lang,
    logLevel: (argv['log-level'] as LogLevel | undefined) ?? 'warn',
  };
}

/** Enough tries that one of them is likely not to be held up by the OS scheduler. */
const HOST_DELTA_TRIES = 5;

function useColor(): boolean {
  return process.stdout.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
}

/** 64-bit values as decimal strings, whatever nests them. */
function jsonText(doc: Record<string, unknown>): string {
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export async function runCheck(opts: CheckOptions): Promise<number> {
  const log = createLogger(opts.logLevel);
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
  try {
    const resolved = await resolveBackend({ backend: opts.backend, sim: opts.sim, libraryPath: opts.sdkLibrary });
    const detected = resolved.devices;
    if (detected.length === 0) throw new PtpcamError('ERR_NO_CAMERAS', 'no cameras found');
    const used = detected.slice(0, opts.max);
    log.info({ backend: resolved.driver.backend, detected: detected.length, used: used.length }, 'cameras found');
    human(cameraListLines(m, used));
    if (detected.length > used.length) {
      human([m.tooManyCameras(detected.length, used.length)]);
      log.warn({ detected: detected.length, used: used.length }, 'more cameras than --max');
    }
    if (used.length < 2) human([m.fewerThanTwo(used.length)]);

    try {
      opened = await addon.openCameras(resolved.driver, used.map((d) => d.serial));
    } catch (e) {
      throw toPtpcamError(e);
    }
    const inputs: SessionCameraInput[] = opened.map((c, index) => ({
      index,
      serial: c.serial,
      model: c.model,
      vendor: c.vendor,
      interface: c.interface,
      handle: c.handle,
    }));
    pool = new CameraPool(Math.min(opened.length, MAX_POOL_THREADS), {
      onError: (e) => log.error({ err: e }, 'PTP worker thread failed'),
    });
    const host = resolved.rig ? new SimHostSource(resolved.rig.host) : new PmcHostSource({ uds: opts.uds, domain: opts.domain });
    const timing = { timeoutS: opts.timeoutS, settleS: opts.settleS, pollMs: opts.pollMs, resetFaulty: opts.resetFaulty };
    const runner = pool;
    const result = await runSession(inputs, timing, {
      runner,
      host,
      log,
      hostDelta: async (c) => (await runner.hostDelta(c.handle, HOST_DELTA_TRIES))?.deltaNs ?? null,
      interrupt: interrupt.signal,
      events: {
        waiting: (t) => human(['', m.waiting(t)]),
        reset: (c, o) => human([m.resetDone(c.index, c.serial, o.error ? `${o.error.code}: ${o.error.message}` : null)]),
      },
    });

    let exitCode = result.judgement.converged ? EXIT_OK : EXIT_THRESHOLD;
    if (result.interrupted) exitCode = signalName === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
    const hint: HintContext = {
      // "still Uncalibrated after N s" must not claim the full timeout for a run cut short.
      timeoutS: result.interrupted ? Math.round(result.elapsedMs / 100) / 10 : opts.timeoutS,
      resetFaulty: opts.resetFaulty,
      triedPaths: result.host.error?.triedPaths ?? [],
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
      out.lines([jsonText({ ...doc, used: opened.length, interrupted: result.interrupted ? (signalName ?? 'SIGINT') : null })]);
    } else {
      human(resultLines(m, { ...result, timeoutS: opts.timeoutS, hint, color: useColor() }));
      if (result.interrupted) human([m.interrupted(signalName ?? 'SIGINT')]);
    }
    return exitCode;
  } catch (e) {
    const err = toPtpcamError(e);
    // --json promises one document on stdout, so a fatal error is one too (stderr still gets its line).
    if (opts.json) out.lines([jsonText({ type: 'check', converged: false, exitCode: err.exitCode || EXIT_FATAL, error: { code: err.code, message: err.message } })]);
    throw err;
  } finally {
    // The pool first: no task may still be using a camera when it closes. The handlers stay until the cameras
    // are closed, so a signal during the teardown is the "second signal" above, not an abrupt default exit.
    await pool?.destroy().catch((e: unknown) => log.warn({ err: e }, 'pool destroy failed'));
    await Promise.all(opened.map((c) => addon.closeCamera(c.handle).catch(() => false)));
    restoreSignals();
  }
}

/** For a yargs entry that registers commands as modules. */
export const checkCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'check',
  aliases: ['ptp-sync-check'],
  describe: 'enable PTP on every camera, wait for convergence and judge the rig',
  builder: (y) => checkBuilder(y) as Argv<Record<string, unknown>>,
  handler: async (argv) => {
    process.exitCode = await runCheck(checkOptions(argv));
  },
};
