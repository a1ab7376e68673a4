import t from 'tap';
import { deltaToMedian, exactMedian, medianDiff, medianOfNumbers } from '../../src/analysis/median.js';
import { rawDeltas } from '../../src/analysis/raw-delta.js';

const E = 1759801914897358848n; // > 2^53

t.test('odd count: the middle value, exact beyond 2^53', async (t) => {
  t.same(exactMedian([E + 5n, E - 3n, E + 1n]), { num: E + 1n, den: 1n });
});

t.test('even count: mean of the two middles kept as num/den', async (t) => {
  const m = exactMedian([E + 4n, E, E + 1n, E + 10n]);
  t.same(m, { num: 2n * E + 5n, den: 2n }); // (E+1 + E+4)/2 = E + 2.5
  t.equal(deltaToMedian(E + 4n, m), 1n, '+1.5 truncates to +1');
  t.equal(deltaToMedian(E + 1n, m), -1n, '−1.5 truncates to −1: symmetric');
  t.equal(medianDiff(m, { num: E, den: 1n }), 2.5);
});

t.test('unsorted input, numeric (not string) order', async (t) => {
  t.same(exactMedian([10n, 9n, 100n]), { num: 10n, den: 1n });
  t.equal(medianOfNumbers([10, 9, 100, 2]), 9.5);
  t.throws(() => exactMedian([]));
});

t.test('rawDeltas: missing cameras are skipped for the median and get null', async (t) => {
  t.same(rawDeltas([E, null, E + 100n, E + 40n]), [-40n, null, 60n, 0n]);
  t.same(rawDeltas([E, null, E + 100n, null]), [-50n, null, 50n, null], 'two present: even median');
  t.same(rawDeltas([null, null]), [null, null]);
  t.same(rawDeltas([E + 7n]), [0n]);
});

t.test('seed example deltas reproduce exactly', async (t) => {
  const m = 1759801914898990080n;
  const vals = [m - 1631232n, m - 638208n, m + 638208n, m + 1601536n];
  t.same(rawDeltas(vals), [-1631232n, -638208n, 638208n, 1601536n]);
});
