/**
 * Every stable error code ptpcam, its addon (src/native/core/camera_driver.cc ErrorCodeName) and its pmc layer
 * (src/host/pmcError.ts) can give the user, with what it means in both languages. The meaning is used alone for
 * a message no template wrote (an SDK's text, which then follows it verbatim), so a code is never shown to a
 * Japanese user as a bare English sentence. test/unit/errorText.test.ts fails for a code used anywhere in src/
 * that is missing here.
 */

export type ErrorSource = 'sdk' | 'host' | 'ptpcam';

/** The pmc layer's codes (src/host/pmcError.ts). */
export const PMC_ERROR_CODES = [
  'ERR_PMC_NOT_INSTALLED',
  'ERR_PTP4L_NOT_RUNNING',
  'ERR_PTP4L_STALE_SOCKET',
  'ERR_PTP4L_PERMISSION',
  'ERR_PMC_NO_ANSWER',
  'ERR_PTP4L_HUNG',
  'ERR_PMC_CLIENT_SOCKET',
  'ERR_PMC_UNPARSABLE',
  /** pmc exited non-zero for another reason (bad option, path > 108 bytes, killed by someone else). */
  'ERR_PMC_FAILED',
] as const;


export interface CodeMeaning {
  /** Where the code comes from: an SDK's (native) text is labelled `SDK:` when shown after the meaning. */
  source: ErrorSource;
  en: string;
  ja: string;
}

export const ERROR_CODES = {
  // The addon (camera SDKs and the simulated rig).
  ERR_CAMERA_NOT_FOUND: { source: 'sdk', en: 'camera not found', ja: 'カメラが見つかりません' },
  ERR_CAMERA_TIMEOUT: { source: 'sdk', en: 'the camera did not answer in time', ja: 'カメラが時間内に応答しませんでした' },
  ERR_CAMERA_ACCESS_DENIED: {
    source: 'sdk',
    en: 'the camera refused access (another application controls it, or the feature is write-protected)',
    ja: 'カメラがアクセスを拒否しました（他のアプリケーションが制御しているか、書き込みできない設定です）',
  },
  ERR_FEATURE_MISSING: { source: 'sdk', en: 'the camera lacks a feature ptpcam needs', ja: 'カメラに必要なフィーチャーがありません' },
  ERR_SDK_MISSING: { source: 'sdk', en: 'camera SDK missing', ja: 'カメラ SDK が見つかりません' },
  ERR_SDK: { source: 'sdk', en: 'the camera SDK reported an error', ja: 'カメラ SDK がエラーを返しました' },
  ERR_CAMERA_CLOSED: { source: 'sdk', en: 'the camera is closed', ja: 'カメラはすでに閉じられています' },
  ERR_FEATURE_TYPE: { source: 'sdk', en: 'a camera feature has an unexpected type', ja: 'カメラのフィーチャーの型が想定と異なります' },
  ERR_INVALID_ARGUMENT: { source: 'sdk', en: 'invalid argument', ja: '引数が正しくありません' },
  ERR_FRAME_MISSED: { source: 'sdk', en: 'no frame arrived', ja: 'フレームが届きませんでした' },
  // ptp4l through pmc (linuxptp).
  ERR_PMC_NOT_INSTALLED: { source: 'host', en: 'pmc is not installed', ja: 'pmc がインストールされていません（linuxptp をインストールしてください）' },
  ERR_PTP4L_NOT_RUNNING: { source: 'host', en: 'ptp4l is not running', ja: 'ptp4l が動いていません' },
  ERR_PTP4L_STALE_SOCKET: { source: 'host', en: "ptp4l's socket is stale", ja: 'ptp4l のソケットが古いまま残っています（ptp4l は動いていません）' },
  ERR_PTP4L_PERMISSION: { source: 'host', en: "no permission on ptp4l's socket", ja: 'ptp4l のソケットへのアクセス権がありません' },
  ERR_PMC_NO_ANSWER: { source: 'host', en: 'ptp4l did not answer pmc', ja: 'ptp4l が pmc に応答しませんでした' },
  ERR_PTP4L_HUNG: { source: 'host', en: 'ptp4l is stopped or hung', ja: 'ptp4l が停止しているか、ハングしています' },
  ERR_PMC_CLIENT_SOCKET: { source: 'host', en: 'pmc could not create its client socket', ja: 'pmc がクライアントソケットを作れませんでした' },
  ERR_PMC_UNPARSABLE: { source: 'host', en: "ptp4l's answers could not be parsed", ja: 'ptp4l の返答を解釈できませんでした' },
  ERR_PMC_FAILED: { source: 'host', en: 'pmc failed', ja: 'pmc が失敗しました' },
  // ptpcam's own.
  ERR_USAGE: { source: 'ptpcam', en: 'invalid command line', ja: 'コマンドラインの指定が正しくありません' },
  ERR_RIG_FILE: { source: 'ptpcam', en: 'invalid rig file', ja: 'リグファイルが正しくありません' },
  ERR_NO_CAMERAS: { source: 'ptpcam', en: 'no cameras found', ja: 'カメラが見つかりません' },
  ERR_CAMERA_IN_USE: { source: 'ptpcam', en: 'camera in use', ja: 'カメラは他のアプリケーションが使用中です' },
  ERR_REPORT_INPUT: { source: 'ptpcam', en: 'the input is not ptpcam JSON lines', ja: '入力が ptpcam の JSON Lines ではありません' },
  ERR_OUTPUT: { source: 'ptpcam', en: 'cannot write the output', ja: '出力を書き込めません' },
  ERR_INTERRUPTED: { source: 'ptpcam', en: 'interrupted', ja: '中断されました' },
  ERR_CANCELLED: { source: 'ptpcam', en: 'cancelled', ja: '取り消されました' },
  ERR_NO_VALUE: { source: 'ptpcam', en: 'the camera returned no value', ja: 'カメラが値を返しませんでした' },
  ERR_ACTION_UNSUPPORTED: { source: 'ptpcam', en: 'the camera cannot take action commands', ja: 'このカメラはアクションコマンドを受けられません' },
  ERR_ACTION_RESTORE: { source: 'ptpcam', en: 'camera settings could not be restored', ja: 'カメラの設定を元に戻せませんでした' },
  ERR_INTERNAL: { source: 'ptpcam', en: 'internal error', ja: '内部エラーです' },
  /** A camera error in JSON lines that came without a code (src/report/html). */
  ERR_UNKNOWN: { source: 'ptpcam', en: 'an error without a code', ja: 'コードのないエラーです' },
} as const satisfies Record<string, CodeMeaning>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
