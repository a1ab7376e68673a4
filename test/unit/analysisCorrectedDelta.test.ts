import t from 'tap';
import { correctedDeltas } from '../../src/analysis/correctedDelta.js';
import { latchOffset, offsetNs, halfWindowNs, type LatchOffset } from '../../src/analysis/latchOffset.js';

const F = 1759801914897358848n; // > 2^53: a double cannot hold F + 1

/** A latch whose offset (value − midpoint) is `off` ns and whose window is `w` ns, starting at F + at. */
function latch(at: bigint, w: bigint, off: bigint): LatchOffset {
  const fire = F + at;
  const ack = fire + w;
  return latchOffset(fire + w / 2n + off, fire, ack);
}

t.test('corrected offset is exact with epoch-sized values', async (t) => {
  const o = latchOffset(F + 1n, F, F + 1n);
  t.equal(o.offset2, 1n);
  t.equal(offsetNs(o.offset2), 0.5, 'value − (fire+ack)/2 = 1 − 0.5');
  t.equal(o.window, 1n);
  t.equal(halfWindowNs(o.window), 0.5);
  // Doing it in doubles would lose it entirely:
  t.not(Number(F + 1n) - (Number(F) + Number(F + 1n)) / 2, 0.5);
  const big = latchOffset(F + 37_000_000_123n, F - 1000n, F + 3001n);
  t.equal(offsetNs(big.offset2), 37_000_000_123 - 1000.5);
});

t.test('odd set: camera half-window + median slack, hand computed', async (t) => {
  // offsets A 900 (hw 100), B 2000 (hw 200), C −500 (hw 30); median A = 900.
  const r = correctedDeltas([latch(0n, 200n, 900n), latch(50n, 400n, 2000n), latch(100n, 60n, -500n)], [true, true, true]);
  // true median ∈ [median(800, 1800, −530), median(1000, 2200, −470)] = [800, 1000] → slack 100
  t.same(r.deltas, [
    { deltaNs: 0, uncertaintyNs: 200 },
    { deltaNs: 1100, uncertaintyNs: 300 },
    { deltaNs: -1400, uncertaintyNs: 130 },
  ]);
  t.same(r.middle, [0]);
});

t.test('median bound stays valid when the errors can reorder the cameras', async (t) => {
  // A 0 (hw 1000), B 100 (hw 10), C 200 (hw 10). Median camera is B, but if A is really at +1000 the true
  // median is C at 200: B's true delta can be as low as 90 − 210 = −120. The naive "hw_B + hw_B" = 20 is wrong.
  const r = correctedDeltas([latch(0n, 2000n, 0n), latch(0n, 20n, 100n), latch(0n, 20n, 200n)], [true, true, true]);
  t.equal(r.deltas[1]?.deltaNs, 0);
  t.equal(r.deltas[1]?.uncertaintyNs, 120);
});

t.test('even set: slack is the mean half-window of the two middle cameras when they dominate', async (t) => {
  const r = correctedDeltas(
    [latch(0n, 20n, 0n), latch(0n, 40n, 100n), latch(0n, 80n, 300n), latch(0n, 20n, 1000n)],
    [true, true, true, true],
  );
  // median 200; bounds median(−10, 80, 260, 990) = 170, median(10, 120, 340, 1010) = 230 → slack 30
  t.same(
    r.deltas.map((d) => [d?.deltaNs, d?.uncertaintyNs]),
    [[-200, 40], [-100, 50], [100, 70], [800, 40]],
  );
  t.same(r.middle, [1, 2]);
});

t.test('missing cameras and reference exclusion', async (t) => {
  const r = correctedDeltas([latch(0n, 20n, 0n), null, latch(0n, 20n, 300n), latch(0n, 10_000n, 50_000n)], [true, false, true, false]);
  t.equal(r.deltas[1], null);
  t.equal(r.deltas[0]?.deltaNs, -150, 'median of the two reference cameras only');
  t.equal(r.deltas[3]?.deltaNs, 49_850);
  t.equal(r.deltas[3]?.uncertaintyNs, 5000 + 10, 'excluded camera still gets its own wide bound');
  const none = correctedDeltas([null, latch(0n, 2n, 5n)], [false, false]);
  t.equal(none.deltas[1]?.deltaNs, 0, 'no reference left: fall back to every answered camera');
  t.same(correctedDeltas([null, null], [true, true]).deltas, [null, null]);
});

t.test('half-nanosecond deltas survive', async (t) => {
  const a = latchOffset(F + 1n, F, F + 1n); // 0.5
  const b = latchOffset(F + 2n, F, F); // 2
  const r = correctedDeltas([a, b], [true, true]);
  t.same(r.deltas.map((d) => d?.deltaNs), [-0.75, 0.75]);
});
