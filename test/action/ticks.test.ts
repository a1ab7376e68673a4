// Tick → ns conversion: exact BigInt floor, the same rule Aravis applies (arv_gvsp_timestamp_to_ns, 0.8.26).
import fc from 'fast-check';
import t from 'tap';

import { ticksToNs } from '../../src/action/ticks.js';

t.test('exact values', async (t) => {
  t.equal(ticksToNs(1_759_801_914_897_358_848n, 1_000_000_000n), 1_759_801_914_897_358_848n, '1 GHz: ticks are ns');
  t.equal(ticksToNs(125_000_000n * 1_759_801_914n + 7n, 125_000_000n), 1_759_801_914_000_000_056n, '125 MHz: 8 ns a tick');
  t.equal(ticksToNs(3n, 3n), 1_000_000_000n);
  t.equal(ticksToNs(1n, 3n), 333_333_333n, 'floored');
  t.equal(ticksToNs(2n ** 64n - 1n, 25_000_000n), (2n ** 64n - 1n) * 40n, 'the full 64-bit range at 25 MHz');
  t.throws(() => ticksToNs(1n, 0n), RangeError);
});

t.test('agrees with floor(ticks * 1e9 / hz) everywhere', async () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 1n, max: 10_000_000_000n }), (ticks, hz) => {
      return ticksToNs(ticks, hz) === (ticks * 1_000_000_000n) / hz;
    }),
  );
});
