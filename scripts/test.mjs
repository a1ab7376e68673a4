#!/usr/bin/env node
// `npm test`: every tap suite under test/, then one closing line "N passed, N failed, N skipped" that CI reads.
// The native addon and dist/ must be built first (`npm run build`).
import { spawn } from 'node:child_process';

const args = [
  'tap',
  '--reporter=tap',
  ...process.argv.slice(2),
];
const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
let pass = 0;
let fail = 0;
let skip = 0;
let buffered = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  buffered += chunk.toString();
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) {
    // Leaf assertions only: a subtest's own ok line repeats what its children said.
    const m = /^(\s*)(not ok|ok) \d+/.exec(line);
    if (!m) continue;
    const next = line.includes('# SKIP') ? 'skip' : m[2] === 'ok' ? 'pass' : 'fail';
    leafCandidates.push({ indent: m[1].length, kind: next });
  }
});
const leafCandidates = [];
child.on('close', (code) => {
  // A result line is a leaf unless the line before it (in file order) was deeper: then it closes a subtest.
  for (let i = 0; i < leafCandidates.length; i++) {
    const prev = leafCandidates[i - 1];
    const cur = leafCandidates[i];
    if (prev && prev.indent > cur.indent) continue;
    if (cur.kind === 'pass') pass++;
    else if (cur.kind === 'fail') fail++;
    else skip++;
  }
  if (code !== 0 && fail === 0) fail = 1;
  console.log(`${pass} passed, ${fail} failed, ${skip} skipped`);
  process.exit(code ?? 1);
});
