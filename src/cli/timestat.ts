/**
 * `ptpcam timestat` (alias `chktimestat`): latch every camera's clock at the same instant, sample after
 * sample, and report how far each camera is from the others, with the tool's own uncertainty.
 */
import type { Argv } from 'yargs';

import { BACKENDS, type BackendName } from '../cameras/backend.js';
import { runTimestat, type TimestatOptions } from '../timestat/run.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { parseIntOption, parseSerials, usage } from './options.js';

export { runTimestat, type TimestatOptions };

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
    .option('print-samples', { type: 'string', describe: 'per-sample blocks to print (0: statistics only; default: all of runs up to 100 samples, else the first 10)' })
    .option('allow-no-host-ptp', { type: 'boolean', default: false, describe: "measure even when the host's ptp4l cannot be asked (the seed failed: Unable to determine stepsRemoved)" })
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
    allowNoHostPtp: argv['allow-no-host-ptp'] === true,
  };
}

