/**
 * Every way a timestat run can end: the `Overall:` line, the JSON summary's verdict/exitCode and the process's
 * real exit status must be the same answer (issue #12, item 3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import t, { type Test } from 'tap';

import { spawn } from 'node:child_process';

import { cliMain, jsonLines, repoRoot, runCli, tempDir, writeRig, type CliResult } from '../support/cli.js';

/**
 * Runs the CLI and sends `signal` once its output shows `ready` (its handlers are installed by then; a fixed
 * delay could land during Node's own start-up on a loaded machine and kill it before ptpcam runs at all).
 */
function runAndSignal(args: string[], ready: (stdout: string, stderr: string) => boolean, signal: NodeJS.Signals): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const check = (): void => {
      if (!sent && ready(stdout, stderr)) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), check()));
    child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), check()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stdout, stderr });
    });
  });
}

interface Summary {
  type: string;
  verdict: string;
  measuredVerdict?: string;
  verdictReason: string;
  exitCode: number;
  reason: string;
}

function overall(stdout: string): { verdict: string; exit: number; reason: string } | null {
  const m = /^Overall: (\S+) \(exit (\d+)\): (.*)$/m.exec(stdout);
  return m ? { verdict: m[1]!, exit: Number(m[2]), reason: m[3]! } : null;
}

function lastSummary(text: string): Summary {
  const lines = jsonLines(text);
  const s = lines[lines.length - 1] as unknown as Summary;
  if (s.type !== 'summary') throw new Error(`last line is a ${s.type}`);
  return s;
}

/** Runs the same command twice (human, then --json) and checks the three answers agree. */
async function agree(t: Test, args: string[], expect: { verdict: string; exit: number; reason: RegExp }, signal?: NodeJS.Signals): Promise<void> {
  // Signalled runs: once a few samples are out (human: the fifth sample block; JSON: the fifth line).
  const human = signal
    ? await runAndSignal(['timestat', ...args], (out) => out.includes('[Sample 5]'), signal)
    : await runCli(['timestat', ...args]);
  const o = overall(human.stdout);
  t.ok(o, `an Overall line is printed\n${human.stdout.slice(-600)}\n${human.stderr.slice(-400)}`);
  t.equal(o?.verdict, expect.verdict, 'human verdict');
  t.equal(o?.exit, expect.exit, 'the exit the line states');
  t.equal(human.code, expect.exit, 'the exit the process returns');
  t.match(o?.reason ?? '', expect.reason);
  const json = signal
    ? await runAndSignal(['timestat', ...args, '--json'], (out) => out.split('\n').length > 5, signal)
    : await runCli(['timestat', ...args, '--json']);
  const s = lastSummary(json.stdout);
  t.equal(s.verdict, expect.verdict, 'JSON verdict');
  t.equal(s.exitCode, expect.exit, 'JSON exitCode');
  t.equal(json.code, expect.exit, 'process exit with --json');
}

t.test('completed: OK (exit 0)', async (t) => {
  await agree(t, ['--sim', '3', '--samples', '200', '--threshold-ns', '50000'], { verdict: 'OK', exit: 0, reason: /^all cameras within 50000 ns/ });
});

t.test('completed: NG (exit 2), naming the camera', async (t) => {
  const dir = tempDir(t);
  const rig = writeRig(dir, 'rig.json', { cameras: [{ serial: 'A' }, { serial: 'B' }, { serial: 'FAR', offsetNs: 2_000_000 }] });
  await agree(t, ['--sim', rig, '--samples', '100', '--threshold-ns', '1000000'], { verdict: 'NG', exit: 2, reason: /^measured violation: FAR \(/ });
});

t.test('a camera that stops answering: ERROR (exit 1), not OK', async (t) => {
  const dir = tempDir(t);
  const rig = writeRig(dir, 'rig.json', {
    cameras: [{ serial: 'A' }, { serial: 'B' }, { serial: 'DEAD', faults: { stopAnsweringAtSample: 20, sdkTimeoutMs: 20 } }],
  });
  await agree(t, ['--sim', rig, '--samples', '40', '--threshold-ns', '1000000'], { verdict: 'ERROR', exit: 1, reason: /^a camera failed to answer: DEAD failed in 20 sample\(s\)/ });
});

t.test('a camera slower than --timeout-s: ERROR (exit 1), not NO_DATA (exit 2)', async (t) => {
  const dir = tempDir(t);
  const rig = writeRig(dir, 'rig.json', { cameras: [{ serial: 'A' }, { serial: 'B' }, { serial: 'SLOW', faults: { slowMs: 400 } }] });
  await agree(t, ['--sim', rig, '--samples', '2', '--timeout-s', '0.1'], { verdict: 'ERROR', exit: 1, reason: /SLOW failed in 2 sample\(s\) \(ERR_CAMERA_TIMEOUT\)/ });
});

t.test('SIGINT and SIGTERM: INTERRUPTED (130/143), with what the samples done say', async (t) => {
  const args = ['--sim', '3', '--samples', '100000', '--interval-ms', '2'];
  await agree(t, args, { verdict: 'INTERRUPTED', exit: 130, reason: /^interrupted by SIGINT after \d+ of 100000 samples; the \d+ sample\(s\) taken say OK/ }, 'SIGINT');
  await agree(t, args, { verdict: 'INTERRUPTED', exit: 143, reason: /^interrupted by SIGTERM after \d+ of 100000 samples/ }, 'SIGTERM');
});

t.test('SIGINT during start-up stops before the first sample', async (t) => {
  const dir = tempDir(t);
  // A camera that takes 300 ms per command keeps start-up (features, PTP view) busy for about a second.
  const rig = writeRig(dir, 'rig.json', { cameras: [{ serial: 'A' }, { serial: 'B', faults: { slowMs: 300 } }] });
  const out = join(dir, 'run.jsonl');
  // "cameras selected" is logged after the handlers are installed and before the slow start-up calls.
  const r = await runAndSignal(['timestat', '--sim', rig, '--samples', '50', '--output', out, '--log-level', 'info'], (_o, err) => err.includes('cameras selected'), 'SIGINT');
  t.equal(r.code, 130, r.stderr);
  t.match(r.stderr, /interrupted by SIGINT during start-up, before the first sample/);
  t.notMatch(r.stdout, /\[Sample 1\]/, 'no sample was taken');
  let samples = 0;
  try {
    samples = readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('"type":"sample"')).length;
  } catch {
    // Not even opened: fine, nothing was measured.
  }
  t.equal(samples, 0);
  const j = await runAndSignal(['timestat', '--sim', rig, '--samples', '50', '--json', '--log-level', 'info', '--log-format', 'text'], (_o, err) => err.includes('cameras selected'), 'SIGINT');
  t.equal(j.code, 130);
  t.match(lastSummary(j.stdout), { verdict: 'INTERRUPTED', exitCode: 130, reason: 'interrupted' }, 'the JSON document says what the exit code says');
});

t.test('stdout closed: exit 0, and the --output file says so', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'run.jsonl');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('bash', ['-c', `set -o pipefail; node dist/cli/main.js timestat --sim 2 --samples 200000 --json --output '${out}' | head -1 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  t.equal(r.stdout.trim(), '0', `ptpcam's own exit status (${r.stderr})`);
  const s = lastSummary(readFileSync(out, 'utf8'));
  t.equal(s.verdict, 'STDOUT_CLOSED');
  t.equal(s.exitCode, 0);
  t.equal(s.reason, 'stdout-closed');
});

t.test('no host PTP: the seed\'s fatal error, or a measurement with --allow-no-host-ptp', async (t) => {
  const dir = tempDir(t);
  const rig = writeRig(dir, 'rig.json', { host: { role: 'none' }, cameras: [{ serial: 'A' }, { serial: 'B' }] });
  const r = await runCli(['timestat', '--sim', rig, '--samples', '5']);
  t.equal(r.code, 1);
  t.match(r.stderr, /Unable to determine stepsRemoved: .*--allow-no-host-ptp measures anyway/);
  const j = await runCli(['timestat', '--sim', rig, '--samples', '5', '--json']);
  t.equal(j.code, 1);
  const s = lastSummary(j.stdout);
  t.match(s, { verdict: 'ERROR', exitCode: 1, reason: 'error' }, '--json prints an error document too');
  const anyway = await runCli(['timestat', '--sim', rig, '--samples', '5', '--allow-no-host-ptp', '--json']);
  t.equal(anyway.code, 0, anyway.stderr);
  const a = lastSummary(anyway.stdout) as unknown as { ptpWarnings: string[] };
  t.match(a.ptpWarnings.join('\n'), /host PTP unknown, measuring anyway/);
});
