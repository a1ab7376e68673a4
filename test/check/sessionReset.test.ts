/**
 * --reset-faulty stays inside --timeout-s: a reset that hangs, and a camera that is Faulty again after its reset,
 * end the check at the one deadline the timeout sets. The session runs on a fake task runner (no addon, no
 * threads), so the only clock is the session's own.
 */
import { pino } from 'pino';
import t from 'tap';

import type { CameraFeatures, CameraReading } from '../../src/cameras/ptpDataSet.js';
import type { CameraTaskRunner } from '../../src/check/pool.js';
import { runSession, type SessionCameraInput } from '../../src/check/session.js';
import type { ResetOutcome } from '../../src/check/types.js';
import { SimHostSource } from '../../src/host/hostReport.js';

const FEATURES: CameraFeatures = {
  enable: 'PtpEnable', status: 'PtpStatus', statusType: 'enum', latch: null, servo: null, offset: null,
  grandmaster: null, parent: null, clockId: null, timestampLatch: false,
};
const reading = (state: 'FAULTY' | 'SLAVE'): CameraReading => ({
  statusRaw: state === 'FAULTY' ? 'Faulty' : 'Slave', state, servo: null, offsetFromMasterNs: null,
  grandmasterId: '0a0b0c.fffe.0d0e0f', parentId: '0a0b0c.fffe.0d0e0f', clockId: null, errors: [],
});

/** Every camera reads Faulty; reset() behaves as `reset` says and is counted. */
function faultyRig(reset: () => Promise<ResetOutcome>): CameraTaskRunner & { resets: number } {
  const runner = {
    resets: 0,
    warmup: () => Promise.resolve(true),
    enable: () => Promise.resolve({ features: FEATURES, enabled: true, error: null, reading: reading('FAULTY') }),
    read: () => Promise.resolve(reading('FAULTY')),
    reset: () => {
      runner.resets++;
      return reset();
    },
    destroy: () => Promise.resolve(true),
  };
  return runner;
}

const inputs: SessionCameraInput[] = [{ index: 0, serial: 'F1', model: 'm', vendor: 'v', interface: 'sim', handle: 1 }];
const host = new SimHostSource({ role: 'grandmaster', clockId: '0a0b0c.fffe.0d0e0f', outsideGrandmasterId: '', ptpTimescale: true, currentUtcOffset: 37 });
const timing = { timeoutS: 0.6, settleS: 0.1, pollMs: 50, resetFaulty: true };

t.test('a reset that never returns ends at the timeout, named as a failed reset', async (t) => {
  const runner = faultyRig(() => new Promise<ResetOutcome>(() => undefined));
  const seen: ResetOutcome[] = [];
  const r = await runSession(inputs, timing, { runner, host, log: pino({ level: 'silent' }), events: { reset: (_c, o) => seen.push(o) } });
  t.equal(runner.resets, 1, 'one reset was tried');
  t.match(seen, [{ ok: false, error: { code: 'ERR_CAMERA_TIMEOUT', message: /PTP reset did not finish/ } }], 'reported as a reset that timed out');
  t.equal(r.timedOut, true, 'the check timed out');
  t.equal(r.judgement.converged, false);
  // Unbounded, this session would never end; bounded, it ends at its one deadline (0.6 s) plus a poll.
  t.ok(r.elapsedMs < 600 + 1000, `ended after ${Math.round(r.elapsedMs)} ms (timeout 600 ms)`);
});

t.test('a camera Faulty again after its reset: the wait does not start over', async (t) => {
  const runner = faultyRig(() => Promise.resolve({ ok: true, error: null }));
  const r = await runSession(inputs, timing, { runner, host, log: pino({ level: 'silent' }) });
  t.equal(runner.resets, 1, 'reset once (a camera Faulty again needs a person, not a loop)');
  t.equal(r.timedOut, true);
  // Before, a reset restarted the full timeout: 0.6 s after the reset, not after the start.
  t.ok(r.elapsedMs < 600 + 300, `ended after ${Math.round(r.elapsedMs)} ms, inside the 600 ms timeout plus a poll`);
});
