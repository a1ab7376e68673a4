/**
 * Every failure the user can see has a stable code. Native errors arrive with `code` and `sdkCode`
 * (src/native/napi_errors.cc); this file turns any of them into a PtpcamError with its exit code.
 */
export const EXIT_OK = 0;
export const EXIT_FATAL = 1;
export const EXIT_THRESHOLD = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

export class PtpcamError extends Error {
  readonly code: string;
  readonly sdkCode: number;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { sdkCode?: number; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PtpcamError';
    this.code = code;
    this.sdkCode = options.sdkCode ?? 0;
    this.exitCode = options.exitCode ?? EXIT_FATAL;
  }
}

function isNativeError(e: unknown): e is Error & { code: string; sdkCode?: number } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

/** Whatever was thrown, as a PtpcamError with a one-line message. */
export function toPtpcamError(e: unknown): PtpcamError {
  if (e instanceof PtpcamError) return e;
  if (isNativeError(e)) {
    const code = e.code === 'ERR_CAMERA_ACCESS_DENIED' ? 'ERR_CAMERA_IN_USE' : e.code;
    const message = e.code === 'ERR_CAMERA_ACCESS_DENIED' && !/in use/.test(e.message) ? `camera in use: ${e.message}` : e.message;
    return new PtpcamError(code, message, { sdkCode: e.sdkCode ?? 0, cause: e });
  }
  if (e instanceof Error) return new PtpcamError('ERR_INTERNAL', e.message, { cause: e });
  return new PtpcamError('ERR_INTERNAL', String(e));
}

/** One line, never a stack trace. */
export function oneLine(e: PtpcamError): string {
  return e.message.replace(/\s*\n\s*/g, ' ').trim();
}
