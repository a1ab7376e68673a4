/** Option checks shared by the commands: one clear line and exit 1 for anything a user can mistype. */
import type { Argv, Options } from 'yargs';

import { BACKENDS, type BackendName } from '../cameras/backend.js';
import { errorFrom } from '../errors.js';
import type { ErrorTemplate, Facts } from '../i18n/errorTemplate.js';
import { USAGE } from '../i18n/errorText/usage.js';

/**
 * A numeric option: typed as a number in help, its default shown, and an error when given without a value
 * (yargs would otherwise take the default silently).
 */
export function numberOption(describe: string, dflt?: number): Options {
  return { type: 'number', requiresArg: true, describe, ...(dflt !== undefined ? { default: dflt } : {}) };
}

/** A string option that must come with its value. */
export function stringOption(describe: string, dflt?: string): Options {
  return { type: 'string', requiresArg: true, describe, ...(dflt !== undefined ? { default: dflt } : {}) };
}

/** The exit codes both commands share, for every command's help. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 OK (in sync / within the threshold), 2 not converged / threshold exceeded, 1 fatal (SDK, pmc, bad input), ' +
  '130/143 interrupted by SIGINT/SIGTERM.';

/**
 * `--sim` runs the simulated rig and its host: a backend or a ptp4l socket given with it would be ignored, so it
 * is refused. (`backend` has no yargs default for this reason: yargs' conflicts() would count a default as given.)
 */
export function simConflicts(y: Argv): Argv {
  return y.conflicts('sim', ['backend', 'uds']);
}

/** Refuses the command line with one of USAGE's sentences (src/i18n/errorText/usage.ts). */
export function usage<S extends string>(t: ErrorTemplate<S>, facts: Facts<S>): never {
  throw errorFrom(t, facts);
}

export function parseIntOption(name: string, value: unknown, min: number, max: number): number {
  const text = String(value).trim();
  if (typeof value === 'number' && Number.isNaN(value)) usage(USAGE.wholeNumber, { option: name });
  if (!/^-?\d+$/.test(text)) usage(USAGE.wholeNumberGot, { option: name, value: String(value) });
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) usage(USAGE.between, { option: name, min: String(min), max: String(max), value: text });
  return n;
}

export function parseSerials(text: string): string[] {
  const serials = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (serials.length === 0) usage(USAGE.serialsEmpty, {});
  const dup = serials.find((s, i) => serials.indexOf(s) !== i);
  if (dup !== undefined) usage(USAGE.serialsTwice, { serial: dup });
  return serials;
}

/** The options both commands take to find their cameras and ask their ptp4l, in the order help shows them. */
export const RIG_AND_HOST_OPTIONS: Record<string, Options> = {
  backend: { choices: BACKENDS, requiresArg: true, describe: 'camera SDK (auto: IC4, then Aravis) [default: auto]' },
  sim: stringOption('simulated rig: a camera count or a rig JSON file (not with --backend/--uds)'),
  'sdk-library': stringOption('path of the SDK library to load (aravis/ic4)'),
  uds: stringOption("ptp4l's management socket [default: /var/run/ptp4l, then the read-only one]"),
  domain: numberOption('PTP domain number of ptp4l', 0),
  'transport-specific': numberOption("transportSpecific of ptp4l's management messages (pmc -t; 1 for gPTP/802.1AS configs)", 0),
};

export interface RigAndHost {
  backend: BackendName;
  sim: string | undefined;
  sdkLibrary: string | undefined;
  uds: string | undefined;
  domain: number | undefined;
  transportSpecific: number | undefined;
}

/** rigAndHostOptions' values, checked. */
export function rigAndHostOf(argv: Record<string, unknown>): RigAndHost {
  return {
    backend: (argv['backend'] as BackendName | undefined) ?? 'auto',
    sim: argv['sim'] === undefined ? undefined : String(argv['sim']),
    sdkLibrary: argv['sdk-library'] === undefined ? undefined : String(argv['sdk-library']),
    uds: argv['uds'] === undefined ? undefined : String(argv['uds']),
    domain: argv['domain'] === undefined ? undefined : parseIntOption('--domain', argv['domain'], 0, 255),
    transportSpecific: argv['transport-specific'] === undefined ? undefined : parseIntOption('--transport-specific', argv['transport-specific'], 0, 15),
  };
}
