// The addon against abuse: wrong types throw TypeError, unknown handles a coded error, never a crash; and
// the camera contract on the simulated driver.
import t from 'tap';

import { addon, type CameraOpResult } from '../../src/binding.js';
import { simpleRig, parseRig } from '../../src/cameras/rigFile.js';

const rig = simpleRig(2);
const driver = { backend: 'sim' as const, libraryPath: '', rig: rig.native };

function value(r: CameraOpResult | undefined): unknown {
  return r !== undefined && r.ok ? r.value : undefined;
}

t.test('wrong argument types throw TypeError', async (t) => {
  const bad = addon as unknown as Record<string, (...a: unknown[]) => unknown>;
  t.throws(() => bad.listDevices!(42), TypeError);
  t.throws(() => bad.openCameras!(driver, 'S1'), TypeError);
  t.throws(() => bad.cameraCall!('x', []), TypeError);
  t.throws(() => bad.cameraCall!(1, [{ op: 'fly', name: 'x' }]), TypeError);
  t.throws(() => bad.cameraCallSync!(1, [{ op: 'setBool', name: 'PtpEnable' }]), TypeError);
  const Engine = addon.LatchEngine as unknown as new (...a: unknown[]) => unknown;
  t.throws(() => new Engine('nope', {}, () => {}), TypeError);
  t.throws(() => new Engine([], { strategy: 'sideways', samples: 1, intervalNs: 0n, timeoutNs: 1n, batchSize: 1, pinThreads: false }, () => {}), TypeError);
  t.throws(() => new Engine([], { strategy: 'parallel', samples: 1, intervalNs: 0n, timeoutNs: 1n, batchSize: 1, pinThreads: 'yes' }, () => {}), TypeError);
  t.throws(() => new Engine([], { strategy: 'parallel', samples: 1, intervalNs: 0n, timeoutNs: 1n, batchSize: 1, pinThreads: false, realtime: 'yes' }, () => {}), TypeError);
  t.throws(() => bad.listDevices!({ backend: 'sim', libraryPath: '', rig: { cameras: 'x' } }), TypeError);
});

t.test('unknown handles and backends give coded errors', async (t) => {
  await t.rejects(addon.cameraCall(987654, []), { code: 'ERR_CAMERA_CLOSED' });
  t.throws(() => addon.cameraCallSync(987654, []), { code: 'ERR_CAMERA_CLOSED' });
  t.equal(await addon.closeCamera(987654), false);
  await t.rejects(addon.listDevices({ backend: 'nope' as 'aravis', libraryPath: '' }), { code: 'ERR_INVALID_ARGUMENT' });
  await t.rejects(addon.openCameras(driver, ['SIM00001', 'MISSING']), { code: 'ERR_CAMERA_NOT_FOUND', message: /MISSING/ });
  t.equal(addon.nativeStats().openCameras, 0, 'a failed open leaves nothing open');
  await t.rejects(addon.listDevices({ backend: 'ic4', libraryPath: '/nonexistent/libic4core.so' }), { code: 'ERR_SDK_MISSING' });
  await t.rejects(addon.listDevices({ backend: 'aravis', libraryPath: '/nonexistent/libaravis.so' }), { code: 'ERR_SDK_MISSING' });
});

t.test('sim driver contract: list, open, features, latch, exclusive open, close', async (t) => {
  const list = await addon.listDevices(driver);
  t.same(list.map((d) => d.serial), ['SIM00001', 'SIM00002']);
  const [cam] = await addon.openCameras(driver, ['SIM00001']);
  t.ok(cam);
  const h = cam!.handle;
  const r = await addon.cameraCall(h, [
    { op: 'has', name: 'PtpEnable' },
    { op: 'has', name: 'NoSuchFeature' },
    { op: 'getBool', name: 'PtpEnable' },
    { op: 'execute', name: 'PtpDataSetLatch' },
    { op: 'getEnum', name: 'PtpStatus' },
    { op: 'getInt', name: 'PtpGrandmasterClockID' },
    { op: 'execute', name: 'TimestampLatch' },
    { op: 'getInt', name: 'TimestampLatchValue' },
    { op: 'getBool', name: 'NoSuchFeature' },
    { op: 'getBool', name: 'PtpStatus' },
  ]);
  t.equal(value(r[0]), true);
  t.equal(value(r[1]), false);
  t.equal(value(r[2]), true, 'simulated PTP starts enabled');
  t.equal(value(r[4]), 'Slave');
  t.equal(value(r[5]), 0x0a0b0cfffe0d0e0fn, 'follows the rig host');
  t.type(value(r[7]), 'bigint');
  t.match(r[8], { ok: false, error: { code: 'ERR_FEATURE_MISSING' } });
  t.match(r[9], { ok: false, error: { code: 'ERR_FEATURE_TYPE' } });
  await t.rejects(addon.openCameras(driver, ['SIM00001']), { code: 'ERR_CAMERA_ACCESS_DENIED' }, 'one client at a time');
  t.equal(await addon.closeCamera(h), true);
  t.equal(await addon.closeCamera(h), false, 'closing twice is harmless');
});

t.test('closing a camera waits for the call in progress', async (t) => {
  const slow = parseRig({ cameras: [{ serial: 'SLOW', faults: { slowMs: 150 } }] });
  const [cam] = await addon.openCameras({ backend: 'sim', libraryPath: '', rig: slow.native }, ['SLOW']);
  const call = addon.cameraCall(cam!.handle, [{ op: 'execute', name: 'TimestampLatch' }]);
  const closed = addon.closeCamera(cam!.handle);
  const [callResult, closeResult] = await Promise.all([call, closed]);
  t.match(callResult, [{ ok: true }], 'the pending call completed');
  t.equal(closeResult, true);
  t.equal(addon.nativeStats().openCameras, 0);
});

t.test('a reader that blocks the event loop on every batch still gets every sample, in order', async (t) => {
  // The coordinator waits (within a budget) for the reader to finish each batch before the next release, and
  // applies back-pressure when batches pile up: neither may lose, reorder or stall samples.
  const { startLatchRun } = await import('../../src/latch/latchRun.js');
  const cams = await addon.openCameras(driver, ['SIM00001', 'SIM00002']);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const seen: number[] = [];
  let bad = 0;
  try {
    const run = startLatchRun(
      cams.map((c) => c.handle),
      { strategy: 'parallel', samples: 120, intervalNs: 0n, timeoutNs: 5_000_000_000n, batchSize: 4 },
      (samples) => {
        for (const s of samples) {
          seen.push(s.index);
          if (s.cameras.some((c) => c.value === null)) bad++;
        }
        Atomics.wait(sleeper, 0, 0, 15); // a slow synchronous consumer: 15 ms per batch
      },
    );
    const r = await run.finished;
    t.equal(r.end, 'completed');
    t.equal(r.samplesDone, 120);
  } finally {
    await Promise.all(cams.map((c) => addon.closeCamera(c.handle)));
  }
  t.same(seen, Array.from({ length: 120 }, (_, i) => i), 'every sample once, in order');
  t.equal(bad, 0, 'no camera failed');
  t.equal(addon.nativeStats().nativeThreads, 0, 'every latch thread joined');
});
