/**
 * The one place where a timestat run's ending becomes its verdict and exit code. The `Overall:` line, the JSON
 * summary's `verdict`/`exitCode`/`reason` and the process's exit status are all read from one Outcome, so they
 * cannot disagree (before this, a camera that stopped answering printed `Overall: OK (exit 0)` and exited 1).
 */
import type { OverallVerdict, RunSummary } from './types.js';
import { EXIT_FATAL, EXIT_OK, EXIT_SIGINT, EXIT_SIGTERM } from '../errors.js';

export type RunEndReason = 'completed' | 'error' | 'interrupted' | 'stdout-closed';

export interface Outcome {
  verdict: OverallVerdict | 'STDOUT_CLOSED';
  exitCode: number;
  reason: RunEndReason;
  /** One sentence: why this verdict (for ERROR and INTERRUPTED, also what the samples done say). */
  verdictReason: string;
}

export interface EndFacts {
  summary: RunSummary;
  samplesPlanned: number;
  signal?: 'SIGINT' | 'SIGTERM' | undefined;
  stdoutClosed?: boolean;
  /** A fatal error that ended the run (message already user-facing). */
  error?: { code: string; message: string } | undefined;
}

function measured(s: RunSummary): string {
  return s.samples === 0 ? 'no sample was taken' : `the ${s.samples} sample(s) taken say ${s.verdict}: ${s.verdictReason}`;
}

export function outcomeOf(f: EndFacts): Outcome {
  const s = f.summary;
  if (f.stdoutClosed) {
    // `| head`: the reader left; nobody is there to be told, and a pipeline's status is the reader's.
    return { verdict: 'STDOUT_CLOSED', exitCode: EXIT_OK, reason: 'stdout-closed', verdictReason: `stdout was closed after ${s.samples} sample(s)` };
  }
  if (f.signal) {
    return {
      verdict: 'INTERRUPTED',
      exitCode: f.signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM,
      reason: 'interrupted',
      verdictReason: `interrupted by ${f.signal} after ${s.samples} of ${f.samplesPlanned} samples; ${measured(s)}`,
    };
  }
  if (f.error) {
    return { verdict: 'ERROR', exitCode: EXIT_FATAL, reason: 'error', verdictReason: `${f.error.code}: ${f.error.message}; ${measured(s)}` };
  }
  if (s.errorsTotal > 0) {
    const failed = s.cameras
      .filter((c) => c.errorCount > 0)
      .map((c) => `${c.serial} failed in ${c.errorCount} sample(s) (${c.errors.map((e) => e.code).join(', ')})`);
    return {
      verdict: 'ERROR',
      exitCode: EXIT_FATAL,
      reason: 'completed',
      verdictReason: `a camera failed to answer: ${failed.join('; ')}; ${measured(s)}`,
    };
  }
  return { verdict: s.verdict, exitCode: s.exitCode, reason: 'completed', verdictReason: s.verdictReason };
}
