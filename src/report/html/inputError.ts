import { EXIT_FATAL, PtpcamError } from '../../errors.js';

/** Input the report cannot use: not ptpcam JSON lines, an unknown schema, a broken line. One line, exit 1. */
export function reportInputError(message: string): PtpcamError {
  return new PtpcamError('ERR_REPORT_INPUT', message, { exitCode: EXIT_FATAL });
}
