// Deterministic teardown, as classic-level proves it: a child stops at each lifecycle stage and must exit
// cleanly; a worker thread's cameras and threads are gone once it is terminated.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import t from 'tap';

const child = fileURLToPath(new URL('./fixtures/lifecycle-child.mjs', import.meta.url));

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

for (const stage of ['loaded', 'opened', 'running-exit']) {
  t.test(`process exits cleanly at stage '${stage}'`, async (t) => {
    const r = await runStage(stage);
    t.equal(r.signal, null, 'no crash signal');
    t.equal(r.code, 0, r.stderr);
  });
}

t.test('a listener that throws ends the process with the JS error, not a native crash', async (t) => {
  const r = await runStage('running-throw');
  t.equal(r.signal, null);
  t.equal(r.code, 1);
  t.match(r.stderr, /listener failed/);
});

t.test('close() waits for the threads; nothing is left open', async (t) => {
  const r = await runStage('closed');
  t.equal(r.code, 0, r.stderr);
  t.same(JSON.parse(r.stdout), { openCameras: 0, nativeThreads: 0 });
});

t.test('terminating a worker stops its latch threads and closes its cameras', async (t) => {
  const r = await runStage('worker-terminate');
  t.equal(r.code, 0, r.stderr);
  const { during, after } = JSON.parse(r.stdout) as Record<string, { openCameras: number; nativeThreads: number }>;
  t.equal(during!.openCameras, 3);
  t.equal(during!.nativeThreads, 4, 'three camera threads and a coordinator');
  t.same(after, { openCameras: 0, nativeThreads: 0 });
});

t.test('terminating a worker blocked inside a camera call does not abort the process', async (t) => {
  const r = await runStage('worker-blocked');
  t.equal(r.signal, null, 'no abort');
  t.equal(r.code, 0, r.stderr);
  t.same(JSON.parse(r.stdout), { openCameras: 0, nativeThreads: 0 }, "the worker's camera was closed");
});

t.test('a camera stuck in an SDK call: the run ends at once, its thread is joined when the call returns', async (t) => {
  const r = await runStage('stuck-close');
  t.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as {
    busyCameras: number[];
    endedMs: number;
    joinedMs: number;
    busy: { serial: string; busyMs: number; closing: boolean }[];
    during: { nativeThreads: number };
    after: { openCameras: number; nativeThreads: number };
    busyAfter: unknown[];
  };
  t.same(o.busyCameras, [1], 'the done event names the stuck camera');
  // The call has 1.5 s to run and the engine gave up on it after 200 ms: a run that waited for it would end
  // about a second later than one that did not.
  t.ok(o.endedMs < 1000, `done ${o.endedMs.toFixed(0)} ms after stop(), before the stuck call returned`);
  t.match(o.busy, [{ serial: 'SIM00002', closing: false }], 'busyCameras() lists it while its call runs');
  t.equal(o.busy.length, 1, 'and nothing else');
  t.ok(o.during.nativeThreads >= 1, 'its thread is still alive then (not detached)');
  t.ok(o.joinedMs > 100, `close() resolved only once the call had returned and the thread was joined (${o.joinedMs.toFixed(0)} ms)`);
  t.same(o.after, { openCameras: 0, nativeThreads: 0 }, 'nothing left');
  t.same(o.busyAfter, []);
});

t.test('exitNow() ends the process at once, with a camera still stuck', async (t) => {
  const r = await runStage('stuck-exit');
  t.equal(r.signal, null, 'no crash signal');
  t.equal(r.code, 7, r.stderr);
  const o = JSON.parse(r.stdout) as { busyCameras: number[]; busy: unknown[] };
  t.same(o.busyCameras, [1]);
  t.equal(o.busy.length, 1, 'it was still inside its call when the process ended');
});

t.test('a process that simply ends while a camera is stuck: the cleanup hook joins it, no crash', async (t) => {
  const r = await runStage('stuck-exit-natural');
  t.equal(r.signal, null, 'no crash signal');
  t.equal(r.code, 0, r.stderr);
});
