/** ERR_USAGE: option values a user can mistype, and the commands' own usage lines. */
import { template } from '../errorTemplate.js';

const C = 'ERR_USAGE';

export const USAGE = {
  wholeNumber: template(C, '{option} must be a whole number', (f) => `${f.option} は整数で指定してください`),
  wholeNumberGot: template(C, "{option} must be a whole number, got '{value}'", (f) => `${f.option} は整数で指定してください（指定値: '${f.value}'）`),
  between: template(C, '{option} must be between {min} and {max}, got {value}', (f) => `${f.option} は ${f.min} 以上 ${f.max} 以下で指定してください（指定値: ${f.value}）`),
  numberFromTo: template(C, "{option} must be a number from {min} to {max}, got '{value}'", (f) => `${f.option} は ${f.min} から ${f.max} の数値で指定してください（指定値: '${f.value}'）`),
  intervalMs: template(C, '--interval-ms must be a number of ms from 0 to 3600000', () => '--interval-ms は 0〜3600000 ms の数値で指定してください'),
  timeoutS: template(C, '--timeout-s must be a number of seconds above 0', () => '--timeout-s は 0 より大きい秒数で指定してください'),
  thresholdNs: template(
    C,
    "--threshold-ns must be a whole, non-negative number of ns below 2^53, got '{value}'",
    (f) => `--threshold-ns は 0 以上 2^53 未満の整数（ns）で指定してください（指定値: '${f.value}'）`,
  ),
  actionSkewNs: template(
    C,
    "--action-skew-ns must be a whole, non-negative number of ns, got '{value}'",
    (f) => `--action-skew-ns は 0 以上の整数（ns）で指定してください（指定値: '${f.value}'）`,
  ),
  actionDeviceKey: template(
    C,
    "--action-device-key must be a 32-bit unsigned integer (decimal or 0x hex), got '{value}'",
    (f) => `--action-device-key は 32 ビットの符号なし整数（10 進数か 0x で始まる 16 進数）で指定してください（指定値: '${f.value}'）`,
  ),
  /** Built in src/action/arming.ts. */
  actionKey: template(C, 'action {name} must be a 32-bit unsigned integer, got {value}', (f) => `アクションの ${f.name} は 32 ビットの符号なし整数で指定してください（指定値: ${f.value}）`),
  serialsEmpty: template(C, '--serials needs at least one serial', () => '--serials にはシリアル番号を 1 つ以上指定してください'),
  serialsTwice: template(C, '--serials lists {serial} twice', (f) => `--serials に ${f.serial} が 2 回指定されています`),
  simCount: template(C, '--sim takes 1 to 64 cameras or a rig file, got {value}', (f) => `--sim にはカメラの台数（1〜64）かリグファイルを指定してください（指定値: ${f.value}）`),
  reportInput: template(
    C,
    'name the JSON lines file: ptpcam report RUN.jsonl [-o report.html]',
    () => 'JSON Lines ファイルを指定してください: ptpcam report RUN.jsonl [-o report.html]',
  ),
  reportOverwrite: template(C, 'the report would overwrite its input: name another file with -o', () => 'レポートが入力ファイルを上書きしてしまいます。-o で別のファイル名を指定してください'),
  command: template(C, 'name a command: timestat, check or report', () => 'コマンドを指定してください: timestat、check、report のいずれかです'),
} as const;
