/**
 * The CLI's one-line fatal messages in the user's language. yargs localises its own (missing values, conflicts)
 * from the same environment; these are ptpcam's: option checks, "no cameras", the SDK install hint. A message
 * without a Japanese pattern stays English (SDK and pmc texts are passed on as the library wrote them).
 */
import type { Lang } from './locale.js';

type Rule = [RegExp, (...groups: string[]) => string];

const JA: readonly Rule[] = [
  [/^(--[\w-]+) must be between (\S+) and (\S+), got (.*)$/, (o, a, b, g) => `${o} は ${a} 以上 ${b} 以下で指定してください（指定値: ${g}）`],
  [/^(--[\w-]+) must be a whole number(?:, got (.*))?$/, (o, g) => `${o} は整数で指定してください${g ? `（指定値: ${g}）` : ''}`],
  [/^(--[\w-]+) must be a number from (\S+) to (\S+), got (.*)$/, (o, a, b, g) => `${o} は ${a} から ${b} の数値で指定してください（指定値: ${g}）`],
  [/^(--[\w-]+) must be a number of ms from 0 to 3600000$/, (o) => `${o} は 0〜3600000 ms の数値で指定してください`],
  [/^(--[\w-]+) must be a number of seconds above 0$/, (o) => `${o} は 0 より大きい秒数で指定してください`],
  [/^(--[\w-]+) must be a whole, non-negative number of ns(?: below 2\^53)?, got (.*)$/, (o, g) => `${o} は 0 以上 2^53 未満の整数（ns）で指定してください（指定値: ${g}）`],
  [/^--serials needs at least one serial$/, () => '--serials にはシリアル番号を 1 つ以上指定してください'],
  [/^--serials lists (.*) twice$/, (s) => `--serials に ${s} が 2 回指定されています`],
  [
    /^no cameras found(?: \((.*)\))?: .*$/,
    (seen) =>
      `カメラが見つかりません${seen ? `（${seen}）` : ''}。カメラの電源と、カメラ用 NIC と同じ IP サブネットにあるか、` +
      'ファイアウォールが GigE Vision の検出と制御（UDP 3956 とその応答）を通すか、`arv-tool-0.8` で一覧に出るかを確認してください。' +
      'シミュレーションは --sim 4 で試せます',
  ],
  [
    /^no camera SDK found: .*$/,
    () =>
      'カメラ SDK が見つかりません。GigE Vision/USB3 Vision カメラ用に Aravis（apt install libaravis-0.8-0）、' +
      'または The Imaging Source の IC4（ic4-driver と ic4-sdk パッケージ）をインストールするか、--sim 4 でシミュレーションを試してください',
  ],
];

export function localizeError(message: string, lang: Lang): string {
  if (lang !== 'ja') return message;
  for (const [re, to] of JA) {
    const m = re.exec(message);
    if (m) return to(...m.slice(1).map((g) => g ?? ''));
  }
  return message;
}
