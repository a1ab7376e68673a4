/** Pure parts of `check`: state spellings, clock IDs, locale, the convergence judge; plus failure plumbing. */
import t from 'tap';
import fc from 'fast-check';
import { pino } from 'pino';

import { wholeSecondOffset } from '../../src/analysis/wholeSecond.js';
import type { CameraFeatures } from '../../src/cameras/ptpDataSet.js';
import { displayState, formatClockId, mapPtpState, PTP_STATES } from '../../src/cameras/ptpState.js';
import { judge, type JudgeCamera, type JudgeHost } from '../../src/check/judge.js';
import type { CameraTaskRunner } from '../../src/check/pool.js';
import { enableAll } from '../../src/check/session.js';
import type { EnableOutcome } from '../../src/check/types.js';
import { hostErrorReport, judgeHost, PmcHostSource, simulatedHostReport } from '../../src/host/hostReport.js';
import { checkMessages } from '../../src/check/messages.js';
import { detectLang } from '../../src/i18n/locale.js';

t.test('vendor state spellings map onto IEEE 1588 states', async (t) => {
  const cases: [string, string | null][] = [
    ['Pre_Master', 'PRE_MASTER'], ['PreMaster', 'PRE_MASTER'], ['PRE_MASTER', 'PRE_MASTER'],
    ['Calibrating', 'UNCALIBRATED'], ['Synching', 'UNCALIBRATED'], ['Uncalibrated', 'UNCALIBRATED'],
    ['Slave', 'SLAVE'], ['Master', 'MASTER'], ['Listening', 'LISTENING'], ['Faulty', 'FAULTY'],
    ['Disabled', 'DISABLED'], ['Initializing', 'INITIALIZING'], ['Passive', 'PASSIVE'],
    ['Locked', null], ['', null],
    // Numeric IEEE 1588 portState values, as integer nodes or number-named enum entries report them.
    ['1', 'INITIALIZING'], ['2', 'FAULTY'], ['4', 'LISTENING'], ['5', 'PRE_MASTER'], ['6', 'MASTER'],
    ['8', 'UNCALIBRATED'], ['9', 'SLAVE'], [' 9 ', 'SLAVE'], ['0', null], ['10', null],
  ];
  for (const [raw, want] of cases) t.equal(mapPtpState(raw), want, raw);
  t.equal(mapPtpState(null), null);
  for (const s of PTP_STATES) t.equal(mapPtpState(s), s, 'canonical names map to themselves');
  t.equal(displayState('SLAVE'), 'Slave');
  t.equal(displayState(null), 'Unknown');
});

t.test('clock IDs in pmc spelling, including negative int64 from GenICam', async (t) => {
  t.equal(formatClockId(0x0a0b0cfffe0d0e0fn), '0a0b0c.fffe.0d0e0f');
  t.equal(formatClockId(BigInt.asIntN(64, 0xbcfce7fffe244dafn)), 'bcfce7.fffe.244daf');
  t.equal(formatClockId(1n), '000000.0000.000001');
  fc.assert(
    fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (v) => {
      const s = formatClockId(v);
      return /^[0-9a-f]{6}\.[0-9a-f]{4}\.[0-9a-f]{6}$/.test(s) && BigInt('0x' + s.replace(/\./g, '')) === BigInt.asUintN(64, v);
    }),
  );
});

t.test('locale: LC_ALL over LC_MESSAGES over LANG', async (t) => {
  t.equal(detectLang({ LANG: 'ja_JP.UTF-8' }), 'ja');
  t.equal(detectLang({ LANG: 'ja' }), 'ja');
  t.equal(detectLang({ LANG: 'en_US.UTF-8' }), 'en');
  t.equal(detectLang({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }), 'en');
  t.equal(detectLang({ LC_MESSAGES: 'ja_JP.eucJP', LANG: 'C' }), 'ja');
  t.equal(detectLang({ LC_ALL: '', LANG: 'ja_JP.UTF-8' }), 'ja');
  t.equal(detectLang({}), 'en');
  const ja = checkMessages('ja');
  t.equal(ja.camerasHeading, '=== 接続カメラ一覧 ===');
  t.equal(ja.waiting(30), 'PTP 収束待ち中…（最大 30 秒）');
  t.equal(ja.hostHeading, '=== Ubuntu PTP 状態 ===');
  t.equal(ja.cameraStatusHeading, '=== カメラ PTP ステータス ===');
  t.equal(ja.verdictHeading, '=== 総合判定 ===');
  t.equal(ja.ok({ leader: 'host-grandmaster', masters: [], hostGrandmasterId: null, timedOut: false, timeoutS: 30, stateCounts: '' }), '✅ PTP同期 OK: Ubuntu=Grandmaster, Cameras=Slave');
});

t.test('whole seconds near a TAI/UTC mix-up', async (t) => {
  t.equal(wholeSecondOffset(37_000_000_000n), 37);
  t.equal(wholeSecondOffset(-37_000_400_000n), -37);
  t.equal(wholeSecondOffset(36_900_000_000n), null);
  t.equal(wholeSecondOffset(40n), null);
  t.equal(wholeSecondOffset(1_000_000_000n), 1);
});

const H = 'aaaaaa.fffe.000001';
const OUT = 'bbbbbb.fffe.000002';
const hostGm: JudgeHost = { mode: 'grandmaster', clockId: H, grandmasterId: H, unavailable: null };
const hostSlave: JudgeHost = { mode: 'slave', clockId: H, grandmasterId: OUT, unavailable: null };
const hostNone: JudgeHost = { mode: 'none', clockId: null, grandmasterId: null, unavailable: { reason: 'error', message: 'ptp4l is not running' } };

function c(serial: string, state: JudgeCamera['state'], gm: string | null = null, extra: Partial<JudgeCamera> = {}): JudgeCamera {
  return {
    serial, ptp: 'enabled', state, statusRaw: state, grandmasterId: gm, clockId: `0${serial.slice(-1)}0000.fffe.000000`,
    offsetFromMasterNs: null, hostDeltaNs: null, error: null, resets: 0, ...extra,
  };
}
const codes = (j: ReturnType<typeof judge>): string[] => j.problems.filter((p) => p.blocking).map((p) => `${p.code}:${p.serials.join('+')}`);

t.test('judge: host grandmaster', async (t) => {
  let j = judge(hostGm, [c('C1', 'SLAVE', H), c('C2', 'SLAVE', H)]);
  t.match(j, { leader: 'host-grandmaster', converged: true, synced: true });
  j = judge(hostGm, [c('C1', 'SLAVE'), c('C2', 'SLAVE')]);
  t.equal(j.converged, true, 'cameras that do not report a grandmaster are judged by state');
  j = judge(hostGm, [c('C1', 'SLAVE', H), c('C2', 'MASTER')]);
  t.same(codes(j), ['camera-master-beside-host:C2']);
  j = judge(hostGm, [c('C1', 'MASTER'), c('C2', 'MASTER')]);
  t.same(codes(j).sort(), ['camera-master-beside-host:C1+C2', 'several-masters:C1+C2']);
  j = judge(hostGm, [c('C1', 'SLAVE', H), c('C2', 'SLAVE', OUT)]);
  t.same(codes(j), ['foreign-grandmaster:C2']);
  j = judge(hostGm, [c('C1', 'LISTENING'), c('C2', 'FAULTY'), c('C3', 'UNCALIBRATED', H), c('C4', null, null, { statusRaw: 'Weird' })]);
  t.same(codes(j), ['stuck-listening:C1', 'faulty:C2', 'not-locked:C3', 'unknown-state:C4']);
  j = judge(hostGm, [c('C1', 'SLAVE', H), c('C2', 'SLAVE', H, { offsetFromMasterNs: 37_000_000_120n })]);
  t.same(codes(j), ['whole-second-offset:C2']);
});

t.test('judge: host slave of an outside grandmaster', async (t) => {
  t.equal(judge(hostSlave, [c('C1', 'SLAVE', OUT), c('C2', 'SLAVE', OUT)]).converged, true);
  t.same(codes(judge(hostSlave, [c('C1', 'SLAVE', OUT), c('C2', 'SLAVE', H)])), ['foreign-grandmaster:C2']);
  // The host follows camera C1's clock: C1 won the election over the host.
  const won: JudgeHost = { ...hostSlave, grandmasterId: '010000.fffe.000000' };
  const j = judge(won, [c('C1', 'MASTER'), c('C2', 'SLAVE', '010000.fffe.000000')]);
  t.same(codes(j), ['camera-won-election:C1']);
  t.equal(j.leader, 'host-slave');
});

t.test('judge: host not running PTP (camera-led, the seed rule)', async (t) => {
  let j = judge(hostNone, [c('C1', 'MASTER'), c('C2', 'SLAVE', '010000.fffe.000000')]);
  t.match(j, { leader: 'camera-led', converged: true, masters: ['C1'], slaves: ['C2'] });
  t.ok(j.problems.some((p) => p.code === 'host-unavailable' && !p.blocking), 'host error stays visible as a note');
  j = judge(hostNone, [c('C1', 'SLAVE'), c('C2', 'SLAVE')]);
  t.same(codes(j), ['no-master:']);
  j = judge(hostNone, [c('C1', 'MASTER'), c('C2', 'MASTER')]);
  t.same(codes(j), ['several-masters:C1+C2']);
  j = judge(hostNone, [c('C1', 'MASTER'), c('C2', 'SLAVE', OUT)]);
  t.same(codes(j), ['foreign-grandmaster:C2']);
  j = judge(hostNone, [c('C1', 'PRE_MASTER'), c('C2', 'SLAVE')]);
  t.same(codes(j), ['not-locked:C1'], 'PreMaster has not yet won: not converged');
  t.match(checkMessages('en').hint(j.problems.find((p) => p.code === 'not-locked')!, { timeoutS: 5, resetFaulty: false, triedPaths: [], hostSimulated: true, currentUtcOffset: null }), 'still PreMaster after 5 s');
  j = judge(hostNone, [c('C1', 'PRE_MASTER'), c('C2', 'MASTER')]);
  t.same(codes(j), ['several-masters:C1+C2'], 'a PreMaster counts as a second Master');
});

t.test('judge: N/A and failed cameras', async (t) => {
  const na = c('C3', null, null, { ptp: 'n/a' });
  let j = judge(hostGm, [c('C1', 'SLAVE', H), na]);
  t.equal(j.converged, true, 'a camera without PTP does not block');
  j = judge(hostGm, [c('C1', 'SLAVE', H), c('C2', null, null, { ptp: 'failed', error: 'boom' })]);
  t.match(j, { synced: true, converged: false });
  t.same(codes(j), ['camera-failed:C2']);
  j = judge(hostGm, [na]);
  t.same(codes(j), ['no-ptp-cameras:']);
});

t.test('host: ptp4l not running is reported with the path tried and the read-only hint', async (t) => {
  const path = '/nonexistent-ptpcam/ptp4l';
  const h = await new PmcHostSource({ uds: path }).read();
  t.match(h, { mode: 'none', error: { code: 'ERR_PTP4L_NOT_RUNNING', triedPaths: [path] } });
  const jh = judgeHost(h);
  t.match(jh, { mode: 'none', unavailable: { reason: 'error' } });
  const j = judge(jh, [c('C1', 'SLAVE'), c('C2', 'SLAVE')]);
  const p = j.problems.find((x) => x.code === 'host-unavailable');
  t.ok(p);
  const ctx = { timeoutS: 30, resetFaulty: false, triedPaths: h.error?.triedPaths ?? [], hostSimulated: false, currentUtcOffset: null };
  const text = checkMessages('en').hint(p!, ctx);
  t.match(text, path);
  t.match(text, '--uds /var/run/ptp4lro');
  t.match(checkMessages('ja').hint(p!, ctx), 'Ubuntu側のPTP状態取得失敗');
  t.match(hostErrorReport('ERR_X', 'm', ['/a', '/b']), { socketPath: '/b' });
  t.match(simulatedHostReport({ role: 'grandmaster', clockId: H, outsideGrandmasterId: OUT, ptpTimescale: false, currentUtcOffset: 37 }), { stepsRemoved: 0, grandmasterId: H });
});

t.test('a worker that throws while enabling fails that camera only', async (t) => {
  const features: CameraFeatures = {
    enable: 'PtpEnable', status: 'PtpStatus', statusType: 'enum', latch: null, servo: null, offset: null, grandmaster: null, parent: null, clockId: null, timestampLatch: false,
  };
  const ok: EnableOutcome = { features, enabled: true, error: null, reading: null };
  const runner: CameraTaskRunner = {
    warmup: async () => true,
    enable: async (h) => {
      if (h === 2) throw Object.assign(new Error('worker exited'), { code: 'ERR_WORKER_EXIT' });
      if (h === 3) return { ...ok, enabled: false, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: 'no answer' } };
      return ok;
    },
    read: async () => { throw new Error('unused'); },
    reset: async () => ({ ok: true, error: null }),
    destroy: async () => undefined,
  };
  const input = (handle: number) => ({ index: handle - 1, serial: `C${handle}`, model: 'm', vendor: 'v', interface: 'i', handle });
  const cams = await enableAll(runner, [input(1), input(2), input(3)], pino({ level: 'silent' }));
  t.same(cams.map((x) => x.ptp), ['enabled', 'failed', 'failed']);
  t.match(cams[1]?.error, 'ERR_WORKER_EXIT: worker exited');
  t.match(cams[2]?.error, 'ERR_CAMERA_TIMEOUT');
});

t.test('an enable that hangs past its time fails that camera only; an interrupt fails the rest', async (t) => {
  const features: CameraFeatures = {
    enable: 'PtpEnable', status: 'PtpStatus', statusType: 'enum', latch: null, servo: null, offset: null, grandmaster: null, parent: null, clockId: null, timestampLatch: false,
  };
  const ok: EnableOutcome = { features, enabled: true, error: null, reading: null };
  const aborted: (AbortSignal | undefined)[] = [];
  const runner: CameraTaskRunner = {
    warmup: async () => true,
    enable: (h, signal) =>
      new Promise((resolve, reject) => {
        aborted[h] = signal;
        if (h !== 2) return resolve(ok);
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      }),
    read: async () => { throw new Error('unused'); },
    reset: async () => ({ ok: true, error: null }),
    destroy: async () => undefined,
  };
  const input = (handle: number) => ({ index: handle - 1, serial: `C${handle}`, model: 'm', vendor: 'v', interface: 'i', handle });
  const log = pino({ level: 'silent' });
  const cams = await enableAll(runner, [input(1), input(2), input(3)], log, { timeoutMs: 50 });
  t.same(cams.map((x) => x.ptp), ['enabled', 'failed', 'enabled']);
  t.equal(cams[1]?.error, 'ERR_CAMERA_TIMEOUT: PTP enable did not finish within 0.05 s');
  t.equal(aborted[2]?.aborted, true, 'the task was told to stop');
  const stop = new AbortController();
  const pending = enableAll(runner, [input(1), input(2)], log, { timeoutMs: 60_000, signal: stop.signal });
  setTimeout(() => stop.abort(), 10);
  const after = await pending;
  t.same(after.map((x) => x.ptp), ['enabled', 'failed']);
  t.equal(after[1]?.error, 'ERR_INTERRUPTED: interrupted');
});
