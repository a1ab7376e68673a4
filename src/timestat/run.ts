/**
 * A timestat run: choose the cameras, check the host's PTP, latch every camera sample after sample, and report
 * each sample, the statistics, the run-level intervals, the rig's PTP state and one outcome (outcome.ts).
 * The CLI only parses options (src/cli/timestat.ts) and exits with what this returns.
 */
import type { NativeOpenedCamera } from '../binding.js';
import { RunAnalyzer } from '../analysis/runAnalyzer.js';
import type { RunSummary } from '../analysis/types.js';
import { selectSerials, type BackendName } from '../cameras/backend.js';
import { CameraApi, type CameraBinding } from '../cameras/cameraApi.js';
import { closeRig } from '../cameras/closeRig.js';
import { readPtpView, type CameraPtpView } from '../cameras/ptpView.js';
import { createLogger, type LogFormat, type LogLevel } from '../runtime/logger.js';
import type { HostPtp, SimulatedHost } from '../host/hostReport.js';
import { terminalSafeLines } from '../report/terminalSafe.js';
import { onInterrupt } from '../runtime/signals.js';
import { EXIT_SIGINT, EXIT_SIGTERM, PtpcamError, toPtpcamError } from '../errors.js';
import type { ActionSetup } from '../action/types.js';
import type { LatchRun } from '../latch/latchRun.js';
import { formatRunIntervals, formatRunNotes, formatSample, formatStatistics, type HostPtpInfo } from '../report/human.js';
import { HtmlReportWriter } from '../report/html/index.js';
import { errorJsonLine, sampleJsonLine, summaryJsonLine } from '../report/jsonl.js';
import { detectLang } from '../i18n/locale.js';
import { JsonlFile, Stdout } from '../report/output.js';
import { Progress } from '../report/progress.js';
import { formatSuppressedNotice, shouldPrintSample } from '../report/samplePrintPolicy.js';
import type { LatchSample } from '../latch/types.js';
import { StartupInterrupted, untilInterrupted, type StartupPhase } from '../startup.js';
import { nativeTimestatDeps, type TimestatDeps } from './deps.js';
import { outcomeOf, type Outcome } from '../analysis/runOutcome.js';
import { rigPtpWarnings, type HostPtpFacts, type RigPtpWarning } from './rigPtp.js';

export interface TimestatOptions {
  serials: string[] | undefined;
  iface: string;
  samples: number;
  intervalMs: number;
  thresholdNs: bigint;
  timeoutS: number;
  assumeRealtimePtp: boolean;
  backend: BackendName;
  sim: string | undefined;
  sdkLibrary: string | undefined;
  uds: string | undefined;
  domain: number | undefined;
  /** pmc -t (1 for gPTP/802.1AS configs). */
  transportSpecific: number | undefined;
  strategy: 'parallel' | 'sequential';
  /**
   * Parallel latch: SCHED_FIFO fire threads (src/native/core/realtime.h), refused without the privilege.
   * undefined: on for real cameras; off for the simulated rig, whose cameras spin inside the fire threads.
   */
  realtime: boolean | undefined;
  json: boolean;
  output: string | undefined;
  logLevel: LogLevel;
  /** Per-sample blocks to print; undefined: every sample of runs up to 100 samples, else the first 10. */
  printSamples: number | undefined;
  /** Measure even when the host's PTP cannot be read (the seed failed: "Unable to determine stepsRemoved"). */
  allowNoHostPtp: boolean;
  /** latch: TimestampLatch per camera (default); action: one broadcast ACTION_CMD, frame timestamps compared. */
  method: 'latch' | 'action';
  /** action: how far apart two cameras may act on one broadcast for reasons other than their clocks, ns. */
  actionSkewNs: bigint;
  /** The binary's own name, for log lines (`chktimestat` when run as chktimestat). */
  binary?: string;
  /** Log lines on stderr: readable text (human runs) or JSON (machines). */
  logFormat: LogFormat;
  /** Also write a self-contained HTML report of the run here (after SIGINT too, from the samples done). */
  html: string | undefined;
  /** action: the device key to arm and send (ActionDeviceKey is write-only, so a lab's own key cannot be read). */
  actionDeviceKey: number | undefined;
  /** action: how long every camera's frame may take after the action before it is named ERR_FRAME_MISSED, ms. */
  frameTimeoutMs: number;
}

/**
 * How long the end of a run waits for the cameras to close. A camera lost mid-run can keep its close waiting for
 * the SDK's timeouts and retries; the run ends within about a second of its last sample regardless.
 */
const CLOSE_WAIT_MS = 500;

async function requireLatchFeatures(binding: CameraBinding, cameras: NativeOpenedCamera[]): Promise<void> {
  for (const cam of cameras) {
    const r = await binding.cameraCall(cam.handle, [
      { op: 'has', name: 'TimestampLatch' },
      { op: 'has', name: 'TimestampLatchValue' },
    ]);
    const missing = ['TimestampLatch', 'TimestampLatchValue'].filter((_, i) => {
      const x = r[i];
      return !(x !== undefined && x.ok && x.value === true);
    });
    if (missing.length > 0) {
      throw new PtpcamError('ERR_FEATURE_MISSING', `TIMESTAMP_LATCH_VALUE unavailable: camera ${cam.serial} has no ${missing.join('/')}`);
    }
  }
}

/**
 * Each camera's own PTP view, given at most `timeoutMs`: the view is context, and a slow camera must not hold
 * up the run beyond the timeout the user set (its late answer is simply not shown).
 */
async function readViews(
  api: CameraApi,
  cameras: NativeOpenedCamera[],
  timeoutMs: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<(CameraPtpView | null)[]> {
  const within = (p: Promise<CameraPtpView>): Promise<CameraPtpView | null> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    return Promise.race([p.catch(() => null), late]).finally(() => clearTimeout(timer));
  };
  return Promise.all(cameras.map((c) => (skip.has(c.serial) ? null : within(readPtpView(c.handle, api)))));
}

function viewJson(serials: string[], views: (CameraPtpView | null)[]): Record<string, unknown>[] {
  return serials.map((serial, i) => {
    const v = views[i];
    return {
      serial,
      status: v?.status ?? null,
      servo: v?.servo ?? null,
      offsetFromMasterNs: v?.offsetFromMasterNs?.toString() ?? null,
      grandmasterClockId: v?.grandmasterClockId ?? null,
    };
  });
}

function cameraViewLines(serials: string[], before: (CameraPtpView | null)[], after: (CameraPtpView | null)[]): string[] {
  const fmt = (v: CameraPtpView | null): string =>
    v === null || v.status === null
      ? 'n/a'
      : `${v.status}${v.servo ? `/${v.servo}` : ''}${v.grandmasterClockId ? ` gm=${v.grandmasterClockId}` : ''}${v.offsetFromMasterNs !== null ? ` offsetFromMaster=${v.offsetFromMasterNs}ns` : ''}`;
  const lines = ['=== Camera PTP (start -> end) ==='];
  serials.forEach((s, i) => lines.push(`serial=${s}, start=${fmt(before[i] ?? null)}, end=${fmt(after[i] ?? null)}`));
  return lines;
}

function warningLines(w: readonly RigPtpWarning[]): string[] {
  return w.map((x) => `WARNING: PTP at ${x.when}: ${x.message}`);
}

/**
 * The host's PTP. The seed stopped when it could not read stepsRemoved (ptp4l absent or not answering, or a
 * simulated host without PTP); --allow-no-host-ptp measures anyway and says so.
 */
async function hostOf(deps: TimestatDeps, opts: TimestatOptions, rig: { host: SimulatedHost } | null): Promise<{ host: HostPtp; unavailable: string | null }> {
  const host = await deps.readHostPtp({ uds: opts.uds, domain: opts.domain, transportSpecific: opts.transportSpecific, timeoutMs: 2000, rig });
  const e = host.report.error;
  const why = e !== null ? e.message : host.simulated && host.judgement.mode === 'none' ? 'the simulated host runs no PTP (rig host.role none)' : null;
  if (why === null) return { host, unavailable: null };
  if (!opts.allowNoHostPtp) {
    throw new PtpcamError(e?.code ?? 'ERR_PTP4L_NOT_RUNNING', `Unable to determine stepsRemoved: ${why}; --allow-no-host-ptp measures anyway`);
  }
  return { host, unavailable: why };
}

export async function runTimestat(opts: TimestatOptions, deps: TimestatDeps = nativeTimestatDeps()): Promise<number> {
  const log = createLogger(opts.logLevel, opts.logFormat, opts.binary);
  const api = new CameraApi(deps.cameras);
  let run: LatchRun | undefined;
  let signal: 'SIGINT' | 'SIGTERM' | undefined;
  const out = new Stdout(() => run?.stop());
  // Human output carries strings cameras supply (serials, SDK errors): control characters are shown escaped.
  // JSON lines keep the exact strings (JSON escapes them).
  const say = (lines: readonly string[]): void => out.lines(terminalSafeLines(lines));
  // Start-up steps give way to a signal at once (src/startup.ts); a running measurement stops after its sample.
  const interrupt = new AbortController();
  const restoreSignals = onInterrupt((sig) => {
    signal ??= sig;
    interrupt.abort();
    run?.stop();
  });

  let cameras: NativeOpenedCamera[] = [];
  /** Serials still inside an SDK call when the run ended. */
  let busy: ReadonlySet<string> = new Set<string>();
  let action: ActionSetup | undefined;
  let file: JsonlFile | undefined;
  let analyzer: RunAnalyzer | undefined;
  let extra: Record<string, unknown> = {};
  // Error messages in the human report follow the locale; the report's field names are the seed's.
  const lang = detectLang();
  const html = opts.html !== undefined ? new HtmlReportWriter({ lang }) : undefined;
  /** Writes the closing summary everywhere it belongs and returns the exit code it states. */
  const finish = async (summary: RunSummary, outcome: Outcome, humanTail: () => string[]): Promise<number> => {
    const line = summaryJsonLine(summary, { outcome, extra });
    try {
      file?.write([line]);
    } catch (e) {
      // The file itself failed (a full disk): its earlier lines are intact; stdout still gets the verdict.
      log.error({ err: toPtpcamError(e).message }, 'could not write the summary to --output');
    }
    if (html !== undefined && opts.html !== undefined) {
      html.addLine(line);
      try {
        await html.writeTo(opts.html);
      } catch (e) {
        log.error({ err: toPtpcamError(e).message, path: opts.html }, 'could not write the HTML report');
      }
    }
    if (outcome.verdict === 'STDOUT_CLOSED') return outcome.exitCode;
    if (opts.json) out.lines([line]);
    else say(humanTail());
    return outcome.exitCode;
  };
  // A signal before the first sample ends the run there (start-up can take seconds: pmc, discovery, PTP views).
  const interrupted = (): PtpcamError =>
    new PtpcamError('ERR_INTERRUPTED', `interrupted by ${signal ?? 'SIGINT'} during start-up, before the first sample`, { exitCode: signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT });
  const stopIfSignalled = (): void => {
    if (signal) throw interrupted();
  };
  /** One start-up step, abandoned as soon as a signal arrives (what it hands back later goes to `onLate`). */
  const step = async <T>(phase: StartupPhase, start: () => Promise<T>, onLate?: (late: T) => void): Promise<T> => {
    try {
      return await untilInterrupted(interrupt.signal, phase, start, onLate);
    } catch (e) {
      if (e instanceof StartupInterrupted) throw interrupted();
      throw e;
    }
  };
  try {
    log.info({ backend: opts.sim !== undefined ? 'sim' : opts.backend }, 'looking for cameras');
    const resolved = await step('discovery', () =>
      deps.resolveBackend({ backend: opts.backend, sim: opts.sim, libraryPath: opts.sdkLibrary, signal: interrupt.signal }),
    );
    const serials = selectSerials(resolved.devices, opts.serials);
    log.info({ backend: resolved.driver.backend, serials, iface: opts.iface }, 'cameras selected');
    if (serials.length < 2) log.warn({ serials }, 'only one camera: its delta to the median is 0 by definition');

    stopIfSignalled();
    const { host, unavailable } = await step('host-ptp', () => hostOf(deps, opts, resolved.rig ?? null));
    stopIfSignalled();
    const hostFacts: HostPtpFacts = { role: host.role, clockId: host.clockId, gmClockId: host.gmClockId, unavailable, simulated: host.simulated };
    const hostInfo: HostPtpInfo = { role: hostFacts.role, gmClockId: hostFacts.gmClockId ?? 'unknown', simulated: hostFacts.simulated };
    extra = {
      backend: resolved.driver.backend,
      simulated: hostFacts.simulated,
      method: opts.method,
      ...(opts.method === 'action' ? { actionSkewNs: opts.actionSkewNs.toString() } : { strategy: opts.strategy }),
      iface: opts.iface,
      host: { role: hostFacts.role, clockId: hostFacts.clockId, gmClockId: hostFacts.gmClockId, simulated: hostFacts.simulated, socketPath: host.socketPath, unavailable },
    };

    try {
      // Cameras an abandoned open still hands back are closed as they arrive.
      cameras = await step('opening', () => deps.openCameras(resolved.driver, serials), (late) => void closeRig(deps.cameras, late, CLOSE_WAIT_MS));
    } catch (e) {
      throw toPtpcamError(e);
    }
    stopIfSignalled();
    if (opts.method === 'latch') await requireLatchFeatures(deps.cameras, cameras);
    const viewsBefore = await step('ptp-views', () => readViews(api, cameras, opts.timeoutS * 1000));
    stopIfSignalled();
    const warnings: RigPtpWarning[] = [];
    if (host.judgement.mode !== 'grandmaster' && unavailable === null) {
      warnings.push({ when: 'start', code: 'host-unavailable', serials: [], message: `the host is not the PTP grandmaster (role ${hostFacts.role}, grandmaster ${hostFacts.gmClockId ?? 'unknown'}); the seed required stepsRemoved 0` });
    }
    if (unavailable !== null) warnings.push({ when: 'start', code: 'host-unavailable', serials: [], message: `host PTP unknown, measuring anyway (--allow-no-host-ptp): ${unavailable}` });
    warnings.push(...rigPtpWarnings(hostFacts, serials, viewsBefore, 'start'));

    const timescale = host.timescale;
    // Each camera acted within ±skew/2 of a common instant: pairs within ±skew (src/action/defaults.ts).
    const declaredHalfWidthNs = opts.method === 'action' ? (opts.actionSkewNs + 1n) / 2n : undefined;
    analyzer = new RunAnalyzer({ serials, thresholdNs: opts.thresholdNs, timescale, ...(declaredHalfWidthNs !== undefined ? { declaredHalfWidthNs } : {}) });
    if (opts.method === 'action') {
      // Armed last, right before the run: every setting it changes is put back in `finally`, however the run ends.
      action = await deps.prepareActionCameras(cameras, opts.actionDeviceKey !== undefined ? { keys: { deviceKey: opts.actionDeviceKey } } : {});
      stopIfSignalled();
    }
    file = opts.output ? new JsonlFile(opts.output) : undefined;
    const progress = new Progress(opts.samples);
    const printPolicy = opts.printSamples === undefined ? { limit: 100, head: 10 } : { limit: 0, head: opts.printSamples };
    const printsAll = opts.printSamples === undefined ? opts.samples <= 100 : opts.printSamples >= opts.samples;
    let done = 0;

    if (!opts.json && hostFacts.simulated) say([`# SIMULATED rig: ${serials.length} simulated cameras, no real camera or ptp4l is involved`]);

    const a = analyzer;
    const f = file;
    const onSamples = (samples: LatchSample[]): void => {
      const jsonLines: string[] = [];
      const human: string[] = [];
      for (const s of samples) {
        const analysis = a.add(s);
        if (opts.json || f) jsonLines.push(sampleJsonLine(analysis));
        html?.addAnalysis(analysis);
        if (!opts.json && shouldPrintSample(s.index, opts.samples, analysis.verdict, printPolicy)) {
          human.push(...formatSample(analysis, hostInfo, { hostReference: opts.assumeRealtimePtp, lang }));
        }
        if (!opts.json && !printsAll && printPolicy.head > 0 && s.index === printPolicy.head - 1) human.push(formatSuppressedNotice(printPolicy.head, opts.samples));
      }
      done += samples.length;
      // stdout first: when the file fails (a full disk) the reader still gets every sample the summary counts.
      if (opts.json) out.lines(jsonLines);
      else say(human);
      f?.write(jsonLines);
      progress.update(done);
    };
    const handles = cameras.map((c) => c.handle);
    const intervalNs = BigInt(Math.round(opts.intervalMs * 1e6));
    const timeoutNs = BigInt(Math.round(opts.timeoutS * 1e9));
    const actionRun =
      action !== undefined ? deps.startActionRun(handles, { samples: opts.samples, intervalNs, timeoutNs: BigInt(Math.round(opts.frameTimeoutMs * 1e6)), setup: action }, onSamples) : undefined;
    run =
      actionRun ??
      deps.startLatchRun(handles, { strategy: opts.strategy, samples: opts.samples, intervalNs, timeoutNs, batchSize: 256, realtime: opts.realtime ?? !hostFacts.simulated }, onSamples);
    const ended = await run.finished;
    progress.finish();
    // A stream whose settings the driver could not put back leaves that camera changed: the operator must know.
    const streamsNotRestored = actionRun === undefined ? [] : (await actionRun.finished).stopErrors.flatMap((e, i) => (e === null ? [] : [{ serial: serials[i]!, error: e }]));
    for (const { serial, error } of streamsNotRestored) log.error({ serial, code: error.code, err: error.message }, 'camera stream settings not restored');
    // Cameras whose thread is still inside an SDK call (hung, or lost with a long SDK timeout): named here, not
    // waited for; their calls end with the SDK's own timeout, or with the process.
    busy = new Set(ended.busyCameras.map((i) => serials[i]!));
    if (ended.realtimeRefused !== undefined) {
      // Asked for: a warning. By default: the run is as good as it can be without the privilege, so only a note.
      const level = opts.realtime === true ? 'warn' : 'info';
      log[level]({ reason: ended.realtimeRefused }, 'real-time scheduling refused (needs root or CAP_SYS_NICE): the fire threads ran with normal scheduling');
    }
    if (ended.gateCapped > 0) {
      log.info({ samples: ended.gateCapped }, 'a CPU was held over 1 ms at the release of some samples: their cameras fired without waiting for it, so their fire spread includes the hold');
    }
    if (busy.size > 0) log.warn({ serials: [...busy] }, 'still inside an SDK call when the run ended; not waiting for it');
    // Put back what arming changed before reading the cameras' PTP views: the streams have stopped by now.
    if (action !== undefined) await action.restore();
    const summary = analyzer.summary();
    // A camera that failed during the run would make the closing read wait out its SDK timeouts again.
    const failed = new Set([...busy, ...summary.cameras.filter((c) => c.errorCount > 0).map((c) => c.serial)]);
    const viewsAfter = signal ? serials.map(() => null) : await readViews(api, cameras, opts.timeoutS * 1000, failed);
    if (!signal) warnings.push(...rigPtpWarnings(hostFacts, serials, viewsAfter, 'end'));
    extra = {
      ...extra,
      ...(opts.method === 'latch' && opts.strategy === 'parallel' ? { realtime: ended.realtime } : {}),
      ...(signal ? { signal } : {}),
      cameraPtp: { start: viewJson(serials, viewsBefore), end: viewJson(serials, viewsAfter) },
      ptpWarnings: warnings.map((w) => `${w.when}: ${w.message}`),
      ...(streamsNotRestored.length > 0 ? { streamsNotRestored: streamsNotRestored.map(({ serial, error }) => ({ serial, code: error.code, message: error.message })) } : {}),
    };
    const outcome = outcomeOf({ summary, samplesPlanned: opts.samples, signal, stdoutClosed: out.isClosed });
    return await finish(summary, outcome, () => {
      const statsOpts = { hostReference: opts.assumeRealtimePtp, lang };
      const lines: string[] = [];
      if (summary.samples > 1) lines.push(...formatStatistics(summary, statsOpts));
      lines.push(...formatRunIntervals(summary, opts.method === 'action' ? { actionSkewNs: opts.actionSkewNs } : {}));
      lines.push(...cameraViewLines(serials, viewsBefore, viewsAfter));
      lines.push(...warningLines(warnings));
      lines.push(...formatRunNotes(summary, statsOpts, outcome));
      return lines;
    });
  } catch (e) {
    const err = toPtpcamError(e);
    const error = { code: err.code, message: err.message };
    if (analyzer) {
      const summary = analyzer.summary();
      const outcome = outcomeOf({ summary, samplesPlanned: opts.samples, signal, error, stdoutClosed: out.isClosed });
      extra = { ...extra, error };
      await finish(summary, outcome, () => formatRunNotes(summary, { hostReference: opts.assumeRealtimePtp, lang }, outcome));
    } else if (opts.json) {
      // A signal during start-up is an interruption, not an error: the document says what the exit code says.
      const ending = err.code === 'ERR_INTERRUPTED' ? ({ verdict: 'INTERRUPTED', reason: 'interrupted' } as const) : undefined;
      out.lines([errorJsonLine(error, err.exitCode, extra, ending)]);
    }
    throw err;
  } finally {
    restoreSignals();
    file?.close();
    // Idempotent: after a clean run this returns the first call's result; after an error it restores now.
    if (action !== undefined) await action.restore().catch((e: unknown) => log.error({ err: toPtpcamError(e).message }, 'camera settings not restored'));
    const { stillClosing } = await closeRig(deps.cameras, cameras, CLOSE_WAIT_MS, busy);
    const late = stillClosing.filter((s) => !busy.has(s));
    if (late.length > 0) log.warn({ serials: late, waitedMs: CLOSE_WAIT_MS }, 'camera not closed yet (its SDK call has not returned); ending without waiting for it');
  }
}
