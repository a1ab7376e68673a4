/**
 * `ptpcam timestat` (alias `chktimestat`): latch every camera's clock at the same instant, sample after
 * sample, and report how far each camera is from the others, with the tool's own uncertainty.
 */
import type { Argv } from 'yargs';

import { addon, type NativeOpenedCamera } from '../binding.js';
import { RunAnalyzer } from '../analysis/run-analyzer.js';
import type { RunSummary } from '../analysis/types.js';
import { BACKENDS, resolveBackend, selectSerials, type BackendName } from '../cameras/backend.js';
import { readPtpView, type CameraPtpView } from '../cameras/ptpView.js';
import { EXIT_FATAL, EXIT_OK, EXIT_SIGINT, EXIT_SIGTERM, PtpcamError, toPtpcamError } from '../errors.js';
import { startLatchRun, type LatchRun } from '../latch/LatchRun.js';
import { formatRunNotes, formatSample, formatStatistics, type HostPtpInfo } from '../report/human.js';
import { sampleJsonLine, summaryJsonLine, type RunEndReason } from '../report/jsonl.js';
import { JsonlFile, Stdout } from '../report/output.js';
import { Progress } from '../report/progress.js';
import { formatSuppressedNotice, shouldPrintSample } from '../report/sample-print-policy.js';
import { realHost, simulatedHost, type HostView } from './hostView.js';
import { createLogger, LOG_LEVELS, type LogLevel } from './logger.js';
import { parseIntOption, parseSerials, usage } from './options.js';
import { onInterrupt } from './signals.js';

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
  printSamples: number | undefined;
}

/** The seed's options and defaults, plus ours. */
export function timestatBuilder(y: Argv): Argv {
  return y
    .option('serials', { type: 'string', describe: 'comma-separated camera serials (default: every detected camera)' })
    .option('iface', { type: 'string', default: 'enp3s0', describe: 'network interface name, for logging only' })
    .option('samples', { type: 'string', default: '1', describe: 'number of samples' })
    .option('interval-ms', { type: 'string', default: '0', describe: 'interval between samples in ms' })
    .option('threshold-ns', { type: 'string', default: '100000000', describe: '|delta| threshold in ns vs. the median' })
    .option('timeout-s', { type: 'string', default: '60', describe: 'how long one camera may take to answer a latch, s' })
    .option('assume-realtime-ptp', { type: 'boolean', default: false, describe: 'also print each camera vs. host time' })
    .option('backend', { choices: BACKENDS, default: 'auto' as BackendName, describe: 'camera SDK' })
    .option('sim', { type: 'string', describe: 'simulated rig: a camera count or a rig JSON file' })
    .option('sdk-library', { type: 'string', describe: 'path of the SDK library to load (aravis/ic4)' })
    .option('uds', { type: 'string', describe: "ptp4l's management socket (default /var/run/ptp4l, then the read-only one)" })
    .option('domain', { type: 'string', describe: 'PTP domain number of ptp4l' })
    .option('strategy', { choices: ['parallel', 'sequential'] as const, default: 'parallel' as const, describe: 'latch all cameras at once, or one after another as the seed did' })
    .option('json', { type: 'boolean', default: false, describe: 'JSON lines on stdout: one per sample, then a summary' })
    .option('output', { type: 'string', describe: 'also write the JSON lines to this file' })
    .option('print-samples', { type: 'string', describe: 'print every sample of runs up to this many samples (default 100)' })
    .option('log-level', { choices: LOG_LEVELS, default: 'warn' as LogLevel, describe: 'pino log level (stderr)' });
}

export function timestatOptions(argv: Record<string, unknown>): TimestatOptions {
  const samples = parseIntOption('--samples', argv.samples, 1, 1e12);
  const intervalMs = Number(argv['interval-ms']);
  if (!Number.isFinite(intervalMs) || intervalMs < 0 || intervalMs > 3.6e6) usage('--interval-ms must be a number of ms from 0 to 3600000');
  const thresholdText = String(argv['threshold-ns']);
  if (!/^\d{1,18}$/.test(thresholdText)) usage(`--threshold-ns must be a whole, non-negative number of ns, got '${thresholdText}'`);
  const timeoutS = Number(argv['timeout-s']);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 86400) usage('--timeout-s must be a number of seconds above 0');
  const domain = argv.domain === undefined ? undefined : parseIntOption('--domain', argv.domain, 0, 255);
  const printSamples = argv['print-samples'] === undefined ? undefined : parseIntOption('--print-samples', argv['print-samples'], 0, 1e12);
  return {
    serials: argv.serials === undefined ? undefined : parseSerials(String(argv.serials)),
    iface: String(argv.iface),
    samples,
    intervalMs,
    thresholdNs: BigInt(thresholdText),
    timeoutS,
    assumeRealtimePtp: argv['assume-realtime-ptp'] === true,
    backend: argv.backend as BackendName,
    sim: argv.sim === undefined ? undefined : String(argv.sim),
    sdkLibrary: argv['sdk-library'] === undefined ? undefined : String(argv['sdk-library']),
    uds: argv.uds === undefined ? undefined : String(argv.uds),
    domain,
    strategy: argv.strategy === 'sequential' ? 'sequential' : 'parallel',
    json: argv.json === true,
    output: argv.output === undefined ? undefined : String(argv.output),
    logLevel: argv['log-level'] as LogLevel,
    printSamples,
  };
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
      : `${v.status}${v.servo ? `/${v.servo}` : ''}${v.offsetFromMasterNs !== null ? ` offsetFromMaster=${v.offsetFromMasterNs}ns` : ''}`;
  const lines = ['=== Camera PTP view (start -> end) ==='];
  serials.forEach((s, i) => lines.push(`serial=${s}, start=${fmt(before[i] ?? null)}, end=${fmt(after[i] ?? null)}`));
  return lines;
}

export async function runTimestat(opts: TimestatOptions): Promise<number> {
  const log = createLogger(opts.logLevel);
  let run: LatchRun | undefined;
  let interrupted: 'SIGINT' | 'SIGTERM' | undefined;
  const out = new Stdout(() => run?.stop());
  const onSignal = (sig: 'SIGINT' | 'SIGTERM'): void => {
    interrupted ??= sig;
    run?.stop();
  };
  const restoreSignals = onInterrupt(onSignal);

  let cameras: NativeOpenedCamera[] = [];
  let file: JsonlFile | undefined;
  let analyzer: RunAnalyzer | undefined;
  let extra: Record<string, unknown> = {};
  try {
    const resolved = await resolveBackend({ backend: opts.backend, sim: opts.sim, libraryPath: opts.sdkLibrary });
    const serials = selectSerials(resolved.devices, opts.serials);
    log.info({ backend: resolved.driver.backend, serials, iface: opts.iface }, 'cameras selected');

    const host: HostView = resolved.rig
      ? simulatedHost(resolved.rig)
      : await realHost({ uds: opts.uds, domain: opts.domain, timeoutMs: 2000 });
    if (!host.isGrandmaster) log.warn({ role: host.role }, 'host is not the PTP grandmaster');
    const hostInfo: HostPtpInfo = { role: host.role, gmClockId: host.gmClockId, simulated: host.simulated };
    extra = {
      backend: resolved.driver.backend,
      simulated: host.simulated,
      strategy: opts.strategy,
      iface: opts.iface,
      host: { role: host.role, clockId: host.clockId, gmClockId: host.gmClockId, simulated: host.simulated, socketPath: host.socketPath },
    };

    try {
      cameras = await addon.openCameras(resolved.driver, serials);
    } catch (e) {
      throw toPtpcamError(e);
    }
    await requireLatchFeatures(cameras);
    const viewsBefore = await readViews(cameras, opts.timeoutS * 1000);

    analyzer = new RunAnalyzer({ serials, thresholdNs: opts.thresholdNs, timescale: host.timescale });
    file = opts.output ? new JsonlFile(opts.output) : undefined;
    const progress = new Progress(opts.samples);
    const printLimit = opts.printSamples ?? 100;
    const suppressed = opts.samples > printLimit;
    let done = 0;

    if (!opts.json && host.simulated) out.lines([`# SIMULATED rig: ${serials.length} simulated cameras, no real camera or ptp4l is involved`]);

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
          if (!opts.json && shouldPrintSample(s.index, opts.samples, analysis.verdict, { limit: printLimit, head: 10 })) {
            human.push(...formatSample(analysis, hostInfo, { hostReference: opts.assumeRealtimePtp }));
            if (suppressed && s.index === 9) human.push(formatSuppressedNotice(10, opts.samples));
          }
        }
        done += samples.length;
        // stdout first: when the file fails (a full disk) the reader still gets every sample the summary counts.
        if (opts.json) out.lines(jsonLines);
        else out.lines(human);
        f?.write(jsonLines);
        progress.update(done);
      },
    );
    const result = await run.finished;
    progress.finish();
    // A camera that failed during the run would make the closing read wait out its SDK timeouts again.
    const summary = analyzer.summary();
    const failed = new Set(summary.cameras.filter((c) => c.errorCount > 0).map((c) => c.serial));
    const viewsAfter = await readViews(cameras, opts.timeoutS * 1000, failed);
    extra = { ...extra, cameraPtp: { start: viewJson(serials, viewsBefore), end: viewJson(serials, viewsAfter) } };

    let exitCode: number = summary.exitCode;
    let reason: RunEndReason = result.end === 'completed' ? 'completed' : 'interrupted';
    if (summary.errorsTotal > 0) exitCode = EXIT_FATAL;
    if (interrupted) {
      exitCode = interrupted === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
      reason = 'interrupted';
      extra = { ...extra, signal: interrupted };
    }
    if (out.isClosed) {
      // `| head`: the reader is gone; nobody is left to tell.
      file?.write([summaryJsonLine(summary, { reason: 'stdout-closed', exitCode: EXIT_OK, extra })]);
      return EXIT_OK;
    }
    const summaryLine = summaryJsonLine(summary, { reason, exitCode, extra });
    file?.write([summaryLine]);
    if (opts.json) {
      out.lines([summaryLine]);
    } else {
      const statsOpts = { hostReference: opts.assumeRealtimePtp };
      if (summary.samples > 1) out.lines(formatStatistics(summary, statsOpts));
      out.lines(formatRunNotes(summary, statsOpts));
      out.lines(cameraViewLines(serials, viewsBefore, viewsAfter));
      out.lines(closingLines(summary, exitCode, interrupted));
    }
    return exitCode;
  } catch (e) {
    const err = toPtpcamError(e);
    if (analyzer) {
      const line = summaryJsonLine(analyzer.summary(), { reason: 'error', exitCode: EXIT_FATAL, extra: { ...extra, error: { code: err.code, message: err.message } } });
      try {
        file?.write([line]);
      } catch {
        // The file itself failed (a full disk); its earlier lines are intact and the error below says why.
      }
      if (opts.json) out.lines([line]);
    }
    throw err;
  } finally {
    restoreSignals();
    file?.close();
    await Promise.all(cameras.map((c) => addon.closeCamera(c.handle).catch(() => false)));
  }
}

function closingLines(summary: RunSummary, exitCode: number, interrupted: string | undefined): string[] {
  if (interrupted) return [`Interrupted by ${interrupted} after ${summary.samples} samples`];
  if (exitCode === EXIT_FATAL) {
    const failed = summary.cameras.filter((c) => c.errorCount > 0).map((c) => `${c.serial} (${c.errors[0]?.code ?? 'error'}: ${c.errors[0]?.message ?? ''})`);
    return [`Camera errors: ${failed.join('; ')}`];
  }
  return [];
}
