/** check's start-up steps give way to a signal at once; what an abandoned step still hands back is passed on. */
import t from 'tap';

import { StartupInterrupted, stopIfInterrupted, untilInterrupted } from '../../src/startup.js';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

t.test('a step that finishes first gives its result; its failure is its own', async (t) => {
  const stop = new AbortController();
  t.equal(await untilInterrupted(stop.signal, 'discovery', () => Promise.resolve(3)), 3);
  await t.rejects(untilInterrupted(stop.signal, 'opening', () => Promise.reject(new Error('SDK says no'))), /SDK says no/);
});

t.test('a signal rejects at once, naming the step; a late result goes to onLate, a late failure nowhere', async (t) => {
  const stop = new AbortController();
  const open = deferred<string[]>();
  const late: string[][] = [];
  const pending = untilInterrupted(stop.signal, 'opening', () => open.promise, (cams) => late.push(cams));
  stop.abort();
  const e = await pending.catch((x: unknown) => x);
  t.ok(e instanceof StartupInterrupted);
  t.equal((e as StartupInterrupted).phase, 'opening');
  t.same(late, [], 'nothing yet: the open is still under way');
  open.resolve(['CAM1', 'CAM2']);
  await open.promise;
  await new Promise((r) => setImmediate(r));
  t.same(late, [['CAM1', 'CAM2']], 'the cameras opened after all are handed over, to be closed');

  const failing = deferred<number>();
  const again = untilInterrupted(new AbortController().signal, 'workers', () => failing.promise);
  const stop2 = new AbortController();
  const abandoned = untilInterrupted(stop2.signal, 'workers', () => failing.promise, () => t.fail('no result to hand over'));
  stop2.abort();
  await t.rejects(abandoned, StartupInterrupted);
  failing.reject(new Error('thread died'));
  await t.rejects(again, /thread died/, 'a step nobody abandoned still reports its failure');
});

t.test('a step not started when the signal came is never started', async (t) => {
  const stop = new AbortController();
  stop.abort();
  t.throws(() => stopIfInterrupted(stop.signal, 'workers'), StartupInterrupted);
  let started = false;
  const open = (): Promise<number> => ((started = true), Promise.resolve(1));
  await t.rejects(untilInterrupted(stop.signal, 'opening', open), StartupInterrupted);
  t.notOk(started, 'no camera is opened after the signal');
});
