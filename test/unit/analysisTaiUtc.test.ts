import t from 'tap';
import { wholeSecondOffset } from '../../src/analysis/wholeSecond.js';

/** The number path of the one detector, with an explicit tolerance as timestat's analyzer passes it. */
const wholeSecondMismatch = (d: number, tol: number): number | null => wholeSecondOffset(d, BigInt(tol));
import { hostOffsetNs, hostReference } from '../../src/analysis/hostReference.js';
import { latchOffset } from '../../src/analysis/latchOffset.js';

t.test('whole-second detector', async (t) => {
  t.equal(wholeSecondMismatch(37e9 + 1_234_567, 5e6), 37);
  t.equal(wholeSecondMismatch(-37e9 + 4_999_999, 5e6), -37);
  t.equal(wholeSecondMismatch(37e9 + 6e6, 5e6), null, 'outside tolerance');
  t.equal(wholeSecondMismatch(3e6, 5e6), null, 'zero seconds is agreement, not a mismatch');
  t.equal(wholeSecondMismatch(1e9 - 2e6, 5e6), 1);
  t.equal(wholeSecondMismatch(0.5e9, 5e6), null);
});

t.test('host reference applies currentUtcOffset only on the PTP timescale', async (t) => {
  const host = 1759801877897358848n;
  const o = latchOffset(host + 37_000_000_000n + 1200n, host, host + 400n); // camera on TAI, 1000 ns ahead
  const ptp = hostReference({ ptpTimescale: true, currentUtcOffsetS: 37, source: 'pmc' });
  t.equal(hostOffsetNs(o.offset2, ptp), 1000);
  t.match(ptp.rule, /PTP timescale.*\+ 37 s.*pmc/);
  const arb = hostReference({ ptpTimescale: false, currentUtcOffsetS: 37, source: 'assumed' });
  t.equal(hostOffsetNs(o.offset2, arb), 37e9 + 1000);
  t.match(arb.rule, /ARB timescale.*no UTC offset/);
  t.equal(wholeSecondMismatch(hostOffsetNs(o.offset2, arb), 5e6), 37, 'the ARB rule on a TAI camera shows the 37 s');
  t.throws(() => hostReference({ ptpTimescale: true, currentUtcOffsetS: 36.5, source: 'pmc' }));
});
