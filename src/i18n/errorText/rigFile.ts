/** ERR_RIG_FILE: the simulated rig's JSON file (src/cameras/rigFile.ts). Field paths are the file's own. */
import { template } from '../errorTemplate.js';
import { osReason } from './detail.js';

const C = 'ERR_RIG_FILE';
const JA = 'リグファイル: ';

/** Fixed sentences first: read back, `{field} must be an object` would take the top level's too. */
export const RIG_FILE = {
  topLevel: template(C, 'rig file: the top level must be an object', () => `${JA}最上位はオブジェクトでなければなりません`),
  unknownField: template(
    C,
    "rig file: unknown field '{field}' in {where} (allowed: {allowed})",
    (f) => `${JA}${f.where} に未知のフィールド '${f.field}' があります（使えるフィールド: ${f.allowed}）`,
  ),
  number: template(C, 'rig file: {field} must be a number', (f) => `${JA}${f.field} は数値で指定してください`),
  whole: template(C, 'rig file: {field} must be a whole number', (f) => `${JA}${f.field} は整数で指定してください`),
  between: template(C, 'rig file: {field} must be between {min} and {max}', (f) => `${JA}${f.field} は ${f.min} 以上 ${f.max} 以下で指定してください`),
  nanoseconds: template(
    C,
    'rig file: {field} must be a whole number of nanoseconds (a decimal string beyond 2^53)',
    (f) => `${JA}${f.field} はナノ秒の整数で指定してください（2^53 を超える値は 10 進数の文字列で）`,
  ),
  boolean: template(C, 'rig file: {field} must be true or false', (f) => `${JA}${f.field} は true か false で指定してください`),
  string: template(C, 'rig file: {field} must be a string', (f) => `${JA}${f.field} は文字列で指定してください`),
  invalid: template(C, "rig file: {field} has an invalid value '{value}'", (f) => `${JA}${f.field} の値 '${f.value}' は正しくありません`),
  choice: template(C, 'rig file: {field} must be one of {choices}', (f) => `${JA}${f.field} は ${f.choices} のいずれかで指定してください`),
  object: template(C, 'rig file: {field} must be an object', (f) => `${JA}${f.field} はオブジェクトで指定してください`),
  required: template(C, 'rig file: {field} is required', (f) => `${JA}${f.field} は必須です`),
  cameras: template(C, 'rig file: cameras must be a non-empty array', () => `${JA}cameras は空でない配列で指定してください`),
  tooMany: template(C, 'rig file: at most {max} cameras', (f) => `${JA}カメラは最大 ${f.max} 台です`),
  duplicate: template(C, "rig file: serial '{serial}' appears twice", (f) => `${JA}シリアル番号 '${f.serial}' が 2 回出てきます`),
  unreadable: template(C, 'rig file: cannot read {path}: {reason}', (f) => `${JA}${f.path} を読めません（${osReason(f.reason)}）`),
  notJson: template(C, 'rig file: {path} is not valid JSON ({reason})', (f) => `${JA}${f.path} は正しい JSON ではありません（JSON: ${f.reason}）`),
} as const;
