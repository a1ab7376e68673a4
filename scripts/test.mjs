#!/usr/bin/env node
// `npm test`: every tap suite under test/, then the fault suite (scripts/faults.mjs, which prints its table),
// then one closing line "N passed, N failed, N skipped" over both, which CI reads.
// The native addon and dist/ must be built first (`npm run build`).
import { spawn } from 'node:child_process';

/** Runs a command that prints TAP, echoing it, and counts leaf assertions (a subtest's own line is not one). */
function runCounting(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    const results = [];
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^(\s*)(not ok|ok) \d+/.exec(line);
        if (!m) continue;
        const kind = /# (SKIP|TODO)/.test(line) ? 'skip' : m[2] === 'ok' ? 'pass' : 'fail';
        results.push({ indent: m[1].length, kind });
      }
    });
    child.on('close', (code) => {
      const counts = { pass: 0, fail: 0, skip: 0, code: code ?? 1 };
      results.forEach((cur, i) => {
        const prev = results[i - 1];
        if (prev && prev.indent > cur.indent) return;
        counts[cur.kind]++;
      });
      if (counts.code !== 0 && counts.fail === 0) counts.fail = 1;
      resolve(counts);
    });
  });
}

const extra = process.argv.slice(2);
const suites = await runCounting('npx', ['tap', '--reporter=tap', '--exclude=test/faults/**', ...extra]);
const faults = extra.length > 0 ? { pass: 0, fail: 0, skip: 0, code: 0 } : await runCounting('node', ['scripts/faults.mjs']);
const total = {
  pass: suites.pass + faults.pass,
  fail: suites.fail + faults.fail,
  skip: suites.skip + faults.skip,
};
console.log(`${total.pass} passed, ${total.fail} failed, ${total.skip} skipped`);
process.exit(suites.code !== 0 || faults.code !== 0 ? 1 : 0);
