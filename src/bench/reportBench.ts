/**
 * The HTML report at 10^4 and 10^6 samples on 8 cameras: time to write, size, peak RSS (flat within 20 %) and
 * the page's load-to-drawn time in headless Chromium. Targets for 10^6 × 8: ≤ 5 MB, written in ≤ 10 s, drawn
 * in ≤ 2 s.
 *
 * Each size runs in its own process (peak RSS is per process): a synthetic run analysed by the real
 * RunAnalyzer and written by the real line writer, fed line by line to HtmlReportWriter.addLine as timestat
 * does. "write" is the time spent inside the writer (addLine + writeTo), not making the lines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { SampleAnalysis } from '../analysis/types.js';
import { HtmlReportWriter } from '../report/html/index.js';
import { syntheticRun } from '../report/html/syntheticRun.js';

const CHILD_FLAG = '--report-bench-child';
const CHROMIUM = process.env.PTPCAM_CHROMIUM ?? '/usr/bin/chromium';

type Path = 'lines' | 'analysis';

interface ChildResult {
  samples: number;
  path: Path;
  writeS: number;
  /** CPU time of the process (all threads, GC helpers included) inside the writer: on a shared machine, wall time also counts other processes' turns. */
  writeCpuS: number;
  perLineUs: number;
  bytes: number;
  maxRssMb: number;
}

async function child(samples: number, path: Path, out: string): Promise<ChildResult> {
  const writer = new HtmlReportWriter({ lang: 'en' });
  let inWriter = 0;
  let cpu = 0;
  let batch: string[] = [];
  let analyses: SampleAnalysis[] = [];
  const flush = (): void => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const l of batch) writer.addLine(l);
    for (const a of analyses) writer.addAnalysis(a);
    const dc = process.cpuUsage(c);
    cpu += (dc.user + dc.system) / 1e6;
    inWriter += performance.now() - t;
    batch = [];
    analyses = [];
  };
  syntheticRun(
    {
      samples,
      intervalNs: 1_000_000,
      seed: 3,
      cameras: Array.from({ length: 8 }, (_, i) => ({
        serial: `BENCH${String(i + 1).padStart(3, '0')}`,
        offsetNs: i * 250,
        driftPpb: i === 1 ? 500 : 0,
        failing: i === 5 ? ([Math.floor(samples / 3), Math.floor(samples / 3) + 20] as [number, number]) : undefined,
      })),
      stall: { from: Math.floor(samples / 2), to: Math.floor(samples / 2) + 50, stallNs: 3_000_000 },
    },
    (line) => {
      // Lines reach the writer flat, as they do from a file (ptpcam report reads chunks): a freshly concatenated
      // line is a rope, and flattening it (copying ~3 kB) is the line maker's cost. timestat, which holds the
      // analyses, feeds addAnalysis instead (the third row).
      line.charCodeAt(0);
      batch.push(line);
      if (batch.length >= 1000) flush();
    },
    path === 'analysis'
      ? (a) => {
          analyses.push(a);
          if (analyses.length >= 1000) flush();
        }
      : undefined,
  );
  flush();
  const t = performance.now();
  const c = process.cpuUsage();
  await writer.writeTo(out);
  const dc = process.cpuUsage(c);
  cpu += (dc.user + dc.system) / 1e6;
  inWriter += performance.now() - t;
  return {
    samples,
    path,
    writeS: inWriter / 1000,
    writeCpuS: cpu,
    perLineUs: (inWriter * 1000) / (samples + 1),
    bytes: statSync(out).size,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function runChild(samples: number, path: Path, out: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), CHILD_FLAG, String(samples), path, out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench child for ${samples} samples exited ${code}`));
      resolve(JSON.parse(text) as ChildResult);
    });
  });
}

/** Median load-to-drawn time (ms since navigation) of each page over three loads; null with the reason when no browser. */
async function drawnTimes(pages: string[]): Promise<{ ms: number[] } | { skipped: string }> {
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    return { skipped: 'playwright-core is not installed (a devDependency)' };
  }
  try {
    statSync(CHROMIUM);
  } catch {
    return { skipped: `${CHROMIUM} is not installed (apt-get install chromium)` };
  }
  const profile = mkdtempSync(join(tmpdir(), 'ptpcam-bench-chromium-'));
  const ctx = await pw.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  try {
    const ms: number[] = [];
    for (const file of pages) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const page = await ctx.newPage();
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        // Page-side expressions as strings: src/ is compiled without the DOM types.
        await page.waitForFunction("document.documentElement.getAttribute('data-drawn') !== null", undefined, { timeout: 60_000 });
        runs.push(Number(await page.evaluate('window.ptpcamDrawnAt')));
        await page.close();
      }
      runs.sort((a, b) => a - b);
      ms.push(runs[1] as number);
    }
    return { ms };
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function benchReport(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ptpcam-report-bench-'));
  try {
    const runs: [number, Path][] = [
      [10_000, 'lines'],
      [1_000_000, 'lines'],
      [1_000_000, 'analysis'],
    ];
    const results: ChildResult[] = [];
    for (const [n, path] of runs) results.push(await runChild(n, path, join(dir, `report-${n}-${path}.html`)));
    const drawn = await drawnTimes(runs.slice(0, 2).map(([n, path]) => join(dir, `report-${n}-${path}.html`)));
    const lines = [
      '== report: HTML report of a synthetic 8-camera run (real RunAnalyzer + line writer; write = time inside HtmlReportWriter)',
      '   samples  fed by                write_s  cpu_s  us/line  size_MB  peak_RSS_MB  drawn_ms (median of 3)   [cpu_s: all threads]',
    ];
    results.forEach((r, i) => {
      const d = 'ms' in drawn && drawn.ms[i] !== undefined ? drawn.ms[i].toFixed(0) : '';
      const fed = r.path === 'lines' ? 'addLine (flat lines)' : 'addAnalysis (timestat)';
      lines.push(
        `   ${`10^${Math.log10(r.samples)}`.padEnd(7)}  ${fed.padEnd(22)}${r.writeS.toFixed(2).padStart(7)}  ${r.writeCpuS.toFixed(2).padStart(5)}  ${r.perLineUs.toFixed(1).padStart(7)}  ${(r.bytes / 1e6).toFixed(2).padStart(7)}  ${r.maxRssMb.toFixed(0).padStart(11)}  ${d.padStart(8)}`,
      );
    });
    const [small, big, live] = results as [ChildResult, ChildResult, ChildResult];
    const ratio = big.maxRssMb / small.maxRssMb;
    lines.push(`   peak RSS 10^6 / 10^4 (addLine) = ${ratio.toFixed(2)} (flat: ≤ 1.20 ${ratio <= 1.2 ? 'met' : 'NOT met'})`);
    const bigDrawn = 'ms' in drawn ? (drawn.ms[1] as number) : NaN;
    const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    lines.push(
      `   10^6 × 8 targets: size ${(big.bytes / 1e6).toFixed(2)} MB ≤ 5 (${met(big.bytes <= 5e6)}); ` +
        `write ≤ 10 s: addLine ${big.writeS.toFixed(2)} s (${met(big.writeS <= 10)}), addAnalysis ${live.writeS.toFixed(2)} s (${met(live.writeS <= 10)}); ` +
        `drawn ${'ms' in drawn ? `${bigDrawn.toFixed(0)} ms ≤ 2000 (${met(bigDrawn <= 2000)})` : `not measured: ${(drawn as { skipped: string }).skipped}`}`,
    );
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG) {
  const r = await child(Number(process.argv[3]), process.argv[4] === 'analysis' ? 'analysis' : 'lines', process.argv[5] as string);
  process.stdout.write(JSON.stringify(r));
}
