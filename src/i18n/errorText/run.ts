/**
 * Messages built in src/timestat/run.ts, src/action and src/latch, which build their own English: read back
 * from it by these templates until those modules construct their errors from them.
 */
import { template } from '../errorTemplate.js';
import { detail } from './detail.js';

export const RUN = {
  noLatch: template(
    'ERR_FEATURE_MISSING',
    'TIMESTAMP_LATCH_VALUE unavailable: camera {serial} has no {features}',
    (f) => `TIMESTAMP_LATCH_VALUE を取得できません: カメラ ${f.serial} に ${f.features} がありません`,
  ),
  interruptedStartup: template(
    'ERR_INTERRUPTED',
    'interrupted by {signal} during start-up, before the first sample',
    (f) => `起動中（最初のサンプルの前）に ${f.signal} で中断しました`,
  ),
  latchFailed: template('ERR_SDK', 'latch failed', () => 'ラッチに失敗しました'),
  noFrame: template('ERR_FRAME_MISSED', 'no frame', () => 'フレームが届きませんでした'),
  actionFailed: template('ERR_SDK', 'the action run failed', () => 'アクションコマンドによる測定に失敗しました'),
  notArmed: template('ERR_INVALID_ARGUMENT', 'camera handle {handle} was not armed for action commands', (f) => `カメラハンドル ${f.handle} はアクションコマンド用に準備されていません`),
  noAnswerTo: template('ERR_SDK', 'camera {serial}: no answer to {op} {feature}', (f) => `カメラ ${f.serial}: ${f.op} ${f.feature} に応答がありません`),
  notInteger: template('ERR_FEATURE_TYPE', 'camera {serial}: {feature} is not an integer', (f) => `カメラ ${f.serial}: ${f.feature} は整数ではありません`),
  noRange: template('ERR_FEATURE_TYPE', 'camera {serial}: {feature} has no integer range', (f) => `カメラ ${f.serial}: ${f.feature} には整数の範囲がありません`),
  actionUnsupported: template(
    'ERR_ACTION_UNSUPPORTED',
    'camera {serial} cannot take action commands: {why}; use --method latch for this rig',
    (f) => `カメラ ${f.serial} はアクションコマンドを受けられません: ${f.why}。このリグでは --method latch を使ってください`,
    { nested: ['why'] },
  ),
  restore: template('ERR_ACTION_RESTORE', 'could not restore camera settings: {failed}', (f) => `カメラの設定を元に戻せませんでした${detail(f.failed)}`),
} as const;

/** Why a camera cannot take action commands (src/action/featureCheck.ts): the `{why}` above. */
export const ACTION_WHY = {
  noIpv4: template(
    'ERR_ACTION_UNSUPPORTED',
    "it has no IPv4 address ('{address}'), and action commands are GigE Vision UDP packets",
    (f) => `IPv4 アドレスがありません（'${f.address}'）。アクションコマンドは GigE Vision の UDP パケットです`,
  ),
  noFeature: template('ERR_ACTION_UNSUPPORTED', 'it has no {feature} feature', (f) => `${f.feature} フィーチャーがありません`),
  noFrameStart: template('ERR_ACTION_UNSUPPORTED', 'its TriggerSelector has no FrameStart entry', () => 'TriggerSelector に FrameStart がありません'),
  keyNotWritable: template('ERR_ACTION_UNSUPPORTED', 'its ActionDeviceKey is not writable', () => 'ActionDeviceKey に書き込めません'),
  noAction1: template(
    'ERR_ACTION_UNSUPPORTED',
    'its TriggerSource has no Action1 entry (it offers {offered})',
    (f) => `TriggerSource に Action1 がありません（選べるもの: ${f.offered}）`,
  ),
} as const;
