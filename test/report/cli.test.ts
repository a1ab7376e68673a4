/**
 * `ptpcam report` as a lab engineer runs it: on the JSON lines of a real simulated timestat run, on a run killed
 * with SIGKILL, on a file cut mid-line, and on input that is not ptpcam's (one line on stderr, exit 1).
 */
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import t from 'tap';

import { runCli, tempDir } from '../support/cli.js';
import { pageData } from './support/runs.js';

t.test('a simulated timestat run, reported in English and in Japanese', async (t) => {
  const dir = tempDir(t);
  const jsonl = join(dir, 'run.jsonl');
  const run = await runCli(['timestat', '--sim', '3', '--samples', '300', '--output', jsonl]);
  t.equal(run.code, 0, run.stderr);
  const r = await runCli(['report', jsonl], { env: { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, `report written to ${join(dir, 'run.html')}\n`);
  const html = readFileSync(join(dir, 'run.html'), 'utf8');
  t.match(html, /^<!DOCTYPE html><html lang="en">/);
  const d = pageData(html);
  t.same(d.cams.map((c) => c.serial), ['SIM00001', 'SIM00002', 'SIM00003']);
  t.equal(d.t.length, 300);

  const ja = await runCli(['report', jsonl, '-o', join(dir, 'ja.html')], { env: { LANG: 'ja_JP.UTF-8', LC_ALL: '', LC_MESSAGES: '' } });
  t.equal(ja.code, 0, ja.stderr);
  t.match(readFileSync(join(dir, 'ja.html'), 'utf8'), /<html lang="ja">.*リグに対するオフセットの推移/s);
  const en = await runCli(['report', jsonl, '-o', join(dir, 'en.html'), '--lang', 'en'], { env: { LANG: 'ja_JP.UTF-8' } });
  t.equal(en.code, 0, en.stderr);
  t.match(readFileSync(join(dir, 'en.html'), 'utf8'), /<html lang="en">/, '--lang wins over the locale');
});

t.test('a run killed with SIGKILL, and the same file cut mid-line: a report of the complete lines', async (t) => {
  const dir = tempDir(t);
  const jsonl = join(dir, 'killed.jsonl');
  const started = runCli(['timestat', '--sim', '4', '--samples', '100000000', '--interval-ms', '1', '--output', jsonl], {
    onSpawn: (pid) => {
      void waitForFile(jsonl, 200_000).then(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone: the assertions below say how it ended.
        }
      });
    },
  });
  const killed = await started;
  t.equal(killed.signal, 'SIGKILL');
  const size = statSync(jsonl).size;
  t.ok(size >= 200_000, `${size} bytes written before the kill`);
  const r = await runCli(['report', jsonl, '-o', join(dir, 'killed.html')]);
  t.equal(r.code, 0, r.stderr);
  const html = readFileSync(join(dir, 'killed.html'), 'utf8');
  t.match(html, /id="note-no-summary"/, 'says the run did not finish');
  const endsClean = readFileSync(jsonl).at(-1) === 0x0a;
  t.equal(/id="note-truncated"/.test(html), !endsClean, 'a cut line is noted exactly when there is one');

  // Cut it mid-line by hand, as a kill during a write would.
  const text = readFileSync(jsonl, 'utf8');
  const lastNl = text.lastIndexOf('\n', text.length - 2);
  const cutAt = lastNl + 1 + Math.floor((text.length - lastNl) / 2);
  truncateSync(jsonl, Buffer.byteLength(text.slice(0, cutAt)));
  const complete = text.slice(0, lastNl + 1).split('\n').filter((l) => l !== '').length;
  const c = await runCli(['report', jsonl, '-o', join(dir, 'cut.html')]);
  t.equal(c.code, 0, c.stderr);
  t.match(c.stdout, /the input ends mid-line/);
  const cut = readFileSync(join(dir, 'cut.html'), 'utf8');
  t.match(cut, new RegExp(`shows the ${complete} complete lines`));
  t.equal(pageData(cut).cams.length, 4);
});

t.test('input that is not ptpcam JSON lines, or of an unknown schema: one line on stderr, exit 1', async (t) => {
  const dir = tempDir(t);
  const cases: [string, string, RegExp][] = [
    ['csv.jsonl', 'serial,value\nS1,1\n', /^ptpcam: line 1 is not JSON \("serial,value"\): expected ptpcam timestat JSON lines/],
    ['other.jsonl', '{"level":30,"msg":"hello"}\n', /^ptpcam: line 1 is not a ptpcam JSON line/],
    ['v2.jsonl', '{"schema":2,"type":"sample","index":0,"cameras":[]}\n', /^ptpcam: line 1: unknown JSON lines schema version 2 \(this ptpcam reads version 1\)/],
    ['empty.jsonl', '', /^ptpcam: no ptpcam JSON lines in the input/],
  ];
  for (const [name, content, pattern] of cases) {
    writeFileSync(join(dir, name), content);
    const r = await runCli(['report', join(dir, name)]);
    t.equal(r.code, 1, name);
    t.match(r.stderr, pattern, name);
    t.equal(r.stderr.split('\n').filter((l) => l !== '').length, 1, `${name}: one line`);
    t.equal(r.stdout, '', `${name}: nothing on stdout`);
    t.notOk(existsSync(join(dir, name.replace('.jsonl', '.html'))), `${name}: no report written`);
  }
  const missing = await runCli(['report', join(dir, 'nope.jsonl')]);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /^ptpcam: cannot read .*nope\.jsonl/);
  const usage = await runCli(['report']);
  t.equal(usage.code, 1);
  t.match(usage.stderr, /^ptpcam: /);
});

async function waitForFile(path: string, bytes: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (existsSync(path) && statSync(path).size >= bytes) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
