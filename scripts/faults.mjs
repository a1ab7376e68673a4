#!/usr/bin/env node
// `npm run faults`: runs the fault suite (test/faults/*.test.ts) with tap, then prints one table row per fault:
// fault, expected, observed, pass. Each test appends {id, observed, pass, notes} to $PTPCAM_FAULTS_RESULTS.
// The compiled CLI (dist/) and the addon must be built first (`npm run build`). Exit status: tap's.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = [
  ['camera-stops', 'camera stops answering at sample k (sim)', "its error from sample k on with its code; others keep sampling; summary names it; exit 1"],
  ['camera-killed', 'virtual GigE camera killed mid-run', "its error from sample k on with its code; others keep sampling; summary names it; exit 1 within 1 s of the last sample"],
  ['camera-slow', 'one camera slower than --timeout-s', 'ERR_CAMERA_TIMEOUT for it, within the timeout'],
  ['sigint', 'SIGINT in a 10^5-sample run', 'stops within 1 s, summary of samples done, exit 130'],
  ['sigterm', 'SIGTERM in a 10^5-sample run', 'stops within 1 s, summary of samples done, exit 143'],
  ['sigint-stuck', 'SIGINT while a camera hangs in a 6 s SDK call', 'ends within 1 s, every sample written, the camera named, exit 130'],
  ['stdout-closed', 'stdout closed early (| head -1)', 'exits quietly (EPIPE), no trace'],
  ['disk-full', '--output on a full disk (/dev/full)', 'clear error, exit 1, JSONL written so far valid'],
  ['file-size-limit', '--output past RLIMIT_FSIZE (ulimit -f)', 'clear error, exit 1, JSONL written so far valid'],
  ['ptp4l-stopped-timestat', 'ptp4l SIGSTOPped, timestat', 'pmc bounded by its timeout, "ptp4l not answering"'],
  ['ptp4l-stopped-check', 'ptp4l SIGSTOPped during check', 'pmc bounded by its timeout, "ptp4l not answering"'],
  ['ptp4l-killed-check', 'ptp4l killed during check', 'named, with the path'],
  ['ptp4l-stale-socket', 'stale socket (ptp4l killed), timestat', 'named, with the path'],
  ['ptp4l-permission', 'socket not writable for nobody', 'named, with the path'],
  ['ptp4l-wrong-domain', 'wrong domain', 'named, with the domain tried'],
  ['worker-throws', 'Piscina worker throws enabling a camera', 'that camera failed, the others go on'],
  ['worker-dies', 'Piscina worker dies enabling a camera', 'that camera failed, the others go on'],
  ['camera-in-use', 'second ptpcam on the same GigE camera', 'clear "camera in use" error, not a hang'],
  ['bad-rig-files', 'malformed rig files (fast-check)', 'exit 1, one line, never a trace'],
  ['bad-arguments', 'malformed argument lists (fast-check)', 'exit 1, one line, never a trace'],
  ['pmc-output-random', 'random/truncated pmc output (fast-check)', 'parser never throws; junk is not an answer'],
  ['pmc-output-client', 'random pmc output through PmcClient', 'unknown input reported as unparsable'],
  ['action-stops-streaming', 'action method: camera stops streaming mid-run', 'ERR_FRAME_MISSED names it from then on; others compared; restored; exit 1'],
  ['action-wrong-key', 'action method: camera ignores the action (wrong key)', 'ERR_FRAME_MISSED + "no ACTION_ACK" each sample; others compared; exit 1'],
  ['action-sigint', 'action method: SIGINT during acquisition', 'stops, every setting restored (read back), exit 130'],
  ['action-unsupported', 'action method: camera without action support', 'ERR_ACTION_UNSUPPORTED naming camera + feature, hint --method latch; nothing changed; exit 1'],
  ['action-camera-lost', 'action method: camera lost mid-run (process killed)', 'ERR_FRAME_MISSED names it; others compared and restored; restore error names it; exit 1'],
];

const resultsDir = mkdtempSync(join(tmpdir(), 'ptpcam-faults-results-'));
const resultsFile = join(resultsDir, 'rows.jsonl');
const files = readdirSync(join(root, 'test', 'faults'))
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => join('test', 'faults', f));

// One file at a time: several rows judge timing (stop within 1 s, timeout honoured) and the lab runs a node
// process per virtual camera; on a 2-core runner, parallel files make those rows flaky for little gain.
const child = spawn('npx', ['tap', '--reporter=tap', '--jobs=1', ...process.argv.slice(2), ...files], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, PTPCAM_FAULTS_RESULTS: resultsFile },
});
const forward = (sig) => () => child.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));

child.on('close', (code, signal) => {
  const got = new Map();
  try {
    for (const line of readFileSync(resultsFile, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line);
      // A row recorded twice (a retried test) keeps its worst outcome.
      const prev = got.get(r.id);
      if (!prev || prev.pass === true) got.set(r.id, r);
    }
  } catch {
    /* no rows: tap failed before any test ran */
  }
  rmSync(resultsDir, { recursive: true, force: true });

  const table = ROWS.map(([id, fault, expected]) => {
    const r = got.get(id);
    const verdict = !r ? 'NOT RUN' : r.pass === null ? 'SKIP' : r.pass ? (r.notes.length > 0 ? 'PASS*' : 'PASS') : 'FAIL';
    return { fault, expected, observed: r ? r.observed : 'no result recorded', pass: verdict, notes: r?.notes ?? [] };
  });
  const widths = { fault: 42, expected: 46, observed: 110, pass: 7 };
  const cell = (s, w) => {
    const t = String(s).replace(/\s+/g, ' ');
    return t.length > w ? t.slice(0, w - 1) + '…' : t.padEnd(w);
  };
  const line = (o) => `| ${cell(o.fault, widths.fault)} | ${cell(o.expected, widths.expected)} | ${cell(o.observed, widths.observed)} | ${cell(o.pass, widths.pass)} |`;
  const rule = `|${'-'.repeat(widths.fault + 2)}|${'-'.repeat(widths.expected + 2)}|${'-'.repeat(widths.observed + 2)}|${'-'.repeat(widths.pass + 2)}|`;
  console.log('\n# Fault suite');
  console.log(line({ fault: 'fault', expected: 'expected', observed: 'observed', pass: 'pass' }));
  console.log(rule);
  for (const r of table) console.log(line(r));
  const notes = table.filter((r) => r.notes.length > 0);
  if (notes.length > 0) {
    console.log('\nPASS* = the row passes, with a known product gap (a tap TODO assertion):');
    for (const r of notes) for (const n of r.notes) console.log(`- ${r.fault}: ${n}`);
  }
  const count = (v) => table.filter((r) => r.pass.startsWith(v)).length;
  console.log(`\n${count('PASS')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped, ${count('NOT RUN')} not run (of ${table.length} rows)`);
  const missing = count('NOT RUN');
  process.exit(code !== 0 ? code ?? 1 : signal ? 1 : missing > 0 && process.env.CI ? 1 : 0);
});
