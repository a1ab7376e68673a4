/**
 * A SIGINT/SIGTERM during start-up (here: a simulated rig whose discovery takes a minute) ends `check` and
 * `timestat` there: for check, with exit 130/143 and the interrupted report, rather than once discovery is over and every camera's
 * enable has been started and aborted. Timing is judged by events, never by the clock: the signal is sent once
 * the CLI logs that discovery began, and "cameras found" (logged when discovery ends) must never appear.
 */
import { spawn } from 'node:child_process';
import t from 'tap';

import { cliMain, repoRoot, runCli, tempDir, writeRig, type CliResult } from '../support/cli.js';
import { waitForLine } from '../support/waitForLine.js';

function env(lang = 'C.UTF-8'): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LANG: lang, NO_COLOR: '1' };
  delete e.LC_ALL;
  delete e.LC_MESSAGES;
  return e;
}

/** Runs `ptpcam <command> …`, sends `signal` once stderr shows start-up has begun, and resolves when it exits. */
function signalledAtStartup(command: 'check' | 'timestat', args: string[], signal: NodeJS.Signals, lang?: string): Promise<CliResult & { readyLine: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, command, ...args, '--log-level', 'info', '--log-format', 'text'], {
      cwd: repoRoot,
      env: env(lang),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8');
    // The line is read from a second consumer of stderr; the text is collected here too.
    child.stderr.on('data', (d: string) => (stderr += d));
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let readyLine = '';
    waitForLine(child, child.stderr, /INFO: looking for cameras/, 60_000, `${command} start-up`).then(
      (line) => {
        readyLine = line;
        child.kill(signal);
      },
      (e: unknown) => {
        child.kill('SIGKILL');
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
    child.on('close', (code, sig) => {
      clearTimeout(hardStop);
      resolve({ code, signal: sig, stdout, stderr, readyLine });
    });
  });
}

/** Discovery of this rig takes a minute; its cameras would converge in a fraction of a second after that. */
function slowDiscoveryRig(dir: string, discoveryMs: number): string {
  return writeRig(dir, `rig-${discoveryMs}.json`, {
    discoveryMs,
    cameras: [
      { serial: 'ST1', ptpEnabled: false, listeningMs: 50, uncalibratedMs: 50 },
      { serial: 'ST2', ptpEnabled: false, listeningMs: 50, uncalibratedMs: 50 },
    ],
  });
}

const FAST = ['--timeout-s', '5', '--settle-s', '0.2', '--poll-ms', '100'];

t.test('the marker events: without a signal, discovery ends ("cameras found") and the rig is judged', async (t) => {
  const rig = slowDiscoveryRig(tempDir(t, 'ptpcam-startup-'), 200);
  const r = await runCli(['check', '--sim', rig, ...FAST, '--log-level', 'info'], { baseEnv: env() });
  t.equal(r.code, 0, r.stderr);
  const begun = r.stderr.indexOf('INFO: looking for cameras');
  const found = r.stderr.indexOf('INFO: cameras found');
  t.ok(begun >= 0 && found > begun, 'discovery is logged as begun, then as done');
  t.match(r.stdout, '✅ PTP sync OK');
});

t.test('SIGINT during discovery: exit 130 at once, the interrupted line, nothing enabled', async (t) => {
  const rig = slowDiscoveryRig(tempDir(t, 'ptpcam-startup-'), 60_000);
  const r = await signalledAtStartup('check', ['--sim', rig, ...FAST], 'SIGINT');
  t.equal(r.code, 130, r.stderr);
  t.equal(r.stdout, "Interrupted by SIGINT during start-up (discovering cameras): no camera's PTP was enabled or read, so there is no verdict\n");
  t.notMatch(r.stderr, /cameras found/, 'it ended before discovery did');
  t.notMatch(r.stderr, /PTP enable|ERR_INTERRUPTED/, 'no camera was enabled, so no enable was aborted');
  t.match(r.stderr, /INFO: interrupted during start-up phase=discovery/);
  t.notMatch(r.stderr, /^ptpcam: /m, 'an interruption, not a fatal error line');
});

t.test('SIGTERM during discovery with --json: one document saying so, exit 143', async (t) => {
  const rig = slowDiscoveryRig(tempDir(t, 'ptpcam-startup-'), 60_000);
  const r = await signalledAtStartup('check', ['--sim', rig, ...FAST, '--json'], 'SIGTERM');
  t.equal(r.code, 143, r.stderr);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  t.match(doc, { type: 'check', converged: false, exitCode: 143, interrupted: 'SIGTERM', interruptedDuring: 'discovery', polls: 0, cameras: [], problems: [] });
  t.notMatch(r.stderr, /cameras found/, 'it ended before discovery did');
});

t.test('in Japanese under LANG=ja_JP', async (t) => {
  const rig = slowDiscoveryRig(tempDir(t, 'ptpcam-startup-'), 60_000);
  const r = await signalledAtStartup('check', ['--sim', rig, ...FAST], 'SIGINT', 'ja_JP.UTF-8');
  t.equal(r.code, 130, r.stderr);
  t.equal(r.stdout, 'SIGINT により起動中（カメラの検出中）に中断しました。どのカメラの PTP も有効化・読み出ししていないため、判定はありません\n');
});

t.test('timestat: SIGINT during discovery ends it at once, before any sample, exit 130', async (t) => {
  const rig = slowDiscoveryRig(tempDir(t, 'ptpcam-startup-'), 60_000);
  const r = await signalledAtStartup('timestat', ['--sim', rig, '--samples', '5', '--json'], 'SIGINT');
  t.equal(r.code, 130, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  t.match(lines, [{ type: 'summary', verdict: 'INTERRUPTED', exitCode: 130 }], 'one INTERRUPTED document, no sample');
  t.notMatch(r.stderr, /cameras selected/, 'it ended before discovery did');
});

t.test('timestat: the marker events without a signal (discovery begun, then cameras selected)', async (t) => {
  const rig = slowDiscoveryRig(tempDir(t, 'ptpcam-startup-'), 200);
  const r = await runCli(['timestat', '--sim', rig, '--samples', '2', '--log-level', 'info', '--log-format', 'text'], { baseEnv: env() });
  t.equal(r.code, 0, r.stderr);
  const begun = r.stderr.indexOf('INFO: looking for cameras');
  const selected = r.stderr.indexOf('INFO: cameras selected');
  t.ok(begun >= 0 && selected > begun, 'discovery is logged as begun, then the cameras as selected');
});
