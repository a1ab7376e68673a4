// Arming and restoring on the simulated rig, verified by reading every setting back: a camera is left as it was
// found (except the write-only ActionDeviceKey, which is reported), a camera without action support is refused by
// name before anything changes on any camera, and restore() is idempotent.
import t from 'tap';

import { prepareActionCameras } from '../../src/action/arming.js';
import { DEFAULT_ACTION_KEYS } from '../../src/action/defaults.js';
import { addon } from '../../src/binding.js';
import { parseRig } from '../../src/cameras/rigFile.js';
import { PtpcamError } from '../../src/errors.js';
import { readActionSettings, scramble } from './support.js';

const fast = { latency: { medianUs: 0 } };

async function open(cameras: object[], serials: string[]) {
  const rig = parseRig({ cameras });
  const opened = await addon.openCameras({ backend: 'sim', libraryPath: '', rig: rig.native }, serials);
  return opened;
}

t.test('arm, read back armed, restore, read back the original', async (t) => {
  const cams = await open([{ serial: 'A1', ...fast }, { serial: 'A2', ...fast, action: { tickHz: 125_000_000 } }], ['A1', 'A2']);
  t.teardown(async () => {
    for (const c of cams) await addon.closeCamera(c.handle);
  });
  await scramble(cams[0]!.handle);
  const before = await Promise.all(cams.map((c) => readActionSettings(c.handle)));
  t.equal(before[0]!['TriggerSelector'], 'AcquisitionStart', 'the scrambled camera starts on another trigger selector');

  const setup = await prepareActionCameras(cams, { keys: { groupKey: 0x1234 } });
  t.same(setup.keys, { ...DEFAULT_ACTION_KEYS, groupKey: 0x1234 });
  t.same(setup.cameras.map((c) => c.tickHz), [1_000_000_000n, 125_000_000n], 'tick frequencies read');
  t.same(setup.cameras.map((c) => c.unrestorable), [['ActionDeviceKey'], ['ActionDeviceKey']], 'the write-only key is reported');

  const armed = await readActionSettings(cams[0]!.handle);
  t.match(armed, {
    'TriggerMode[FrameStart]': 'On',
    'TriggerSource[FrameStart]': 'Action1',
    'ActionGroupKey[1]': String(0x1234),
    'ActionGroupMask[1]': '1',
    AcquisitionMode: 'Continuous',
    PixelFormat: 'Mono8',
    OffsetX: '0',
    Width: '16',
    Height: '8',
  });
  t.equal(armed['TriggerSelector'], 'FrameStart');
  t.ok(setup.cameras[0]!.changed.includes('TriggerSelector'), `changes listed: ${setup.cameras[0]!.changed.join(', ')}`);

  await setup.restore();
  const after = await Promise.all(cams.map((c) => readActionSettings(c.handle)));
  t.same(after, before, 'every setting is back, on every camera');
  await setup.restore();
  t.same(await readActionSettings(cams[0]!.handle), before[0], 'a second restore changes nothing');
});

t.test('a camera without action support is refused by name, and nothing changes', async (t) => {
  const cams = await open([{ serial: 'OK1', ...fast }, { serial: 'NOACT', ...fast, action: { supported: false } }], ['OK1', 'NOACT']);
  t.teardown(async () => {
    for (const c of cams) await addon.closeCamera(c.handle);
  });
  const before = await Promise.all(cams.map((c) => readActionSettings(c.handle)));
  const err = await prepareActionCameras(cams).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(err, PtpcamError);
  t.match(err, { code: 'ERR_ACTION_UNSUPPORTED', message: /camera NOACT .*ActionDeviceKey.*--method latch/ });
  t.same(await Promise.all(cams.map((c) => readActionSettings(c.handle))), before, 'no camera was touched');
});

t.test('keys out of range are a usage error', async (t) => {
  await t.rejects(prepareActionCameras([], { keys: { deviceKey: 2 ** 32 } }), { code: 'ERR_USAGE' });
  await t.rejects(prepareActionCameras([], { keys: { groupMask: -1 } }), { code: 'ERR_USAGE' });
});

t.test('a failure half-way through arming puts back what was already changed', async (t) => {
  const cams = await open([{ serial: 'H1', ...fast }, { serial: 'H2', ...fast }], ['H1', 'H2']);
  t.teardown(async () => {
    for (const c of cams) await addon.closeCamera(c.handle);
  });
  const before = await Promise.all(cams.map((c) => readActionSettings(c.handle)));
  // H2's AcquisitionMode write fails: a fake caller refuses it, everything else goes to the real camera.
  const call = async (handle: number, ops: Parameters<typeof addon.actionFeatureCall>[1]) => {
    if (handle === cams[1]!.handle && ops.some((o) => o.op === 'setEnum' && o.name === 'AcquisitionMode' && o.value === 'Continuous')) {
      return [{ ok: false as const, error: { code: 'ERR_CAMERA_ACCESS_DENIED', sdkCode: 0, message: 'refused' } }];
    }
    return addon.actionFeatureCall(handle, ops);
  };
  await t.rejects(prepareActionCameras(cams, { call }), { code: 'ERR_CAMERA_ACCESS_DENIED', message: /H2/ });
  t.same(await Promise.all(cams.map((c) => readActionSettings(c.handle))), before, 'both cameras are back as they were');
});

t.test('a backend that cannot tell write-only (IC4): an unreadable ActionDeviceKey is written and reported', async (t) => {
  const cams = await open([{ serial: 'W1', ...fast }], ['W1']);
  t.teardown(async () => {
    for (const c of cams) await addon.closeCamera(c.handle);
  });
  const call = async (handle: number, ops: Parameters<typeof addon.actionFeatureCall>[1]) => {
    const op = ops[0]!;
    if (op.name === 'ActionDeviceKey' && op.op === 'access') return [{ ok: true as const, value: 'RW' }];
    return addon.actionFeatureCall(handle, ops);
  };
  const setup = await prepareActionCameras(cams, { call });
  t.same(setup.cameras[0]!.unrestorable, ['ActionDeviceKey'], 'the refused read makes it write-only');
  await setup.restore();
});

t.test('restore gives up on a camera at its first timeout and names what was not put back', async (t) => {
  const cams = await open([{ serial: 'GONE', ...fast }], ['GONE']);
  t.teardown(async () => {
    for (const c of cams) await addon.closeCamera(c.handle);
  });
  let lost = false;
  let writesAfterLoss = 0;
  const call = async (handle: number, ops: Parameters<typeof addon.actionFeatureCall>[1]) => {
    const op = ops[0]!;
    if (lost && (op.op === 'setEnum' || op.op === 'setInt')) {
      writesAfterLoss++;
      return [{ ok: false as const, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 5, message: `camera GONE: ${op.name}: timeout` } }];
    }
    return addon.actionFeatureCall(handle, ops);
  };
  const setup = await prepareActionCameras(cams, { call });
  lost = true;
  const err = await setup.restore().then(
    () => undefined,
    (e: unknown) => e,
  );
  t.match(err, { code: 'ERR_ACTION_RESTORE', message: /GONE: Height \(camera GONE: Height: timeout\).*not tried: the camera no longer answers/ });
  t.equal(writesAfterLoss, 1, 'one timeout, not one per setting');
  t.equal(await setup.restore().catch(() => 'same'), 'same', 'restore stays idempotent (the same rejection)');
});
