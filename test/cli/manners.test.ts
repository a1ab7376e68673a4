// The CLI's manners (yargs conventions): help everywhere, --version, `help <command>`, typed numeric options
// with their defaults, exit codes and examples in help, the alias binaries' own usage line and error prefix,
// options given without a value refused, --sim refused beside --backend/--uds, readable log lines.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

import { cliMain, isOneLineError, oneLineError, repoRoot, runCli, tempDir, writeRig } from '../support/cli.js';

const ALIAS = { check: join(repoRoot, 'dist', 'cli', 'ptp-sync-check.js'), timestat: join(repoRoot, 'dist', 'cli', 'chktimestat.js') };
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

t.test('--version and -h/--help on every command, help <command>', async (t) => {
  const v = await runCli(['--version']);
  t.equal(v.code, 0);
  t.equal(v.stdout.trim(), version);
  for (const args of [['-h'], ['--help'], ['check', '-h'], ['timestat', '--help'], ['help', 'check'], ['help', 'timestat'], ['help']]) {
    const r = await runCli(args);
    t.equal(r.code, 0, `${args.join(' ')}: exit 0`);
    t.match(r.stdout, /Options:/, `${args.join(' ')}: help on stdout`);
  }
  const viaHelp = await runCli(['help', 'check']);
  const viaFlag = await runCli(['check', '--help']);
  t.equal(viaHelp.stdout, viaFlag.stdout, '`help check` is `check --help`');
  for (const script of Object.values(ALIAS)) {
    const r = await runCli(['-h'], { script });
    t.equal(r.code, 0);
  }
});

t.test('help shows numbers as numbers, every default, exit codes and examples', async (t) => {
  const check = (await runCli(['help', 'check'])).stdout;
  t.match(check, /--timeout-s\s+how long to wait for convergence, s\s+\[number\] \[default: 30\]/);
  t.match(check, /--poll-ms .*\[number\] \[default: 500\]/);
  t.match(check, /--max .*\[number\] \[default: 8\]/);
  t.match(check, /\[default: auto\]/);
  t.match(check, /Exit codes: 0 .*2 .*1 .*130\/143/s);
  t.match(check, /Examples:\n\s+ptpcam check --sim 4/);
  const timestat = (await runCli(['timestat', '--help'])).stdout;
  t.match(timestat, /--samples\s+number of samples\s+\[number\] \[default: 1\]/);
  t.match(timestat, /--timeout-s .*\[number\] \[default: 60\]/);
  t.match(timestat, /--threshold-ns [^[]*\[number\] \[default: 100000000\]/);
  t.match(timestat, /Exit codes:/);
  t.match(timestat, /ptpcam timestat --sim 4 --samples 1000/);
});

t.test('alias binaries have their own usage line and examples', async (t) => {
  const c = (await runCli(['--help'], { script: ALIAS.check })).stdout;
  t.match(c, /^ptp-sync-check \[options\]/);
  t.match(c, /ptp-sync-check --sim 4/);
  t.notMatch(c, /ptp-sync-check check/);
  const s = (await runCli(['--help'], { script: ALIAS.timestat })).stdout;
  t.match(s, /^chktimestat \[options\]/);
  t.match(s, /chktimestat --sim 4 --samples 1000/);
});

t.test('an option given without its value is an error, not its default', async (t) => {
  for (const [cmd, opt] of [
    ['timestat', '--samples'], ['timestat', '--threshold-ns'], ['timestat', '--output'], ['timestat', '--interval-ms'],
    ['timestat', '--print-samples'], ['check', '--timeout-s'], ['check', '--max'], ['check', '--uds'],
  ] as const) {
    const r = await runCli([cmd, '--sim', '2', opt]);
    t.equal(r.code, 1, `${cmd} ${opt}: exit 1`);
    t.ok(isOneLineError(r.stderr), r.stderr);
    t.match(r.stderr, new RegExp(`Not enough arguments following: ${opt.slice(2)}`));
    t.equal(r.stdout, '', 'nothing ran');
  }
});

t.test('--sim with --backend or --uds is refused, not ignored', async (t) => {
  for (const cmd of ['check', 'timestat']) {
    for (const extra of [['--backend', 'sim'], ['--backend', 'aravis'], ['--uds', '/tmp/ptp4l']]) {
      const r = await runCli([cmd, '--sim', '2', ...extra]);
      t.equal(r.code, 1, `${cmd} --sim 2 ${extra.join(' ')}`);
      t.match(r.stderr, /^ptpcam: Arguments sim and (backend|uds) are mutually exclusive/);
    }
  }
});

t.test("errors carry the binary's own name", async (t) => {
  const c = await runCli(['--max', 'x'], { script: ALIAS.check });
  t.equal(c.code, 1);
  t.ok(oneLineError(c.stderr, 'ptp-sync-check'), c.stderr);
  const s = await runCli(['--samples', '0', '--sim', '2'], { script: ALIAS.timestat });
  t.equal(s.code, 1);
  t.match(s.stderr, /^chktimestat: --samples must be between 1/);
});

t.test('log lines: readable by default, pino JSON with --log-format json', async (t) => {
  const text = await runCli(['check', '--sim', '2', '--log-level', 'info', '--timeout-s', '3', '--settle-s', '0.2', '--poll-ms', '100']);
  t.equal(text.code, 0, text.stderr);
  t.match(text.stderr, /^ptpcam INFO: cameras found backend=sim detected=2 used=2$/m);
  t.notMatch(text.stderr, /^\{/m, 'no raw JSON');
  const json = await runCli(['check', '--sim', '2', '--log-level', 'info', '--log-format', 'json', '--timeout-s', '3', '--settle-s', '0.2', '--poll-ms', '100']);
  const first = JSON.parse(json.stderr.split('\n')[0]!) as { level: number; msg: string };
  t.match(first, { level: 30, msg: 'looking for cameras' });
  const machine = await runCli(['check', '--sim', '2', '--json', '--log-level', 'info', '--timeout-s', '3', '--settle-s', '0.2', '--poll-ms', '100']);
  t.match(machine.stderr, /^\{"level":30/, '--json runs log JSON unless told otherwise');
});

t.test('check prints no live progress when piped', async (t) => {
  const r = await runCli(['check', '--sim', '2', '--timeout-s', '3', '--settle-s', '0.2', '--poll-ms', '100']);
  t.notMatch(r.stdout, /\r|\x1b\[K|waiting \d+ s left/);
});

t.test("fatal lines in the user's language (LANG=ja_JP), English otherwise", async (t) => {
  const ja = { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const bad = await runCli(['check', '--sim', '2', '--max', '0'], { env: ja });
  t.equal(bad.code, 1);
  t.equal(bad.stderr.trim(), 'ptpcam: --max は 1 以上 64 以下で指定してください（指定値: 0）');
  const missing = await runCli(['timestat', '--sim', '2', '--samples'], { env: ja });
  t.match(missing.stderr, /^ptpcam: 次の引数が不足しています。: samples/, "yargs' own messages follow the same locale");
  const sdk = await runCli(['timestat'], { env: { ...ja, PTPCAM_IC4_LIBRARY: '/nonexistent/ic4.so', PTPCAM_ARAVIS_LIBRARY: '/nonexistent/aravis.so' } });
  t.match(sdk.stderr, /^ptpcam: カメラ SDK が見つかりません。/);
  const big = await runCli(['timestat', '--sim', '2', '--threshold-ns', '12345678901234567'], { env: ja });
  t.equal(big.stderr.trim(), 'ptpcam: --threshold-ns は 0 以上 2^53 未満の整数（ns）で指定してください（指定値: \'12345678901234568\'）', 'a value the parser would round is refused, not changed');
  const en = await runCli(['check', '--sim', '2', '--max', '0'], { env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' } });
  t.equal(en.stderr.trim(), 'ptpcam: --max must be between 1 and 64, got 0');
  const flag = await runCli(['check', '--sim', '2', '--max', '0', '--lang', 'ja'], { env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' } });
  t.match(flag.stderr, /^ptpcam: --max は 1 以上 64 以下/, 'check --lang ja decides too');
});

const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;

t.test('check shows each camera and the time left on a terminal while it waits', { skip: hasScript ? false : 'needs script(1) for a pseudo-terminal' }, async (t) => {
  // script(1) gives the CLI a pseudo-terminal as stdout; a camera that takes ~1.5 s to lock keeps it waiting.
  const rig = writeRig(tempDir(t, 'ptpcam-tty-'), 'rig.json', {
    cameras: [
      { serial: 'TTY1', ptpEnabled: false, listeningMs: 100, uncalibratedMs: 100 },
      { serial: 'TTY2', ptpEnabled: false, listeningMs: 1500, uncalibratedMs: 100 },
    ],
  });
  const cmd = `${process.execPath} ${cliMain} check --sim ${rig} --timeout-s 10 --settle-s 0.3 --poll-ms 100`;
  const out = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8' } });
  t.equal(out.status, 0, out.stderr);
  t.match(out.stdout, /\r\x1b\[Kwaiting \d+ s left: TTY1=\w+ TTY2=Listening/, 'a live line while TTY2 listens');
  t.match(out.stdout, /TTY2=Slave/, 'updated as it changes');
  t.match(out.stdout, /\[1\] TTY2: PTP=Enabled, Status=Slave/, 'then the report');
});
