import t from 'tap';
import { exitCodeFor, judge, worstRunVerdict, worstSampleVerdict } from '../../src/analysis/verdict.js';

t.test('three-way boundaries', async (t) => {
  t.equal(judge(90, 10, 100), 'OK', '|d| + u = threshold is OK');
  t.equal(judge(-90, 10, 100), 'OK');
  t.equal(judge(90, 10.5, 100), 'UNCERTAIN');
  t.equal(judge(110, 10, 100), 'UNCERTAIN', '|d| − u = threshold is not NG');
  t.equal(judge(110.5, 10, 100), 'NG');
  t.equal(judge(-110.5, 10, 100), 'NG');
  t.equal(judge(0, 100, 100), 'OK');
  t.equal(judge(0, 101, 100), 'UNCERTAIN', 'uncertainty above threshold cannot be OK');
  t.equal(judge(300, 150, 100), 'NG', '…but can still be certainly NG');
});

t.test('aggregation and exit codes', async (t) => {
  t.equal(worstSampleVerdict(['OK', 'ERROR', 'OK']), 'ERROR');
  t.equal(worstSampleVerdict(['OK', 'UNCERTAIN', 'ERROR']), 'UNCERTAIN');
  t.equal(worstSampleVerdict(['UNCERTAIN', 'NG']), 'NG');
  t.equal(worstRunVerdict(['OK', 'NO_DATA', 'UNCERTAIN']), 'UNCERTAIN');
  t.equal(worstRunVerdict([]), 'NO_DATA');
  t.equal(exitCodeFor('OK'), 0);
  t.equal(exitCodeFor('NG'), 2);
  t.equal(exitCodeFor('UNCERTAIN'), 2);
  t.equal(exitCodeFor('NO_DATA'), 2);
});
