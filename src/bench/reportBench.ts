/**
 * The HTML report at 10^4 and 10^6 samples on 8 cameras: time to write, size, peak RSS (flat within 20 %) and
 * the page's load-to-drawn time in headless Chromium. Targets for 10^6 × 8: ≤ 5 MB, written in ≤ 10 s, drawn
 * in ≤ 2 s.
 *
 * Each size runs in its own process (peak RSS is per process): a synthetic run analysed by the real
 * RunAnalyzer and written by the real line writer, fed line by line to HtmlReportWriter.addLine. "write" is
 * the time spent inside the writer (addLine + writeTo), not making the lines. The same lines also go to a
 * JSON lines file through JsonlFile (what `timestat --output` writes with), and `ptpcam report` reads that
 * file as a lab engineer runs it: those rows time the whole command, disk read included. The 10^6 file is
 * about 2.6 GB; it is made once and deleted at the end (PTPCAM_BENCH_DIR chooses where; default the temp dir).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { SampleAnalysis } from '../analysis/types.js';
import { runReport } from '../cli/report.js';
import { HtmlReportWriter } from '../report/html/index.js';
import { syntheticRun } from '../report/html/syntheticRun.js';
import { JsonlFile } from '../report/output.js';

const CHILD_FLAG = '--report-bench-child';
const CHROMIUM = process.env.PTPCAM_CHROMIUM ?? '/usr/bin/chromium';

/** lines/analysis: fed to HtmlReportWriter from memory; file: `ptpcam report` on the JSON lines file. */
type Path = 'lines' | 'analysis' | 'file';

/** A sample line of the bench's 8-camera run is about 2.6 kB: the 10^6 file needs this much free space. */
const BYTES_PER_LINE = 2700;

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

/** `ptpcam report RUN.jsonl -o out.html` in this process (the command's own function, after option parsing). */
async function fileChild(samples: number, jsonl: string, out: string): Promise<ChildResult> {
  const t = performance.now();
  const c = process.cpuUsage();
  await runReport({ input: jsonl, output: out, lang: 'en' });
  const dc = process.cpuUsage(c);
  const ms = performance.now() - t;
  return {
    samples,
    path: 'file',
    writeS: ms / 1000,
    writeCpuS: (dc.user + dc.system) / 1e6,
    perLineUs: (ms * 1000) / (samples + 1),
    bytes: statSync(out).size,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** With `jsonl`, the lines are also written to that file as timestat --output writes them. */
async function child(samples: number, path: Path, out: string, jsonl: string | undefined): Promise<ChildResult> {
  if (path === 'file') return fileChild(samples, jsonl as string, out);
  const file = jsonl === undefined ? undefined : new JsonlFile(jsonl);
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
    file?.write(batch);
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
  file?.close();
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

function runChild(samples: number, path: Path, out: string, jsonl?: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = [fileURLToPath(import.meta.url), CHILD_FLAG, String(samples), path, out, ...(jsonl === undefined ? [] : [jsonl])];
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench child for ${samples} samples (${path}) exited ${code}`));
      // The result is the last line: `ptpcam report` prints its own line before it.
      resolve(JSON.parse(text.trim().split('\n').at(-1) as string) as ChildResult);
    });
  });
}

/** Why the 10^6 file cannot be made in `dir`, or null when there is room (with 1 GB to spare). */
function noRoomFor(dir: string, samples: number): string | null {
  const s = statfsSync(dir);
  const free = s.bavail * s.bsize;
  const need = samples * BYTES_PER_LINE + 1e9;
  return free >= need ? null : `${(free / 1e9).toFixed(1)} GB free in ${dir}, ${(need / 1e9).toFixed(1)} GB needed (set PTPCAM_BENCH_DIR)`;
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

const FED: Record<Path, string> = { lines: 'addLine (flat lines)', analysis: 'addAnalysis (timestat)', file: 'ptpcam report (file)' };

export async function benchReport(): Promise<string[]> {
  const dir = mkdtempSync(join(process.env.PTPCAM_BENCH_DIR ?? tmpdir(), 'ptpcam-report-bench-'));
  try {
    const noRoom = noRoomFor(dir, 1_000_000);
    const jsonl = (n: number): string | undefined => (noRoom === null ? join(dir, `run-${n}.jsonl`) : undefined);
    const html = (n: number, path: Path): string => join(dir, `report-${n}-${path}.html`);
    const results: ChildResult[] = [];
    results.push(await runChild(10_000, 'lines', html(10_000, 'lines'), jsonl(10_000)));
    results.push(await runChild(1_000_000, 'lines', html(1_000_000, 'lines'), jsonl(1_000_000)));
    results.push(await runChild(1_000_000, 'analysis', html(1_000_000, 'analysis')));
    let fileBytes = 0;
    if (noRoom === null) {
      fileBytes = statSync(jsonl(1_000_000) as string).size;
      results.push(await runChild(10_000, 'file', html(10_000, 'file'), jsonl(10_000)));
      results.push(await runChild(1_000_000, 'file', html(1_000_000, 'file'), jsonl(1_000_000)));
      // Gigabytes: gone before the browser starts, whatever happens next.
      rmSync(jsonl(1_000_000) as string, { force: true });
    }
    const drawnRows = results.map((r, i) => (r.path === 'analysis' ? -1 : i)).filter((i) => i >= 0);
    const drawn = await drawnTimes(drawnRows.map((i) => html((results[i] as ChildResult).samples, (results[i] as ChildResult).path)));
    const drawnOf = (i: number): number | undefined => ('ms' in drawn ? drawn.ms[drawnRows.indexOf(i)] : undefined);
    const lines = [
      '== report: HTML report of a synthetic 8-camera run (real RunAnalyzer + line writer; write = time inside HtmlReportWriter,',
      '   for `ptpcam report` the whole command on the JSON lines file: read, parse, write)',
      '   samples  fed by                  write_s  cpu_s  us/line  size_MB  peak_RSS_MB  drawn_ms (median of 3)   [cpu_s: all threads]',
    ];
    results.forEach((r, i) => {
      const d = drawnOf(i)?.toFixed(0) ?? '';
      lines.push(
        `   ${`10^${Math.log10(r.samples)}`.padEnd(7)}  ${FED[r.path].padEnd(22)}${r.writeS.toFixed(2).padStart(7)}  ${r.writeCpuS.toFixed(2).padStart(5)}  ${r.perLineUs.toFixed(1).padStart(7)}  ${(r.bytes / 1e6).toFixed(2).padStart(7)}  ${r.maxRssMb.toFixed(0).padStart(11)}  ${d.padStart(8)}`,
      );
    });
    if (noRoom === null) lines.push(`   the 10^6 file: ${(fileBytes / 1e9).toFixed(2)} GB in ${dir} (just written, so likely in the page cache), deleted after the run`);
    else lines.push(`   ptpcam report on a 10^6 file: not measured: ${noRoom}`);
    const [small, big, live, smallFile, bigFile] = results as [ChildResult, ChildResult, ChildResult, ChildResult?, ChildResult?];
    const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    const ratio = big.maxRssMb / small.maxRssMb;
    let rss = `   peak RSS 10^6 / 10^4: addLine ${ratio.toFixed(2)} (flat: ≤ 1.20 ${met(ratio <= 1.2)})`;
    if (smallFile && bigFile) {
      const fr = bigFile.maxRssMb / smallFile.maxRssMb;
      rss += `, ptpcam report ${fr.toFixed(2)} (${met(fr <= 1.2)})`;
    }
    lines.push(rss);
    const bigDrawn = drawnOf(1) ?? NaN;
    const fileDrawn = bigFile ? (drawnOf(4) ?? NaN) : NaN;
    lines.push(
      `   10^6 × 8 targets: size ${(big.bytes / 1e6).toFixed(2)} MB ≤ 5 (${met(big.bytes <= 5e6)}); ` +
        `write ≤ 10 s: addLine ${big.writeS.toFixed(2)} s (${met(big.writeS <= 10)}), addAnalysis ${live.writeS.toFixed(2)} s (${met(live.writeS <= 10)})` +
        `${bigFile ? `, ptpcam report ${bigFile.writeS.toFixed(2)} s (${met(bigFile.writeS <= 10)})` : ''}; ` +
        `drawn ${'ms' in drawn ? `${bigDrawn.toFixed(0)} ms ≤ 2000 (${met(bigDrawn <= 2000)})${bigFile ? `, from the file ${fileDrawn.toFixed(0)} ms (${met(fileDrawn <= 2000)})` : ''}` : `not measured: ${(drawn as { skipped: string }).skipped}`}`,
    );
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG) {
  const p = process.argv[4];
  const r = await child(Number(process.argv[3]), p === 'analysis' || p === 'file' ? p : 'lines', process.argv[5] as string, process.argv[6]);
  process.stdout.write(`\n${JSON.stringify(r)}\n`);
}
