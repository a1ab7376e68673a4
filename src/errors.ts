/**
 * Every failure the user can see has a stable code. Native errors arrive with `code` and `sdkCode`
 * (src/native/napi_errors.cc); this file turns any of them into a PtpcamError with its exit code. What a code
 * means, in English and Japanese, lives in src/i18n/errorCodes.ts; the sentences in src/i18n/errorText/.
 */
import type { ErrorTemplate, Facts } from './i18n/errorTemplate.js';
import { renderEnglish } from './i18n/errorTemplate.js';
import { localizeError, type BuiltText } from './i18n/errors.js';
import { CAMERAS } from './i18n/errorText/cameras.js';
import type { Lang } from './i18n/locale.js';

export const EXIT_OK = 0;
export const EXIT_FATAL = 1;
export const EXIT_THRESHOLD = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

export interface PtpcamErrorOptions {
  sdkCode?: number;
  exitCode?: number;
  cause?: unknown;
  /** The template and facts `message` was written from, so it can be said in the user's language. */
  built?: BuiltText;
}

export class PtpcamError extends Error {
  readonly code: string;
  readonly sdkCode: number;
  readonly exitCode: number;
  readonly built: BuiltText | undefined;

  constructor(code: string, message: string, options: PtpcamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PtpcamError';
    this.code = code;
    this.sdkCode = options.sdkCode ?? 0;
    this.exitCode = options.exitCode ?? EXIT_FATAL;
    this.built = options.built;
  }
}

/** An error written from a template: the English message, and the facts that say it in Japanese. */
export function errorFrom<S extends string>(
  t: ErrorTemplate<S>,
  facts: Facts<S>,
  options: Omit<PtpcamErrorOptions, 'built'> & { code?: string } = {},
): PtpcamError {
  const { code, ...rest } = options;
  return new PtpcamError(code ?? t.codes[0] ?? 'ERR_INTERNAL', renderEnglish(t, facts), {
    ...rest,
    built: { template: t, facts: facts as Readonly<Record<string, string>> },
  });
}

function isNativeError(e: unknown): e is Error & { code: string; sdkCode?: number } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

/** Whatever was thrown, as a PtpcamError with a one-line message. */
export function toPtpcamError(e: unknown): PtpcamError {
  if (e instanceof PtpcamError) return e;
  if (isNativeError(e)) {
    const sdkCode = e.sdkCode ?? 0;
    if (e.code === 'ERR_CAMERA_ACCESS_DENIED') {
      if (/in use/.test(e.message)) return new PtpcamError('ERR_CAMERA_IN_USE', e.message, { sdkCode, cause: e });
      return errorFrom(CAMERAS.inUse, { reason: e.message }, { sdkCode, cause: e });
    }
    return new PtpcamError(e.code, e.message, { sdkCode, cause: e });
  }
  if (e instanceof Error) return new PtpcamError('ERR_INTERNAL', e.message, { cause: e });
  return new PtpcamError('ERR_INTERNAL', String(e));
}

/** One line, never a stack trace. */
export function oneLine(e: PtpcamError): string {
  return e.message.replace(/\s*\n\s*/g, ' ').trim();
}

/** The line the user is shown for `e`, in `lang` (JSON and logs keep `e.message`). */
export function userMessage(e: PtpcamError, lang: Lang): string {
  return localizeError(e.code, oneLine(e), lang, e.built).replace(/\s*\n\s*/g, ' ').trim();
}
