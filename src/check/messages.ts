/**
 * Every sentence `ptpcam check` prints, in Japanese (the seed's wording where the seed has one) and English.
 * Hints name the culprit camera and the fix.
 */
import type { Leader, Problem } from './judge.js';
import type { StartupPhase } from '../startup.js';
import { displayState } from '../cameras/ptpState.js';
import { localizeCodedText, localizeError } from '../i18n/errors.js';
import type { Lang } from '../i18n/locale.js';

export interface HintContext {
  timeoutS: number;
  resetFaulty: boolean;
  /** Socket paths tried for ptp4l, when the host query failed. */
  triedPaths: readonly string[];
  /** The code of that failure (the hint's detail is its message), so it can be said in the report's language. */
  hostErrorCode?: string | null;
  hostSimulated: boolean;
  currentUtcOffset: number | null;
}

export interface VerdictContext {
  leader: Leader;
  masters: readonly string[];
  hostGrandmasterId: string | null;
  timedOut: boolean;
  timeoutS: number;
  stateCounts: string;
}

export interface CheckMessages {
  camerasHeading: string;
  hostHeading: string;
  cameraStatusHeading: string;
  verdictHeading: string;
  simulatedRig: string;
  tooManyCameras(detected: number, used: number): string;
  fewerThanTwo(count: number): string;
  waiting(timeoutS: number): string;
  resetDone(index: number, serial: string, error: string | null): string;
  interrupted(signal: string): string;
  /** A signal before any camera's PTP was enabled: there is nothing to report but where it stopped. */
  interruptedStartup(signal: string, phase: StartupPhase): string;
  hostError(code: string, message: string): string;
  ok(v: VerdictContext): string;
  notOk(v: VerdictContext): string;
  hintLabel: string;
  noteLabel: string;
  hint(p: Problem, c: HintContext): string;
  /** An error's message (`code` says what it means) in this language. */
  error(code: string, message: string): string;
  /** `CODE: message`, as check keeps a camera's error, with the message in this language. */
  codedError(text: string): string;
}

const list = (s: readonly string[]): string => s.join(', ');

const PHASE_EN: Record<StartupPhase, string> = {
  discovery: 'discovering cameras',
  opening: 'opening the cameras',
  workers: 'starting the worker threads',
  'host-ptp': "asking ptp4l for the host's PTP",
  'ptp-views': "reading the cameras' PTP state",
};
const PHASE_JA: Record<StartupPhase, string> = {
  discovery: 'カメラの検出中',
  opening: 'カメラのオープン中',
  workers: 'ワーカースレッドの起動中',
  'host-ptp': 'ホストの PTP 状態の取得中',
  'ptp-views': 'カメラの PTP 状態の読み出し中',
};
const ROOT_HINT_PATHS = '/var/run/ptp4lro';

function secondsAbs(p: Problem): number {
  return Math.abs(p.seconds ?? 0);
}

const en: CheckMessages = {
  camerasHeading: '=== Connected cameras ===',
  hostHeading: '=== Ubuntu PTP status ===',
  cameraStatusHeading: '=== Camera PTP status ===',
  verdictHeading: '=== Overall verdict ===',
  simulatedRig: 'simulated rig',
  tooManyCameras: (d, u) => `${d} cameras found; using the first ${u} (raise with --max)`,
  fewerThanTwo: (n) => `only ${n} camera found: PTP between cameras needs at least 2; checking it anyway`,
  waiting: (t) => `Waiting for PTP to converge… (up to ${t} s)`,
  resetDone: (i, s, err) =>
    err === null ? `[${i}] ${s}: Faulty → PTP toggled off and on (--reset-faulty); polling again` : `[${i}] ${s}: Faulty → PTP off/on failed: ${err}`,
  interrupted: (sig) => `Interrupted by ${sig}: the report above is the last poll, not a final verdict`,
  interruptedStartup: (sig, phase) =>
    `Interrupted by ${sig} during start-up (${PHASE_EN[phase]}): no camera's PTP was enabled or read, so there is no verdict`,
  hostError: (code, m) => `Role=Unknown (${code}: ${m})`,
  ok: (v) =>
    v.leader === 'host-grandmaster'
      ? '✅ PTP sync OK: Ubuntu=Grandmaster, Cameras=Slave'
      : v.leader === 'host-slave'
        ? `✅ PTP sync OK: Ubuntu=Slave (GM=${v.hostGrandmasterId ?? '?'}), Cameras=Slave`
        : `✅ PTP sync OK (camera-led): Master=${list(v.masters)}, other cameras=Slave; Ubuntu takes no part in PTP`,
  notOk: (v) =>
    `❌ PTP sync NOT OK: ${v.timedOut ? `not converged within ${v.timeoutS} s` : 'converged with problems'} (${v.stateCounts})`,
  hintLabel: 'hint',
  noteLabel: 'note',
  hint(p, c) {
    const s = list(p.serials);
    switch (p.code) {
      case 'several-masters':
        return `several cameras claim Master: ${s}. Only one clock may win the election (BMCA): make the host's ptp4l the grandmaster (priority1 below the cameras', e.g. 127), or set all but one camera to slave-only; check that all cameras use the same PTP domain and network segment.`;
      case 'no-slave':
        return `camera ${s} is Master but no camera follows it as Slave (the host runs no PTP): enable PTP on the other cameras, check that they are on the same network segment and PTP domain, and that the switch forwards multicast (224.0.1.129); or start ptp4l on the host as grandmaster.`;
      case 'no-master':
        return 'no camera is Master and the host runs no PTP, so nobody leads: start ptp4l on the host as grandmaster (e.g. ptp4l -i enp3s0 with priority1 127), or let one camera win the election; check the PTP domain and that the switch forwards multicast.';
      case 'camera-master-beside-host':
        return `camera ${s} is Master although the host's ptp4l is grandmaster${p.grandmasterId ? ` ${p.grandmasterId}` : ''}: the camera won the election over the host, or does not hear the host's Announce messages. Give the host the better clock in ptp4l.conf [global]: priority1 below the camera's (e.g. priority1 127; lower wins, cameras default to 128) or clockClass 6/127 (below the default 248), then restart ptp4l.`;
      case 'camera-won-election':
        return `the host's ptp4l follows camera ${s} (${p.grandmasterId ?? '?'}): the camera won the election (BMCA) over the host. In ptp4l.conf [global] set priority1 below the camera's (e.g. 127) or clockClass 6/127 (below 248), restart ptp4l; or set the camera to slave-only.`;
      case 'foreign-grandmaster':
        return `camera ${s} follows grandmaster ${p.grandmasterId ?? '?'}, not ${p.expectedGrandmasterId ?? 'the rig\'s grandmaster'}: check the PTP domain (ptp4l domainNumber, --domain, the camera's domain), look for a second grandmaster on the network, and for an unmanaged switch joining two PTP segments.`;
      case 'stuck-listening':
        return `camera ${s} is stuck in Listening: it receives no Announce messages. Check multicast delivery (224.0.1.129), IGMP snooping on the switch (enable an IGMP querier or turn snooping off), whether the switch is PTP-aware (transparent/boundary clock), and that the host firewall allows UDP 319 and 320 (e.g. sudo ufw allow 319:320/udp).`;
      case 'faulty':
        return c.resetFaulty
          ? `camera ${s} is still Faulty after PTP was toggled off and on: power-cycle the camera and check its firmware and link.`
          : `camera ${s} reports Faulty: toggle its PTP off and on; rerun with --reset-faulty, which does exactly that and polls again.`;
      case 'not-locked':
        return p.state === 'PRE_MASTER'
          ? `camera ${s} is still PreMaster after ${c.timeoutS} s: it has not finished qualifying as Master. Wait longer (--timeout-s).`
          : `camera ${s} is still ${displayState(p.state ?? null)} after ${c.timeoutS} s: its servo has not locked. Wait longer (--timeout-s), and check network delay and load between camera and grandmaster.`;
      case 'disabled':
        return `camera ${s} reports PTP Disabled although it was enabled: another application may hold the camera, or the setting did not stick; enable PTP in the camera's configuration.`;
      case 'passive':
        return `camera ${s} is Passive: it sees a better master on another path; look for a network loop or a second grandmaster.`;
      case 'unknown-state':
        return `camera ${s}: PTP status unreadable${p.detail ? ` ('${p.detail}')` : ''}; check the camera's connection and firmware.`;
      case 'camera-failed':
        return `camera ${s} failed: ${p.detail ?? 'error'}; the other cameras were checked without it.`;
      case 'whole-second-offset':
        return `camera ${s} is ${secondsAbs(p)} s off its master (PtpOffsetFromMaster): a whole-second offset is TAI against UTC (TAI−UTC = ${c.currentUtcOffset ?? 37} s). Check ptp4l's utc_offset/ptpTimescale and phc2sys -w on the host.`;
      case 'timescale-offset':
        return `camera ${s} time is ${p.seconds ?? 0} s from the host clock (TimestampLatch): TAI vs UTC (currentUtcOffset ${c.currentUtcOffset ?? 37} s). PTP carries TAI; subtract currentUtcOffset when comparing camera timestamps with host time.`;
      case 'host-unavailable':
        return c.hostSimulated
          ? 'the simulated host runs no ptp4l (rig host.role "none"): the rig is judged as camera-led.'
          : `host PTP unavailable: ${p.detail ?? ''}${c.triedPaths.length > 0 ? ` (tried ${list(c.triedPaths)})` : ''}. Start ptp4l (e.g. sudo ptp4l -i enp3s0 -m), or pass its uds_address with --uds; without root use the read-only socket: --uds ${ROOT_HINT_PATHS} (uds_ro_address, linuxptp ≥ 4.0). Judged as camera-led.`;
      case 'no-ptp-cameras':
        return 'no camera has PTP features (PtpEnable/PtpStatus or GevIEEE1588/GevIEEE1588Status): nothing to synchronise.';
      case 'no-ptp-features':
        return `camera ${s} has no PTP features: shown as PTP=N/A and left out of the verdict.`;
    }
  },
  error: (_code, message) => message,
  codedError: (text) => text,
};

/** The host's failure as the ja hint names it: by its code when check knows it (a pmc failure). */
function hostDetailJa(detail: string, code: string | null): string {
  return code === null ? detail : `${code}: ${localizeError(code, detail, 'ja')}`;
}

const ja: CheckMessages = {
  camerasHeading: '=== 接続カメラ一覧 ===',
  hostHeading: '=== Ubuntu PTP 状態 ===',
  cameraStatusHeading: '=== カメラ PTP ステータス ===',
  verdictHeading: '=== 総合判定 ===',
  simulatedRig: 'シミュレーション',
  tooManyCameras: (d, u) => `カメラが ${d} 台見つかりました。先頭の ${u} 台を使います（--max で変更可）`,
  fewerThanTwo: (n) => `カメラが ${n} 台しかありません。カメラ間の PTP 同期には 2 台以上必要ですが、このまま確認します`,
  waiting: (t) => `PTP 収束待ち中…（最大 ${t} 秒）`,
  resetDone: (i, s, err) =>
    err === null ? `[${i}] ${s}: Faulty → PTP を OFF/ON しました（--reset-faulty）。再ポーリングします` : `[${i}] ${s}: Faulty → PTP の OFF/ON に失敗: ${err}`,
  interrupted: (sig) => `${sig} により中断しました。上の結果は最後のポーリング時点のもので、最終判定ではありません`,
  interruptedStartup: (sig, phase) => `${sig} により起動中（${PHASE_JA[phase]}）に中断しました。どのカメラの PTP も有効化・読み出ししていないため、判定はありません`,
  hostError: (code, m) => `Role=Unknown（Ubuntu側のPTP状態取得失敗: ${code}: ${localizeError(code, m, 'ja')}）`,
  ok: (v) =>
    v.leader === 'host-grandmaster'
      ? '✅ PTP同期 OK: Ubuntu=Grandmaster, Cameras=Slave'
      : v.leader === 'host-slave'
        ? `✅ PTP同期 OK: Ubuntu=Slave (GM=${v.hostGrandmasterId ?? '?'}), Cameras=Slave`
        : `✅ PTP同期 OK（カメラ主導）: Master=${list(v.masters)}, 他のカメラ=Slave（Ubuntu は PTP に参加していません）`,
  notOk: (v) => `❌ PTP同期 NG: ${v.timedOut ? `${v.timeoutS} 秒以内に収束しませんでした` : '問題があります'}（${v.stateCounts}）`,
  hintLabel: 'ヒント',
  noteLabel: '注意',
  hint(p, c) {
    const s = list(p.serials);
    switch (p.code) {
      case 'several-masters':
        return `複数のカメラが Master です: ${s}。BMCA で勝てるクロックは 1 つだけです。Ubuntu の ptp4l をグランドマスターにする（priority1 をカメラより小さく、例: 127）か、1 台以外を slave-only に設定してください。全カメラの PTP ドメインとネットワークセグメントが同じか確認してください。`;
      case 'no-slave':
        return `カメラ ${s} が Master ですが、Slave として従うカメラがありません（Ubuntu は PTP を動かしていません）。他のカメラの PTP を有効にし、同じネットワークセグメント・PTP ドメインにあるか、スイッチがマルチキャスト（224.0.1.129）を転送するか確認してください。または Ubuntu で ptp4l をグランドマスターとして起動してください。`;
      case 'no-master':
        return 'Master のカメラがなく、Ubuntu も PTP を動かしていないため、誰も基準になっていません。Ubuntu で ptp4l をグランドマスターとして起動する（例: ptp4l -i enp3s0、priority1 127）か、1 台のカメラを Master にしてください。PTP ドメインとスイッチのマルチキャスト転送も確認してください。';
      case 'camera-master-beside-host':
        return `Ubuntu の ptp4l がグランドマスター${p.grandmasterId ? ` ${p.grandmasterId}` : ''}なのに、カメラ ${s} が Master です。カメラが BMCA でホストに勝ったか、ホストの Announce が届いていません。ptp4l.conf の [global] で priority1 をカメラより小さく（例: priority1 127。小さい方が勝ち、カメラの既定は 128）するか clockClass を 6/127（既定 248 より小さく）にして ptp4l を再起動してください。`;
      case 'camera-won-election':
        return `Ubuntu の ptp4l がカメラ ${s}（${p.grandmasterId ?? '?'}）に従っています。カメラが BMCA でホストに勝ちました。ptp4l.conf の [global] で priority1 をカメラより小さく（例: 127）するか clockClass を 6/127（248 未満）にして ptp4l を再起動するか、カメラを slave-only にしてください。`;
      case 'foreign-grandmaster':
        return `カメラ ${s} がグランドマスター ${p.grandmasterId ?? '?'} に従っています（期待値: ${p.expectedGrandmasterId ?? 'リグのグランドマスター'}）。PTP ドメイン（ptp4l の domainNumber、--domain、カメラ側の設定）、ネットワーク上の 2 台目のグランドマスター、2 つの PTP セグメントをつなぐ非管理スイッチを確認してください。`;
      case 'stuck-listening':
        return `カメラ ${s} が Listening のままです（Announce を受信できていません）。マルチキャスト（224.0.1.129）の配送、スイッチの IGMP スヌーピング（IGMP クエリアを有効にするかスヌーピングを無効に）、スイッチが PTP 対応（トランスペアレント/バウンダリクロック）か、ホストのファイアウォールが UDP 319/320 を通すか（例: sudo ufw allow 319:320/udp）を確認してください。`;
      case 'faulty':
        return c.resetFaulty
          ? `カメラ ${s} は PTP を OFF/ON しても Faulty のままです。カメラの電源を入れ直し、ファームウェアとリンクを確認してください。`
          : `カメラ ${s} が Faulty です。PTP を OFF/ON してください。--reset-faulty を付けて再実行すると、そのとおり OFF/ON してから再ポーリングします。`;
      case 'not-locked':
        return p.state === 'PRE_MASTER'
          ? `カメラ ${s} は ${c.timeoutS} 秒後も PreMaster のままです（Master への移行待ち）。待ち時間を延ばしてください（--timeout-s）。`
          : `カメラ ${s} は ${c.timeoutS} 秒後も ${displayState(p.state ?? null)} のままです（サーボ未ロック）。待ち時間を延ばす（--timeout-s）か、カメラとグランドマスター間の遅延と負荷を確認してください。`;
      case 'disabled':
        return `カメラ ${s} は PTP を有効にしたのに Disabled です。他のアプリケーションがカメラを使っていないか、設定が反映されたか確認してください。`;
      case 'passive':
        return `カメラ ${s} が Passive です。別経路により良い Master が見えています。ネットワークのループや 2 台目のグランドマスターを確認してください。`;
      case 'unknown-state':
        return `カメラ ${s}: PTP ステータスを読めません${p.detail ? `（'${p.detail}'）` : ''}。接続とファームウェアを確認してください。`;
      case 'camera-failed':
        return `カメラ ${s} でエラー: ${p.detail ? localizeCodedText(p.detail, 'ja') : 'エラー'}。他のカメラはこのカメラ抜きで確認しました。`;
      case 'whole-second-offset':
        return `カメラ ${s} はマスターから ${secondsAbs(p)} 秒ずれています（PtpOffsetFromMaster）。整数秒のずれは TAI と UTC の違いです（TAI−UTC = ${c.currentUtcOffset ?? 37} 秒）。ホストの ptp4l の utc_offset/ptpTimescale と phc2sys -w を確認してください。`;
      case 'timescale-offset':
        return `カメラ ${s} の時刻はホスト時計と ${p.seconds ?? 0} 秒ずれています（TimestampLatch）。TAI と UTC の違いです（currentUtcOffset ${c.currentUtcOffset ?? 37} 秒）。PTP の時刻は TAI なので、ホスト時刻と比べるときは currentUtcOffset を引いてください。`;
      case 'host-unavailable':
        return c.hostSimulated
          ? 'シミュレーションのホストは ptp4l を動かしていません（rig の host.role "none"）。カメラ主導として判定します。'
          : `Ubuntu側のPTP状態取得失敗: ${hostDetailJa(p.detail ?? '', c.hostErrorCode ?? null)}${c.triedPaths.length > 0 ? `（試したパス: ${list(c.triedPaths)}）` : ''}。ptp4l を起動する（例: sudo ptp4l -i enp3s0 -m）か、--uds で uds_address を指定してください。root 権限なしなら読み取り専用ソケット --uds ${ROOT_HINT_PATHS}（uds_ro_address、linuxptp 4.0 以降）を使ってください。カメラ主導として判定します。`;
      case 'no-ptp-cameras':
        return 'PTP 機能（PtpEnable/PtpStatus または GevIEEE1588/GevIEEE1588Status）を持つカメラがありません。';
      case 'no-ptp-features':
        return `カメラ ${s} には PTP 機能がありません。PTP=N/A と表示し、判定から除外しました。`;
    }
  },
  error: (code, message) => localizeError(code, message, 'ja'),
  codedError: (text) => localizeCodedText(text, 'ja'),
};

export function checkMessages(lang: Lang): CheckMessages {
  return lang === 'ja' ? ja : en;
}
