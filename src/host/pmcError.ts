/**
 * Errors of the host-PTP module. Codes are stable strings (src/i18n/errorCodes.ts says what each means); the
 * sentences are HOST's (src/i18n/errorText/host.ts), so a message read back from a report is said in Japanese too.
 */
import { renderEnglish, type ErrorTemplate, type Facts } from '../i18n/errorTemplate.js';

export const PMC_ERROR_CODES = [
  'ERR_PMC_NOT_INSTALLED',
  'ERR_PTP4L_NOT_RUNNING',
  'ERR_PTP4L_STALE_SOCKET',
  'ERR_PTP4L_PERMISSION',
  'ERR_PMC_NO_ANSWER',
  'ERR_PTP4L_HUNG',
  'ERR_PMC_CLIENT_SOCKET',
  'ERR_PMC_UNPARSABLE',
  /** pmc exited non-zero for another reason (bad option, path > 108 bytes, killed by someone else). */
  'ERR_PMC_FAILED',
] as const;

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
