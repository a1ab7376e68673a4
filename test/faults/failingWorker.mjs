// Piscina task file for the fault suite: the real ptpCamera task (compiled, dist/), except that the enable task of
// one camera handle throws, and of another ends the worker thread (process.exit in a worker ends only that
// thread). Which handles: PTPCAM_FAULT_WORKER = {"throwOn": h, "exitOn": h}, read when the thread starts.
import task from '../../dist/workers/ptpCamera.js';

const plan = JSON.parse(process.env.PTPCAM_FAULT_WORKER ?? '{}');

export default function faultyTask(t) {
  if (t.kind === 'enable' && t.handle === plan.throwOn) throw new Error(`injected failure enabling camera handle ${t.handle}`);
  if (t.kind === 'enable' && t.handle === plan.exitOn) process.exit(7);
  return task(t);
}
