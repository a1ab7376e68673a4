// LatchEngine::Start failing half way (a native thread that cannot be created): the threads already started,
// the thread-safe function and the JS object's reference are released, and the error reaches JS as an Error.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import t from 'tap';

const child = fileURLToPath(new URL('./fixtures/latch-start-failure-child.mjs', import.meta.url));

function run(failAt: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--expose-gc', child, String(failAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Far beyond the child's own work (well under a second): only a leaked event-loop reference gets here.
    const timer = setTimeout(() => {
      killed = true;
      p.kill('SIGKILL');
    }, 30_000);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

for (const [failAt, what] of [[0, 'the first camera thread'], [2, 'the third camera thread'], [3, 'the coordinator']] as const) {
  t.test(`${what} fails to start`, async (t) => {
    const r = await run(failAt);
    t.equal(r.killed, false, 'the process ends by itself (thread-safe function released)');
    t.equal(r.signal, null, 'no crash (no joinable std::thread destroyed)');
    t.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      error: { code: string; message: string } | null;
      events: number;
      afterFailure: { nativeThreads: number };
      samples: number;
      end: { openCameras: number; nativeThreads: number };
    };
    t.equal(out.error?.code, 'ERR_SDK', 'the constructor throws a coded error');
    t.match(out.error?.message ?? '', /cannot start the latch threads: thread \d \(test hook\)/);
    t.equal(out.afterFailure.nativeThreads, 0, 'threads already started were joined before the throw');
    t.equal(out.events, 0, 'the listener was never called');
    t.equal(out.samples, 20, 'a later engine runs normally');
    t.same(out.end, { openCameras: 0, nativeThreads: 0 });
  });
}
