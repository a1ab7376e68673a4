/**
 * Cameras and their SDKs: which backend saw what, a serial that is not there, a camera another program holds,
 * and a camera that took too long (src/cameras, src/check, src/workers).
 */
import { ERROR_CODES, isErrorCode } from '../errorCodes.js';
import { localizeWith, template } from '../errorTemplate.js';
import { sdk } from './detail.js';

/** What to check when no camera answers discovery; the same advice in both languages. */
export const NO_CAMERAS_HINT_EN =
  'check that the cameras are powered and in the same IP subnet as this host\'s camera NIC, that the firewall lets ' +
  'GigE Vision discovery and control through (UDP port 3956 and the replies), and whether `arv-tool-0.8` lists ' +
  'them; or try the simulated rig with --sim 4';
const NO_CAMERAS_HINT_JA =
  'カメラの電源と、カメラ用 NIC と同じ IP サブネットにあるか、ファイアウォールが GigE Vision の検出と制御（UDP 3956 とその応答）を通すか、' +
  '`arv-tool-0.8` で一覧に出るかを確認してください。シミュレーションは --sim 4 で試せます';

export const INSTALL_HINT_EN =
  'no camera SDK found: install Aravis (apt install libaravis-0.8-0) for GigE Vision/USB3 Vision cameras, ' +
  'or The Imaging Source IC4 (ic4-driver and ic4-sdk packages), or try the simulated rig with --sim 4';

/** One backend as `no cameras found (…)` names it: `IC4: loaded, 2 cameras`, `Aravis: not installed`, or its SDK error. */
export const BACKEND_SEEN = {
  loaded: template('ERR_NO_CAMERAS', '{backend}: loaded, {count} cameras', (f) => `${f.backend}: 読み込み済み、カメラ ${f.count} 台`),
  notInstalled: template('ERR_NO_CAMERAS', '{backend}: not installed', (f) => `${f.backend}: 未インストール`),
  failed: template('ERR_NO_CAMERAS', '{backend}: {reason}', (f) => `${f.backend}: 使用できません${sdk(f.reason)}`),
} as const;

function backendSeenJa(one: string): string {
  for (const t of [BACKEND_SEEN.loaded, BACKEND_SEEN.notInstalled, BACKEND_SEEN.failed]) {
    const ja = localizeWith(t, one, 'ERR_NO_CAMERAS');
    if (ja !== null) return ja;
  }
  return one;
}

/** `IC4: loaded, 0 cameras; Aravis: <SDK text that may hold '; '>` -> one entry per backend. */
function splitSeen(seen: string): string[] {
  return seen.split(/; (?=(?:IC4|Aravis): )/);
}

export const CAMERAS = {
  none: template('ERR_NO_CAMERAS', `no cameras found: ${NO_CAMERAS_HINT_EN}`, () => `カメラが見つかりません。${NO_CAMERAS_HINT_JA}`),
  noneSeen: template(
    'ERR_NO_CAMERAS',
    `no cameras found ({seen}): ${NO_CAMERAS_HINT_EN}`,
    (f) => `カメラが見つかりません（${splitSeen(f.seen).map(backendSeenJa).join('；')}）。${NO_CAMERAS_HINT_JA}`,
  ),
  noSdk: template(
    'ERR_SDK_MISSING',
    INSTALL_HINT_EN,
    () =>
      'カメラ SDK が見つかりません。GigE Vision/USB3 Vision カメラ用に Aravis（apt install libaravis-0.8-0）、' +
      'または The Imaging Source の IC4（ic4-driver と ic4-sdk パッケージ）をインストールするか、--sim 4 でシミュレーションを試してください',
  ),
  sdkUnusable: template(
    'ERR_SDK_MISSING',
    '{reason}; or try the simulated rig with --sim 4',
    (f) => `カメラ SDK を読み込めません${sdk(f.reason)}。SDK をインストールするか、--sim 4 でシミュレーションを試してください`,
  ),
  unknownSerial: template(
    'ERR_CAMERA_NOT_FOUND',
    'unknown serial {serials} (detected: {detected})',
    (f) => `シリアル番号 ${f.serials} のカメラはありません（検出されたカメラ: ${f.detected}）`,
  ),
  inUse: template('ERR_CAMERA_IN_USE', 'camera in use: {reason}', (f) => `カメラは他のアプリケーションが使用中です${sdk(f.reason)}`),
  enableTimeout: template('ERR_CAMERA_TIMEOUT', 'PTP enable did not finish within {seconds} s', (f) => `PTP の有効化が ${f.seconds} 秒以内に終わりませんでした`),
  readTimeout: template('ERR_CAMERA_TIMEOUT', 'PTP data-set read did not finish within {seconds} s', (f) => `PTP データセットの読み出しが ${f.seconds} 秒以内に終わりませんでした`),
  resetTimeout: template('ERR_CAMERA_TIMEOUT', 'PTP reset did not finish within {seconds} s', (f) => `PTP のリセット（オフ→オン）が ${f.seconds} 秒以内に終わりませんでした`),
  noAnswer: template('ERR_CAMERA_TIMEOUT', 'camera {serial} did not answer in time', (f) => `カメラ ${f.serial} が時間内に応答しませんでした`),
  // The latch engine's own words (src/native/core/latch/latch_engine.cc, TimeoutMessage), read back from its text.
  latchTimeout: template('ERR_CAMERA_TIMEOUT', 'camera {serial} did not answer the latch within {ms} ms', (f) => `カメラ ${f.serial} がラッチに ${f.ms} ms 以内に応答しませんでした`),
  latchStillBusy: template(
    'ERR_CAMERA_TIMEOUT',
    'camera {serial} is still busy with an earlier latch (no answer within {ms} ms)',
    (f) => `カメラ ${f.serial} は前のラッチにまだ応答していません（${f.ms} ms 以内に応答なし）`,
  ),
  interrupted: template('ERR_INTERRUPTED', 'interrupted', () => '中断されました'),
  cancelled: template('ERR_CANCELLED', 'the caller stopped waiting', () => '呼び出し側が待つのをやめました'),
  noEnableFeature: template('ERR_FEATURE_MISSING', 'no PTP enable feature to toggle', () => 'OFF/ON できる PTP 有効化フィーチャーがありません'),
  noResult: template('ERR_INTERNAL', 'no result for op', () => 'カメラ操作の結果がありません'),
  noValue: template('ERR_NO_VALUE', 'camera returned no value', () => 'カメラが値を返しませんでした'),
} as const;

/** Any SDK error with the camera named in front (src/action/cameraFeatures.ts): the code says what it means. */
export const CAMERA_SDK = template(
  Object.entries(ERROR_CODES)
    .filter(([, m]) => m.source === 'sdk')
    .map(([code]) => code),
  'camera {serial}: {reason}',
  (f, code) => `カメラ ${f.serial}: ${isErrorCode(code) ? ERROR_CODES[code].ja : '予期しないエラーです'}${sdk(f.reason)}`,
);
