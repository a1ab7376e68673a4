/**
 * Errors in the user's language, through the real CLI: under LANG=ja_JP.UTF-8 every error line a user sees is
 * Japanese (an SDK's, the OS's or pmc's own words may follow it verbatim, labelled, in （…）), under LANG=C it is
 * the English it always was. Failures caused without hardware: bad options and rig files, a missing SDK, an
 * unknown serial, an unwritable --output, a non-JSON report input, ptp4l's socket missing, stale or never
 * answering (a tiny Unix socket server here), a camera without TimestampLatch, a camera that refuses access and
 * one that hangs. Cameras are the simulated rig or the IC4 stand-in library (no SDK, no network).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';

import { oneLineError, runCli, tempDir, writeRig, type CliResult } from '../support/cli.js';

const STANDIN_BUILD = fileURLToPath(new URL('../native/ic4-standin/build.sh', import.meta.url));

type Lang = 'ja' | 'en';
const LOCALE: Record<Lang, string> = { ja: 'ja_JP.UTF-8', en: 'C' };

/** The child's locale is exactly LANG: the machine's own LC_* must not decide. */
function run(args: string[], lang: Lang, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LANG: LOCALE[lang] };
  delete base.LC_ALL;
  delete base.LC_MESSAGES;
  return runCli(args, { baseEnv: base, env, timeoutMs: 120_000 });
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Three English words in a row: a sentence, not a name or an option. */
const ENGLISH_SENTENCE = /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/;

/** The text with the verbatim parts (an SDK's, the OS's, pmc's, a JSON parser's words) taken out. */
function ownWords(text: string): string {
  return text.replace(/（(?:SDK|詳細|JSON|pmc|OS): [^）]*）/g, '（…）');
}

/** Asserts that `text` holds no English sentence outside the labelled verbatim parts. */
function noEnglish(t: Test, text: string, what: string): void {
  const m = ENGLISH_SENTENCE.exec(ownWords(text));
  t.notOk(m, `${what}: no English sentence leaks${m ? ` ('${m[0]}' in ${text})` : ''}`);
}

/** The one fatal line in both languages: Japanese with no English sentence, English with no Japanese. */
async function fatal(t: Test, args: string[], ja: RegExp, en: RegExp, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const j = await run(args, 'ja', env);
  t.equal(j.code, 1, `${args.join(' ')} (ja): exit 1\n${j.stderr}`);
  const jaLine = oneLineError(j.stderr) ?? j.stderr;
  t.match(jaLine, ja, 'the Japanese line');
  noEnglish(t, jaLine.replace(/^ptpcam: /, ''), args.join(' '));
  const e = await run(args, 'en', env);
  t.equal(e.code, 1, `${args.join(' ')} (C): exit 1`);
  const enLine = oneLineError(e.stderr) ?? e.stderr;
  t.match(enLine, en, 'the English line, as before');
  t.notMatch(enLine, JAPANESE, 'LANG=C: no Japanese');
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer((c) => c.destroy());
    s.listen(path, () => resolve(s));
  });
}

t.test('option values, rig files, report input: Japanese under ja_JP, English under C', async (t) => {
  const dir = tempDir(t, 'ptpcam-ja-');
  await fatal(t, ['check', '--sim', '2', '--poll-ms', 'soon'], /^ptpcam: --poll-ms は整数で指定してください$/, /^ptpcam: --poll-ms must be a whole number$/);
  await fatal(t, ['timestat', '--sim', '2', '--threshold-ns', '-5'], /^ptpcam: --threshold-ns は 0 以上 2\^53 未満の整数（ns）で指定してください（指定値: '-5'）$/, /^ptpcam: --threshold-ns must be a whole, non-negative number of ns below 2\^53, got '-5'$/);
  await fatal(t, ['timestat', '--sim', '65'], /^ptpcam: --sim にはカメラの台数（1〜64）かリグファイルを指定してください（指定値: 65）$/, /^ptpcam: --sim takes 1 to 64 cameras or a rig file, got 65$/);
  const unknown = writeRig(dir, 'unknown.json', { cameras: [{ serial: 'A', bogus: 1 }] });
  await fatal(t, ['timestat', '--sim', unknown], /^ptpcam: リグファイル: cameras\[0\] に未知のフィールド 'bogus' があります（使えるフィールド: serial, /, /^ptpcam: rig file: unknown field 'bogus' in cameras\[0\] \(allowed: serial, /);
  const range = writeRig(dir, 'range.json', { cameras: [{ serial: 'A', faults: { slowMs: -3 } }] });
  await fatal(t, ['check', '--sim', range], /^ptpcam: リグファイル: cameras\[0\]\.faults\.slowMs は 0 以上 600000 以下で指定してください$/, /^ptpcam: rig file: cameras\[0\]\.faults\.slowMs must be between 0 and 600000$/);
  const broken = writeRig(dir, 'broken.json', '{ "cameras": [');
  await fatal(t, ['check', '--sim', broken], /^ptpcam: リグファイル: .*broken\.json は正しい JSON ではありません（JSON: .+）$/, /^ptpcam: rig file: .*broken\.json is not valid JSON \(/);
  await fatal(t, ['check', '--sim', join(dir, 'none.json')], /^ptpcam: リグファイル: .*none\.json を読めません（ENOENT: ファイルがありません）$/, /^ptpcam: rig file: cannot read .*none\.json: no such file$/);
  await fatal(t, ['timestat', '--sim', '2', '--serials', 'NOPE'], /^ptpcam: シリアル番号 NOPE のカメラはありません（検出されたカメラ: SIM00001, SIM00002）$/, /^ptpcam: unknown serial NOPE \(detected: SIM00001, SIM00002\)$/);
  const out = join(dir, 'no-such-dir', 'run.jsonl');
  await fatal(t, ['timestat', '--sim', '2', '--output', out], /^ptpcam: .*run\.jsonl を開けません（ENOENT: ファイルまたはディレクトリがありません）$/, /^ptpcam: cannot open .*run\.jsonl: ENOENT: no such file or directory/);
  await fatal(t, ['report', broken], /^ptpcam: 1 行目が JSON ではありません（"\{ "cameras": \["）。ptpcam timestat の JSON Lines/, /^ptpcam: line 1 is not JSON/);
  await fatal(t, [], /^ptpcam: コマンドを指定してください: timestat、check、report のいずれかです$/, /^ptpcam: name a command: timestat, check or report$/);
});

t.test('a camera SDK that cannot be loaded: the meaning in Japanese, the SDK loader\'s words after it', async (t) => {
  await fatal(
    t,
    ['check', '--backend', 'aravis', '--sdk-library', '/nonexistent/libaravis-0.8.so.0'],
    /^ptpcam: カメラ SDK を読み込めません（SDK: .*\/nonexistent\/libaravis-0\.8\.so\.0.*）。SDK をインストールするか、--sim 4 でシミュレーションを試してください$/,
    /^ptpcam: .*\/nonexistent\/libaravis-0\.8\.so\.0.*; or try the simulated rig with --sim 4$/,
  );
});

t.test("ptp4l's socket missing, stale or silent: timestat refuses in the user's language", async (t) => {
  const dir = tempDir(t, 'ptpcam-ja-uds-');
  const library = execFileSync('sh', [STANDIN_BUILD, dir], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const env = { PTPCAM_IC4_LIBRARY: library, IC4_STANDIN_CAMERAS: 'JA-1:DFK 33GR0234:0,JA-2:DFK 33GR0234:0', IC4_STANDIN_SETTLE_MS: '100' };
  const timestat = (uds: string, ...more: string[]): string[] => ['timestat', '--backend', 'ic4', '--uds', uds, ...more];

  const missing = join(dir, 'missing.sock');
  await fatal(
    t,
    timestat(missing),
    new RegExp(`^ptpcam: stepsRemoved を確認できません: ptp4l が動いていません: ${missing} にソケットがありません。--uds（ptp4l の uds_address）を確認してください。--allow-no-host-ptp を付けると、このまま測定します$`),
    new RegExp(`^ptpcam: Unable to determine stepsRemoved: ptp4l is not running: no socket at ${missing}; check --uds \\(ptp4l uds_address\\); --allow-no-host-ptp measures anyway$`),
    env,
  );

  // A socket file nobody is bound to: its server exited without removing it.
  const stale = join(dir, 'stale.sock');
  const made = spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => process.exit(0))`]);
  t.equal(made.status, 0, 'stale socket made');
  await fatal(
    t,
    timestat(stale),
    new RegExp(`^ptpcam: stepsRemoved を確認できません: ptp4l が動いていません: ${stale} は古いソケットです（接続拒否）。ptp4l を再起動してください。`),
    /^ptpcam: Unable to determine stepsRemoved: ptp4l is not running: .* is a stale socket/,
    env,
  );

  // Something is bound there but never answers pmc.
  const silent = join(dir, 'silent.sock');
  const server = await listen(silent);
  t.teardown(() => server.close());
  await fatal(
    t,
    timestat(silent),
    new RegExp(`^ptpcam: stepsRemoved を確認できません: ${silent} の ptp4l がドメイン 0（transportSpecific 0）で応答しませんでした。`),
    /^ptpcam: Unable to determine stepsRemoved: ptp4l at .* did not answer in domain 0/,
    env,
  );

  // The domain and transportSpecific asked are the ones the message names (pmc -d 3 -t 1).
  await fatal(
    t,
    timestat(silent, '--domain', '3', '--transport-specific', '1'),
    /ドメイン 3（transportSpecific 1）で応答しませんでした/,
    /did not answer in domain 3 \(transportSpecific 1\)/,
    env,
  );

  // Measuring anyway, a camera without TimestampLatch stops the run (a message timestat builds itself).
  const noLatch = { ...env, IC4_STANDIN_CAMERAS: 'JA-1:DFK 33GR0234:0:nolatch,JA-2:DFK 33GR0234:0' };
  await fatal(
    t,
    timestat(missing, '--allow-no-host-ptp'),
    /^ptpcam: TIMESTAMP_LATCH_VALUE を取得できません: カメラ JA-1 に TimestampLatch\/TimestampLatchValue がありません$/,
    /^ptpcam: TIMESTAMP_LATCH_VALUE unavailable: camera JA-1 has no TimestampLatch\/TimestampLatchValue$/,
    noLatch,
  );
});

t.test("check's report: the host's pmc failure and a camera's SDK error in the user's language", async (t) => {
  const dir = tempDir(t, 'ptpcam-ja-check-');
  const library = execFileSync('sh', [STANDIN_BUILD, dir], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const env = { PTPCAM_IC4_LIBRARY: library, IC4_STANDIN_CAMERAS: 'OK-1:DFK 33GR0234:0,NO-1:DFK 33GR0234:0:denied', IC4_STANDIN_SETTLE_MS: '100' };
  const missing = join(dir, 'missing.sock');
  const args = ['check', '--backend', 'ic4', '--uds', missing, '--timeout-s', '1', '--settle-s', '0.2', '--poll-ms', '100'];

  const ja = await run(args, 'ja', env);
  t.equal(ja.code, 2, ja.stderr);
  t.match(ja.stdout, `Role=Unknown（Ubuntu側のPTP状態取得失敗: ERR_PTP4L_NOT_RUNNING: ptp4l が動いていません: ${missing} にソケットがありません。--uds（ptp4l の uds_address）を確認してください）`);
  t.match(ja.stdout, /\[1\] NO-1: PTP=Failed, Status=Unknown, error=ERR_CAMERA_ACCESS_DENIED: カメラがアクセスを拒否しました（他のアプリケーションが制御しているか、書き込みできない設定です）（SDK: [^）]*PtpEnable[^）]*）\n/);
  t.match(ja.stdout, /ヒント: カメラ NO-1 でエラー: ERR_CAMERA_ACCESS_DENIED: カメラがアクセスを拒否しました/);
  t.match(ja.stdout, /注意: Ubuntu側のPTP状態取得失敗: ERR_PTP4L_NOT_RUNNING: ptp4l が動いていません: /);
  noEnglish(t, ja.stdout, 'check report (ja)');

  const en = await run(args, 'en', env);
  t.equal(en.code, 2);
  t.match(en.stdout, `Role=Unknown (ERR_PTP4L_NOT_RUNNING: ptp4l is not running: no socket at ${missing}; check --uds (ptp4l uds_address))`);
  t.match(en.stdout, /\[1\] NO-1: PTP=Failed, Status=Unknown, error=ERR_CAMERA_ACCESS_DENIED: [^\n]*PtpEnable/);
  t.notMatch(en.stdout, JAPANESE);
});

t.test('check: a camera that hangs while enabling is named in the user\'s language', async (t) => {
  const rig = writeRig(tempDir(t, 'ptpcam-ja-slow-'), 'rig.json', {
    cameras: [
      { serial: 'CAM001', ptpEnabled: false, listeningMs: 100, uncalibratedMs: 100 },
      { serial: 'CAM002', ptpEnabled: false, listeningMs: 100, uncalibratedMs: 100, faults: { slowMs: 2500 } },
    ],
  });
  const args = ['check', '--sim', rig, '--timeout-s', '1.2', '--settle-s', '0.2', '--poll-ms', '100'];
  const ja = await run(args, 'ja');
  t.equal(ja.code, 2, ja.stderr);
  t.match(ja.stdout, '[1] CAM002: PTP=Failed, Status=Unknown, error=ERR_CAMERA_TIMEOUT: PTP の有効化が 1.2 秒以内に終わりませんでした\n');
  t.match(ja.stdout, 'ヒント: カメラ CAM002 でエラー: ERR_CAMERA_TIMEOUT: PTP の有効化が 1.2 秒以内に終わりませんでした。');
  noEnglish(t, ja.stdout, 'check report (ja)');
  const en = await run(args, 'en');
  t.match(en.stdout, '[1] CAM002: PTP=Failed, Status=Unknown, error=ERR_CAMERA_TIMEOUT: PTP enable did not finish within 1.2 s\n');
  t.notMatch(en.stdout, JAPANESE);
});

t.test("timestat: a camera that stops answering is named in the user's language, per sample and in Errors:", async (t) => {
  const rig = writeRig(tempDir(t, 'ptpcam-ja-latch-'), 'rig.json', {
    cameras: [{ serial: 'A1' }, { serial: 'GONE', faults: { stopAnsweringAtSample: 2, sdkTimeoutMs: 2000 } }, { serial: 'A3' }],
  });
  const args = ['timestat', '--sim', rig, '--samples', '5', '--timeout-s', '0.3'];
  const ja = await run(args, 'ja');
  t.equal(ja.code, 1, ja.stderr);
  t.match(ja.stdout, 'error=ERR_CAMERA_TIMEOUT: カメラ GONE がラッチに 300 ms 以内に応答しませんでした');
  t.match(ja.stdout, /Errors: serial=GONE ERR_CAMERA_TIMEOUT x3 \(first at sample 3: カメラ GONE がラッチに 300 ms 以内に応答しませんでした\)/);
  const en = await run(args, 'en');
  t.match(en.stdout, 'error=ERR_CAMERA_TIMEOUT: camera GONE did not answer the latch within 300 ms');
  t.notMatch(en.stdout, JAPANESE, 'LANG=C: no Japanese');
});
