/**
 * Errors of the host-PTP module. Codes are stable strings (src/i18n/errorCodes.ts says what each means); the
 * sentences are HOST's (src/i18n/errorText/host.ts), so a message read back from a report is said in Japanese too.
 */
import { renderEnglish, type ErrorTemplate, type Facts } from '../i18n/errorTemplate.js';

// The codes live beside their meanings (src/i18n/errorCodes.ts), which every layer may import.
import { PMC_ERROR_CODES } from '../i18n/errorCodes.js';

export { PMC_ERROR_CODES };

export type PmcErrorCode = (typeof PMC_ERROR_CODES)[number];

export interface PmcErrorContext {
  /** The ptp4l socket the failure is about (the last one tried). */
  readonly socketPath?: string;
  /** Every socket path tried, in order. */
  readonly triedPaths?: readonly string[];
  readonly domain?: number;
  readonly transportSpecific?: number;
  readonly pmcPath?: string;
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  readonly stderr?: string;
  readonly stdout?: string;
  readonly elapsedMs?: number;
}

export class PmcError extends Error {
  readonly code: PmcErrorCode;
  readonly context: PmcErrorContext;

  constructor(code: PmcErrorCode, message: string, context: PmcErrorContext = {}) {
    super(message);
    this.name = 'PmcError';
    this.code = code;
    this.context = context;
  }
}

/** A PmcError in one of HOST's sentences; its code is the template's. */
export function pmcError<S extends string>(t: ErrorTemplate<S>, facts: Facts<S>, context: PmcErrorContext = {}): PmcError {
  return new PmcError(t.codes[0] as PmcErrorCode, renderEnglish(t, facts), context);
}

export function isPmcError(e: unknown): e is PmcError {
  return e instanceof PmcError;
}
