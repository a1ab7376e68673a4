#!/usr/bin/env node
/**
 * ptpcam's entry point. Exit codes are part of the interface: 0 OK, 2 threshold exceeded / not converged,
 * 1 fatal, 130/143 interrupted. Errors print one line on stderr, never a stack trace.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';

import { EXIT_FATAL, oneLine, toPtpcamError } from '../errors.js';
import { checkBuilder, runCheck, checkOptions } from './check.js';
import { installSignalHandlers } from './signals.js';
import { runTimestat, timestatBuilder, timestatOptions } from './timestat.js';

export type CommandName = 'timestat' | 'check';

function fail(e: unknown): number {
  const err = toPtpcamError(e);
  process.stderr.write(`ptpcam: ${oneLine(err)}\n`);
  if (process.env.PTPCAM_DEBUG_STACK) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
  return err.exitCode;
}

function base(args: string[], scriptName: string): Argv {
  return yargs(args)
    .scriptName(scriptName)
    // A repeated option takes its last value, as most CLIs do; arrays would reach the option checks otherwise.
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .strict()
    .version(false)
    .help()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      throw err ?? toPtpcamError(Object.assign(new Error(msg), { code: 'ERR_USAGE' }));
    });
}

/** Parses and runs; resolves to the process exit code. `only` pins one command (the seed-named aliases). */
export async function main(argv: string[], only?: CommandName): Promise<number> {
  installSignalHandlers();
  let exitCode = EXIT_FATAL;
  try {
    if (only === 'timestat') {
      const args = await timestatBuilder(base(argv, 'chktimestat')).parseAsync();
      return await runTimestat(timestatOptions(args));
    }
    if (only === 'check') {
      const args = await checkBuilder(base(argv, 'ptp-sync-check')).parseAsync();
      return await runCheck(checkOptions(args));
    }
    await base(argv, 'ptpcam')
      .command('timestat', 'latch every camera at the same instant and report clock deltas (alias chktimestat)', timestatBuilder, async (args) => {
        exitCode = await runTimestat(timestatOptions(args));
      })
      .command('check', 'enable PTP on every camera, wait for convergence and judge the rig (alias ptp-sync-check)', checkBuilder, async (args) => {
        exitCode = await runCheck(checkOptions(args));
      })
      .demandCommand(1, 'name a command: timestat or check')
      .parseAsync();
    return exitCode;
  } catch (e) {
    return fail(e);
  }
}

/** Runs main() and exits once stdout has drained. */
export function runAsProcess(only?: CommandName): void {
  main(hideBin(process.argv), only).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = fail(e);
    },
  );
}

// npm's bin links (node_modules/.bin/ptpcam, npx, a global install) start this file through a symlink.
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (invokedDirectly()) runAsProcess();
