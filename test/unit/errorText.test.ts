/**
 * Every error code has both languages, and every sentence says the same facts in both. A code used anywhere in
 * src/ (TypeScript literals, the addon's ErrorCodeName, pmc's codes) that src/i18n/errorCodes.ts lacks fails here,
 * as does a template whose Japanese drops a fact, keeps an English sentence, or is shadowed by another template
 * when its English is read back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

import { errorFrom, PtpcamError, toPtpcamError, userMessage } from '../../src/errors.js';
import { PMC_ERROR_CODES } from '../../src/host/pmcError.js';
import { ERROR_CODES, isErrorCode } from '../../src/i18n/errorCodes.js';
import { readBack, renderEnglish, type ErrorTemplate, type Facts } from '../../src/i18n/errorTemplate.js';
import { localizeCodedText, localizeError } from '../../src/i18n/errors.js';
import { CAMERAS, ERROR_FRAGMENTS, ERROR_TEMPLATES, HOST, RUN, USAGE } from '../../src/i18n/errorText/index.js';
import { repoRoot } from '../support/cli.js';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Three English words in a row: a sentence, not a name (`PtpEnable`, `--uds`, `ptp4l`). */
const ENGLISH_SENTENCE = /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/;
/** Names that are three words without being English prose. */
const PROPER_NAMES = ['The Imaging Source', 'apt install libaravis', 'ptpcam report RUN.jsonl'];

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/** Every error code a user can be shown: quoted ERR_ literals in src/, the addon's names, pmc's codes. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of filesUnder(join(repoRoot, 'src'), '.ts')) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](ERR_[A-Z0-9_]+)['"`]/g)) found.set(m[1]!, file);
  }
  const driver = join(repoRoot, 'src', 'native', 'core', 'camera_driver.cc');
  for (const m of readFileSync(driver, 'utf8').matchAll(/return "(ERR_[A-Z0-9_]+)"/g)) found.set(m[1]!, driver);
  for (const c of PMC_ERROR_CODES) found.set(c, 'src/host/pmcError.ts');
  return found;
}

function withoutNames(ja: string, facts: readonly string[]): string {
  let s = ja;
  for (const v of [...facts, ...PROPER_NAMES]) s = s.split(v).join(' ');
  return s;
}

/** Distinct, recognisable fact values: each must come back out of the Japanese. */
function sampleFacts(tpl: ErrorTemplate): Record<string, string> {
  const names = [...tpl.en.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((n, i) => [n, `Q${i}x${n.length}`]));
}

t.test('every code used in src/ has a meaning in English and Japanese', async (t) => {
  const used = codesInSource();
  t.ok(used.size > 25, `found ${used.size} codes`);
  for (const [code, file] of used) {
    t.ok(isErrorCode(code), `${code} (${file}) is in src/i18n/errorCodes.ts`);
    if (!isErrorCode(code)) continue;
    const m = ERROR_CODES[code];
    t.ok(m.en.length > 0 && !JAPANESE.test(m.en), `${code}: English meaning`);
    t.match(m.ja, JAPANESE, `${code}: Japanese meaning`);
  }
});

t.test('a message no template wrote is said by its code, the text appended verbatim', async (t) => {
  for (const code of Object.keys(ERROR_CODES)) {
    const text = 'vendor says: device busy (0x8004)';
    const ja = localizeError(code, text, 'ja');
    t.ok(ja.startsWith(ERROR_CODES[code as keyof typeof ERROR_CODES].ja), `${code}: meaning first: ${ja}`);
    t.ok(ja.includes(text), `${code}: the SDK's own words kept`);
    t.equal(localizeError(code, text, 'en'), text, `${code}: English is the message as written`);
  }
  t.match(localizeError('ERR_CAMERA_TIMEOUT', 'camera B did not answer (simulated fault)', 'ja'), /^カメラが時間内に応答しませんでした（SDK: camera B did not answer \(simulated fault\)）$/);
  t.match(localizeError('ENOENT', 'something odd', 'ja'), /^予期しないエラーです（ENOENT: something odd）$/, 'an unknown code is still a Japanese line');
  t.equal(localizeError('ERR_USAGE', '次の引数が不足しています。: samples', 'ja'), '次の引数が不足しています。: samples', "yargs' Japanese is kept as it is");
});

t.test('every template: codes known, English read back to the same facts, Japanese with every fact and no English sentence', async (t) => {
  for (const tpl of [...ERROR_TEMPLATES, ...ERROR_FRAGMENTS]) {
    const facts = sampleFacts(tpl);
    for (const code of tpl.codes) t.ok(isErrorCode(code), `${tpl.en}: code ${code} is known`);
    const en = renderEnglish(tpl, facts as Facts<string>);
    t.notMatch(en, JAPANESE, `${tpl.en}: English is English`);
    t.notMatch(en, /\{[A-Za-z][A-Za-z0-9]*\}/, `${tpl.en}: every fact filled`);
    if (tpl.readBack) t.same(readBack(tpl, en), facts, `${tpl.en}: read back to its facts`);
    const code = tpl.codes[0]!;
    const ja = tpl.nested.length === 0 ? tpl.ja(facts as Facts<string>, code) : localizeError(code, en, 'ja');
    t.match(ja, JAPANESE, `${tpl.en}: Japanese`);
    for (const v of Object.values(facts)) t.ok(ja.includes(v), `${tpl.en}: the Japanese keeps fact ${v}: ${ja}`);
    t.notMatch(withoutNames(ja, Object.values(facts)), ENGLISH_SENTENCE, `${tpl.en}: no English sentence in ${ja}`);
  }
});

t.test('reading back, no template is shadowed by another said under the same code', async (t) => {
  for (const tpl of ERROR_TEMPLATES) {
    if (!tpl.readBack) continue;
    const en = renderEnglish(tpl, sampleFacts(tpl) as Facts<string>);
    for (const code of tpl.codes) {
      const first = ERROR_TEMPLATES.find((o) => o.codes.includes(code) && readBack(o, en) !== null);
      t.equal(first, tpl, `${code}: '${en}' is read back by its own template`);
    }
  }
});

t.test('errors carry their facts; English stays the message; Japanese follows the code', async (t) => {
  const e = errorFrom(USAGE.between, { option: '--max', min: '1', max: '64', value: '0' });
  t.equal(e.code, 'ERR_USAGE');
  t.equal(e.message, '--max must be between 1 and 64, got 0');
  t.equal(userMessage(e, 'en'), e.message);
  t.equal(userMessage(e, 'ja'), '--max は 1 以上 64 以下で指定してください（指定値: 0）');
  // The same text without its facts (it crossed a boundary as a string) reads the same.
  t.equal(userMessage(new PtpcamError('ERR_USAGE', e.message), 'ja'), userMessage(e, 'ja'));
  const inUse = toPtpcamError(Object.assign(new Error('Access denied: PtpEnable (IC4_ERROR 106)'), { code: 'ERR_CAMERA_ACCESS_DENIED', sdkCode: 106 }));
  t.match(inUse, { code: 'ERR_CAMERA_IN_USE', sdkCode: 106, message: 'camera in use: Access denied: PtpEnable (IC4_ERROR 106)' });
  t.equal(userMessage(inUse, 'ja'), 'カメラは他のアプリケーションが使用中です（SDK: Access denied: PtpEnable (IC4_ERROR 106)）');
  const native = toPtpcamError(Object.assign(new Error('Timeout (IC4_ERROR 27)'), { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 27 }));
  t.equal(userMessage(native, 'ja'), 'カメラが時間内に応答しませんでした（SDK: Timeout (IC4_ERROR 27)）');
});

t.test('nested messages: timestat without host PTP, an action camera, a camera error kept with its code', async (t) => {
  const inner = renderEnglish(HOST.noSocketGiven, { paths: '/tmp/x.sock' });
  const outer = renderEnglish(HOST.stepsRemoved, { why: inner });
  t.equal(outer, 'Unable to determine stepsRemoved: ptp4l is not running: no socket at /tmp/x.sock; check --uds (ptp4l uds_address); --allow-no-host-ptp measures anyway');
  t.equal(
    localizeError('ERR_PTP4L_NOT_RUNNING', outer, 'ja'),
    'stepsRemoved を確認できません: ptp4l が動いていません: /tmp/x.sock にソケットがありません。--uds（ptp4l の uds_address）を確認してください。--allow-no-host-ptp を付けると、このまま測定します',
  );
  const action = 'camera CAM1 cannot take action commands: its TriggerSource has no Action1 entry (it offers Line1, Software); use --method latch for this rig';
  t.equal(localizeError('ERR_ACTION_UNSUPPORTED', action, 'ja'), 'カメラ CAM1 はアクションコマンドを受けられません: TriggerSource に Action1 がありません（選べるもの: Line1, Software）。このリグでは --method latch を使ってください');
  t.equal(localizeError('ERR_FEATURE_MISSING', renderEnglish(RUN.noLatch, { serial: 'C9', features: 'TimestampLatch' }), 'ja'), 'TIMESTAMP_LATCH_VALUE を取得できません: カメラ C9 に TimestampLatch がありません');
  t.equal(localizeCodedText(`ERR_CAMERA_TIMEOUT: ${renderEnglish(CAMERAS.enableTimeout, { seconds: '1.2' })}`, 'ja'), 'ERR_CAMERA_TIMEOUT: PTP の有効化が 1.2 秒以内に終わりませんでした');
  t.equal(localizeCodedText('no code here', 'ja'), 'no code here');
});
