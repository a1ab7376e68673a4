import t from 'tap';
import {
  alignRight,
  formatFixed,
  formatIntNs,
  formatNsAsMs,
  formatNsAsUs,
  formatUsWithUncertainty,
  joinAligned,
} from '../../src/report/format.js';

t.test('ms with 6 decimals, exact from bigint, sign column', async (t) => {
  t.equal(formatNsAsMs(-1631232n), '-1.631232');
  t.equal(formatNsAsMs(638208n, true), ' 0.638208');
  t.equal(formatNsAsMs(0n, true), ' 0.000000');
  t.equal(formatNsAsMs(-5n), '-0.000005');
  t.equal(formatNsAsMs(1759801914897358849n), '1759801914897.358849', 'beyond 2^53, not rounded');
});

t.test('doubles', async (t) => {
  t.equal(formatFixed(-0.0001, 3), '0.000', 'no negative zero');
  t.equal(formatFixed(Number.NaN, 3), 'n/a');
  t.equal(formatIntNs(-1199999.6), '-1200000');
  t.equal(formatNsAsUs(1234.6, true), ' 1.235');
  t.equal(formatUsWithUncertainty(-1234, 567), '-1.234±0.567');
});

t.test('alignment', async (t) => {
  t.same(alignRight(['-1.5', ' 10.25']), ['  -1.5', ' 10.25']);
  t.same(joinAligned([['a=1', 'bb=2', 'c'], ['a=100', 'b=3', 'd']]), ['a=1,   bb=2, c', 'a=100, b=3,  d']);
});
