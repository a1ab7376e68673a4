import t from 'tap';

import { WHOLE_SECOND_TOLERANCE_NS, wholeSecondOffset } from '../../src/analysis/wholeSecond.js';

t.test('the one whole-second detector: exact on bigint, 5 ms either side', async (t) => {
  t.equal(WHOLE_SECOND_TOLERANCE_NS, 5_000_000n);
  t.equal(wholeSecondOffset(37_000_000_000n + 5_000_000n), 37, 'at the tolerance');
  t.equal(wholeSecondOffset(37_000_000_000n + 5_000_001n), null, 'one ns beyond');
  t.equal(wholeSecondOffset(-37_000_000_000n + 4_999_999n), -37);
  t.equal(wholeSecondOffset(3_000_000n), null, 'zero seconds is agreement');
  t.equal(wholeSecondOffset(500_000_000n), null, 'half a second is not near a whole one');
  // Beyond 2^53 ns (104 days) a double steps by 2 ns and could not tell these apart; bigint does.
  t.equal(wholeSecondOffset(10_000_000_000_000_000n + 5_000_000n), 10_000_000, 'at the tolerance beyond 2^53 ns');
  t.equal(wholeSecondOffset(10_000_000_000_000_000n + 5_000_001n), null, 'one ns beyond it, beyond 2^53 ns');
  t.equal(wholeSecondOffset(37e9 + 1_234_567), 37, 'a number difference is rounded to ns first');
  t.equal(wholeSecondOffset(Number.NaN), null);
  t.equal(wholeSecondOffset(37_000_000_000n + 15_000_000n, 20_000_000n), 37, 'an explicit tolerance');
});
