import t from 'tap';
import { exactMedian, medianDiff, medianOfNumbers } from '../../src/analysis/median.js';
import { halfNsText, rawDeltas2 } from '../../src/analysis/rawDelta.js';
import { formatHalfNsAsMs } from '../../src/report/format.js';

/** Deltas in ns from the exact half-ns form (all test values here are whole or half ns). */
const rawDeltas = (v: (bigint | null)[]): (string | null)[] => rawDeltas2(v).map((d) => (d === null ? null : halfNsText(d)));

const E = 1759801914897358848n; // > 2^53

t.test('odd count: the middle value, exact beyond 2^53', async (t) => {
  t.same(exactMedian([E + 5n, E - 3n, E + 1n]), { num: E + 1n, den: 1n });
});

t.test('even count: mean of the two middles kept as num/den', async (t) => {
  const m = exactMedian([E + 4n, E, E + 1n, E + 10n]);
  t.same(m, { num: 2n * E + 5n, den: 2n }); // (E+1 + E+4)/2 = E + 2.5
  t.same(rawDeltas([E + 4n, E, E + 1n, E + 10n]), ['1.5', '-2.5', '-1.5', '7.5'], 'a half-ns median leaves exact .5 deltas, never truncated');
  t.same(rawDeltas2([E + 4n, E, E + 1n, E + 10n]).map((d) => formatHalfNsAsMs(d!, true)), [' 0.0000015', '-0.0000025', '-0.0000015', ' 0.0000075']);
  t.equal(halfNsText(-1n), '-0.5');
  t.equal(medianDiff(m, { num: E, den: 1n }), 2.5);
});

t.test('unsorted input, numeric (not string) order', async (t) => {
  t.same(exactMedian([10n, 9n, 100n]), { num: 10n, den: 1n });
  t.equal(medianOfNumbers([10, 9, 100, 2]), 9.5);
  t.throws(() => exactMedian([]));
});

t.test('rawDeltas: missing cameras are skipped for the median and get null', async (t) => {
  t.same(rawDeltas([E, null, E + 100n, E + 40n]), ['-40', null, '60', '0']);
  t.same(rawDeltas([E, null, E + 100n, null]), ['-50', null, '50', null], 'two present: even median');
  t.same(rawDeltas([null, null]), [null, null]);
  t.same(rawDeltas([E + 7n]), ['0']);
});

t.test('seed example deltas reproduce exactly', async (t) => {
  const m = 1759801914898990080n;
  const vals = [m - 1631232n, m - 638208n, m + 638208n, m + 1601536n];
  t.same(rawDeltas(vals), ['-1631232', '-638208', '638208', '1601536']);
});
