/**
 * Reading a run from its file: the byte line reader hands over exactly the file's lines whatever the chunk
 * boundaries, the writer reads bytes as it reads the same lines as strings, and the exact time split gives
 * what BigInt subtraction gives.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import t from 'tap';

import { buildReportFromFile, HtmlReportWriter } from '../../src/report/html/index.js';
import { secondsBetween, splitNsBigint, splitNsText } from '../../src/report/html/exactTime.js';
import { readLines } from '../../src/report/html/lineReader.js';
import { tempDir } from '../support/cli.js';
import { labRun, pageData, runLines } from './support/runs.js';

t.test('readLines: every line, byte for byte, across chunk boundaries, long lines, CRLF and a last line without newline', async (t) => {
  const dir = tempDir(t);
  const lines = [
    'a',
    '',
    'x'.repeat(64 * 1024 - 1),
    'y'.repeat(64 * 1024),
    'z'.repeat(64 * 1024 + 1),
    'é😀\r',
    ...Array.from({ length: 300 }, (_, i) => `${i}:${'w'.repeat((i * 7919) % 3000)}`),
    'q'.repeat(200 * 1024),
  ];
  for (const last of ['', 'tail without newline']) {
    const text = lines.join('\n') + '\n' + last;
    writeFileSync(join(dir, 'in.txt'), text);
    const got: string[] = [];
    const r = await readLines(join(dir, 'in.txt'), (b, s, e) => got.push(b.toString('utf8', s, e)), 1 << 20);
    t.same(got, lines, `lines (last: ${JSON.stringify(last)})`);
    t.equal(r.trailing.toString('utf8'), last);
  }
  writeFileSync(join(dir, 'long.txt'), `ok\n${'x'.repeat(300 * 1024)}\n`);
  await t.rejects(readLines(join(dir, 'long.txt'), () => undefined, 256 * 1024), { code: 'ERR_REPORT_INPUT', message: /a line longer than 262144 bytes/ });
  await t.rejects(readLines(join(dir, 'missing.txt'), () => undefined, 1024), { code: 'ERR_REPORT_INPUT', message: /cannot read .*missing\.txt/ });
});

t.test('the report from a file (bytes) equals the report from the same lines as strings, CRLF or not', async (t) => {
  const dir = tempDir(t);
  const lines = runLines(labRun(2500));
  const byString = new HtmlReportWriter({ lang: 'en' });
  for (const l of lines) byString.addLine(l);
  const expected = pageData(byString.render());
  for (const eol of ['\n', '\r\n']) {
    writeFileSync(join(dir, 'run.jsonl'), lines.join(eol) + eol);
    await buildReportFromFile(join(dir, 'run.jsonl'), join(dir, 'run.html'), { lang: 'en' });
    const { readFileSync } = await import('node:fs');
    t.same(pageData(readFileSync(join(dir, 'run.html'), 'utf8')), expected, JSON.stringify(eol));
  }
});

t.test('addLine with a lone surrogate: read by JSON.parse, as before', async (t) => {
  const line = '{"schema":1,"type":"sample","index":0,"verdict":"OK","referenceShifted":false,"cameras":[{"serial":"\ud800","value":"5","fireNs":"1","ackNs":"2","rawDeltaNs":"0","correctedDeltaNs":1,"uncertaintyNs":1,"hostOffsetNs":1,"windowNs":1,"verdict":"OK","windowOutlier":false,"windowWarmup":false,"taiUtc":null,"error":null}]}';
  const w = new HtmlReportWriter({ lang: 'en' });
  w.addLine(line);
  t.same(pageData(w.render()).cams.map((c) => c.serial), ['\ud800']);
});

t.test('exact time: the split and its subtraction equal BigInt arithmetic, beyond 2^53 ns too', async (t) => {
  const big = fc.oneof(
    fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n }),
    fc.bigInt({ min: 1_796_184_056_000_000_000n, max: 1_796_184_057_000_000_000n }),
    fc.constantFrom(0n, -1n, 999_999_999n, -999_999_999n, 1_000_000_000n, (1n << 63n) - 1n, -(1n << 63n)),
  );
  fc.assert(
    fc.property(big, fc.oneof(big, fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n })), (t0, d) => {
      const t1 = t0 + d;
      if (t1 >= 10n ** 20n || t1 <= -(10n ** 20n)) return true;
      const a = splitNsText(t1.toString());
      const a0 = splitNsText(t0.toString());
      const b = splitNsBigint(t1);
      if (a === null || a0 === null || a.s !== b.s || a.subNs !== b.subNs) return false;
      if (BigInt(a.s) * 1_000_000_000n + BigInt(a.subNs) !== t1) return false;
      return Object.is(secondsBetween(a.s, a.subNs, a0.s, a0.subNs), Number(t1 - t0) / 1e9);
    }),
    { numRuns: 5000 },
  );
  t.equal(splitNsText('123456789012345678901'), null, 'more than 20 digits');
  t.equal(splitNsText('12a'), null);
  t.equal(splitNsText(''), null);
  t.same(splitNsText('-0'), { s: -0, subNs: -0 });
});
