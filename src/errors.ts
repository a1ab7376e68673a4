/**
 * Every failure the user can see has a stable code. Native errors arrive with `code` and `sdkCode`
 * (src/native/napi_errors.cc); this file is where codes get their meaning and their exit code.
 */
import type { NativeErrorInfo } from './binding.js';

export const EXIT_OK = 0;
export const EXIT_FATAL = 1;
export const EXIT_THRESHOLD = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** Codes and what they mean to a lab engineer. */
export const ERROR_MEANINGS: Readonly<Record<string, string>> = {
  ERR_CAMERA_NOT_FOUND: 'no camera with that serial was found',
  ERR_CAMERA_TIMEOUT: 'the camera did not answer in time',
  ERR_CAMERA_ACCESS_DENIED: 'the camera is in use by another application (GigE Vision control privilege)',
  ERR_CAMERA_IN_USE: 'the camera is in use by another application (GigE Vision control privilege)',
  ERR_FEATURE_MISSING: 'the camera does not have that feature',
  ERR_FEATURE_TYPE: 'the camera feature has an unexpected type',
  ERR_SDK_MISSING: 'the camera SDK library is not installed',
  ERR_SDK: 'the camera SDK reported an error',
  ERR_CAMERA_CLOSED: 'the camera was closed',
  ERR_INVALID_ARGUMENT: 'invalid argument',
  ERR_USAGE: 'invalid command-line usage',
  ERR_RIG_FILE: 'the simulated rig file is invalid',
  ERR_NO_CAMERAS: 'no cameras were found',
  ERR_OUTPUT: 'the output could not be written',
};

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

export function fromNativeInfo(info: NativeErrorInfo): PtpcamError {
  return new PtpcamError(info.code, info.message, { sdkCode: info.sdkCode });
}

/** One line, never a stack trace. */
export function oneLine(e: PtpcamError): string {
  return e.message.replace(/\s*\n\s*/g, ' ').trim();
}
