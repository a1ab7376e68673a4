/**
 * `ptpcam timestat` (alias `chktimestat`): latch every camera's clock at the same instant, sample after
 * sample, and report how far each camera is from the others, with the tool's own uncertainty.
 */
import type { Argv } from 'yargs';

import { DEFAULT_ACTION_SKEW_NS } from '../action/defaults.js';
import { USAGE } from '../i18n/errorText/usage.js';
import { runTimestat, type TimestatOptions } from '../timestat/run.js';
import { LOG_FORMATS, LOG_LEVELS, type LogLevel } from '../runtime/logger.js';
import { EXIT_CODES_HELP, numberOption, parseIntOption, parseSerials, rigAndHostOf, RIG_AND_HOST_OPTIONS, simConflicts, stringOption, usage } from './options.js';

export { runTimestat, type TimestatOptions };

function deviceKey(v: unknown): number {
  const text = String(v).trim();
  const n = /^0x[0-9a-f]{1,8}$/i.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 0xffff_ffff)) usage(USAGE.actionDeviceKey, { value: text });
  return n;
}

function actionSkew(v: unknown): bigint {
  const text = String(v ?? DEFAULT_ACTION_SKEW_NS);
  if (!/^\d{1,12}$/.test(text)) usage(USAGE.actionSkewNs, { value: text });
  return BigInt(text);
}

/** The seed's options and defaults, plus ours. */
/** `invocation`: how examples start (`$0 timestat`, or `$0` for the chktimestat alias). */
export function timestatBuilder(y: Argv, invocation = '$0 timestat'): Argv {
  return simConflicts(
    y
      .option('serials', stringOption('comma-separated camera serials [default: every detected camera]'))
      .option('iface', stringOption('network interface name, for logging only', 'enp3s0'))
      .option('samples', numberOption('number of samples', 1))
      .option('interval-ms', numberOption('interval between samples, ms', 0))
      .option('threshold-ns', numberOption('|delta| threshold vs. the median camera, whole ns (at most 2^53 - 1)', 100_000_000))
      .option('timeout-s', numberOption('how long one camera may take to answer a latch, s', 60))
      .option('assume-realtime-ptp', { type: 'boolean', default: false, describe: 'also print each camera vs. host time' })
      .options(RIG_AND_HOST_OPTIONS)
      .option('strategy', { choices: ['parallel', 'sequential'] as const, requiresArg: true, default: 'parallel' as const, describe: 'latch all cameras at once, or one after another as the seed did' })
      .option('realtime', {
        type: 'boolean',
        describe:
          'parallel latch: fire threads SCHED_FIFO, so a busy host cannot delay them (needs root or CAP_SYS_NICE, else normal scheduling) ' +
          '[default: on for real cameras, off for --sim; --no-realtime turns it off]',
      })
      .option('json', { type: 'boolean', default: false, describe: 'JSON lines on stdout: one per sample, then a summary' })
      .option('output', stringOption('also write the JSON lines to this file'))
      .option('print-samples', numberOption('per-sample blocks to print (0: statistics only) [default: all of runs up to 100 samples, else the first 10]'))
      .option('allow-no-host-ptp', { type: 'boolean', default: false, describe: "measure even when the host's ptp4l cannot be asked (the seed failed: Unable to determine stepsRemoved)" })
      .option('log-level', { choices: LOG_LEVELS, requiresArg: true, default: 'warn' as LogLevel, describe: 'log level (stderr)' })
      .option('log-format', { choices: LOG_FORMATS, requiresArg: true, describe: 'log lines on stderr: readable text, or JSON for machines [default: text; json with --json]' })
      .option('method', { choices: ['latch', 'action'] as const, requiresArg: true, default: 'latch' as const, describe: 'latch: TimestampLatch on each camera; action: one broadcast GigE Vision action command, frame timestamps compared' })
      .option('action-device-key', stringOption('action: the ActionDeviceKey to arm and send (decimal or 0x hex) [default: 0x50545043]'))
      .option('frame-timeout-ms', numberOption('action: how long a frame may take after the action before the camera is named ERR_FRAME_MISSED, ms', 1000))
      .option('html', stringOption('also write a self-contained HTML report of the run to this file'))
      .option('action-skew-ns', stringOption('action: how far apart two cameras may act on one broadcast (switch fan-out + trigger jitter), declared, ns', String(DEFAULT_ACTION_SKEW_NS)))
      .example(`${invocation} --sim 4 --samples 1000`, 'a simulated rig of 4 cameras, 1000 samples')
      .example(`${invocation} --samples 100 --interval-ms 100 --json --output run.jsonl`, 'real cameras; JSON lines to stdout and a file')
      .epilogue(EXIT_CODES_HELP),
  );
}

export function timestatOptions(argv: Record<string, unknown>): TimestatOptions {
  const samples = parseIntOption('--samples', argv.samples, 1, 1e12);
  const intervalMs = Number(argv['interval-ms']);
  if (!Number.isFinite(intervalMs) || intervalMs < 0 || intervalMs > 3.6e6) usage(USAGE.intervalMs, {});
  // A number beyond 2^53 would already have been rounded by the parser: refused rather than silently changed.
  const thresholdText = String(argv['threshold-ns']).trim();
  const threshold = typeof argv['threshold-ns'] === 'number' ? argv['threshold-ns'] : /^\d+$/.test(thresholdText) ? Number(thresholdText) : Number.NaN;
  if (!Number.isSafeInteger(threshold) || threshold < 0) {
    usage(USAGE.thresholdNs, { value: thresholdText });
  }
  const timeoutS = Number(argv['timeout-s']);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 86400) usage(USAGE.timeoutS, {});
  const rigAndHost = rigAndHostOf(argv);
  const printSamples = argv['print-samples'] === undefined ? undefined : parseIntOption('--print-samples', argv['print-samples'], 0, 1e12);
  return {
    serials: argv.serials === undefined ? undefined : parseSerials(String(argv.serials)),
    iface: String(argv.iface),
    samples,
    intervalMs,
    thresholdNs: BigInt(threshold),
    timeoutS,
    assumeRealtimePtp: argv['assume-realtime-ptp'] === true,
    ...rigAndHost,
    strategy: argv.strategy === 'sequential' ? 'sequential' : 'parallel',
    realtime: typeof argv.realtime === 'boolean' ? argv.realtime : undefined,
    json: argv.json === true,
    output: argv.output === undefined ? undefined : String(argv.output),
    logLevel: argv['log-level'] as LogLevel,
    printSamples,
    allowNoHostPtp: argv['allow-no-host-ptp'] === true,
    method: argv.method === 'action' ? 'action' : 'latch',
    logFormat: argv['log-format'] === 'json' || (argv['log-format'] === undefined && argv.json === true) ? 'json' : 'text',
    html: argv.html === undefined ? undefined : String(argv.html),
    actionDeviceKey: argv['action-device-key'] === undefined ? undefined : deviceKey(argv['action-device-key']),
    frameTimeoutMs: parseIntOption('--frame-timeout-ms', argv['frame-timeout-ms'] ?? 1000, 1, 3_600_000),
    actionSkewNs: actionSkew(argv['action-skew-ns']),
  };
}

