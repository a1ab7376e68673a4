// Strings from the network reach the terminal escaped; JSON keeps them exact.
import t from 'tap';

import type { SessionCamera } from '../../src/check/session.js';
import { textLogLine } from '../../src/runtime/logger.js';
import { simulatedHostReport } from '../../src/host/hostReport.js';
import { checkMessages } from '../../src/check/messages.js';
import { cameraListLines, resultLines } from '../../src/report/checkHuman.js';
import { checkJsonDocument, checkJsonText } from '../../src/report/checkJson.js';
import { checkProgressLine } from '../../src/report/checkProgress.js';
import { terminalSafe } from '../../src/report/terminalSafe.js';
import { judge } from '../../src/check/judge.js';
import { judgeHost } from '../../src/host/hostReport.js';
import { toJudgeCamera } from '../../src/check/session.js';

const HOSTILE = 'VCAM\x1b[31mRED\x07';

t.test('terminalSafe escapes control characters and escape sequences, nothing else', async (t) => {
  t.equal(terminalSafe(HOSTILE), 'VCAM\\x1b[31mRED\\x07');
  t.equal(terminalSafe('a\nb\rc\td\x00e\x7f'), 'a\\x0ab\\x0dc\\x09d\\x00e\\x7f');
  t.equal(terminalSafe('\x9b2J'), '\\x9b2J', 'C1 CSI, which acts like ESC [');
  t.equal(terminalSafe('abc\u202eevil'), 'abc\\u202eevil', 'a bidi override cannot reorder the line');
  t.equal(terminalSafe('DFK 33GR0234 カメラ µs ±'), 'DFK 33GR0234 カメラ µs ±', 'printable text of any script is unchanged');
});

function camera(serial: string, extra: Partial<SessionCamera> = {}): SessionCamera {
  return {
    index: 0, serial, model: `Model\x1b]0;title\x07`, vendor: 'v', interface: 'eth\x1b[2J0', handle: 1,
    features: null, ptp: 'enabled', error: null, resets: 0, hostDeltaNs: null,
    reading: { statusRaw: 'Slave', state: 'SLAVE', servo: 'Locked\x1b[0m', offsetFromMasterNs: 5n, grandmasterId: null, parentId: null, clockId: null, errors: [] },
    ...extra,
  };
}

t.test("check's human report (an injected rig view) shows a hostile serial escaped; its JSON keeps it exact", async (t) => {
  const m = checkMessages('en');
  const host = simulatedHostReport({ role: 'none', clockId: '0a0b0c.fffe.0d0e0f', outsideGrandmasterId: '5c1a5c.fffe.000001', ptpTimescale: false, currentUtcOffset: 37 });
  const cams = [camera(HOSTILE), camera('S2', { index: 1, ptp: 'failed', error: 'ERR_SDK: camera said \x1b[5mBLINK', reading: null })];
  const judgement = judge(judgeHost(host), cams.map(toJudgeCamera));
  const hint = { timeoutS: 1, resetFaulty: false, triedPaths: [], hostSimulated: true, currentUtcOffset: null };
  const lines = [...cameraListLines(m, cams), ...resultLines(m, { cameras: cams, host, judgement, timedOut: true, timeoutS: 1, hint, color: true })];
  const text = lines.join('\n');
  // The report's own colours are the only escape sequences left.
  const foreign = text.replace(/\x1b\[(0|1|31|32|33)m/g, '');
  t.notMatch(foreign, /[\x00-\x09\x0b-\x1f\x7f]/, 'no raw control character from a camera');
  t.match(text, 'VCAM\\x1b[31mRED\\x07');
  t.match(text, 'Model\\x1b]0;title\\x07');
  t.match(text, 'eth\\x1b[2J0');
  t.match(text, 'camera said \\x1b[5mBLINK');
  const doc = JSON.parse(checkJsonText(checkJsonDocument({
    backend: 'aravis', simulated: false, detected: 2, cameras: cams, host, judgement, timedOut: true, elapsedMs: 1, polls: 1, exitCode: 2,
    options: { timeoutS: 1, settleS: 0, pollMs: 100, resetFaulty: false, max: 8 }, hint,
  }))) as { cameras: { serial: string }[] };
  t.equal(doc.cameras[0]?.serial, HOSTILE, 'JSON keeps the exact string');
});

t.test('the live progress line and log lines are terminal-safe too', async (t) => {
  const line = checkProgressLine([camera(HOSTILE)], 12_400);
  t.equal(line, 'waiting 12 s left: VCAM\\x1b[31mRED\\x07=Slave');
  const log = textLogLine(JSON.stringify({ level: 40, time: 1, pid: 1, hostname: 'h', name: 'ptpcam', serial: HOSTILE, msg: 'PTP read hung' }));
  t.equal(log, 'ptpcam WARN: PTP read hung serial=VCAM\\x1b[31mRED\\x07');
});
