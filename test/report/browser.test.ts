/**
 * The report in a real browser: Debian's headless Chromium, driven by playwright-core. No console error, no
 * request beyond the file itself, every camera's series with the data's extremes, labels in the report's
 * language, and no script from a hostile serial. Screenshots are saved under .tap/report-screenshots/.
 * Never skipped when CI is set.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import t from 'tap';

import { buildReportFromFile } from '../../src/report/html/index.js';
import { repoRoot, tempDir } from '../support/cli.js';
import { browserMissing, launchReportBrowser, type ReportBrowser } from './support/browser.js';
import { expected, HOSTILE_SERIAL, IMG_SERIAL, labRun, runLines, writeLines } from './support/runs.js';

const missing = browserMissing();
if (missing !== null && !process.env.CI) {
  t.skip(`browser tests: ${missing}`);
} else {
  const shots = resolve(repoRoot, '.tap', 'report-screenshots');
  mkdirSync(shots, { recursive: true });
  const lines = runLines(labRun(3000));
  const exp = expected(lines);
  let browser: ReportBrowser;

  t.before(async () => {
    browser = await launchReportBrowser();
  });
  t.teardown(async () => {
    await browser?.close();
  });

  interface ChartView {
    labels: string[];
    lengths: number[];
    max: (number | null)[];
    min: (number | null)[];
  }

  t.test('English report: drawn, offline, exact extremes, hostile serials inert', async (t) => {
    const dir = tempDir(t);
    writeLines(join(dir, 'run.jsonl'), lines);
    await buildReportFromFile(join(dir, 'run.jsonl'), join(dir, 'run.html'), { lang: 'en' });
    const o = await browser.open(join(dir, 'run.html'));
    const shot = join(shots, 'report-en.png');
    await o.page.screenshot({ path: shot, fullPage: true });
    t.comment(`screenshot: ${shot}`);

    t.same(o.consoleErrors, [], 'no console errors or warnings');
    t.same(o.blocked, [], 'no network request');
    t.ok(o.requests.length >= 1 && o.requests.every((u) => u.startsWith('file://')), 'only the file itself was loaded');
    t.equal(await o.page.getAttribute('html', 'data-drawn'), 'true');
    t.ok(o.drawnMs > 0, `drawn ${o.drawnMs.toFixed(0)} ms after navigation`);

    const pwned = await o.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
    t.equal(pwned, undefined, 'no injected script ran');
    t.equal(await o.page.locator('img').count(), 0, 'no injected element');
    const cells = await o.page.locator('#camera-table td.serial').allTextContents();
    t.same(cells, exp.serials, 'serials shown verbatim as text');

    const offset = (await o.page.evaluate(() => {
      const charts = (window as unknown as { ptpcamCharts: { offset: { series: { label: string }[]; data: (number | null)[][] }[] } }).ptpcamCharts;
      const nums = (a: (number | null)[]): number[] => a.filter((v): v is number => v !== null);
      return charts.offset.map((u) => ({
        labels: u.series.map((s) => s.label),
        lengths: u.data.map((d) => d.length),
        max: [Math.max(...nums(u.data[3] ?? []))],
        min: [Math.min(...nums(u.data[4] ?? []))],
      }));
    })) as ChartView[];
    t.equal(offset.length, 4, 'one offset chart per camera');
    offset.forEach((c, i) => {
      const serial = exp.serials[i] as string;
      t.same(c.labels, ['time since the first sample (s)', 'interval high', 'interval low', 'max', 'min'], `${serial}: series`);
      t.same(c.lengths, [1500, 1500, 1500, 1500, 1500], `${serial}: 1500 points in every series`);
      t.equal(c.max[0], exp.maxDelta.get(serial), `${serial}: drawn max = data max`);
      t.equal(c.min[0], exp.minDelta.get(serial), `${serial}: drawn min = data min`);
    });

    const windowLabels = await o.page.evaluate(() =>
      (window as unknown as { ptpcamCharts: { window: { series: { label: string }[] } } }).ptpcamCharts.window.series.map((s) => s.label),
    );
    t.same(windowLabels.slice(1).filter((_, i) => i % 2 === 0), exp.serials, 'window chart: one series per camera');
    t.ok(windowLabels.includes(`${HOSTILE_SERIAL} outliers`) && windowLabels.includes(`${IMG_SERIAL} outliers`), 'outlier markers per camera');

    // Something is really on the canvases: count painted pixels of the first offset chart and the window chart.
    const painted = await o.page.evaluate(() =>
      ['#chart-offset-0 canvas', '#chart-window canvas'].map((sel) => {
        const c = document.querySelector(sel) as HTMLCanvasElement;
        const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) n++;
        return n;
      }),
    );
    t.ok(painted.every((n) => n > 1000), `painted pixels ${painted.join(', ')}`);
    t.equal(await o.page.locator('.uplot').count(), 4 + 4, 'offset ×4, histogram, window, drift, errors');
    await o.page.close();
  });

  t.test('Japanese report: Japanese headings, legend and axis labels', async (t) => {
    const dir = tempDir(t);
    writeLines(join(dir, 'run.jsonl'), lines);
    await buildReportFromFile(join(dir, 'run.jsonl'), join(dir, 'run.html'), { lang: 'ja' });
    const o = await browser.open(join(dir, 'run.html'));
    const shot = join(shots, 'report-ja.png');
    await o.page.screenshot({ path: shot, fullPage: true });
    t.comment(`screenshot: ${shot}`);
    t.same(o.consoleErrors, []);
    t.same(o.blocked, []);
    t.equal(await o.page.getAttribute('html', 'lang'), 'ja');
    const h2 = await o.page.locator('h2').allTextContents();
    t.ok(h2.includes('リグに対するオフセットの推移') && h2.includes('補正済みデルタのヒストグラム') && h2.includes('サンプルごとのエラー'), h2.join(' | '));
    const legend = await o.page.locator('#chart-offset-0 .u-legend').textContent();
    t.match(legend ?? '', /最大/);
    t.match(legend ?? '', /区間上限/);
    // Axis labels are painted on the canvas; uPlot keeps them on the axis objects.
    const axes = await o.page.evaluate(() =>
      (window as unknown as { ptpcamCharts: { offset: { axes: { label?: string }[] }[] } }).ptpcamCharts.offset[0]?.axes.map((a) => a.label ?? '') ?? [],
    );
    t.ok(axes.includes('補正済みデルタ (ns)') && axes.includes('最初のサンプルからの時間 (s)'), axes.join(' | '));
    await o.page.close();
  });

  t.test('a narrow window and a run without a summary still draw without errors', async (t) => {
    const dir = tempDir(t);
    writeLines(join(dir, 'cut.jsonl'), lines.slice(0, 40));
    await buildReportFromFile(join(dir, 'cut.jsonl'), join(dir, 'cut.html'), { lang: 'en' });
    const o = await browser.open(join(dir, 'cut.html'), { width: 480, height: 800 });
    t.same(o.consoleErrors, []);
    t.equal(await o.page.getAttribute('html', 'data-drawn'), 'true');
    t.equal(await o.page.locator('#note-no-summary').count(), 1);
    await o.page.close();
  });
}
