import t from 'tap';
import { formatSuppressedNotice, shouldPrintSample } from '../../src/report/samplePrintPolicy.js';

t.test('short runs print everything; long runs the head, optionally problems', async (t) => {
  t.equal(shouldPrintSample(99, 100, 'OK'), true);
  t.equal(shouldPrintSample(9, 1_000_000, 'OK'), true);
  t.equal(shouldPrintSample(10, 1_000_000, 'OK'), false);
  t.equal(shouldPrintSample(10, Infinity, 'NG'), false);
  t.equal(shouldPrintSample(10, Infinity, 'NG', { problems: true }), true);
  t.equal(shouldPrintSample(10, Infinity, 'OK', { problems: true }), false);
  t.equal(shouldPrintSample(500, 1000, 'OK', { limit: 1000 }), true);
  t.match(formatSuppressedNotice(10, 1_000_000), /first 10 of 1000000 samples/);
  t.notMatch(formatSuppressedNotice(10, Infinity), /of Infinity/);
});
