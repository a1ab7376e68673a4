/** ERR_REPORT_INPUT and ERR_OUTPUT: files read (`ptpcam report`) and written (--output, --html, -o). */
import { template } from '../errorTemplate.js';
import { osReason } from './detail.js';

const IN = 'ERR_REPORT_INPUT';
const OUT = 'ERR_OUTPUT';

export const REPORT = {
  longLineIn: template(IN, '{path}: a line longer than {max} bytes: not ptpcam JSON lines', (f) => `${f.path}: ${f.max} バイトを超える行があります。ptpcam の JSON Lines ではありません`),
  unreadable: template(IN, 'cannot read {path}: {reason}', (f) => `${f.path} を読めません（${osReason(f.reason)}）`),
  schema: template(
    IN,
    'line {line}: unknown JSON lines schema version {version} (this ptpcam reads version {supported}); use a matching ptpcam',
    (f) => `${f.line} 行目: 未知の JSON Lines スキーマバージョン ${f.version} です（この ptpcam が読めるのはバージョン ${f.supported}）。対応する版の ptpcam を使ってください`,
  ),
  longLine: template(IN, 'line {line} is longer than {max} characters: not ptpcam JSON lines', (f) => `${f.line} 行目が ${f.max} 文字を超えています。ptpcam の JSON Lines ではありません`),
  longLineBytes: template(IN, 'line {line} is longer than {max} bytes: not ptpcam JSON lines', (f) => `${f.line} 行目が ${f.max} バイトを超えています。ptpcam の JSON Lines ではありません`),
  notJson: template(
    IN,
    'line {line} is not JSON ("{preview}"): expected ptpcam timestat JSON lines (timestat --json or --output)',
    (f) => `${f.line} 行目が JSON ではありません（"${f.preview}"）。ptpcam timestat の JSON Lines（timestat --json または --output の出力）を指定してください`,
  ),
  badSample: template(IN, 'line {line}: a sample line with missing or mistyped fields', (f) => `${f.line} 行目: sample 行のフィールドが欠けているか、型が違います`),
  empty: template(IN, 'no ptpcam JSON lines in the input', () => '入力に ptpcam の JSON Lines がありません'),
  notPtpcam: template(
    IN,
    'line {line} is not a ptpcam JSON line ("{preview}"): expected {shape}',
    (f) => `${f.line} 行目は ptpcam の JSON Lines の行ではありません（"${f.preview}"）。期待する形: ${f.shape}`,
  ),
  tooManyCameras: template(IN, 'more than {max} camera serials: not a ptpcam run', (f) => `カメラのシリアル番号が ${f.max} 個を超えています。ptpcam の測定結果ではありません`),
  cannotOpen: template(OUT, 'cannot open {path}: {reason}', (f) => `${f.path} を開けません（${osReason(f.reason)}）`),
  cannotWriteReport: template(OUT, 'cannot write the report {path}: {reason}', (f) => `レポート ${f.path} を書き込めません（${osReason(f.reason)}）`),
  cannotWrite: template(
    OUT,
    'cannot write {path}: {reason} (the {bytes} bytes before stay valid JSON lines)',
    (f) => `${f.path} に書き込めません（${osReason(f.reason)}）。それまでの ${f.bytes} バイトは正しい JSON Lines のまま残ります`,
  ),
} as const;
