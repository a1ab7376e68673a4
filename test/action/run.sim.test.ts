// The action run on the simulated rig, end to end through the native engine: values are the cameras' frame
// timestamps (ticks converted exactly), a missed frame is named for its camera and sample while the others are
// still compared, and every native thread is joined when the run ends, however it ends.
import t, { type Test } from 'tap';

import { startActionRun } from '../../src/action/actionRun.js';
import { prepareActionCameras } from '../../src/action/arming.js';
import type { ActionCameraLatch } from '../../src/action/types.js';
import { addon, type NativeOpenedCamera } from '../../src/binding.js';
import { parseRig } from '../../src/cameras/rigFile.js';
import type { LatchSample } from '../../src/latch/types.js';

const fast = { latency: { medianUs: 0 } };

async function rig(t: Test, cameras: object[]): Promise<NativeOpenedCamera[]> {
  const r = parseRig({ cameras });
  const cams = await addon.openCameras({ backend: 'sim', libraryPath: '', rig: r.native }, r.native.cameras.map((c) => c.serial));
  t.teardown(async () => {
    for (const c of cams) await addon.closeCamera(c.handle);
  });
  return cams;
}

// Timeouts are generous: a missed frame must come from the rig's faults, never from a loaded test machine.
async function run(cams: NativeOpenedCamera[], samples: number, timeoutMs = 2000, intervalMs = 1) {
  const setup = await prepareActionCameras(cams);
  const got: LatchSample[] = [];
  const r = startActionRun(
    cams.map((c) => c.handle),
    { samples, intervalNs: BigInt(intervalMs) * 1_000_000n, timeoutNs: BigInt(timeoutMs) * 1_000_000n, setup, startDelayNs: 0n },
    (s) => got.push(...s),
  );
  const result = await r.finished;
  await setup.restore();
  return { result, got };
}

const cam = (s: LatchSample, i: number) => s.cameras[i] as ActionCameraLatch;

t.test('offsets 0, +3 us, -20 us, +1 ms recovered from frame timestamps', async (t) => {
  const offsets = [0n, 3000n, -20000n, 1_000_000n];
  const cams = await rig(
    t,
    offsets.map((o, i) => ({ serial: `R${i}`, offsetNs: Number(o), ...fast, action: i === 2 ? { tickHz: 125_000_000 } : {} })),
  );
  const { result, got } = await run(cams, 300);
  t.equal(result.end, 'completed');
  t.equal(result.samplesDone, 300);
  t.same(result.destinations, [], 'simulated cameras take the action in process');
  t.same(result.lateFrames, [0, 0, 0, 0]);
  t.equal(got.length, 300);
  t.same(got.map((s) => s.index), Array.from({ length: 300 }, (_, i) => i), 'samples in order');

  const sums = offsets.map(() => 0n);
  let inside = 0;
  for (const s of got) {
    const c0 = cam(s, 0);
    for (let i = 0; i < offsets.length; i++) {
      const c = cam(s, i);
      if (c.value === null) throw new Error(`sample ${s.index} camera ${i}: ${c.error?.message}`);
      if (c.fireNs !== c.ackNs || c.sendSource !== 'simulated') throw new Error('fire = ack = the simulated send instant');
      if (c.blockId !== BigInt(s.index + 1)) throw new Error(`block ids count from 1: ${c.blockId} at ${s.index}`);
      const delta = c.value - c.fireNs - (c0.value! - c0.fireNs);
      sums[i]! += delta;
      // The default declared skew (2 us) bounds the sim's fan-out (0..500 ns) plus trigger jitter (20 ns sigma).
      const err = delta - offsets[i]!;
      if (err >= -2000n && err <= 2000n) inside++;
    }
    // The camera acts 1.5 us (trigger latency) plus up to 0.5 us (fan-out) after the send; 125 MHz floors to 8 ns.
    const lag = c0.value! - c0.fireNs;
    if (lag < 1400n || lag > 2200n) throw new Error(`sample ${s.index}: camera 0 acted ${lag} ns after the send`);
  }
  t.equal(inside, 300 * 4, 'every sample within the declared skew of the injected offset');
  for (let i = 1; i < offsets.length; i++) {
    const mean = Number(sums[i]!) / got.length;
    t.ok(Math.abs(mean - Number(offsets[i])) < 100, `camera ${i}: mean delta ${mean.toFixed(0)} ns vs injected ${offsets[i]}`);
  }
});

t.test('a missed frame is named for its camera and sample; the others are still compared', async (t) => {
  const cams = await rig(t, [
    { serial: 'M0', ...fast },
    { serial: 'LOSSY', ...fast, faults: { missFrameProbability: 0.2 } },
    { serial: 'STOPS', ...fast, faults: { stopStreamingAtFrame: 20 } },
  ]);
  const { result, got } = await run(cams, 40, 400);
  t.equal(result.end, 'completed');
  const lossy = got.filter((s) => s.cameras[1]!.error !== null);
  t.ok(lossy.length >= 2 && lossy.length <= 20, `LOSSY missed ${lossy.length} of 40`);
  for (const s of lossy) {
    t.match(s.cameras[1]!.error, { code: 'ERR_FRAME_MISSED', message: new RegExp(`camera LOSSY: no frame for action ${s.index} within 400 ms`) });
    t.equal(s.cameras[1]!.value, null);
    t.not(s.cameras[0]!.value, null, `sample ${s.index}: M0 still measured`);
  }
  t.ok(got.slice(0, 20).every((s) => s.cameras[2]!.error === null), 'STOPS streams its first 20 frames');
  t.ok(got.slice(20).every((s) => s.cameras[2]!.error?.code === 'ERR_FRAME_MISSED' && /STOPS/.test(s.cameras[2]!.error.message)), 'then every sample names it');
  t.ok(got.every((s) => s.cameras[0]!.error === null), 'M0 never missed');
  // After a lost frame the next frame is still placed on its own action (block ids skip, timestamps decide).
  const after = lossy.map((s) => got[s.index + 1]).filter((s) => s !== undefined && s.cameras[1]!.value !== null);
  for (const s of after) {
    const d = cam(s!, 1).value! - cam(s!, 1).fireNs - (cam(s!, 0).value! - cam(s!, 0).fireNs);
    t.ok(d > -2000n && d < 2000n, `sample ${s!.index}: LOSSY's next frame answers its own action (${d} ns)`);
  }
});

t.test('a camera that ignores the action (wrong key) misses every sample', async (t) => {
  const cams = await rig(t, [{ serial: 'K0', ...fast }, { serial: 'WRONGKEY', ...fast, faults: { ignoreActions: true } }]);
  const { got } = await run(cams, 5, 300);
  t.ok(got.every((s) => s.cameras[1]!.error?.code === 'ERR_FRAME_MISSED' && /WRONGKEY/.test(s.cameras[1]!.error.message)));
  t.ok(got.every((s) => s.cameras[0]!.error === null));
});

t.test('stop() ends after the sample in progress and joins every thread', async (t) => {
  const cams = await rig(t, [{ serial: 'S0', ...fast }, { serial: 'S1', ...fast }]);
  const setup = await prepareActionCameras(cams);
  let n = 0;
  const r = startActionRun(cams.map((c) => c.handle), { samples: 100000, intervalNs: 2_000_000n, timeoutNs: 100_000_000n, setup }, (s) => {
    n += s.length;
  });
  await new Promise((res) => setTimeout(res, 300));
  t.equal(addon.actionThreads(), 3, 'a coordinator and two frame collectors run');
  r.stop();
  const result = await r.finished;
  t.equal(result.end, 'stopped');
  t.equal(result.samplesDone, n, 'every sample measured was delivered');
  t.equal(addon.actionThreads(), 0, 'every native thread joined');
  await setup.restore();
});

t.test('a throwing listener stops the run and rejects finished', async (t) => {
  const cams = await rig(t, [{ serial: 'T0', ...fast }]);
  const setup = await prepareActionCameras(cams);
  const r = startActionRun(cams.map((c) => c.handle), { samples: 1000, intervalNs: 1_000_000n, timeoutNs: 100_000_000n, setup, batchSize: 1 }, () => {
    throw new Error('listener failed');
  });
  await t.rejects(r.finished, /listener failed/);
  t.equal(addon.actionThreads(), 0);
  await setup.restore();
});

t.test('an unarmed handle and a closed handle are refused', async (t) => {
  const cams = await rig(t, [{ serial: 'U0', ...fast }]);
  const setup = await prepareActionCameras(cams);
  t.throws(() => startActionRun([987654], { samples: 1, intervalNs: 0n, timeoutNs: 1n, setup }, () => {}), { code: 'ERR_INVALID_ARGUMENT' });
  const forged = { ...setup, cameras: [{ ...setup.cameras[0]!, handle: 987654 }] };
  t.throws(() => startActionRun([987654], { samples: 1, intervalNs: 0n, timeoutNs: 1n, setup: forged }, () => {}), { code: 'ERR_CAMERA_CLOSED' });
  await setup.restore();
});
