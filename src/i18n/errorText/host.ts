/**
 * The host's ptp4l through pmc (src/host/pmcClient.ts), and timestat's refusal to measure without it. Socket
 * paths, pids, domains and times are facts; pmc's own stderr is passed on verbatim.
 */
import { PMC_ERROR_CODES } from '../errorCodes.js';
import { template } from '../errorTemplate.js';

const RO_SOCKET_JA = '読み取り専用ソケット';

export const HOST = {
  pathTooLong: template('ERR_PMC_FAILED', 'ptp4l socket path is longer than {max} bytes: {path}', (f) => `ptp4l のソケットパスが ${f.max} バイトを超えています: ${f.path}`),
  staleSocket: template(
    'ERR_PTP4L_STALE_SOCKET',
    'ptp4l is not running: {path} is a stale socket (connection refused); restart ptp4l',
    (f) => `ptp4l が動いていません: ${f.path} は古いソケットです（接続拒否）。ptp4l を再起動してください`,
  ),
  permission: template(
    'ERR_PTP4L_PERMISSION',
    'permission denied on ptp4l socket {path}: use the read-only socket (--uds /var/run/ptp4lro, linuxptp >= 4.0), give your group write access to the socket, or run as root',
    (f) =>
      `ptp4l のソケット ${f.path} へのアクセス権がありません。${RO_SOCKET_JA}（--uds /var/run/ptp4lro、linuxptp 4.0 以降）を使うか、` +
      'ソケットにグループの書き込み権限を与えるか、root で実行してください',
  ),
  permissionAfterQuery: template(
    'ERR_PTP4L_PERMISSION',
    'permission denied on ptp4l socket {path}: use the read-only socket (--uds /var/run/ptp4lro) or group access',
    (f) => `ptp4l のソケット ${f.path} へのアクセス権がありません。${RO_SOCKET_JA}（--uds /var/run/ptp4lro）を使うか、グループに書き込み権限を与えてください`,
  ),
  notSocketErrno: template(
    'ERR_PTP4L_NOT_RUNNING',
    "ptp4l is not running: {path} is not a socket ({errno}); pass ptp4l's uds_address with --uds",
    (f) => `ptp4l が動いていません: ${f.path} はソケットではありません（${f.errno}）。ptp4l の uds_address を --uds で指定してください`,
  ),
  notSocket: template(
    'ERR_PTP4L_NOT_RUNNING',
    "ptp4l is not running: {path} is not a socket; pass ptp4l's uds_address with --uds",
    (f) => `ptp4l が動いていません: ${f.path} はソケットではありません。ptp4l の uds_address を --uds で指定してください`,
  ),
  noSocketGiven: template(
    'ERR_PTP4L_NOT_RUNNING',
    'ptp4l is not running: no socket at {paths}; check --uds (ptp4l uds_address)',
    (f) => `ptp4l が動いていません: ${f.paths} にソケットがありません。--uds（ptp4l の uds_address）を確認してください`,
  ),
  noSocket: template(
    'ERR_PTP4L_NOT_RUNNING',
    'ptp4l is not running: no socket at {paths}; start ptp4l, or pass its uds_address (or the read-only uds_ro_address) with --uds',
    (f) => `ptp4l が動いていません: ${f.paths} にソケットがありません。ptp4l を起動するか、その uds_address（または読み取り専用の uds_ro_address）を --uds で指定してください`,
  ),
  disappeared: template('ERR_PTP4L_NOT_RUNNING', 'ptp4l is not running: {path} disappeared; check --uds', (f) => `ptp4l が動いていません: ${f.path} がなくなりました。--uds を確認してください`),
  notInstalled: template('ERR_PMC_NOT_INSTALLED', 'pmc not found ({tried}): install linuxptp', (f) => `pmc が見つかりません（${f.tried}）。linuxptp をインストールしてください`),
  killedAfterTimeout: template(
    'ERR_PTP4L_HUNG',
    'ptp4l not answering (stopped or hung): pmc got no further on {path} within {ms} ms and was killed',
    (f) => `ptp4l が応答しません（停止またはハング）: pmc が ${f.path} で ${f.ms} ms 以内に先へ進めなかったため、pmc を強制終了しました`,
  ),
  stopped: template(
    'ERR_PTP4L_HUNG',
    'ptp4l not answering: {command} (pid {pid}) holding {path} is stopped',
    (f) => `ptp4l が応答しません: ${f.path} を開いている ${f.command}（pid ${f.pid}）が停止しています`,
  ),
  clientSocket: template('ERR_PMC_CLIENT_SOCKET', 'pmc could not create its client socket: {stderr}', (f) => `pmc がクライアントソケットを作れませんでした（pmc: ${f.stderr}）`),
  exitedWhy: template('ERR_PMC_FAILED', 'pmc exited with status {status} talking to {path}: {stderr}', (f) => `pmc が ${f.path} との通信中に終了コード ${f.status} で終了しました（pmc: ${f.stderr}）`),
  exited: template('ERR_PMC_FAILED', 'pmc exited with status {status} talking to {path}', (f) => `pmc が ${f.path} との通信中に終了コード ${f.status} で終了しました`),
  killedWhy: template('ERR_PMC_FAILED', 'pmc was killed by {signal} talking to {path}: {stderr}', (f) => `pmc が ${f.path} との通信中に ${f.signal} で終了させられました（pmc: ${f.stderr}）`),
  killed: template('ERR_PMC_FAILED', 'pmc was killed by {signal} talking to {path}', (f) => `pmc が ${f.path} との通信中に ${f.signal} で終了させられました`),
  noAnswer: template(
    'ERR_PMC_NO_ANSWER',
    'ptp4l at {path} did not answer in domain {domain} (transportSpecific {transportSpecific}): check --domain and --transport-specific (gPTP configs use 1), or ptp4l may be stopped',
    (f) =>
      `${f.path} の ptp4l がドメイン ${f.domain}（transportSpecific ${f.transportSpecific}）で応答しませんでした。` +
      '--domain と --transport-specific（gPTP の設定では 1）を確認してください。ptp4l が停止している可能性もあります',
  ),
  unparsable: template('ERR_PMC_UNPARSABLE', 'ptp4l at {path} answered but none of its replies could be parsed', (f) => `${f.path} の ptp4l は応答しましたが、返答をどれも解釈できませんでした`),
  /** src/timestat/run.ts: timestat needs stepsRemoved and refuses to guess. */
  stepsRemoved: template(
    [...PMC_ERROR_CODES],
    'Unable to determine stepsRemoved: {why}; --allow-no-host-ptp measures anyway',
    (f) => `stepsRemoved を確認できません: ${f.why}。--allow-no-host-ptp を付けると、このまま測定します`,
    { nested: ['why'] },
  ),
  simulatedNone: template(
    'ERR_PTP4L_NOT_RUNNING',
    'the simulated host runs no PTP (rig host.role none)',
    () => 'シミュレーションのホストは PTP を動かしていません（リグの host.role が none）',
  ),
} as const;
