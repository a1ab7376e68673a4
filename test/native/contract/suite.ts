// The driver contract: one suite of assertions that every backend (sim, IC4, Aravis) must pass through the
// addon exactly as the CLI uses it (listDevices / openCameras / cameraCall / closeCamera, and a short
// LatchEngine run through startLatchRun). What differs between backends is data, in the fixture.
import type { Test } from 'tap';

import { addon, type CameraOpResult, type NativeDriverOptions } from '../../../src/binding.js';
import { startLatchRun } from '../../../src/latch/latchRun.js';
import type { LatchSample } from '../../../src/latch/types.js';

/**
 * How a backend shows that a camera is already in use by another client:
 * - `rejected`: the second open fails with ERR_CAMERA_ACCESS_DENIED (sim; Aravis, where the camera's GigE Vision
 *   control privilege is held by the first client);
 * - `not-shown`: the backend opens the same camera twice (the IC4 stand-in has no exclusivity); the suite
 *   then only checks that both handles work and close independently, and says so.
 */
export type SecondOpen = 'rejected' | 'not-shown';

export interface ContractFixture {
  backend: 'sim' | 'ic4' | 'aravis';
  driver: NativeDriverOptions;
  /** Serials the backend must list (it may list more). */
  serials: string[];
  /** The camera the suite opens; must have PTP and TimestampLatch features. */
  serial: string;
  /** Its injected clock offset vs host CLOCK_REALTIME, ns; latched values must sit near realtime + offset. */
  offsetNs: bigint;
  boolFeature: string;
  enumFeature: string;
  /** Values the enum may read once boolFeature is true. */
  enumValues: string[];
  /** An integer feature with a known value, to show 64-bit values cross the addon exactly. */
  intFeature: string;
  intValue: bigint;
  secondOpen: SecondOpen;
}

const MISSING = 'PtpcamNoSuchFeature';
const NO_SUCH_SERIAL = 'NO-SUCH-SERIAL-0000';
/** Latched value vs host realtime: loose, this is the contract, not an accuracy test. */
const LATCH_TOLERANCE_NS = 200_000_000n;

function realtimeNs(): bigint {
  // performance.timeOrigin + now() is CLOCK_REALTIME-anchored with sub-ms resolution; enough at 200 ms.
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

function ok(r: CameraOpResult | undefined): r is { ok: true; value?: boolean | string | bigint } {
  return r !== undefined && r.ok;
}

function code(r: CameraOpResult | undefined): string | undefined {
  return r !== undefined && !r.ok ? r.error.code : undefined;
}

function describe(r: CameraOpResult | undefined): string {
  if (r === undefined) return 'no result';
  return r.ok ? `ok ${String(r.value)}` : `${r.error.code}: ${r.error.message}`;
}

export async function driverContract(t: Test, fx: ContractFixture): Promise<void> {
  const { driver } = fx;
  const baseline = addon.nativeStats().openCameras;
  const handles: number[] = [];
  t.teardown(async () => {
    await Promise.all(handles.map((h) => addon.closeCamera(h).catch(() => false)));
  });

  await t.test(`${fx.backend}: list`, async (t) => {
    const list = await addon.listDevices(driver);
    t.ok(Array.isArray(list), 'an array');
    for (const s of fx.serials) t.ok(list.some((d) => d.serial === s), `lists ${s}`);
    for (const d of list) {
      t.match(d, { vendor: String, model: String, serial: String, interface: String, address: String, id: String }, `${d.serial} has every field`);
    }
    t.equal(new Set(list.map((d) => d.serial)).size, list.length, 'serials are unique');
  });

  await t.test(`${fx.backend}: unknown serial`, async (t) => {
    await t.rejects(addon.openCameras(driver, [NO_SUCH_SERIAL]), { code: 'ERR_CAMERA_NOT_FOUND', message: new RegExp(NO_SUCH_SERIAL) });
    t.equal(addon.nativeStats().openCameras, baseline, 'a failed open leaves nothing open');
  });

  const opened = await addon.openCameras(driver, [fx.serial]);
  const cam = opened[0];
  for (const c of opened) handles.push(c.handle);

  await t.test(`${fx.backend}: open by serial`, async (t) => {
    t.equal(opened.length, 1, 'one camera');
    t.equal(cam?.serial, fx.serial);
    t.type(cam?.handle, 'number');
    t.equal(addon.nativeStats().openCameras, baseline + 1, 'one more open camera');
  });
  if (cam === undefined) return;
  const h = cam.handle;

  await t.test(`${fx.backend}: has-feature`, async (t) => {
    const r = await addon.cameraCall(h, [
      { op: 'has', name: fx.boolFeature },
      { op: 'has', name: fx.enumFeature },
      { op: 'has', name: 'TimestampLatch' },
      { op: 'has', name: 'TimestampLatchValue' },
      { op: 'has', name: MISSING },
    ]);
    t.same(r.map((x) => (ok(x) ? x.value : describe(x))), [true, true, true, true, false]);
  });

  await t.test(`${fx.backend}: get/set bool and enum string`, async (t) => {
    const off = await addon.cameraCall(h, [
      { op: 'setBool', name: fx.boolFeature, value: false },
      { op: 'getBool', name: fx.boolFeature },
    ]);
    t.ok(ok(off[0]), `set false: ${describe(off[0])}`);
    t.equal(ok(off[1]) ? off[1].value : describe(off[1]), false, 'reads back false');
    const on = await addon.cameraCall(h, [
      { op: 'setBool', name: fx.boolFeature, value: true },
      { op: 'getBool', name: fx.boolFeature },
      { op: 'getEnum', name: fx.enumFeature },
    ]);
    t.ok(ok(on[0]), `set true: ${describe(on[0])}`);
    t.equal(ok(on[1]) ? on[1].value : describe(on[1]), true, 'reads back true');
    const e = ok(on[2]) ? on[2].value : undefined;
    t.type(e, 'string', `enum is a string (${describe(on[2])})`);
    t.ok(fx.enumValues.includes(String(e)), `${fx.enumFeature} = ${String(e)} is one of ${fx.enumValues.join('/')}`);
    const wrongType = await addon.cameraCall(h, [{ op: 'getBool', name: fx.enumFeature }]);
    t.equal(code(wrongType[0]), 'ERR_FEATURE_TYPE', `an enum read as bool: ${describe(wrongType[0])}`);
  });

  await t.test(`${fx.backend}: int64 exact`, async (t) => {
    const r = await addon.cameraCall(h, [{ op: 'getInt', name: fx.intFeature }]);
    const v = ok(r[0]) ? r[0].value : undefined;
    t.type(v, 'bigint', describe(r[0]));
    t.equal(v, fx.intValue, `${fx.intFeature} = 0x${fx.intValue.toString(16)} exactly`);
  });

  await t.test(`${fx.backend}: execute and latch value`, async (t) => {
    const before = realtimeNs();
    const r = await addon.cameraCall(h, [
      { op: 'execute', name: 'TimestampLatch' },
      { op: 'getInt', name: 'TimestampLatchValue' },
    ]);
    const after = realtimeNs();
    t.ok(ok(r[0]), `execute TimestampLatch: ${describe(r[0])}`);
    const v = ok(r[1]) ? r[1].value : undefined;
    t.type(v, 'bigint', describe(r[1]));
    if (typeof v === 'bigint') {
      const lo = before + fx.offsetNs - LATCH_TOLERANCE_NS;
      const hi = after + fx.offsetNs + LATCH_TOLERANCE_NS;
      t.ok(v >= lo && v <= hi, `latched ${v} is host realtime + ${fx.offsetNs} ns (±${LATCH_TOLERANCE_NS} ns)`);
    }
  });

  await t.test(`${fx.backend}: missing feature`, async (t) => {
    const r = await addon.cameraCall(h, [
      { op: 'getBool', name: MISSING },
      { op: 'getEnum', name: MISSING },
      { op: 'getInt', name: MISSING },
      { op: 'execute', name: MISSING },
      { op: 'setBool', name: MISSING, value: true },
    ]);
    t.same(r.map(code), Array(5).fill('ERR_FEATURE_MISSING'), r.map(describe).join('; '));
    const still = await addon.cameraCall(h, [{ op: 'getBool', name: fx.boolFeature }]);
    t.ok(ok(still[0]), 'the camera still answers afterwards');
  });

  await t.test(`${fx.backend}: latch run values are bigint`, async (t) => {
    const samples: LatchSample[] = [];
    const run = startLatchRun([h], { strategy: 'parallel', samples: 5, intervalNs: 0n, timeoutNs: 5_000_000_000n, batchSize: 2 }, (s) =>
      samples.push(...s),
    );
    const result = await run.finished;
    t.same(result, { end: 'completed', samplesDone: 5, busyCameras: [], realtime: false, gateCapped: 0 });
    t.same(samples.map((s) => s.index), [0, 1, 2, 3, 4], 'every sample once, in order');
    for (const s of samples) {
      const c = s.cameras[0];
      t.equal(s.cameras.length, 1);
      if (c === undefined) continue;
      t.equal(c.error, null, `sample ${s.index}: no error`);
      t.type(c.value, 'bigint');
      t.ok(c.fireNs <= c.ackNs, `sample ${s.index}: fire ≤ ack`);
      if (c.value !== null) {
        const mid = (c.fireNs + c.ackNs) / 2n;
        const off = c.value - mid - fx.offsetNs;
        t.ok(off >= -LATCH_TOLERANCE_NS && off <= LATCH_TOLERANCE_NS, `sample ${s.index}: value − host − offset = ${off} ns`);
      }
    }
  });

  await t.test(`${fx.backend}: second open (${fx.secondOpen})`, async (t) => {
    if (fx.secondOpen === 'rejected') {
      await t.rejects(addon.openCameras(driver, [fx.serial]), { code: 'ERR_CAMERA_ACCESS_DENIED' });
      t.equal(addon.nativeStats().openCameras, baseline + 1, 'nothing more open');
      const first = await addon.cameraCall(h, [{ op: 'execute', name: 'TimestampLatch' }]);
      t.ok(ok(first[0]), `the refused open leaves the first client working: ${describe(first[0])}`);
      return;
    }
    const [second] = await addon.openCameras(driver, [fx.serial]);
    if (second === undefined) return void t.fail('second open returned nothing');
    handles.push(second.handle);
    t.not(second.handle, h, 'a new handle');
    t.comment(`${fx.backend} opens a camera twice in one process: in use is not observable here`);
    const w = await addon.cameraCall(second.handle, [{ op: 'getBool', name: fx.boolFeature }]);
    t.ok(ok(w[0]), 'the second handle works');
    const first = await addon.cameraCall(h, [{ op: 'execute', name: 'TimestampLatch' }]);
    t.ok(ok(first[0]), `the first client keeps control: ${describe(first[0])}`);
    t.equal(await addon.closeCamera(second.handle), true, 'second handle closes');
    const again = await addon.cameraCall(h, [{ op: 'execute', name: 'TimestampLatch' }]);
    t.ok(ok(again[0]), `closing the second leaves the first working: ${describe(again[0])}`);
  });

  await t.test(`${fx.backend}: close`, async (t) => {
    t.equal(await addon.closeCamera(h), true, 'closes');
    t.equal(await addon.closeCamera(h), false, 'closing twice is harmless');
    await t.rejects(addon.cameraCall(h, [{ op: 'has', name: fx.boolFeature }]), { code: 'ERR_CAMERA_CLOSED' });
    t.equal(addon.nativeStats().openCameras, baseline, 'nothing left open');
  });
}
