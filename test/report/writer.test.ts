/**
 * HtmlReportWriter and buildReportFromFile on synthetic runs written by the real line writer: the page carries
 * the run's figures exactly, escapes what came from the cameras, and reads damaged input as the issue says.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import t from 'tap';

import { RunAnalyzer } from '../../src/analysis/runAnalyzer.js';
import type { SampleAnalysis } from '../../src/analysis/types.js';
import { PtpcamError } from '../../src/errors.js';
import { buildReportFromFile, HtmlReportWriter } from '../../src/report/html/index.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/escape.js';
import { sampleJsonLine } from '../../src/report/jsonl.js';
import { tempDir } from '../support/cli.js';
import { expected, HOSTILE_SERIAL, IMG_SERIAL, labRun, pageData, runLines, writeLines } from './support/runs.js';

const lines = runLines(labRun(3000));
const exp = expected(lines);

function render(ls: readonly string[], lang: 'en' | 'ja' = 'en'): string {
  const w = new HtmlReportWriter({ lang });
  for (const l of ls) w.addLine(l);
  return w.render();
}

t.test('escaping helpers', async (t) => {
  t.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  const tricky = { s: '</script><!-- \u2028\u2029 & <img>' };
  const j = jsonForScript(JSON.stringify(tricky));
  t.notMatch(j, /[<>&\u2028\u2029]/);
  t.same(JSON.parse(j), tricky, 'reads back unchanged');
});

t.test('the page carries every camera with extremes, errors and histogram counts of the data', async (t) => {
  const html = render(lines);
  const d = pageData(html);
  t.same(d.cams.map((c) => c.serial), exp.serials, 'cameras in run order');
  for (const c of d.cams) {
    const max = Math.max(...c.dMax.filter((v): v is number => v !== null));
    const min = Math.min(...c.dMin.filter((v): v is number => v !== null));
    t.equal(max, exp.maxDelta.get(c.serial), `${c.serial}: max delta`);
    t.equal(min, exp.minDelta.get(c.serial), `${c.serial}: min delta`);
    t.equal(Math.max(...c.wMax.filter((v): v is number => v !== null)), exp.maxWindow.get(c.serial), `${c.serial}: widest window`);
    t.equal(c.err.reduce((a, b) => a + b, 0), exp.errors.get(c.serial) ?? 0, `${c.serial}: errors`);
    t.equal(c.dMax.length, d.t.length, `${c.serial}: one point per bucket`);
  }
  d.cams.forEach((c, i) => {
    t.equal((d.hist.counts[i] ?? []).reduce((a, b) => a + b, 0), exp.histogram.get(c.serial), `${c.serial}: histogram counts every counted sample`);
  });
  t.equal(d.t.length, 1500, '3000 samples in 1500 buckets of 2');
  t.match(html, /3000 samples fall into 1500 buckets of 2 consecutive samples/);
  t.equal(new Set(d.cams.map((c) => c.color)).size, 4, 'distinct colours');
});

t.test('strings from the run are escaped: no markup from a serial, a message or a warning reaches the page', async (t) => {
  const html = render(lines);
  t.equal((html.match(/<script/g) ?? []).length, 3, 'only the data island, uPlot and the page script');
  t.notOk(html.includes('<img'), 'no img element');
  t.notOk(html.includes('<b>CAM-B'), 'the warning text is escaped');
  t.ok(html.includes(escapeHtml(HOSTILE_SERIAL)) && html.includes(escapeHtml(IMG_SERIAL)), 'the serials are shown as text');
  t.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
});

t.test('the header shows the run, the notes, the PTP state and the errors; Japanese labels with lang ja', async (t) => {
  const html = render(lines);
  t.match(html, /Host PTP role<\/th><td>Grandmaster/);
  t.match(html, /Method<\/th><td>latch/);
  t.match(html, /Verdict<\/th><td>ERROR/);
  t.match(html, /id="ptp-table"/);
  t.match(html, /Slave, servo Locked, offset from master 12 ns/);
  t.match(html, /ERR_CAMERA_TIMEOUT/);
  t.match(html, /id="error-tally"/);
  t.match(html, /SIMULATED rig/);
  const ja = render(lines, 'ja');
  t.match(ja, /<html lang="ja">/);
  t.match(ja, /リグに対するオフセットの推移/);
  t.match(ja, /補正済みデルタのヒストグラム/);
  t.match(ja, /ホストの PTP ロール/);
  t.notMatch(ja, /Offset to the rig over time/);
});

t.test('addAnalysis (timestat without JSON lines) gives the same page data as addLine', async (t) => {
  const serials = ['S1', 'S2', 'S3'];
  const a = new RunAnalyzer({ serials, thresholdNs: 1000, timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' } });
  const byLine = new HtmlReportWriter({ lang: 'en' });
  const direct = new HtmlReportWriter({ lang: 'en' });
  const base = 1_700_000_000_000_000_000n;
  for (let i = 0; i < 500; i++) {
    const fire = base + BigInt(i) * 1_000_000n;
    const s: SampleAnalysis = a.add({
      index: i,
      cameras: serials.map((_, k) => ({
        value: k === 2 && i % 50 === 0 ? null : fire + BigInt(50_000 + k * 100 + ((i * 7919 + k * 104729) % 900)),
        fireNs: fire,
        ackNs: fire + 100_000n + BigInt((i * 31 + k) % 5000) * (i % 97 === 0 ? 100n : 1n),
        error: k === 2 && i % 50 === 0 ? { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: 'late' } : null,
      })),
    });
    byLine.addLine(sampleJsonLine(s));
    direct.addAnalysis(s);
  }
  t.same(pageData(direct.render()), pageData(byLine.render()));
});

t.test('a file cut mid-line: a report of the complete lines, with a note', async (t) => {
  const dir = tempDir(t);
  const samplesOnly = lines.slice(0, 1000);
  const cut = samplesOnly.join('\n') + '\n' + (lines[1000] as string).slice(0, 777);
  writeFileSync(join(dir, 'cut.jsonl'), cut);
  const r = await buildReportFromFile(join(dir, 'cut.jsonl'), join(dir, 'cut.html'), { lang: 'en' });
  t.equal(r.truncatedBytes, 777);
  const html = readFileSync(join(dir, 'cut.html'), 'utf8');
  t.match(html, /id="note-truncated">The file ends in the middle of a line .* shows the 1000 complete lines; the last 777 bytes were left out/);
  t.match(html, /id="note-no-summary"/);
  t.equal(pageData(html).t.length, 1000);
  t.same(pageData(html).cams.map((c) => c.serial), exp.serials);
});

t.test('a complete last line without its newline is read, not called cut', async (t) => {
  const dir = tempDir(t);
  writeLines(join(dir, 'run.jsonl'), lines, false);
  const r = await buildReportFromFile(join(dir, 'run.jsonl'), join(dir, 'run.html'), { lang: 'en' });
  t.equal(r.truncatedBytes, 0);
  const html = readFileSync(join(dir, 'run.html'), 'utf8');
  t.notMatch(html, /note-truncated|note-no-summary/);
});

t.test('lines from before schema versions read with a note; an unknown schema or other input is one clear error', async (t) => {
  const legacy = lines.map((l) => l.replace(/^\{"schema":1,/, '{'));
  t.match(render(legacy), /carry no schema version/);

  const bad = async (content: string, pattern: RegExp, name: string): Promise<void> => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'in.jsonl'), content);
    await t.rejects(buildReportFromFile(join(dir, 'in.jsonl'), join(dir, 'out.html'), { lang: 'en' }), { code: 'ERR_REPORT_INPUT', message: pattern }, name);
  };
  await bad(lines.slice(0, 3).map((l) => l.replace('"schema":1', '"schema":2')).join('\n') + '\n', /line 1: unknown JSON lines schema version 2 \(this ptpcam reads version 1\)/, 'schema 2');
  await bad(`${lines[0] as string}\n${(lines[1] as string).replace('"schema":1', '"schema":"1"')}\n`, /line 2: unknown JSON lines schema version 1 /, 'schema as a string');
  await bad('serial,value\nS1,123\n', /line 1 is not JSON/, 'CSV');
  await bad('{"type":"event","ts":1}\n', /line 1 is not a ptpcam JSON line/, 'other JSON lines');
  await bad('[1,2,3]\n', /line 1 is not a ptpcam JSON line/, 'a JSON array');
  await bad('', /no ptpcam JSON lines/, 'empty file');
  await bad(`${lines[0] as string}\nnot json\n${lines[1] as string}\n`, /line 2 is not JSON/, 'garbage in the middle');
  await bad('{"schema":1,"type":"sample","index":0,"cameras":[{"serial":3}]}\n', /line 1: a sample line with missing or mistyped fields/, 'mistyped');
  const err = await buildReportFromFile('/nonexistent/run.jsonl', '/tmp/x.html', { lang: 'en' }).catch((e: unknown) => e);
  t.ok(err instanceof PtpcamError && /cannot read \/nonexistent\/run.jsonl/.test(err.message), 'a missing file');
});
