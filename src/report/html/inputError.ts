import { EXIT_FATAL, errorFrom, type PtpcamError } from '../../errors.js';
import type { ErrorTemplate, Facts } from '../../i18n/errorTemplate.js';

/**
 * Input the report cannot use: not ptpcam JSON lines, an unknown schema, a broken line. One line, exit 1; the
 * sentences are REPORT's (src/i18n/errorText/report.ts).
 */
export function reportInputError<S extends string>(t: ErrorTemplate<S>, facts: Facts<S>): PtpcamError {
  return errorFrom(t, facts, { exitCode: EXIT_FATAL });
}
