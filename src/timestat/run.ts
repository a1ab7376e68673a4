/**
 * A timestat run: choose the cameras, check the host's PTP, latch every camera sample after sample, and report
 * each sample, the statistics, the run-level intervals, the rig's PTP state and one outcome (outcome.ts).
 * The CLI only parses options (src/cli/timestat.ts) and exits with what this returns.
 */
import { addon, type NativeOpenedCamera } from '../binding.js';
import { RunAnalyzer } from '../analysis/run-analyzer.js';
import type { RunSummary } from '../analysis/types.js';
import { resolveBackend, selectSerials, type BackendName } from '../cameras/backend.js';
import { readPtpView, type CameraPtpView } from '../cameras/ptpView.js';
import { createLogger, type LogLevel } from '../cli/logger.js';
import { realHost, simulatedHost, type HostView } from '../cli/hostView.js';
import { onInterrupt } from '../cli/signals.js';
import { EXIT_SIGINT, EXIT_SIGTERM, PtpcamError, toPtpcamError } from '../errors.js';
import { startLatchRun, type LatchRun } from '../latch/LatchRun.js';
import { formatRunIntervals, formatRunNotes, formatSample, formatStatistics, type HostPtpInfo } from '../report/human.js';
import { errorJsonLine, sampleJsonLine, summaryJsonLine } from '../report/jsonl.js';
import { JsonlFile, Stdout } from '../report/output.js';
import { Progress } from '../report/progress.js';
import { formatSuppressedNotice, shouldPrintSample } from '../report/sample-print-policy.js';
import { outcomeOf, type Outcome } from './outcome.js';
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
  strategy: 'parallel' | 'sequential';
  json: boolean;
  output: string | undefined;
  logLevel: LogLevel;
  /** Per-sample blocks to print; undefined: every sample of runs up to 100 samples, else the first 10. */
  printSamples: number | undefined;
  /** Measure even when the host's PTP cannot be read (the seed failed: "Unable to determine stepsRemoved"). */
  allowNoHostPtp: boolean;
}

async function requireLatchFeatures(cameras: NativeOpenedCamera[]): Promise<void> {
  for (const cam of cameras) {
    const r = await addon.cameraCall(cam.handle, [
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
  cameras: NativeOpenedCamera[],
  timeoutMs: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<(CameraPtpView | null)[]> {
  const within = (p: Promise<CameraPtpView>): Promise<CameraPtpView | null> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    return Promise.race([p.catch(() => null), late]).finally(() => clearTimeout(timer));
  };
  return Promise.all(cameras.map((c) => (skip.has(c.serial) ? null : within(readPtpView(c.handle)))));
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

/** The host's PTP, or — with --allow-no-host-ptp — a note that it could not be read. */
async function hostOf(opts: TimestatOptions, rig: Parameters<typeof simulatedHost>[0] | null): Promise<{ view: HostView | null; unavailable: string | null }> {
  if (rig) {
    const view = simulatedHost(rig);
    if (rig.host.role !== 'none') return { view, unavailable: null };
    const why = 'the simulated host runs no PTP (rig host.role none)';
    if (!opts.allowNoHostPtp) throw new PtpcamError('ERR_PTP4L_NOT_RUNNING', `Unable to determine stepsRemoved: ${why}; --allow-no-host-ptp measures anyway`);
    return { view, unavailable: why };
  }
  try {
    return { view: await realHost({ uds: opts.uds, domain: opts.domain, timeoutMs: 2000 }), unavailable: null };
  } catch (e) {
    const err = toPtpcamError(e);
    if (!opts.allowNoHostPtp) {
      throw new PtpcamError(err.code, `Unable to determine stepsRemoved: ${err.message}; --allow-no-host-ptp measures anyway`, { cause: err });
    }
    return { view: null, unavailable: err.message };
  }
}

export async function runTimestat(opts: TimestatOptions): Promise<number> {
  const log = createLogger(opts.logLevel);
  let run: LatchRun | undefined;
  let signal: 'SIGINT' | 'SIGTERM' | undefined;
  const out = new Stdout(() => run?.stop());
  const restoreSignals = onInterrupt((sig) => {
    signal ??= sig;
    run?.stop();
  });

  let cameras: NativeOpenedCamera[] = [];
  let file: JsonlFile | undefined;
  let analyzer: RunAnalyzer | undefined;
  let extra: Record<string, unknown> = {};
  /** Writes the closing summary everywhere it belongs and returns the exit code it states. */
  const finish = (summary: RunSummary, outcome: Outcome, humanTail: () => string[]): number => {
    const line = summaryJsonLine(summary, { outcome, extra });
    try {
      file?.write([line]);
    } catch (e) {
      // The file itself failed (a full disk): its earlier lines are intact; stdout still gets the verdict.
      log.error({ err: toPtpcamError(e).message }, 'could not write the summary to --output');
    }
    if (outcome.verdict === 'STDOUT_CLOSED') return outcome.exitCode;
    if (opts.json) out.lines([line]);
    else out.lines(humanTail());
    return outcome.exitCode;
  };
  // A signal before the first sample ends the run there (start-up can take seconds: pmc, discovery, PTP views).
  const stopIfSignalled = (): void => {
    if (signal) throw new PtpcamError('ERR_INTERRUPTED', `interrupted by ${signal} during start-up, before the first sample`, { exitCode: signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM });
  };
  try {
    const resolved = await resolveBackend({ backend: opts.backend, sim: opts.sim, libraryPath: opts.sdkLibrary });
    const serials = selectSerials(resolved.devices, opts.serials);
    log.info({ backend: resolved.driver.backend, serials, iface: opts.iface }, 'cameras selected');
    if (serials.length < 2) log.warn({ serials }, 'only one camera: its delta to the median is 0 by definition');

    stopIfSignalled();
    const { view: host, unavailable } = await hostOf(opts, resolved.rig ?? null);
    stopIfSignalled();
    const hostFacts: HostPtpFacts = {
      role: host?.role ?? 'Unknown',
      clockId: host?.clockId ?? null,
      gmClockId: host?.gmClockId ?? null,
      unavailable,
      simulated: host?.simulated ?? resolved.rig !== undefined,
    };
    const hostInfo: HostPtpInfo = { role: hostFacts.role, gmClockId: hostFacts.gmClockId ?? 'unknown', simulated: hostFacts.simulated };
    extra = {
      backend: resolved.driver.backend,
      simulated: hostFacts.simulated,
      method: 'latch',
      strategy: opts.strategy,
      iface: opts.iface,
      host: { role: hostFacts.role, clockId: hostFacts.clockId, gmClockId: hostFacts.gmClockId, simulated: hostFacts.simulated, socketPath: host?.socketPath ?? null, unavailable },
    };

    try {
      cameras = await addon.openCameras(resolved.driver, serials);
    } catch (e) {
      throw toPtpcamError(e);
    }
    stopIfSignalled();
    await requireLatchFeatures(cameras);
    const viewsBefore = await readViews(cameras, opts.timeoutS * 1000);
    stopIfSignalled();
    const warnings: RigPtpWarning[] = [];
    if (host !== null && !host.isGrandmaster && unavailable === null) {
      warnings.push({ when: 'start', code: 'host-unavailable', serials: [], message: `the host is not the PTP grandmaster (role ${hostFacts.role}, grandmaster ${hostFacts.gmClockId ?? 'unknown'}); the seed required stepsRemoved 0` });
    }
    if (unavailable !== null) warnings.push({ when: 'start', code: 'host-unavailable', serials: [], message: `host PTP unknown, measuring anyway (--allow-no-host-ptp): ${unavailable}` });
    warnings.push(...rigPtpWarnings(hostFacts, serials, viewsBefore, 'start'));

    const timescale = host?.timescale ?? { ptpTimescale: false, currentUtcOffsetS: 37, source: 'assumed' as const };
    analyzer = new RunAnalyzer({ serials, thresholdNs: opts.thresholdNs, timescale });
    file = opts.output ? new JsonlFile(opts.output) : undefined;
    const progress = new Progress(opts.samples);
    const printPolicy = opts.printSamples === undefined ? { limit: 100, head: 10 } : { limit: 0, head: opts.printSamples };
    const printsAll = opts.printSamples === undefined ? opts.samples <= 100 : opts.printSamples >= opts.samples;
    let done = 0;

    if (!opts.json && hostFacts.simulated) out.lines([`# SIMULATED rig: ${serials.length} simulated cameras, no real camera or ptp4l is involved`]);

    const a = analyzer;
    const f = file;
    run = startLatchRun(
      cameras.map((c) => c.handle),
      {
        strategy: opts.strategy,
        samples: opts.samples,
        intervalNs: BigInt(Math.round(opts.intervalMs * 1e6)),
        timeoutNs: BigInt(Math.round(opts.timeoutS * 1e9)),
        batchSize: 256,
      },
      (samples) => {
        const jsonLines: string[] = [];
        const human: string[] = [];
        for (const s of samples) {
          const analysis = a.add(s);
          if (opts.json || f) jsonLines.push(sampleJsonLine(analysis));
          if (!opts.json && shouldPrintSample(s.index, opts.samples, analysis.verdict, printPolicy)) {
            human.push(...formatSample(analysis, hostInfo, { hostReference: opts.assumeRealtimePtp }));
          }
          if (!opts.json && !printsAll && printPolicy.head > 0 && s.index === printPolicy.head - 1) human.push(formatSuppressedNotice(printPolicy.head, opts.samples));
        }
        done += samples.length;
        // stdout first: when the file fails (a full disk) the reader still gets every sample the summary counts.
        if (opts.json) out.lines(jsonLines);
        else out.lines(human);
        f?.write(jsonLines);
        progress.update(done);
      },
    );
    await run.finished;
    progress.finish();
    const summary = analyzer.summary();
    // A camera that failed during the run would make the closing read wait out its SDK timeouts again.
    const failed = new Set(summary.cameras.filter((c) => c.errorCount > 0).map((c) => c.serial));
    const viewsAfter = signal ? serials.map(() => null) : await readViews(cameras, opts.timeoutS * 1000, failed);
    if (!signal) warnings.push(...rigPtpWarnings(hostFacts, serials, viewsAfter, 'end'));
    extra = {
      ...extra,
      ...(signal ? { signal } : {}),
      cameraPtp: { start: viewJson(serials, viewsBefore), end: viewJson(serials, viewsAfter) },
      ptpWarnings: warnings.map((w) => `${w.when}: ${w.message}`),
    };
    const outcome = outcomeOf({ summary, samplesPlanned: opts.samples, signal, stdoutClosed: out.isClosed });
    return finish(summary, outcome, () => {
      const statsOpts = { hostReference: opts.assumeRealtimePtp };
      const lines: string[] = [];
      if (summary.samples > 1) lines.push(...formatStatistics(summary, statsOpts));
      lines.push(...formatRunIntervals(summary));
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
      finish(summary, outcome, () => formatRunNotes(summary, { hostReference: opts.assumeRealtimePtp }, outcome));
    } else if (opts.json) {
      out.lines([errorJsonLine(error, err.exitCode, extra)]);
    }
    throw err;
  } finally {
    restoreSignals();
    file?.close();
    await Promise.all(cameras.map((c) => addon.closeCamera(c.handle).catch(() => false)));
  }
}
