#!/usr/bin/env node
/**
 * ptpcam's entry point. Exit codes are part of the interface: 0 OK, 2 threshold exceeded / not converged,
 * 1 fatal, 130/143 interrupted. Errors print one line on stderr, never a stack trace.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';

import { EXIT_FATAL, PtpcamError, toPtpcamError, userMessage } from '../errors.js';
import { detectLang, type Lang } from '../i18n/locale.js';
import { USAGE } from '../i18n/errorText/usage.js';
import { terminalSafe } from '../report/terminalSafe.js';
import { checkBuilder, runCheck, checkOptions } from './check.js';
import { reportBuilder, reportOptions, runReport } from './report.js';
import { endProcess } from './processEnd.js';
import { installSignalHandlers } from '../runtime/signals.js';
import { runTimestat, timestatBuilder, timestatOptions } from './timestat.js';

export type CommandName = 'timestat' | 'check';

/** The name the user typed: errors say `chktimestat: …` when run as chktimestat. */
function binaryOf(only?: CommandName): string {
  return only === 'timestat' ? 'chktimestat' : only === 'check' ? 'ptp-sync-check' : 'ptpcam';
}

/** `--lang ja|en` where a command takes it (check), else the locale: fatal lines follow the report's language. */
function langOf(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.slice('--lang='.length) : argv[i + 1];
  return v === 'ja' || v === 'en' ? v : detectLang();
}

function fail(e: unknown, binary = 'ptpcam', lang: Lang = detectLang()): number {
  const err = toPtpcamError(e);
  process.stderr.write(`${binary}: ${terminalSafe(userMessage(err, lang))}\n`);
  if (process.env.PTPCAM_DEBUG_STACK) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
  return err.exitCode;
}

function packageVersion(): string {
  // dist/cli/main.js and src/cli/main.ts both sit two folders below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

function base(args: string[], scriptName: string): Argv {
  return yargs(args)
    .scriptName(scriptName)
    // A repeated option takes its last value, as most CLIs do; arrays would reach the option checks otherwise.
    .parserConfiguration({ 'duplicate-arguments-array': false })
    .strict()
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg: string | null, err: Error | undefined) => {
      // yargs' own complaints (a message, or a YError) are usage errors, worded in the locale yargs detected; ours
      // given to yargs (demandCommand) are read back by their template. Anything else a command threw passes on.
      if (err === undefined || err === null || err.name === 'YError') throw new PtpcamError('ERR_USAGE', err?.message ?? msg ?? '');
      throw err;
    });
}

/** Parses and runs; resolves to the process exit code. `only` pins one command (the seed-named aliases). */
export async function main(argv: string[], only?: CommandName): Promise<number> {
  installSignalHandlers();
  let exitCode = EXIT_FATAL;
  try {
    if (only === 'timestat') {
      const y = base(argv, 'chktimestat').usage('$0 [options]\n\nLatch every camera at the same instant and report clock deltas (ptpcam timestat).');
      const args = await timestatBuilder(y, '$0').parseAsync();
      return await runTimestat({ ...timestatOptions(args), binary: 'chktimestat' });
    }
    if (only === 'check') {
      const y = base(argv, 'ptp-sync-check').usage('$0 [options]\n\nEnable PTP on every camera, wait for convergence and judge the rig (ptpcam check).');
      const args = await checkBuilder(y, '$0').parseAsync();
      return await runCheck(checkOptions(args));
    }
    // `ptpcam help check` is `ptpcam check --help`.
    if (argv[0] === 'help') argv = argv[1] !== undefined ? [argv[1], '--help'] : ['--help'];
    await base(argv, 'ptpcam')
      .usage('$0 <command> [options]')
      .command('help [command]', 'show the help of a command', () => undefined, () => undefined)
      .command('timestat', 'latch every camera at the same instant and report clock deltas (alias chktimestat)', (y) => timestatBuilder(y), async (args) => {
        exitCode = await runTimestat(timestatOptions(args));
      })
      .command('check', 'enable PTP on every camera, wait for convergence and judge the rig (alias ptp-sync-check)', (y) => checkBuilder(y), async (args) => {
        exitCode = await runCheck(checkOptions(args));
      })
      .command('report <run>', 'write the self-contained HTML report of a timestat run from its JSON lines', reportBuilder, async (args) => {
        exitCode = await runReport(reportOptions(args));
      })
      .demandCommand(1, USAGE.command.en)
      .parseAsync();
    return exitCode;
  } catch (e) {
    return fail(e, binaryOf(only), langOf(argv));
  }
}

/** Runs main() and exits once stdout has drained (without waiting for an SDK call that is stuck: processEnd.ts). */
export function runAsProcess(only?: CommandName): void {
  const argv = hideBin(process.argv);
  main(argv, only).then(
    (code) => endProcess(code),
    (e: unknown) => endProcess(fail(e, binaryOf(only), langOf(argv))),
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
