// A native action batch as LatchSample records: ticks converted exactly per camera, fire = ack = the send instant,
// a missed frame as an error with its message, the send-stamp source and ack state carried along.
import t from 'tap';

import { actionSamplesFromBatch } from '../../src/action/actionRun.js';
import type { ActionCameraLatch } from '../../src/action/types.js';
import type { ActionBatchEvent } from '../../src/binding.js';

const batch: ActionBatchEvent = {
  type: 'batch',
  firstIndex: 40,
  count: 2,
  cameras: 3,
  // sample 40: ns (Aravis), 125 MHz ticks, missed; sample 41: all there
  timestamps: new BigUint64Array([1_759_801_914_897_358_848n, 219_975_239_362_169_856n, 0n, 1_759_801_914_907_358_848n, 219_975_239_363_419_856n, 1_000_000_001n]),
  tsIsNs: new Uint8Array([1, 0, 0, 1, 0, 0]),
  sentNs: new BigInt64Array([1_759_801_914_897_357_000n, 1_759_801_914_897_357_000n, 1_759_801_914_897_357_100n, 1_759_801_914_907_357_000n, 1_759_801_914_907_357_000n, 1_759_801_914_907_357_100n]),
  sentSource: new Uint8Array([1, 1, 0, 1, 1, 2]),
  arrivalNs: new BigInt64Array([5n, 6n, 0n, 8n, 9n, 10n]),
  blockIds: new BigUint64Array([41n, 41n, 0n, 42n, 42n, 7n]),
  acked: new Int8Array([1, 1, 0, -1, -1, -1]),
  codes: new Int32Array([0, 0, 11, 0, 0, 0]),
  sdkCodes: new Int32Array([0, 0, 0, 0, 0, 0]),
  failures: [{ sample: 40, camera: 2, code: 'ERR_FRAME_MISSED', message: 'camera C: no frame for action 40 within 100 ms' }],
};

t.test('conversion and fields', async (t) => {
  const s = actionSamplesFromBatch(batch, [1n, 125_000_000n, 3n]);
  t.same(s.map((x) => x.index), [40, 41]);
  const [a, b, c] = s[0]!.cameras as ActionCameraLatch[];
  t.equal(a!.value, 1_759_801_914_897_358_848n, 'ns from the SDK pass through, whatever tickHz says');
  t.equal(b!.value, 1_759_801_914_897_358_848n, '125 MHz ticks: 8 ns each, exactly');
  t.equal(a!.fireNs, a!.ackNs, 'fire = ack');
  t.equal(a!.fireNs, 1_759_801_914_897_357_000n, 'the send instant');
  t.equal(a!.doneNs, 5n, 'done = frame arrival');
  t.same([a!.sendSource, a!.blockId, a!.acked], ['kernel', 41n, true]);
  t.equal(c!.value, null);
  t.same(c!.error, { code: 'ERR_FRAME_MISSED', sdkCode: 0, message: 'camera C: no frame for action 40 within 100 ms' });
  t.same([c!.sendSource, c!.blockId, c!.acked], ['clock', null, false], 'a camera that did not ack is told apart');
  const last = s[1]!.cameras[2] as ActionCameraLatch;
  t.equal(last.value, 333_333_333_666_666_666n, '3 Hz: 1000000001 ticks floored to the ns');
  t.same([last.sendSource, last.acked], ['simulated', null]);
});
