/**
 * The HTML page: run header, tables and notes rendered here (escaped), charts drawn in the browser by the
 * inlined uPlot from the JSON data island. A Content-Security-Policy admits only the page's own two scripts
 * (by hash) and no network at all: a second line of defence behind the escaping.
 */
import { createHash } from 'node:crypto';

import { localizeError } from '../../i18n/errors.js';
import type { Lang } from '../../i18n/locale.js';
import { CLIENT_SCRIPT } from './clientScript.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { reportLabels, type ReportLabels } from './labels.js';
import { buildPageData, type PageData } from './pageData.js';
import { PAGE_CSS } from './pageStyle.js';
import { MAX_LISTED_ERRORS, type RunAccumulator } from './runAccumulator.js';
import { arr, bool, bySerial, num, obj, str, strings, type Json } from './summaryView.js';
import { formatNsAuto, formatPpb } from './units.js';
import { uplotAssets } from './uplotAssets.js';

export interface PageOptions {
  lang: Lang;
  truncatedBytes: number;
}

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

function kvRow(label: string, value: string | null, cls = ''): string {
  if (value === null || value === '') return '';
  return `<tr${cls ? ` class="${cls}"` : ''}><th>${h(label)}</th><td>${h(value)}</td></tr>`;
}

function swatch(color: string): string {
  return `<span class="swatch" style="background:${h(color)}"></span>`;
}

function runTable(acc: RunAccumulator, L: ReportLabels, cameraCount: number): string {
  const s = acc.summary;
  const host = obj(s, 'host');
  const simulated = bool(s, 'simulated') ?? bool(host, 'simulated');
  const threshold = num(s, 'thresholdNs');
  const err = obj(s, 'error');
  const end = [str(s, 'reason'), str(s, 'signal')].filter((x) => x !== null).join(' ');
  const samples = num(s, 'samples') ?? acc.sampleLines;
  return [
    '<table class="kv">',
    kvRow(L.hostRole, str(host, 'role')),
    kvRow(L.grandmaster, str(host, 'gmClockId')),
    kvRow(L.method, str(s, 'method')),
    kvRow(L.backend, str(s, 'backend')),
    kvRow(L.strategy, str(s, 'strategy')),
    kvRow(L.simulated, simulated === null ? null : simulated ? L.yes : L.no),
    kvRow(L.samples, String(samples)),
    kvRow(L.cameras, String(cameraCount)),
    kvRow(L.threshold, threshold === null ? null : `${formatNsAuto(threshold)} (${threshold} ns)`),
    kvRow(L.verdict, str(s, 'verdict')),
    kvRow(L.verdictReason, str(s, 'verdictReason')),
    str(s, 'measuredVerdict') !== str(s, 'verdict') ? kvRow(L.measuredVerdict, str(s, 'measuredVerdict')) : '',
    kvRow(L.exitCode, str(s, 'exitCode')),
    kvRow(L.endReason, end),
    kvRow(L.timescaleRule, str(s, 'timescaleRule')),
    err ? kvRow(L.fatalError, `${str(err, 'code') ?? ''}: ${str(err, 'message') ?? ''}`, 'bad') : '',
    '</table>',
  ].join('');
}

function notes(acc: RunAccumulator, L: ReportLabels, opts: PageOptions): string {
  const items: string[] = [];
  const warnings = strings(acc.summary, 'ptpWarnings');
  for (const w of warnings) items.push(`<li class="warn">${h(L.ptpWarnings)}: ${h(w)}</li>`);
  if (opts.truncatedBytes > 0) items.push(`<li class="warn" id="note-truncated">${h(L.truncated(acc.sampleLines + acc.summaryLines, opts.truncatedBytes))}</li>`);
  if (acc.summary === null) items.push(`<li class="warn" id="note-no-summary">${h(L.noSummary)}</li>`);
  if (acc.summaryLines > 1) items.push(`<li>${h(L.severalSummaries(acc.summaryLines))}</li>`);
  if (acc.unversioned) items.push(`<li>${h(L.unversioned)}</li>`);
  const b = acc.bucketing;
  if (acc.sampleLines > 0) {
    items.push(`<li id="note-reduction">${h(b.width === 1 ? L.noReduction(acc.sampleLines) : L.reduction(acc.sampleLines, b.used, b.width))}</li>`);
  }
  if (items.length === 0) return '';
  return `<section id="notes"><h2>${h(L.notesHeading)}</h2><ul>${items.join('')}</ul></section>`;
}

function estimateCell(sc: Json | null, L: ReportLabels): string {
  const o = obj(sc, 'offsetVsMedian');
  const d = num(o, 'deltaNs');
  if (d === null) return h(L.notAvailable);
  return h(`${formatNsAuto(d)} ± ${formatNsAuto(num(o, 'uncertaintyNs') ?? 0)}`);
}

function strictCell(sc: Json | null, L: ReportLabels): string {
  const o = obj(sc, 'strictVsReference');
  const lo = num(o, 'lowNs');
  const hi = num(o, 'highNs');
  if (lo === null || hi === null) return h(L.notAvailable);
  const ref = str(o, 'referenceSerial');
  return h(`[${formatNsAuto(lo)}, ${formatNsAuto(hi)}]${ref !== null ? ` (${L.reference} ${ref})` : ''}`);
}

function camerasTable(acc: RunAccumulator, data: PageData, L: ReportLabels): string {
  const scs = arr(acc.summary, 'cameras');
  const rows = data.cams.map((c) => {
    const sc = bySerial(scs, c.serial);
    const st = acc.cameras.get(c.serial);
    const corrected = obj(sc, 'corrected');
    const maxAbs = num(corrected, 'maxAbsNs') ?? (st && st.answered > 0 ? Math.max(Math.abs(st.deltaMin), Math.abs(st.deltaMax)) : null);
    const verdict = str(sc, 'verdict');
    const basis = str(obj(sc, 'judgement'), 'basis');
    return (
      `<tr><td class="serial">${swatch(c.color)}${h(c.serial)}</td><td>${h(String(num(sc, 'answered') ?? st?.answered ?? 0))}</td>` +
      `<td class="v-${h(verdict ?? 'none')}">${h(verdict === null ? L.notAvailable : basis ? `${verdict} (${basis})` : verdict)}</td><td>${estimateCell(sc, L)}</td><td>${strictCell(sc, L)}</td>` +
      `<td>${h(maxAbs === null ? L.notAvailable : formatNsAuto(maxAbs))}</td>` +
      `<td>${h(String(num(sc, 'windowOutliers') ?? st?.windowOutliers ?? 0))}</td><td>${h(String(num(sc, 'errorCount') ?? st?.errors ?? 0))}</td></tr>`
    );
  });
  return (
    `<section id="cameras"><h2>${h(L.summaryTableHeading)}</h2><table class="grid" id="camera-table"><thead><tr>` +
    [L.serial, L.answered, L.runVerdict, L.estimate, L.strictBound, L.maxAbsCorrected, L.windowOutliers, L.errors].map((x) => `<th>${h(x)}</th>`).join('') +
    `</tr></thead><tbody>${rows.join('')}</tbody></table>` +
    `<p class="caption">${h(L.camerasCaption)}</p></section>`
  );
}

function offsetSection(data: PageData, L: ReportLabels): string {
  const thr = data.thresholdNs === null ? L.notAvailable : formatNsAuto(data.thresholdNs);
  const charts = data.cams
    .map((c, i) => `<div class="cam-chart"><h3>${swatch(c.color)}${h(c.serial)}</h3><div class="chart" id="chart-offset-${i}"></div><p class="offscale" id="offscale-${i}"></p></div>`)
    .join('');
  return `<section id="offset"><h2>${h(L.offsetHeading)}</h2><p class="caption">${h(L.offsetCaption(thr))}</p>${charts}</section>`;
}

function driftTable(acc: RunAccumulator, data: PageData, L: ReportLabels): string {
  const scs = arr(acc.summary, 'cameras');
  const rows = data.cams.map((c) => {
    const sc = bySerial(scs, c.serial);
    const drift = obj(sc, 'drift');
    const slope = num(drift, 'slopePpb');
    const se = num(drift, 'slopeStdErrPpb');
    const vsRig = num(sc, 'driftVsRigPpb');
    const text =
      slope === null
        ? `${L.driftNone}${str(sc, 'driftNote') ? ` (${str(sc, 'driftNote') as string})` : ''}`
        : `${L.slope} ${formatPpb(slope)}${se !== null ? ` ± ${formatPpb(se).replace('+', '')}` : ''}${vsRig !== null ? `, ${L.vsRig} ${formatPpb(vsRig)}` : ''}`;
    return `<tr><td class="serial">${swatch(c.color)}${h(c.serial)}</td><td>${h(text)}</td></tr>`;
  });
  return `<table class="grid" id="drift-table"><tbody>${rows.join('')}</tbody></table>`;
}

function ptpSection(acc: RunAccumulator, data: PageData, L: ReportLabels): string {
  const cp = obj(acc.summary, 'cameraPtp');
  const start = arr(cp, 'start');
  const end = arr(cp, 'end');
  if (start.length === 0 && end.length === 0) return `<section id="ptp"><h2>${h(L.ptpHeading)}</h2><p>${h(L.noPtpView)}</p></section>`;
  const fmt = (v: Json | null): string => {
    if (v === null || str(v, 'status') === null) return L.notAvailable;
    const servo = str(v, 'servo');
    const off = str(v, 'offsetFromMasterNs');
    const gm = str(v, 'grandmasterClockId');
    return [str(v, 'status') as string, servo ? `${L.servo} ${servo}` : '', off !== null ? `${L.offsetFromMaster} ${off} ns` : '', gm ? `GM ${gm}` : '']
      .filter((x) => x !== '')
      .join(', ');
  };
  const rows = data.cams.map(
    (c) => `<tr><td class="serial">${swatch(c.color)}${h(c.serial)}</td><td>${h(fmt(bySerial(start, c.serial)))}</td><td>${h(fmt(bySerial(end, c.serial)))}</td></tr>`,
  );
  return (
    `<section id="ptp"><h2>${h(L.ptpHeading)}</h2><table class="grid" id="ptp-table"><thead><tr><th>${h(L.serial)}</th><th>${h(L.start)}</th><th>${h(L.end)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

/** Camera errors are said in the page's language by their code (JSON lines keep the English). */
function errorsSection(acc: RunAccumulator, data: PageData, L: ReportLabels, lang: Lang): string {
  const said = (code: string, message: string): string => (message === '' ? '' : localizeError(code, message, lang));
  const scs = arr(acc.summary, 'cameras');
  const tallies: string[] = [];
  for (const c of data.cams) {
    for (const e of arr(bySerial(scs, c.serial), 'errors')) {
      tallies.push(
        `<tr><td class="serial">${swatch(c.color)}${h(c.serial)}</td><td>${h(str(e, 'code') ?? '')}</td><td>${h(str(e, 'count') ?? '')}</td>` +
          `<td>${h(str(e, 'firstSampleIndex') ?? '')}</td><td>${h(said(str(e, 'code') ?? '', str(e, 'message') ?? ''))}</td></tr>`,
      );
    }
  }
  const total = acc.errorsTotal;
  if (total === 0 && tallies.length === 0) return `<section id="errors"><h2>${h(L.errorsHeading)}</h2><p id="no-errors">${h(L.noErrors)}</p></section>`;
  const colors = new Map(data.cams.map((c) => [c.serial, c.color]));
  const listed = acc.listedErrors.map(
    (e) =>
      `<tr><td>${e.index}</td><td class="serial">${swatch(colors.get(e.serial) ?? '#000')}${h(e.serial)}</td><td>${h(e.code)}</td><td>${h(said(e.code, e.message))}</td></tr>`,
  );
  return (
    `<section id="errors"><h2>${h(L.errorsHeading)}</h2>` +
    (tallies.length > 0
      ? `<table class="grid" id="error-tally"><thead><tr><th>${h(L.serial)}</th><th>${h(L.code)}</th><th>${h(L.count)}</th><th>${h(L.firstSample)}</th><th>${h(L.message)}</th></tr></thead><tbody>${tallies.join('')}</tbody></table>`
      : '') +
    `<div class="chart" id="chart-errors"></div>` +
    `<details><summary>${h(L.errorsCaption(Math.min(total, MAX_LISTED_ERRORS), total))}</summary>` +
    `<table class="grid" id="error-list"><thead><tr><th>${h(L.sampleIndex)}</th><th>${h(L.serial)}</th><th>${h(L.code)}</th><th>${h(L.message)}</th></tr></thead><tbody>${listed.join('')}</tbody></table></details></section>`
  );
}

export function renderPage(acc: RunAccumulator, opts: PageOptions): string {
  const L = reportLabels(opts.lang);
  const data = buildPageData(acc, L);
  const assets = uplotAssets();
  const dataJson = jsonForScript(JSON.stringify(data));
  const csp = `default-src 'none'; script-src ${sha256(assets.js)} ${sha256(CLIENT_SCRIPT)}; style-src 'unsafe-inline'; img-src data:`;
  const s = acc.summary;
  const simulated = bool(s, 'simulated') ?? bool(obj(s, 'host'), 'simulated');
  const verdict = str(s, 'verdict');
  const verdictLine = verdict === null ? null : `${L.verdict}: ${verdict}${str(s, 'verdictReason') ? ` — ${str(s, 'verdictReason') as string}` : ''}`;
  const thr = data.thresholdNs === null ? L.notAvailable : formatNsAuto(data.thresholdNs);
  return [
    `<!DOCTYPE html><html lang="${L.htmlLang}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${h(csp)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${h(L.title)}</title><style>${assets.css}\n${PAGE_CSS}</style></head><body>`,
    `<header><h1>${h(L.title)}</h1>`,
    simulated === true ? `<p class="banner" id="simulated">${h(L.simulatedBanner)}</p>` : '',
    verdictLine ? `<p class="verdict v-${h(verdict ?? 'none')}" id="verdict">${h(verdictLine)}</p>` : '',
    `</header>`,
    `<section id="run"><h2>${h(L.runHeading)}</h2>${runTable(acc, L, data.cams.length)}</section>`,
    notes(acc, L, opts),
    camerasTable(acc, data, L),
    offsetSection(data, L),
    `<section id="histogram"><h2>${h(L.histogramHeading)}</h2><p class="caption">${h(L.histogramCaption(formatNsAuto(data.hist.binNs)))}</p><div class="chart" id="chart-hist"></div></section>`,
    `<section id="window"><h2>${h(L.windowHeading)}</h2><p class="caption">${h(L.windowCaption)}</p><div class="chart" id="chart-window"></div></section>`,
    `<section id="drift"><h2>${h(L.driftHeading)}</h2><p class="caption">${h(L.driftCaption)}</p>${driftTable(acc, data, L)}<div class="chart" id="chart-drift"></div></section>`,
    ptpSection(acc, data, L),
    errorsSection(acc, data, L, opts.lang),
    `<footer>${h(L.generatedBy)} · uPlot ${h(assets.version)} · ${h(L.threshold)} ${h(thr)}</footer>`,
    `<script type="application/json" id="ptpcam-data">${dataJson}</script>`,
    `<script>${assets.js}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    `</body></html>\n`,
  ].join('');
}
