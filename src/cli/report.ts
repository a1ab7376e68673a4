/**
 * `ptpcam report RUN.jsonl [-o report.html] [--lang ja|en]`: the self-contained HTML report of a timestat run's
 * JSON lines. Parsing and the exit code only; the report itself is src/report/html/.
 */
import type { Argv } from 'yargs';

import { EXIT_OK } from '../errors.js';
import { USAGE } from '../i18n/errorText/usage.js';
import { detectLang, type Lang } from '../i18n/locale.js';
import { buildReportFromFile } from '../report/html/index.js';
import { usage } from './options.js';

export interface ReportOptions {
  input: string;
  output: string;
  lang: Lang;
}

export function reportBuilder(y: Argv): Argv {
  return y
    .positional('run', { type: 'string', describe: 'JSON lines of a timestat run (timestat --json or --output)' })
    .option('output', { alias: 'o', type: 'string', describe: 'the HTML file to write (default: the input with .html)' })
    .option('lang', { choices: ['ja', 'en'] as const, describe: 'report language (default: from the locale)' });
}

export function reportOptions(argv: Record<string, unknown>): ReportOptions {
  const input = argv.run;
  if (typeof input !== 'string' || input === '') usage(USAGE.reportInput, {});
  const output = argv.output === undefined ? `${input.replace(/\.jsonl?$/i, '')}.html` : String(argv.output);
  if (output === input) usage(USAGE.reportOverwrite, {});
  const lang = argv.lang === 'ja' || argv.lang === 'en' ? argv.lang : detectLang();
  return { input, output, lang };
}

export async function runReport(opts: ReportOptions): Promise<number> {
  const r = await buildReportFromFile(opts.input, opts.output, { lang: opts.lang });
  process.stdout.write(`report written to ${opts.output}${r.truncatedBytes > 0 ? ' (the input ends mid-line; see the note in the report)' : ''}\n`);
  return EXIT_OK;
}
