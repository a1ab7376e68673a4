// Deterministic teardown of the action engine: a child leaves at each stage of a run (exit mid-run, a throwing
// listener, close(), a terminated worker) and must exit cleanly with every native thread joined.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import t from 'tap';

const child = fileURLToPath(new URL('./fixtures/action-lifecycle-child.mjs', import.meta.url));

function runStage(stage: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, stage], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

t.test('process.exit() mid-run', async (t) => {
  const r = await runStage('running-exit');
  t.equal(r.signal, null, 'no crash signal');
  t.equal(r.code, 0, r.stderr);
});

t.test('a throwing listener ends the process with the JS error', async (t) => {
  const r = await runStage('running-throw');
  t.equal(r.signal, null);
  t.equal(r.code, 1);
  t.match(r.stderr, /listener failed/);
});

t.test('close() joins every thread; nothing is left open', async (t) => {
  const r = await runStage('closed');
  t.equal(r.code, 0, r.stderr);
  t.same(JSON.parse(r.stdout), { openCameras: 0, nativeThreads: 0, actionThreads: 0 });
});

t.test('terminating a worker mid-run joins its action threads and closes its cameras', async (t) => {
  const r = await runStage('worker-terminate');
  t.equal(r.code, 0, r.stderr);
  const { during, after } = JSON.parse(r.stdout) as Record<string, { openCameras: number; actionThreads: number }>;
  t.equal(during!.openCameras, 3, "the worker's three cameras");
  t.equal(during!.actionThreads, 4, 'a coordinator and three frame collectors');
  t.equal(after!.actionThreads, 0, 'every action thread joined');
  t.equal(after!.openCameras, 0, "the worker's cameras closed");
});
