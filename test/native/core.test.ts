// The C++ core's own tests (test/native/core/run.sh: Aravis driver in-process and against arv-fake-gv-camera in a
// network namespace, IC4 driver against the stand-in, LatchEngine with fake cameras), built with g++ and run
// without Node. Each C++ assertion becomes one tap assertion here, so `npm test` lists them; with CI set, a
// skipped C++ test is a failure.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const RUN = fileURLToPath(new URL('./core/run.sh', import.meta.url));

interface Program {
  name: string;
  lines: string[];
}

function runCore(): Promise<{ code: number | null; programs: Program[]; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [RUN], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const programs: Program[] = [];
      for (const line of output.split('\n')) {
        const header = /^# (\S+.*)$/.exec(line);
        if (header && !/^# (building|\d+ passed|all driver tests|driver tests FAILED)/.test(line)) {
          programs.push({ name: header[1]!, lines: [] });
        } else if (/^(not )?ok\b/.test(line)) {
          programs.at(-1)?.lines.push(line);
        }
      }
      resolve({ code, programs, output });
    });
  });
}

t.test('C++ core tests (run.sh)', { timeout: 300_000 }, async (t) => {
  const { code, programs, output } = await runCore();
  for (const p of programs) {
    t.test(p.name, async (t) => {
      t.ok(p.lines.length > 0, 'the program printed results');
      for (const line of p.lines) {
        const m = /^(not )?ok(?: \d+)?(?: - )?(.*)$/.exec(line)!;
        const [desc, directive] = m[2]!.split(' # ');
        const skipped = directive !== undefined && /^SKIP/i.test(directive);
        if (skipped && process.env.CI === undefined) {
          t.pass(desc ?? '', { skip: directive });
        } else {
          t.ok(m[1] === undefined && !skipped, `${desc ?? ''}${skipped ? ` (skipped, but CI is set: ${directive})` : ''}`);
        }
      }
    });
  }
  t.ok(programs.length >= 4, 'every C++ test program ran', { found: programs.map((p) => p.name) });
  t.equal(code, 0, 'run.sh exits 0', { output: code === 0 ? '' : output.slice(-4000) });
});
